// End-to-end crawls of the test site: discovery, extraction into the
// archive, politeness, robots.txt, conditional GET, and every hostile answer
// of the test server met by the behaviour the crawler promises.
#include "crawl_support.hpp"

#include "net/robots.hpp"
#include "store/history.hpp"
#include "store/testing.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <set>

using namespace khobao;
using testsite::Fault;
using testsite::FaultKind;

namespace {

struct Crawled {
  test::TempDir dir;
  std::unique_ptr<store::Archive> archive;
  crawl::CrawlResult result;
};

std::unique_ptr<Crawled> crawl_into_new_archive(const crawl::CrawlOptions& options) {
  auto c = std::make_unique<Crawled>();
  c->archive = std::make_unique<store::Archive>((c->dir / "khobao.sqlite").string(), store::Access::kWrite);
  crawl::Crawler crawler(*c->archive, test::selector_files(), options);
  c->result = crawler.run();
  return c;
}

std::optional<std::string> latest(store::Connection& db, const std::string& url, const char* column) {
  store::Statement s = db.prepare(std::string("SELECT version.") + column +
                                  " FROM page JOIN version ON version.id = page.latest_version_id WHERE page.url = ?1");
  s.bind(1, url);
  if (!s.step()) return std::nullopt;
  return s.optional_text(0);
}

std::string fetch_error(store::Connection& db, const std::string& url) {
  store::Statement s = db.prepare(
      "SELECT coalesce(fetch.error, '') FROM fetch JOIN page ON page.id = fetch.page_id WHERE page.url = ?1 "
      "ORDER BY fetch.id DESC LIMIT 1");
  s.bind(1, url);
  return s.step() ? s.text(0) : "<no fetch>";
}

}  // namespace

TEST_CASE("a crawl of the demo site archives every article as its truth says", "[crawl][e2e]") {
  auto server = test::start_site(8);
  std::vector<std::string> hosts = server->hosts();
  auto c = crawl_into_new_archive(test::crawl_options(*server, hosts));
  auto& db = store::testing::connection(*c->archive);
  CHECK(c->result.finished);
  CHECK(c->result.stats.errors == 0);

  for (const std::string& host : hosts) {
    INFO(host);
    for (const testsite::ArticleTruth& a : server->articles(host)) {
      INFO(a.url);
      std::optional<std::string> title = latest(db, a.url, "title");
      REQUIRE(title);
      CHECK(*title == a.title);
      CHECK(latest(db, a.url, "body") == std::optional<std::string>(a.body()));
    }
  }
  // Listings are archived as listings: raw page kept, no article version.
  CHECK(test::count(db, "SELECT count(*) FROM page WHERE kind = 'listing'") > 0);
  CHECK(test::count(db, "SELECT count(*) FROM version JOIN page ON page.id = version.page_id "
                        "WHERE page.kind <> 'article'") == 0);
  // One article, one page: nothing archived twice under another spelling.
  std::int64_t articles = 0;
  for (const std::string& host : hosts) articles += static_cast<std::int64_t>(server->articles(host).size());
  CHECK(test::count(db, "SELECT count(*) FROM page WHERE kind = 'article'") == articles);
  CHECK(test::count(db, "SELECT count(*) FROM page WHERE url LIKE '%www.%' OR url LIKE '%#%'") == 0);

  // robots.txt was asked for first on every host and obeyed; the User-Agent names khobao and its contact.
  std::set<std::string> robots_first;
  for (const auto& r : server->requests()) {
    CHECK_FALSE(r.target.starts_with("/admin/"));
    CHECK_FALSE(r.target.starts_with("/tim-kiem"));
    CHECK(r.user_agent.find("khobao/") != std::string::npos);
    CHECK(r.user_agent.find("https://example.org/khobao-tests") != std::string::npos);
  }
  for (const std::string& host : hosts) {
    auto log = server->requests();
    auto first = std::find_if(log.begin(), log.end(), [&](const auto& r) { return r.host == host; });
    REQUIRE(first != log.end());
    CHECK(first->target == "/robots.txt");
  }
}

