// The web UI's handlers, called as the HTTP layer calls them: every page,
// its JSON twin, bad parameters, methods, and hostile archive text.
#include "serve/serve.hpp"

#include "serve/serve_support.hpp"
#include "support.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <regex>

using namespace khobao;
using khobao::test::TempDir;

namespace {

struct Ui {
  TempDir dir;
  test::ServeArchive ids;
  std::unique_ptr<serve::WebUi> ui;

  Ui() {
    std::string path = (dir / "a.sqlite").string();
    ids = test::build_serve_archive(path);
    ui = std::make_unique<serve::WebUi>(serve::ServeConfig{path, {}});
  }

  serve::Response get(const std::string& path, std::multimap<std::string, std::string> params = {},
                      const std::string& method = "GET") {
    serve::Request r;
    r.method = method;
    r.path = path;
    r.params = std::move(params);
    return ui->handle(r);
  }
};

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

// What must never be in a page made of archive text: an element or an
// attribute that the text brought, or a control character.
void check_inert(const std::string& html) {
  INFO(html);
  CHECK_FALSE(contains(html, "<script"));
  CHECK_FALSE(contains(html, "<img"));
  CHECK_FALSE(contains(html, "<b>"));
  CHECK_FALSE(std::regex_search(html, std::regex("href=\"\\s*(javascript|data):", std::regex::icase)));
  CHECK_FALSE(std::regex_search(html, std::regex("<[^>]*\\son\\w+=", std::regex::icase)));  // a real tag: text has &lt;
  for (unsigned char c : html) {
    bool control = (c < 0x20 && c != '\n' && c != '\t') || c == 0x7F;
    CHECK_FALSE(control);
    if (control) break;
  }
  CHECK_FALSE(contains(html, "\xc2\x9b"));
}

}  // namespace

TEST_CASE("serve: the home page has the search form and the newest articles", "[serve]") {
  Ui t;
  serve::Response r = t.get("/");
  REQUIRE(r.status == 200);
  CHECK(r.content_type == "text/html; charset=utf-8");
  CHECK(contains(r.body, "<html lang=\"en\">"));
  CHECK(contains(r.body, "<meta charset=\"utf-8\">"));
  CHECK(contains(r.body, "<form class=\"search\" action=\"/search\" method=\"get\""));
  // Newest first by publication date: the hostile page (10-07), then the edit (10-05).
  size_t hostile = r.body.find("/article/" + std::to_string(t.ids.hostile) + "\"");
  size_t edited = r.body.find("/article/" + std::to_string(t.ids.edited) + "\"");
  REQUIRE(hostile != std::string::npos);
  REQUIRE(edited != std::string::npos);
  CHECK(hostile < edited);
  CHECK(contains(r.body, "<h2 lang=\"vi\">"));
  // 29 articles: 20 shown, a link to more.
  CHECK(contains(r.body, "href=\"/search?page=2\""));
  CHECK(r.header("Content-Security-Policy").find("default-src 'none'") != std::string::npos);
  CHECK(r.header("X-Content-Type-Options") == "nosniff");
}

