// The web UI end to end, in headless Chromium against `khobao serve`: search
// through the form, open an article, its history, a diff; the same on a
// phone-sized screen; then the hostile page and its snapshot, where no script
// may run and nothing may be fetched. Screenshots of each step are kept in
// build/artefacts/serve/ (the build folder of the test binary). Skipped, with
// a warning, where there is no Chromium.
#include "browser/chromium.hpp"
#include "serve/serve_process.hpp"
#include "serve/serve_support.hpp"
#include "support.hpp"
#include "testsite/http_server.hpp"

#include <catch2/catch.hpp>

#include <atomic>

using namespace khobao;
using khobao::test::Chromium;
using khobao::test::TempDir;

namespace {

std::filesystem::path artefacts() {
  std::filesystem::path dir = std::filesystem::path(KHOBAO_BINARY).parent_path() / "artefacts" / "serve";
  std::filesystem::create_directories(dir);
  return dir;
}

bool has_line(const std::vector<std::string>& lines, const std::string& part) {
  for (const auto& l : lines)
    if (l.find(part) != std::string::npos) return true;
  return false;
}

// What our own pages must never log: a blocked style or script means the
// page relies on something its CSP forbids; an exception means a script ran.
void check_clean_console(Chromium& browser) {
  for (const auto& line : browser.console()) {
    INFO(line);
    CHECK(line.find("Content Security Policy") == std::string::npos);
    CHECK(line.find("exception:") == std::string::npos);
  }
  browser.clear_console();
}

}  // namespace

TEST_CASE("serve in Chromium: search, article, history, diff, and hostile pages that stay inert", "[serve][chromium]") {
  std::optional<std::string> binary = test::find_chromium();
  if (!binary) {
    WARN("no Chromium (install Debian's chromium, or set KHOBAO_CHROMIUM): the browser test is skipped");
    return;
  }
  // Anything the hostile page's scripts or images ask for lands here.
  std::atomic<int> beacon_hits{0};
  testsite::HttpServer beacon([&](const testsite::HttpRequest&, testsite::HttpConnection& conn) {
    ++beacon_hits;
    conn.send("HTTP/1.1 204 No Content\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
    return false;
  });
  std::string beacon_url = "http://127.0.0.1:" + std::to_string(beacon.start(0)) + "/beacon";
  TempDir dir;
  std::string archive = (dir / "a.sqlite").string();
  test::ServeArchive ids = test::build_serve_archive(archive, beacon_url);
  test::ServeProcess server(archive, dir.path());
  std::string base = server.base_url();
  std::filesystem::path shots = artefacts();
  Chromium browser(*binary);

  // The home page, then a search typed into its form (without diacritics).
  Chromium::Loaded home = browser.navigate(base + "/");
  CHECK(home.status == 200);
  browser.screenshot(shots / "1-home.png");
  browser.evaluate("document.querySelector('form.search input[name=q]').value = 'thach ha'");
  Chromium::Loaded search = browser.click_and_wait("form.search button[type=submit]");
  CHECK(search.status == 200);
  CHECK(search.url.starts_with(base + "/search?q=thach+ha&"));  // the form's fields, as the URL that holds them
  CHECK(browser.evaluate("document.querySelectorAll('ol.hits li').length").get<int>() >= 1);
  CHECK(browser.evaluate("document.querySelector('ol.hits mark').textContent") == "Thạch");
  browser.screenshot(shots / "2-search.png");
  check_clean_console(browser);

  // The article, from the first result.
  std::string article_path = "/article/" + std::to_string(ids.edited);
  Chromium::Loaded article = browser.click_and_wait("ol.hits li a[href='" + article_path + "']");
  CHECK(article.url == base + article_path);
  CHECK(browser.evaluate("document.querySelector('article h1').textContent") ==
        "Thạch Hà triển khai kế hoạch phòng chống thiên tai");
  CHECK(browser.evaluate("document.querySelector('article').lang") == "vi");
  CHECK(browser.evaluate("document.querySelectorAll('article .body p').length").get<int>() == 2);
  // The page's stylesheet applied: the body text is in a serif face.
  CHECK(browser.evaluate("getComputedStyle(document.querySelector('.body')).fontFamily")
            .get<std::string>()
            .find("Noto Serif") != std::string::npos);
  browser.screenshot(shots / "3-article.png");
  check_clean_console(browser);

  // Its history, then the diff of the two versions the form preselects.
  Chromium::Loaded history = browser.click_and_wait("a[href='" + article_path + "/history']");
  CHECK(history.status == 200);
  CHECK(browser.evaluate("document.querySelectorAll('table.versions tbody tr').length").get<int>() == 2);
  browser.screenshot(shots / "4-history.png");
  Chromium::Loaded diff = browser.click_and_wait("form.compare button[type=submit]");
  CHECK(diff.url == base + article_path + "/diff?from=1&to=2");
  CHECK(browser.evaluate("document.querySelector('.diff ins').textContent") == "điều và kè biển.");
  CHECK(browser.evaluate("document.querySelector('.diff del').textContent") == "điều.");
  browser.screenshot(shots / "5-diff.png");
  check_clean_console(browser);

  // A phone: the article fits the screen's width, nothing scrolls sideways.
  browser.set_viewport(390, 844, true);
  browser.navigate(base + article_path);
  CHECK(browser.evaluate("document.documentElement.scrollWidth <= window.innerWidth") == true);
  browser.screenshot(shots / "6-article-phone.png");
  browser.navigate(base + "/search?q=ban+tin");
  CHECK(browser.evaluate("document.documentElement.scrollWidth <= window.innerWidth") == true);
  browser.screenshot(shots / "7-search-phone.png");
  browser.set_viewport(1280, 900, false);
  check_clean_console(browser);

  // The hostile article: its markup is text, no element of it exists.
  std::string hostile_path = "/article/" + std::to_string(ids.hostile);
  browser.navigate(base + hostile_path);
  CHECK(browser.evaluate("document.querySelectorAll('script, img, iframe, object, embed').length") == 0);
  CHECK(browser.evaluate("document.querySelectorAll('a[href^=javascript], a[href^=data]').length") == 0);
  CHECK(browser.evaluate("document.querySelector('article h1').textContent.includes('<script>alert(1)</script>')") ==
        true);
  browser.screenshot(shots / "8-hostile-article.png");
  check_clean_console(browser);

  // Its snapshot: served sandboxed; the page's scripts and handlers do not
  // run, and its image and fetch never leave the browser.
  browser.clear_requests();
  Chromium::Loaded snapshot = browser.navigate(base + hostile_path + "/snapshot");
  CHECK(snapshot.status == 200);
  CHECK(snapshot.headers["content-security-policy"].starts_with("sandbox;"));
  std::string dom = browser.outer_html();
  INFO(dom);
  CHECK(dom.find("<title>Tin nóng</title>") != std::string::npos);  // document.title = ... did not run
  CHECK(dom.find("data-ran=\"") == std::string::npos);  // nor the onload, onerror or inline script
  CHECK(dom.find("Archived copy, not the live page.") != std::string::npos);
  browser.screenshot(shots / "9-hostile-snapshot.png");
  CHECK(has_line(browser.console(), "Blocked script execution"));
  for (const auto& url : browser.requests())
    if (url.find("/beacon") != std::string::npos) CHECK(has_line(browser.blocked_requests(), url));
  CHECK(beacon_hits == 0);
  beacon.stop();
}
