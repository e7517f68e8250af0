// The browser driver's own test: a loopback site with a scripted page, a
// link, a redirect, a page whose CSP forbids everything, a bare 404 and a
// page that never answers, driven through each call the end-to-end tests
// rely on.
#include "browser/chromium.hpp"

#include "support.hpp"
#include "testsite/http_server.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <mutex>
#include <string>
#include <vector>

namespace {

using khobao::test::Chromium;
using khobao::testsite::HttpConnection;
using khobao::testsite::HttpRequest;
using khobao::testsite::HttpServer;
using nlohmann::json;
using Catch::Matchers::Contains;

std::string http_response(int status, const std::string& reason, const std::string& body,
                          const std::string& extra_headers = "") {
  return "HTTP/1.1 " + std::to_string(status) + " " + reason +
         "\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: " + std::to_string(body.size()) + "\r\n" +
         extra_headers + "\r\n" + body;
}

// The pages, and every target asked for (server threads write, the test reads).
class Site {
 public:
  bool answer(const HttpRequest& req, HttpConnection& conn) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      targets_.push_back(req.target);
    }
    if (req.target == "/")
      return conn.send(http_response(200, "OK",
                                     "<!doctype html><html><head><title>start</title></head><body>"
                                     "<a id=\"next\" href=\"/second\">next</a>"
                                     "<script>console.log(\"hello\"); document.title = \"scripted\";</script>"
                                     "<script>throw new Error(\"inline boom\");</script>"
                                     "</body></html>",
                                     "X-Khobao-Test: first\r\n"));
    if (req.target == "/second")
      return conn.send(http_response(200, "OK",
                                     "<!doctype html><html><head><title>second</title>"
                                     "<meta name=\"viewport\" content=\"width=device-width\"></head>"
                                     "<body><p>second page</p><a id=\"broken\" href=\"http://127.0.0.1:1/\">broken</a>"
                                     "</body></html>"));
    if (req.target == "/old")
      return conn.send("HTTP/1.1 301 Moved Permanently\r\nLocation: /second\r\nContent-Length: 0\r\n\r\n");
    if (req.target == "/csp")
      return conn.send(http_response(200, "OK",
                                     "<!doctype html><html><head><title>csp</title></head><body>"
                                     "<script>document.title='RAN'</script><img src=\"/beacon\">"
                                     "</body></html>",
                                     "Content-Security-Policy: sandbox; default-src 'none'\r\n"));
    if (req.target == "/stall") {
      conn.wait(std::chrono::seconds(30));  // returns early when the server stops
      return false;
    }
    return conn.send(http_response(404, "Not Found", ""));  // an empty body: Chromium shows its own page
  }

  bool saw(const std::string& target) {
    std::lock_guard<std::mutex> lock(mu_);
    return std::find(targets_.begin(), targets_.end(), target) != targets_.end();
  }

 private:
  std::mutex mu_;
  std::vector<std::string> targets_;
};

bool has(const std::vector<std::string>& lines, const std::string& line) {
  return std::find(lines.begin(), lines.end(), line) != lines.end();
}

bool any_contains(const std::vector<std::string>& lines, const std::string& part) {
  return std::any_of(lines.begin(), lines.end(),
                     [&](const std::string& l) { return l.find(part) != std::string::npos; });
}

uint32_t big_endian32(const std::string& bytes, size_t at) {
  uint32_t v = 0;
  for (size_t i = 0; i < 4; ++i) v = (v << 8) | static_cast<unsigned char>(bytes[at + i]);
  return v;
}

}  // namespace