TEST_CASE("serve: search with and without diacritics, highlighted, filtered, sorted, paged", "[serve]") {
  Ui t;
  for (const std::string& q : {std::string("thach ha"), std::string("Thạch Hà")}) {
    serve::Response r = t.get("/search", {{"q", q}});
    REQUIRE(r.status == 200);
    CHECK(contains(r.body, "/article/" + std::to_string(t.ids.edited) + "\""));
    CHECK(contains(r.body, "<mark>Thạch</mark> <mark>Hà</mark>"));
    CHECK(contains(r.body, "value=\"" + q + "\""));  // the form keeps the query
  }
  // Authors are links to their other articles.
  serve::Response edited = t.get("/search", {{"q", "thach ha"}});
  CHECK(contains(edited.body, "href=\"/search?author=Thu%20H%C3%A0\""));
  serve::Response by_author = t.get("/search", {{"author", "Minh Châu"}});
  CHECK(contains(by_author.body, "/article/" + std::to_string(t.ids.nghean) + "\""));
  CHECK_FALSE(contains(by_author.body, "/article/" + std::to_string(t.ids.edited) + "\""));
  // Site filter and dates.
  serve::Response nghean = t.get("/search", {{"site", "baonghean.vn"}});
  CHECK(contains(nghean.body, "Nghệ An đón du khách"));
  CHECK_FALSE(contains(nghean.body, "Bản tin nông nghiệp"));
  CHECK(contains(nghean.body, "<option value=\"baonghean.vn\" selected>"));
  serve::Response august = t.get("/search", {{"q", "ban tin"}, {"since", "2026-08-10"}, {"until", "2026-08-12"}});
  CHECK(contains(august.body, "Bản tin nông nghiệp số 10<"));
  CHECK(contains(august.body, "Bản tin nông nghiệp số 12<"));
  CHECK_FALSE(contains(august.body, "Bản tin nông nghiệp số 13<"));
  CHECK_FALSE(contains(august.body, "Bản tin nông nghiệp số 9<"));
  // Newest first, 20 a page; the next page's URL holds the whole query.
  serve::Response page1 = t.get("/search", {{"q", "ban tin"}, {"sort", "newest"}, {"site", "baohatinh.vn"}});
  CHECK(page1.body.find("số 25<") < page1.body.find("số 24<"));
  CHECK_FALSE(contains(page1.body, "số 5<"));
  std::string next = "/search?q=ban%20tin&amp;site=baohatinh.vn&amp;sort=newest&amp;page=2";
  REQUIRE(contains(page1.body, next));
  serve::Response page2 = t.get("/search", {{"q", "ban tin"}, {"sort", "newest"}, {"site", "baohatinh.vn"}, {"page", "2"}});
  CHECK(contains(page2.body, "số 5<"));
  CHECK(contains(page2.body, "<ol class=\"hits\" start=\"21\">"));
  CHECK(contains(page2.body, "rel=\"prev\""));
  CHECK_FALSE(contains(page2.body, "rel=\"next\""));
  serve::Response none = t.get("/search", {{"q", "khongcogi"}});
  CHECK(none.status == 200);
  CHECK(contains(none.body, ": none"));
}

TEST_CASE("serve: an article with its authors, captions, tags, related links and version", "[serve]") {
  Ui t;
  std::string id = std::to_string(t.ids.edited);
  serve::Response r = t.get("/article/" + id);
  REQUIRE(r.status == 200);
  CHECK(contains(r.body, "<article lang=\"vi\">"));
  CHECK(contains(r.body, "<h1>Thạch Hà triển khai kế hoạch phòng chống thiên tai</h1>"));
  CHECK(contains(r.body, "<p class=\"lead\">(Baohatinh.vn) - Huyện Thạch Hà"));
  CHECK(contains(r.body, "<p>Đoạn một nói về đê điều và kè biển.</p>"));
  CHECK(contains(r.body, "<a class=\"author\" href=\"/search?author=Nguy%E1%BB%85n%20V%C4%83n%20An\">Nguyễn Văn An</a>"));
  CHECK(contains(r.body, "<time datetime=\"2026-10-05T07:30:00+07:00\">2026-10-05 07:30</time>"));
  CHECK(contains(r.body, "href=\"http://baohatinh.vn/images/xung-kich.jpg\""));
  CHECK(contains(r.body, ">Thạch Hà</a>"));  // a tag
  // Related: the archived copy where there is one, else the original; never javascript:.
  CHECK(contains(r.body, "<a href=\"/article/" + std::to_string(t.ids.related) + "\">Hà Tĩnh mở rộng"));
  CHECK(contains(r.body, "<a href=\"http://baohatinh.vn/chua-luu-post9.html\">Một bài chưa lưu</a>"));
  CHECK(contains(r.body, "Liên kết javascript"));
  CHECK_FALSE(contains(r.body, "javascript:"));
  CHECK(contains(r.body, "2 of 2"));
  CHECK(contains(r.body, "href=\"/article/" + id + "/history\""));
  CHECK(contains(r.body, "href=\"/article/" + id + "/snapshot?version=2\""));
  CHECK_FALSE(contains(r.body, "class=\"notice\""));

  serve::Response v1 = t.get("/article/" + id, {{"version", "1"}});
  REQUIRE(v1.status == 200);
  CHECK(contains(v1.body, "<p>Đoạn một nói về đê điều.</p>"));
  CHECK(contains(v1.body, "This is version 1 of 2"));
}