TEST_CASE("a second crawl asks with ETag and Last-Modified and stores no new version", "[crawl][e2e]") {
  auto server = test::start_site(6, {"baohatinh.vn"});
  auto options = test::crawl_options(*server, {"baohatinh.vn"});
  test::TempDir dir;
  store::Archive archive((dir / "khobao.sqlite").string(), store::Access::kWrite);
  crawl::CrawlResult first = crawl::Crawler(archive, test::selector_files(), options).run();
  REQUIRE(first.finished);
  std::int64_t versions = test::count(store::testing::connection(archive), "SELECT count(*) FROM version");
  server->clear_log();
  crawl::CrawlResult second = crawl::Crawler(archive, test::selector_files(), options).run();
  CHECK_FALSE(second.resumed);
  CHECK(second.stats.not_modified == static_cast<std::int64_t>(server->articles("baohatinh.vn").size()));
  CHECK(second.stats.new_versions == 0);
  CHECK(test::count(store::testing::connection(archive), "SELECT count(*) FROM version") == versions);
  size_t conditional = 0;
  for (const auto& r : server->requests())
    if (!r.if_none_match.empty() && r.status == 304) ++conditional;
  CHECK(conditional == server->articles("baohatinh.vn").size());
}

TEST_CASE("an edited article becomes version 2 on the next crawl", "[crawl][e2e]") {
  auto server = test::start_site(4, {"baonghean.vn"});
  auto options = test::crawl_options(*server, {"baonghean.vn"});
  test::TempDir dir;
  store::Archive archive((dir / "khobao.sqlite").string(), store::Access::kWrite);
  crawl::Crawler(archive, test::selector_files(), options).run();
  const testsite::ArticleTruth article = server->articles("baonghean.vn").front();
  // A corrected paragraph (a new title would also change the related boxes
  // of the articles that link to it, and so their versions: rightly).
  testsite::ArticleEdit edit;
  edit.paragraph = std::make_pair(size_t{0}, std::string("Đoạn văn đã được đính chính."));
  server->edit_article("baonghean.vn", article.path, edit);
  crawl::CrawlResult second = crawl::Crawler(archive, test::selector_files(), options).run();
  CHECK(second.stats.new_versions == 1);
  std::optional<std::string> body = latest(store::testing::connection(archive), article.url, "body");
  REQUIRE(body);
  CHECK(body->rfind("Đoạn văn đã được đính chính.", 0) == 0);
  CHECK(test::count(store::testing::connection(archive), "SELECT count(*) FROM version WHERE url = '" + article.url + "'") == 2);
}

TEST_CASE("a 503 with Retry-After is retried, and the page archived when the server recovers", "[crawl][e2e]") {
  auto server = test::start_site(3, {"baothanhhoa.vn"});
  const testsite::ArticleTruth article = server->articles("baothanhhoa.vn").front();
  Fault f;
  f.kind = FaultKind::kStatus;
  f.status = 503;
  f.retry_after = "1";
  f.times = 2;
  server->set_fault("baothanhhoa.vn", article.path, f);
  Fault tmr;
  tmr.kind = FaultKind::kStatus;
  tmr.status = 429;
  tmr.retry_after = "1";
  tmr.times = 1;
  const testsite::ArticleTruth other = server->articles("baothanhhoa.vn").back();
  server->set_fault("baothanhhoa.vn", other.path, tmr);
  auto c = crawl_into_new_archive(test::crawl_options(*server, {"baothanhhoa.vn"}));
  auto& db = store::testing::connection(*c->archive);
  CHECK(latest(db, article.url, "title") == std::optional<std::string>(article.title));
  CHECK(latest(db, other.url, "title") == std::optional<std::string>(other.title));
  CHECK(server->count_requests("baothanhhoa.vn", article.path) == 3);
  CHECK(server->count_requests("baothanhhoa.vn", other.path) == 2);
  CHECK(c->result.stats.retries == 3);
  // Every attempt is a fetch of its own.
  CHECK(test::count(db, "SELECT count(*) FROM fetch JOIN page ON page.id = fetch.page_id WHERE page.url = '" +
                            article.url + "' AND fetch.status = 503") == 2);
  // The retries waited for Retry-After.
  std::vector<std::chrono::system_clock::time_point> times;
  for (const auto& r : server->requests())
    if (r.target == article.path) times.push_back(r.time);
  REQUIRE(times.size() == 3);
  CHECK(times[1] - times[0] >= std::chrono::milliseconds(900));
}