TEST_CASE("Chromium loads, evaluates, clicks and sees what CSP blocked", "[chromium]") {
  const auto binary = khobao::test::find_chromium();
  if (!binary) {
    WARN("no Chromium (install chromium, or set KHOBAO_CHROMIUM): the browser test is skipped");
    return;
  }
  Site site;
  // Declared before the browser, so it outlives it: the stalled request's
  // handler is released by the server's stop, after the browser has gone.
  HttpServer server([&](const HttpRequest& req, HttpConnection& conn) { return site.answer(req, conn); });
  const std::string base = "http://127.0.0.1:" + std::to_string(server.start(0));
  khobao::test::TempDir tmp;
  Chromium browser(*binary);

  // A page, its response and its script.
  Chromium::Loaded first = browser.navigate(base + "/");
  CHECK(first.status == 200);
  CHECK(first.url == base + "/");
  CHECK(first.headers["x-khobao-test"] == "first");
  CHECK(first.headers["content-type"] == "text/html; charset=utf-8");
  CHECK(browser.evaluate("document.title") == "scripted");
  CHECK(browser.evaluate("6 * 7") == 42);
  CHECK(browser.evaluate("new Promise(r => setTimeout(() => r({a: [1, 'two']}), 10))") ==
        json{{"a", json::array({1, "two"})}});
  CHECK(browser.evaluate("undefined").is_null());
  CHECK(browser.evaluate("innerWidth") == 1280);
  CHECK_THROWS_WITH(browser.evaluate("throw new Error('boom')"), Contains("boom"));
  CHECK(has(browser.console(), "console.log: hello"));
  CHECK(any_contains(browser.console(), "exception: Uncaught Error: inline boom"));

  // A link followed.
  Chromium::Loaded second = browser.click_and_wait("#next");
  CHECK(second.status == 200);
  CHECK(second.url == base + "/second");
  CHECK(browser.evaluate("document.querySelector('p').textContent") == "second page");
  CHECK(has(browser.requests(), base + "/"));
  CHECK(has(browser.requests(), base + "/second"));
  CHECK_THROWS_WITH(browser.click_and_wait("#absent"), Contains("nothing matches #absent"));
  // Port 1 is one Chromium refuses to connect to: no response, an error page.
  CHECK_THROWS_WITH(browser.click_and_wait("#broken"), Contains("net::ERR_UNSAFE_PORT"));

  // A redirect: the final response, and both hops among the requests.
  Chromium::Loaded moved = browser.navigate(base + "/old");
  CHECK(moved.status == 200);
  CHECK(moved.url == base + "/second");
  CHECK(has(browser.requests(), base + "/old"));

  // A page whose CSP forbids scripts and loads: nothing ran, nothing was
  // fetched, and the browser said why.
  browser.clear_console();
  browser.clear_requests();
  Chromium::Loaded csp = browser.navigate(base + "/csp");
  CHECK(csp.status == 200);
  CHECK(csp.headers["content-security-policy"] == "sandbox; default-src 'none'");
  const std::string html = browser.outer_html();
  CHECK_THAT(html, Contains("<title>csp</title>"));
  CHECK_THAT(html, Contains("document.title='RAN'"));  // the script is there; it did not run
  CHECK_FALSE(site.saw("/beacon"));
  CHECK(has(browser.requests(), base + "/beacon"));  // asked for, and refused before it left
  CHECK(has(browser.blocked_requests(), base + "/beacon"));
  INFO("console:\n" << [&] {
    std::string all;
    for (const std::string& l : browser.console()) all += l + "\n";
    return all;
  }());
  CHECK(any_contains(browser.console(), "Blocked script execution"));
  CHECK(any_contains(browser.console(), "log.error (security):"));

  // An HTTP error is an answer; no answer at all is an exception.
  CHECK(browser.navigate(base + "/missing").status == 404);
  CHECK_THROWS_WITH(browser.navigate("http://127.0.0.1:1/"), Contains("net::ERR_"));

  // A phone-sized viewport, and a screenshot of it.
  browser.set_viewport(390, 844, true);
  CHECK(browser.navigate(base + "/second").status == 200);
  CHECK(browser.evaluate("innerWidth") == 390);  // the page asks for device-width; without, a phone lays out 980 px
  CHECK(browser.evaluate("matchMedia('(pointer: coarse)').matches") == true);
  // Only the fragment changes: the same document, no load event to wait for.
  Chromium::Loaded same = browser.navigate(base + "/second#top");
  CHECK(same.status == 200);
  CHECK(same.url == base + "/second");
  browser.screenshot(tmp / "second.png");
  const std::string png = khobao::test::read_file(tmp / "second.png");
  REQUIRE(png.size() > 24);
  CHECK(png.substr(0, 8) == std::string("\x89PNG\r\n\x1a\n", 8));
  CHECK(big_endian32(png, 16) == 390);  // IHDR width
  CHECK(big_endian32(png, 20) >= 844);  // IHDR height: the whole page, at least the viewport

  // A page that never answers times out with a message, and the browser
  // is still usable afterwards.
  browser.set_timeout(std::chrono::milliseconds(1500));
  CHECK_THROWS_WITH(browser.navigate(base + "/stall"), Contains("timed out after 1500 ms"));
  browser.set_timeout(std::chrono::seconds(20));
  CHECK(browser.navigate(base + "/").status == 200);
}

TEST_CASE("A Chromium that cannot start says why", "[chromium]") {
  CHECK_THROWS_WITH(Chromium("/nonexistent/chromium"), Contains("cannot start /nonexistent/chromium"));
  // Starts, but is no browser: it exits at once and closes the pipe.
  CHECK_THROWS_WITH(Chromium("/bin/false"), Contains("closed its pipe") && Contains("exited with status 1"));
}