TEST_CASE("serve: history lists the versions and fetches, and diff marks words", "[serve]") {
  Ui t;
  std::string id = std::to_string(t.ids.edited);
  serve::Response h = t.get("/article/" + id + "/history");
  REQUIRE(h.status == 200);
  CHECK(contains(h.body, "2 versions"));
  CHECK(contains(h.body, "href=\"/article/" + id + "?version=1\""));
  CHECK(contains(h.body, "<form class=\"compare\" action=\"/article/" + id + "/diff\" method=\"get\">"));
  CHECK(contains(h.body, "name=\"from\" value=\"1\" aria-label=\"compare from version 1\" checked"));
  CHECK(contains(h.body, "new-version"));

  serve::Response d = t.get("/article/" + id + "/diff", {{"from", "1"}, {"to", "2"}});
  REQUIRE(d.status == 200);
  CHECK(contains(d.body, "<h2>body</h2>"));
  CHECK(contains(d.body, "<del>điều.</del><ins>điều và kè biển.</ins>"));
  CHECK_FALSE(contains(d.body, "<h2>title</h2>"));
  // The default is the latest against the one before; the same version twice: no change.
  CHECK(t.get("/article/" + id + "/diff").body == d.body);
  serve::Response same = t.get("/article/" + id + "/diff", {{"from", "2"}, {"to", "2"}});
  CHECK(same.status == 200);
  CHECK(contains(same.body, "No change in the article"));
}

TEST_CASE("serve: the page as fetched, sandboxed, with a banner", "[serve]") {
  Ui t;
  std::string id = std::to_string(t.ids.hostile);
  serve::Response r = t.get("/article/" + id + "/snapshot");
  REQUIRE(r.status == 200);
  std::string csp = r.header("Content-Security-Policy");
  CHECK(csp.starts_with("sandbox;"));
  CHECK(contains(csp, "default-src 'none'"));
  CHECK_FALSE(contains(csp, "allow-scripts"));
  CHECK(r.content_type == "text/html; charset=utf-8");
  // The banner right after <body ...>, in ASCII, the URL's markup escaped.
  size_t body = r.body.find("<body");
  size_t banner = r.body.find("Archived copy, not the live page.");
  REQUIRE(banner != std::string::npos);
  CHECK(body < banner);
  CHECK(contains(r.body, "tin-nong-%1B%5B31m-&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;.html"));
  CHECK(r.body.starts_with("<!DOCTYPE html>"));
  CHECK(contains(r.body, "document.title = 'SCRIPT RAN'"));  // the page as it was, scripts and all

  CHECK(t.get("/article/" + std::to_string(t.ids.edited) + "/snapshot", {{"version", "1"}}).body.find("<p>v1</p>") !=
        std::string::npos);
}

