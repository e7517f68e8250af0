// The web UI on a real socket (cpp-httplib): status codes and headers as a
// browser sees them, what the HTTP layer refuses itself, and reading while
// a writer stores new versions into the same archive.
#include "serve/serve.hpp"

#include "serve/serve_support.hpp"
#include "support.hpp"

#include <catch2/catch.hpp>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <atomic>
#include <thread>

using namespace khobao;
using khobao::test::TempDir;

namespace {

// A WebServer on 127.0.0.1, any port, serving on a thread of its own.
struct Running {
  serve::WebUi ui;
  serve::WebServer server;
  int port;
  std::thread thread;

  explicit Running(const std::string& archive)
      : ui(serve::ServeConfig{archive, {}}), server(ui, 4), port(server.bind("127.0.0.1", 0)),
        thread([this] { server.run(); }) {}
  ~Running() {
    server.stop();
    thread.join();
  }
  httplib::Client client() {
    httplib::Client c("127.0.0.1", port);
    c.set_url_encode(false);  // the tests send their bytes as they are
    c.set_read_timeout(30);
    return c;
  }
};

}  // namespace

TEST_CASE("serve over HTTP: pages, HEAD, 405, headers", "[serve][http]") {
  TempDir dir;
  std::string path = (dir / "a.sqlite").string();
  test::ServeArchive ids = test::build_serve_archive(path);
  Running web(path);
  httplib::Client c = web.client();

  auto home = c.Get("/");
  REQUIRE(home);
  CHECK(home->status == 200);
  CHECK(home->get_header_value("Content-Type") == "text/html; charset=utf-8");
  CHECK(home->get_header_value("Content-Security-Policy").find("default-src 'none'") != std::string::npos);
  CHECK(home->body.find("Newest articles") != std::string::npos);

  auto head = c.Head("/search?q=thach%20ha");
  REQUIRE(head);
  CHECK(head->status == 200);
  CHECK(head->body.empty());

  auto css = c.Get("/static/style.css");
  REQUIRE(css);
  CHECK(css->status == 200);
  CHECK(css->get_header_value("Content-Type") == "text/css; charset=utf-8");
  CHECK(css->body.find("Noto Sans") != std::string::npos);

  std::vector<httplib::Result> refused;
  refused.push_back(c.Post("/", "x=1", "application/x-www-form-urlencoded"));
  refused.push_back(c.Put("/search", "", "text/plain"));
  refused.push_back(c.Delete("/article/1"));
  refused.push_back(c.Patch("/sites", "", "text/plain"));
  refused.push_back(c.Options("/"));
  for (auto& result : refused) {
    REQUIRE(result);
    CHECK(result->status == 405);
    CHECK(result->get_header_value("Allow") == "GET, HEAD");
  }

  auto snapshot = c.Get("/article/" + std::to_string(ids.hostile) + "/snapshot");
  REQUIRE(snapshot);
  CHECK(snapshot->status == 200);
  CHECK(snapshot->get_header_value("Content-Security-Policy").starts_with("sandbox;"));

  auto api = c.Get("/api/search?q=Th%E1%BA%A1ch%20H%C3%A0");
  REQUIRE(api);
  CHECK(api->status == 200);
  CHECK(nlohmann::json::parse(api->body)[0]["page_id"] == ids.edited);
}

TEST_CASE("serve over HTTP: bad requests are 400 pages, never 500", "[serve][http]") {
  TempDir dir;
  std::string path = (dir / "a.sqlite").string();
  test::build_serve_archive(path);
  Running web(path);
  httplib::Client c = web.client();
  std::string long_query(10 * 1024, 'a');
  std::string long_vietnamese;
  for (int i = 0; i < 1200; ++i) long_vietnamese += "%C4%91";  // đ: 7.2 KB in the URL, 2.4 KB decoded
  for (const std::string& target : std::vector<std::string>{
           "/search?page=-1", "/search?q=" + long_query, "/search?q=" + long_vietnamese,
        "/search?q=%FF%FEabc", "/search?q=%C3", "/search?author=%E1%BB", "/search?q=%00", "/search?since=yesterday",
        "/article/1?version=-1", "/api/search?q=" + long_query}) {
    auto r = c.Get(target.c_str());
    INFO(target.substr(0, 60));
    REQUIRE(r);
    CHECK(r->status == 400);
    CHECK_FALSE(r->body.empty());
  }
  // Past httplib's 8 KB limit on the request line: our 400 page too.
  auto huge = c.Get(("/search?q=" + std::string(9000, 'b')).c_str());
  REQUIRE(huge);
  CHECK(huge->status == 400);
  CHECK(huge->body.find("too long") != std::string::npos);
}

TEST_CASE("serve over HTTP: readers see whole versions while a writer stores new ones", "[serve][http]") {
  TempDir dir;
  std::string path = (dir / "a.sqlite").string();
  test::ServeArchive ids = test::build_serve_archive(path);
  Running web(path);
  std::atomic<bool> stop{false};
  std::atomic<int> written{0};
  std::thread writer([&] {
    store::Archive archive(path, store::Access::kWrite);
    for (int i = 0; !stop && i < 400; ++i) {
      khobao::Article a = test::article(fmt::format("Bài viết mới số {}", i), fmt::format("Thân bài mới số {}.", i));
      a.url = fmt::format("http://baohatinh.vn/bai-moi-{}.html", i);
      a.published_at = "2026-11-01T00:00:00Z";
      archive.store_fetch(test::fetch(*a.url, "2026-11-01T00:00:00Z", fmt::format("<p>{}</p>", i)), a);
      ++written;
    }
  });
  int reads = 0, failures = 0;
  std::string last_failure;
  std::vector<std::thread> readers;
  std::mutex mutex;
  for (int r = 0; r < 3; ++r)
    readers.emplace_back([&, r] {
      httplib::Client c = web.client();
      for (int i = 0; i < 40; ++i) {
        std::string target = r == 0   ? "/"
                             : r == 1 ? "/search?q=bai%20moi&sort=newest"
                                      : "/article/" + std::to_string(ids.edited) + "/diff?from=1&to=2";
        auto res = c.Get(target.c_str());
        std::lock_guard lock(mutex);
        ++reads;
        if (!res || res->status != 200) {
          ++failures;
          last_failure = target + ": " + (res ? std::to_string(res->status) + " " + res->body : "no response");
        }
      }
    });
  for (auto& t : readers) t.join();
  stop = true;
  writer.join();
  INFO(last_failure);
  CHECK(failures == 0);
  CHECK(reads == 120);
  CHECK(written > 0);
}