TEST_CASE("hostile answers end with a named error, and the crawl goes on", "[crawl][e2e][hostile]") {
  auto server = test::start_site(10, {"baohatinh.vn"});
  const auto& articles = server->articles("baohatinh.vn");
  struct Case {
    FaultKind kind;
    std::string expect;  // the start of fetch.error
    std::string location = {};
  };
  std::vector<Case> cases = {
      {FaultKind::kRedirectLoop, "redirect-loop"},
      {FaultKind::kRedirectChain, "redirect-limit"},
      {FaultKind::kRedirect, "redirect-refused", "ftp://baohatinh.vn/x"},
      {FaultKind::kRedirect, "redirect-refused", "file:///etc/passwd"},
      {FaultKind::kRedirect, "redirect-refused", "http://example.com/elsewhere"},
      {FaultKind::kGzipBomb, "decoded-too-large"},
      {FaultKind::kHuge, "too-large"},
      {FaultKind::kEndless, "too-large"},
      {FaultKind::kWrongType, "content-type"},
      {FaultKind::kStall, "stalled"},
  };
  REQUIRE(articles.size() >= cases.size() + 2);
  for (size_t i = 0; i < cases.size(); ++i) {
    Fault f;
    f.kind = cases[i].kind;
    f.location = cases[i].location;
    f.hops = 40;
    f.delay = std::chrono::milliseconds(4000);
    server->set_fault("baohatinh.vn", articles[i].path, f);
  }
  auto options = test::crawl_options(*server, {"baohatinh.vn"});
  options.limits.max_redirects = 20;
  options.max_attempts = 1;  // no retries: each case is judged on its first answer
  auto c = crawl_into_new_archive(options);
  auto& db = store::testing::connection(*c->archive);
  for (size_t i = 0; i < cases.size(); ++i) {
    INFO(articles[i].url << " expects " << cases[i].expect);
    CHECK(fetch_error(db, articles[i].url).rfind(cases[i].expect + ":", 0) == 0);
  }
  // The rest of the site was archived all the same.
  for (size_t i = cases.size(); i < articles.size(); ++i)
    CHECK(latest(db, articles[i].url, "title") == std::optional<std::string>(articles[i].title));
  CHECK(c->result.finished);
}

TEST_CASE("robots.txt: a 5xx forbids the host for now, a 404 allows all, Crawl-delay spaces requests", "[crawl][e2e][robots]") {
  auto server = test::start_site(3, {"baohatinh.vn", "baonghean.vn", "baothanhhoa.vn"});
  Fault down;
  down.kind = FaultKind::kStatus;
  down.status = 503;
  server->set_fault("baohatinh.vn", "/robots.txt", down);
  Fault missing;
  missing.kind = FaultKind::kStatus;
  missing.status = 404;
  server->set_fault("baonghean.vn", "/robots.txt", missing);
  Fault slow;
  slow.kind = FaultKind::kBody;
  slow.status = 200;
  slow.body = "User-agent: khobao\nCrawl-delay: 0.3\nDisallow: /tim-kiem\n";
  server->set_fault("baothanhhoa.vn", "/robots.txt", slow);
  auto options = test::crawl_options(*server, {"baohatinh.vn", "baonghean.vn", "baothanhhoa.vn"});
  options.max_retry_wait_seconds = 0;
  auto c = crawl_into_new_archive(options);

  size_t baohatinh_pages = 0, baonghean_pages = 0;
  std::vector<std::chrono::system_clock::time_point> thanhhoa;
  for (const auto& r : server->requests()) {
    if (r.target == "/robots.txt") continue;
    if (r.host == "baohatinh.vn") ++baohatinh_pages;
    if (r.host == "baonghean.vn") ++baonghean_pages;
    if (r.host == "baothanhhoa.vn") thanhhoa.push_back(r.time);
  }
  CHECK(baohatinh_pages == 0);
  CHECK(baonghean_pages > server->articles("baonghean.vn").size());
  REQUIRE(thanhhoa.size() > 3);
  for (size_t i = 1; i < thanhhoa.size(); ++i) CHECK(thanhhoa[i] - thanhhoa[i - 1] >= std::chrono::milliseconds(280));
  CHECK(c->result.stats.disallowed > 0);
}