TEST_CASE("serve: the sites page and the JSON API", "[serve]") {
  Ui t;
  serve::Response sites = t.get("/sites");
  REQUIRE(sites.status == 200);
  CHECK(contains(sites.body, "<a href=\"/search?site=baonghean.vn\">baonghean.vn</a>"));
  CHECK(contains(sites.body, "<td>29</td>"));  // baohatinh.vn: 28 articles and a listing
  CHECK(contains(sites.body, "<th>Extraction failures</th>"));

  serve::Response api = t.get("/api/sites");
  REQUIRE(api.status == 200);
  CHECK(api.content_type == "application/json; charset=utf-8");
  nlohmann::json j = nlohmann::json::parse(api.body);
  REQUIRE(j.is_array());
  REQUIRE(j.size() == 2);
  CHECK(j[0]["site"] == "baohatinh.vn");
  CHECK(j[0]["articles"] == 28);
  CHECK(j[0]["pages"] == 29);
  CHECK(j[0]["extraction_failures"] == 0);

  nlohmann::json hits = nlohmann::json::parse(t.get("/api/search", {{"q", "thach ha"}}).body);
  REQUIRE(hits.is_array());
  REQUIRE_FALSE(hits.empty());
  CHECK(hits[0]["page_id"] == t.ids.edited);
  CHECK(hits[0]["snippet_parts"].is_array());
  serve::Response paged = t.get("/api/search", {{"q", "ban tin"}});
  CHECK(paged.header("Link") == "</api/search?q=ban%20tin&page=2>; rel=\"next\"");

  nlohmann::json article = nlohmann::json::parse(t.get("/api/article/" + std::to_string(t.ids.edited)).body);
  CHECK(article["title"] == "Thạch Hà triển khai kế hoạch phòng chống thiên tai");
  CHECK(article["version"] == 2);
  CHECK(article["versions"] == 2);
  nlohmann::json history =
      nlohmann::json::parse(t.get("/api/article/" + std::to_string(t.ids.edited) + "/history").body);
  CHECK(history["versions"].size() == 2);
  nlohmann::json diff = nlohmann::json::parse(
      t.get("/api/article/" + std::to_string(t.ids.edited) + "/diff", {{"from", "1"}}).body);
  CHECK(diff["from"] == 1);
  CHECK(diff["to"] == 2);
  CHECK(diff["changes"].contains("body"));
}

TEST_CASE("serve: bad parameters are a 400 page, missing things a 404, never a 500", "[serve]") {
  Ui t;
  std::string id = std::to_string(t.ids.edited);
  std::string invalid_utf8 = "th\xff\xfe" "ach";
  std::vector<std::pair<std::string, std::multimap<std::string, std::string>>> bad = {
      {"/search", {{"q", "ha"}, {"page", "-1"}}},
      {"/search", {{"page", "0"}}},
      {"/search", {{"page", "abc"}}},
      {"/search", {{"page", "99999999999999999999"}}},
      {"/search", {{"q", std::string(10 * 1024, 'a')}}},
      {"/search", {{"q", invalid_utf8}}},
      {"/search", {{"author", invalid_utf8}}},
      {"/search", {{"q", "ha\x1b[31m"}}},
      {"/search", {{"q", "\"unbalanced"}}},
      {"/search", {{"q", "ha"}, {"sort", "random"}}},
      {"/search", {{"since", "last week"}}},
      {"/search", {{"until", "2024-13-99x"}}},
      {"/article/" + id, {{"version", "0"}}},
      {"/article/" + id, {{"version", "-1"}}},
      {"/article/" + id, {{"version", "1.5"}}},
      {"/article/" + id + "/diff", {{"from", "x"}}},
      {"/article/" + id + "/snapshot", {{"version", "-3"}}},
      {"/api/search", {{"page", "-1"}}},
      {"/api/article/" + id, {{"version", "zero"}}},
  };
  for (const auto& [path, params] : bad) {
    serve::Response r = t.get(path, params);
    INFO(path << " " << params.begin()->first << "=" << params.begin()->second.substr(0, 40));
    CHECK(r.status == 400);
    if (path.starts_with("/api/")) CHECK(nlohmann::json::parse(r.body)["status"] == 400);
    else CHECK(contains(r.body, "400 · Bad Request"));
    check_inert(r.body);
  }
  std::vector<std::pair<std::string, std::multimap<std::string, std::string>>> missing = {
      {"/article/999999", {}},
      {"/article/abc", {}},
      {"/article/0", {}},
      {"/article/" + id, {{"version", "3"}}},
      {"/article/" + std::to_string(t.ids.listing), {}},
      {"/article/" + id + "/diff", {{"from", "1"}, {"to", "7"}}},
      {"/article/" + id + "/nothing", {}},
      {"/api/article/" + id + "/snapshot", {}},
      {"/nothing", {}},
      {"/static/other.css", {}},
  };
  for (const auto& [path, params] : missing) {
    INFO(path);
    CHECK(t.get(path, params).status == 404);
  }
}

TEST_CASE("serve: only GET and HEAD, everything else is 405", "[serve]") {
  Ui t;
  CHECK(t.get("/", {}, "HEAD").status == 200);
  for (const char* method : {"POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "CONNECT"}) {
    INFO(method);
    serve::Response r = t.get("/search", {{"q", "ha"}}, method);
    CHECK(r.status == 405);
    CHECK(r.header("Allow") == "GET, HEAD");
  }
  CHECK(t.get("/api/sites", {}, "POST").status == 405);
}

TEST_CASE("serve: hostile archive text is inert text on every page", "[serve][hostile]") {
  Ui t;
  std::string id = std::to_string(t.ids.hostile);
  std::vector<std::pair<std::string, std::multimap<std::string, std::string>>> pages = {
      {"/", {}},
      {"/search", {{"q", "tin nong"}}},
      {"/search", {{"q", "alert"}}},
      {"/search", {{"author", "Nguyễn Văn An" + test::kServeEscapes + test::kXss}}},
      {"/article/" + id, {}},
      {"/article/" + id + "/history", {}},
      {"/article/" + id + "/diff", {{"from", "1"}, {"to", "1"}}},
      {"/sites", {}},
      {"/search", {{"q", "\"><script>alert(1)</script>"}}},
  };
  for (const auto& [path, params] : pages) {
    serve::Response r = t.get(path, params);
    INFO(path);
    CHECK(r.status < 500);
    check_inert(r.body);
  }
  // The words are there, as text.
  serve::Response article = t.get("/article/" + id);
  CHECK(contains(article.body, "Tin nóng &lt;script&gt;alert(1)&lt;/script&gt;&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"));
  CHECK(contains(article.body, "Mở đầu &lt;b&gt;đậm&lt;/b&gt;"));
  CHECK(contains(article.body, "\xef\xbf\xbd]0;pwned"));  // the escape's ESC shown as U+FFFD
  CHECK(contains(article.body, "<span class=\"url\">javascript:alert(7)</span>"));
  // The API keeps the record as stored (JSON escapes the controls).
  nlohmann::json j = nlohmann::json::parse(t.get("/api/article/" + id).body);
  CHECK(j["title"].get<std::string>().find("<script>alert(1)</script>") != std::string::npos);
}

TEST_CASE("serve: an archive that is missing or not an archive is a 503 page, not a crash", "[serve]") {
  TempDir dir;
  serve::WebUi missing(serve::ServeConfig{(dir / "none.sqlite").string(), {}});
  serve::Request r;
  r.path = "/";
  serve::Response m = missing.handle(r);
  CHECK(m.status == 503);
  CHECK(contains(m.body, "no archive at"));
  std::ofstream(dir / "foreign.sqlite") << "not a database at all, just some text that is long enough";
  serve::WebUi foreign(serve::ServeConfig{(dir / "foreign.sqlite").string(), {}});
  r.path = "/api/search";
  serve::Response f = foreign.handle(r);
  CHECK(f.status == 503);
  CHECK(contains(nlohmann::json::parse(f.body)["error"].get<std::string>(), "not an SQLite database"));
}

TEST_CASE("serve: --listen addresses", "[serve]") {
  CHECK(serve::parse_listen_address("127.0.0.1:8080") == std::pair<std::string, int>{"127.0.0.1", 8080});
  CHECK(serve::parse_listen_address("[::1]:0") == std::pair<std::string, int>{"::1", 0});
  CHECK(serve::parse_listen_address("localhost:65535").second == 65535);
  for (const char* bad : {"8080", ":8080", "127.0.0.1:", "127.0.0.1:70000", "127.0.0.1:-1", "127.0.0.1:80x"})
    CHECK_THROWS_AS(serve::parse_listen_address(bad), std::invalid_argument);
}