TEST_CASE("a page budget (--max-pages) stops the crawl after that many page requests, and the next run resumes it", "[crawl][e2e]") {
  auto server = test::start_site(6, {"baonghean.vn"});
  auto options = test::crawl_options(*server, {"baonghean.vn"});
  options.max_pages = 5;
  test::TempDir dir;
  store::Archive archive((dir / "khobao.sqlite").string(), store::Access::kWrite);
  crawl::CrawlResult first = crawl::Crawler(archive, test::selector_files(), options).run();
  CHECK_FALSE(first.finished);  // cut short: the next run resumes it
  CHECK(first.budget_stopped);
  size_t pages = 0;
  for (const auto& r : server->requests())
    if (r.target != "/robots.txt") ++pages;
  CHECK(pages == 5);

  // The next run has a budget of its own and goes on from where the first stopped.
  server->clear_log();
  crawl::CrawlResult second = crawl::Crawler(archive, test::selector_files(), options).run();
  CHECK(second.resumed);
  CHECK(second.crawl_id == first.crawl_id);
  pages = 0;
  for (const auto& r : server->requests())
    if (r.target != "/robots.txt") {
      ++pages;
      CHECK(r.target != "/");  // the home page was done by the first run
    }
  CHECK(pages == 5);
}

TEST_CASE("robots.txt over 500 KiB: its first 500 KiB are obeyed, the rest ignored with a warning",
          "[crawl][e2e][robots][limits]") {
  auto server = test::start_site(4, {"baonghean.vn"});
  // 50 MB: an Allow for everyone, 50 MB of comments, then a Disallow of everything that comes too late to count.
  Fault big = [] {
    Fault f;
    f.kind = FaultKind::kBody;
    f.status = 200;
    f.body = "User-agent: *\nDisallow: /tim-kiem\n";
    std::string comment = "# " + std::string(97, 'x') + "\n";
    f.body.reserve(50u << 20);
    while (f.body.size() < (50u << 20)) f.body += comment;
    f.body += "User-agent: *\nDisallow: /\n";
    return f;
  }();
  server->set_fault("baonghean.vn", "/robots.txt", big);
  auto options = test::crawl_options(*server, {"baonghean.vn"});  // 4 MB received at most: far less than 50 MB
  test::TempDir dir;
  store::Archive archive((dir / "khobao.sqlite").string(), store::Access::kWrite);
  crawl::CrawlResult r = crawl::Crawler(archive, test::selector_files(), options).run();
  CHECK(r.finished);
  CHECK(r.stats.disallowed == 0);
  CHECK(r.stats.limits_hit == 1);
  for (const testsite::ArticleTruth& a : server->articles("baonghean.vn"))
    CHECK(test::count(store::testing::connection(archive), "SELECT count(*) FROM version WHERE url = '" + a.url + "'") == 1);
  // What was obeyed is archived: the first 500 KiB.
  CHECK(test::count(store::testing::connection(archive), "SELECT bytes FROM fetch WHERE url = 'http://baonghean.vn/robots.txt'") ==
        static_cast<std::int64_t>(net::kRobotsMaxBytes));
}
