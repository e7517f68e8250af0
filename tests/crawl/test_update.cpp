// khobao update against the test site, on a moved clock: what is due is
// fetched and nothing else; edits become exactly one version each;
// furniture makes none; removed articles are recorded and left alone.
#include "update_support.hpp"

#include "store/word_diff.hpp"
#include "store/testing.hpp"

#include <catch2/catch.hpp>

#include <algorithm>

using namespace khobao;
using namespace khobao::test;

namespace {

std::string page_column(store::Archive& archive, const std::string& url, const std::string& column) {
  store::Statement s = store::testing::connection(archive).prepare("SELECT coalesce(" + column + ", '') FROM page WHERE url = ?1");
  s.bind(1, url);
  REQUIRE(s.step());
  return s.text(0);
}

}  // namespace

TEST_CASE("update fetches what is due and backs off articles that do not change", "[crawl][update]") {
  const std::string host = "baohatinh.vn";
  CrawledSites site(4, {host});
  auto& server = site.server;
  store::Archive& archive = site.archive;
  const std::time_t t0 = site.t0;
  const auto& articles = server->articles(host);

  // Ten minutes on: the listings (every 30 min) and the articles (1 h) wait.
  server->clear_log();
  crawl::UpdateResult r = update_at(archive, *server, {host}, t0 + 10 * kMinute);
  CHECK(r.plan.empty());
  CHECK(r.crawl.crawl_id == 0);
  CHECK(server->requests().empty());

  // 40 minutes: the listings are read again, no article is.
  server->clear_log();
  r = update_at(archive, *server, {host}, t0 + 40 * kMinute);
  REQUIRE(r.plan.sites.size() == 1);
  CHECK(r.plan.sites[0].listings_due);
  CHECK(r.plan.sites[0].due_pages == 0);
  CHECK(server->count_requests(host, "/") == 1);
  CHECK(article_requests(*server, host) == 0);
  CHECK(counts_for(r, host).errors == 0);

  // Two hours: every article is due, asked for with its ETag, and unchanged.
  server->clear_log();
  r = update_at(archive, *server, {host}, t0 + 2 * kHour);
  CHECK(r.plan.sites[0].due_pages == static_cast<std::int64_t>(articles.size()));
  for (const testsite::ArticleTruth& a : articles) CHECK(server->count_requests(host, a.path) == 1);
  for (const testsite::RequestLogEntry& e : server->requests())
    if (std::any_of(articles.begin(), articles.end(), [&](const auto& a) { return a.path == e.target; })) {
      CHECK(!e.if_none_match.empty());
      CHECK(e.status == 304);
    }
  // The articles' 304s, and the listings' (asked for with their validators too).
  CHECK(counts_for(r, host).not_modified == counts_for(r, host).fetched);
  CHECK(counts_for(r, host).not_modified > static_cast<std::int64_t>(articles.size()));
  CHECK(counts_for(r, host).new_versions == 0);

  // The back-off: one unchanged visit, so the next is 6 h later.
  const std::string url = articles.front().url;
  CHECK(page_column(archive, url, "unchanged_visits") == "1");
  std::string fetched = page_column(archive, url, "last_fetched_at");
  CHECK(page_column(archive, url, "next_visit_at") == store::utc_time(*store::parse_utc(fetched) + 6 * kHour));

  // Three hours: not due yet. Nine hours: due, and then a day away.
  server->clear_log();
  update_at(archive, *server, {host}, t0 + 3 * kHour);
  CHECK(article_requests(*server, host) == 0);
  server->clear_log();
  update_at(archive, *server, {host}, t0 + 9 * kHour);
  CHECK(article_requests(*server, host) == articles.size());
  CHECK(page_column(archive, url, "unchanged_visits") == "2");
  fetched = page_column(archive, url, "last_fetched_at");
  CHECK(page_column(archive, url, "next_visit_at") == store::utc_time(*store::parse_utc(fetched) + kDay));
  CHECK(test::count(store::testing::connection(archive), "SELECT count(*) FROM version") == static_cast<std::int64_t>(articles.size()));
  // Finished updates keep only their seeds in the frontier.
  CHECK(test::count(store::testing::connection(archive), "SELECT count(*) FROM frontier f JOIN crawl c ON c.id = f.crawl_id "
                                  "WHERE json_extract(c.scope, '$.update') AND f.depth > 0") == 0);
  CHECK(test::count(store::testing::connection(archive), "SELECT count(*) FROM frontier f JOIN crawl c ON c.id = f.crawl_id "
                                  "WHERE json_extract(c.scope, '$.update') AND f.depth = 0") > 0);
}

TEST_CASE("edits between updates become exactly one version each, with the change and nothing else",
          "[crawl][update]") {
  const std::string host = "baohatinh.vn";
  CrawledSites site(4, {host});
  auto& server = site.server;
  store::Archive& archive = site.archive;
  const std::time_t t0 = site.t0;
  std::vector<testsite::ArticleTruth> before = server->articles(host);  // a copy: edits change the server's

  const std::string corrected = "Đính chính: số liệu đúng là 1.250 hộ dân, không phải 1.520 hộ như đã đưa tin.";
  testsite::ArticleEdit paragraph, title, author;
  paragraph.paragraph = std::make_pair(size_t{1}, corrected);
  title.title = before[1].title + " (cập nhật)";
  author.authors = before[2].authors;
  author.authors->push_back("Thu Trang");
  server->edit_article(host, before[0].path, paragraph);
  server->edit_article(host, before[1].path, title);
  server->edit_article(host, before[2].path, author);

  crawl::UpdateResult r = update_at(archive, *server, {host}, t0 + 2 * kHour);
  // The three edited pages get version 2. A new title may also change the
  // related-links box of articles that list it (where the markup shows
  // related titles): those records changed too. Nothing else changes.
  auto lists_retitled = [&](const testsite::ArticleTruth& a) {
    return std::count(a.related.begin(), a.related.end(), before[1].url) > 0;
  };
  for (size_t i = 0; i < before.size(); ++i) {
    INFO(before[i].url);
    std::int64_t n = static_cast<std::int64_t>(store::versions_of(archive, page_id_of(archive, before[i].url)).size());
    if (i < 3) CHECK(n == 2);
    else if (!lists_retitled(before[i])) CHECK(n == 1);
    CHECK(n <= 2);
  }
  CHECK(counts_for(r, host).new_versions >= 3);
  CHECK(counts_for(r, host).new_articles == 0);

  // The corrected paragraph: version 2, and the word diff is that change.
  std::int64_t id = page_id_of(archive, before[0].url);
  std::vector<store::VersionInfo> versions = store::versions_of(archive, id);
  REQUIRE(versions.size() == 2);
  auto v1 = store::load_version(archive, id, 1), v2 = store::load_version(archive, id, 2);
  REQUIRE(v1);
  REQUIRE(v2);
  CHECK(v2->article.body.find(corrected) != std::string::npos);
  CHECK(v1->article.body.find(before[0].paragraphs[1]) != std::string::npos);
  // Every word the diff adds is from the correction, every word it removes from the old paragraph.
  int changes = 0;
  for (const store::DiffChunk& c : store::word_diff(v1->article.body, v2->article.body)) {
    std::string words = c.text.substr(0, c.text.find_last_not_of(" \n") + 1);
    words.erase(0, words.find_first_not_of(" \n"));
    if (c.op == store::DiffOp::kEqual || words.empty()) continue;
    ++changes;
    INFO(words);
    CHECK((c.op == store::DiffOp::kInsert ? corrected : before[0].paragraphs[1]).find(words) != std::string::npos);
  }
  CHECK(changes >= 2);
  CHECK(v2->article.title == v1->article.title);

  // The title and the added author.
  auto t2 = store::load_version(archive, page_id_of(archive, before[1].url), std::nullopt);
  REQUIRE(t2);
  CHECK(t2->info.number == 2);
  CHECK(t2->article.title == before[1].title + " (cập nhật)");
  auto a2 = store::load_version(archive, page_id_of(archive, before[2].url), std::nullopt);
  REQUIRE(a2);
  CHECK(a2->info.number == 2);
  CHECK(a2->article.authors == *author.authors);

  // Visited again: 304s, nothing new.
  r = update_at(archive, *server, {host}, t0 + 9 * kHour);
  CHECK(counts_for(r, host).new_versions == 0);
  CHECK(counts_for(r, host).not_modified == counts_for(r, host).fetched);

  // An edit long after, while the article's next visit is a day away: the
  // sitemap's <lastmod> moves, and that alone brings the article back.
  server->clear_log();
  server->edit_article(host, before[3].path, title);
  r = update_at(archive, *server, {host}, t0 + 10 * kHour);
  CHECK(server->count_requests(host, before[3].path) == 1);
  CHECK(article_requests(*server, host) == 1);
  CHECK(counts_for(r, host).new_versions >= 1);
  auto latest = store::load_version(archive, page_id_of(archive, before[3].url), std::nullopt);
  REQUIRE(latest);
  CHECK(latest->info.number == static_cast<int>(store::versions_of(archive, latest->info.page_id).size()));
  CHECK(latest->article.title == *title.title);
  CHECK(counts_for(r, host).new_versions == 1);  // the articles listing it wait for their own visit
}

TEST_CASE("pages that differ only in furniture make no new version", "[crawl][update]") {
  // A view counter, "x phút trước" and a CSRF token that change on every
  // request, on a site with a selector file and on one without.
  std::vector<std::string> hosts = {"baohatinh.vn", "baohonglinh.vn"};
  CrawledSites site(4, hosts, [](testsite::SiteServer& s) { s.set_volatile_furniture(true); });
  auto& server = site.server;
  store::Archive& archive = site.archive;
  const std::time_t t0 = site.t0;
  std::int64_t versions = test::count(store::testing::connection(archive), "SELECT count(*) FROM version");

  crawl::UpdateResult r = update_at(archive, *server, hosts, t0 + 2 * kHour);
  for (const std::string& host : hosts) {
    INFO(host);
    std::int64_t n = static_cast<std::int64_t>(server->articles(host).size());
    CHECK(article_requests(*server, host) == static_cast<size_t>(2 * n));
    for (const testsite::ArticleTruth& a : server->articles(host))  // every page differs from the last: no 304
      for (const testsite::RequestLogEntry& e : server->requests())
        if (e.host == host && e.target == a.path) CHECK(e.status == 200);
    CHECK(counts_for(r, host).unchanged >= n);
    CHECK(counts_for(r, host).new_versions == 0);
  }
  CHECK(test::count(store::testing::connection(archive), "SELECT count(*) FROM version") == versions);
}

TEST_CASE("a removed article is recorded as gone and never visited again", "[crawl][update]") {
  const std::string host = "baonghean.vn";
  CrawledSites site(4, {host});
  auto& server = site.server;
  store::Archive& archive = site.archive;
  const std::time_t t0 = site.t0;
  const auto& articles = server->articles(host);

  server->remove_article(host, articles[0].path, 404);
  server->remove_article(host, articles[1].path, 410);
  crawl::UpdateResult r = update_at(archive, *server, {host}, t0 + 2 * kHour);
  CHECK(counts_for(r, host).gone == 2);
  for (int i : {0, 1}) {
    std::int64_t id = page_id_of(archive, articles[static_cast<size_t>(i)].url);
    std::optional<store::PageInfo> page = store::page_info(archive, id);
    REQUIRE(page);
    CHECK(page->state == "gone");
    CHECK(page->gone_at == page->last_fetched_at);
    CHECK(page->versions == 1);  // kept
  }

  // Weeks later every other article is due again; the gone ones are not.
  server->clear_log();
  update_at(archive, *server, {host}, t0 + 40 * kDay);
  CHECK(server->count_requests(host, articles[0].path) == 0);
  CHECK(server->count_requests(host, articles[1].path) == 0);
  CHECK(server->count_requests(host, articles[2].path) == 1);
}

TEST_CASE("update revisits the newest articles first and keeps to its page budget", "[crawl][update]") {
  const std::string host = "baohonglinh.vn";
  CrawledSites site(6, {host});
  auto& server = site.server;
  store::Archive& archive = site.archive;
  const std::time_t t0 = site.t0;

  crawl::UpdatePlan plan = crawl::plan_update(archive, selector_files(), {host}, store::utc_time(t0 + 2 * kHour), 2);
  std::vector<testsite::ArticleTruth> newest = server->articles(host);
  std::sort(newest.begin(), newest.end(), [](const auto& a, const auto& b) { return a.published_at > b.published_at; });
  REQUIRE(plan.revisits.size() == newest.size());
  for (size_t i = 0; i < newest.size(); ++i) CHECK(plan.revisits[i].url == newest[i].url);

  server->clear_log();
  update_at(archive, *server, {host}, t0 + 2 * kHour, 3);
  std::size_t pages = 0;
  for (const testsite::RequestLogEntry& e : server->requests()) pages += e.target != "/robots.txt";
  CHECK(pages == 3);
}

TEST_CASE("update's plan: seeds on the scheme the site was crawled with, schedules from the selector file",
          "[crawl][update]") {
  CrawledSites site(2, {"baohatinh.vn", "baohonglinh.vn"});
  store::Archive& archive = site.archive;
  const std::time_t t0 = site.t0;

  crawl::UpdatePlan plan = crawl::plan_update(archive, selector_files(), {}, store::utc_time(t0 + 40 * kMinute), 2);
  REQUIRE(plan.sites.size() == 2);
  const crawl::SitePlan& hatinh = plan.sites[0];
  CHECK(hatinh.host == "baohatinh.vn");
  CHECK(hatinh.listings_due);
  CHECK(std::find(hatinh.seeds.begin(), hatinh.seeds.end(), "http://baohatinh.vn/") != hatinh.seeds.end());
  CHECK(std::find(hatinh.seeds.begin(), hatinh.seeds.end(), "http://baohatinh.vn/rss/home.rss") != hatinh.seeds.end());
  CHECK(std::none_of(hatinh.seeds.begin(), hatinh.seeds.end(), [](const std::string& s) { return s.starts_with("https:"); }));
  CHECK(plan.sites[1].host == "baohonglinh.vn");
  CHECK(plan.sites[1].seeds == std::vector<std::string>{"http://baohonglinh.vn/"});

  // Ten minutes on, baohatinh.vn's listings (every 30 min) are not due; a
  // site without a file reads them every run.
  plan = crawl::plan_update(archive, selector_files(), {}, store::utc_time(t0 + 10 * kMinute), 2);
  CHECK_FALSE(plan.sites[0].listings_due);
  CHECK(plan.sites[1].listings_due);
  // --site narrows the plan, "www." folded.
  plan = crawl::plan_update(archive, selector_files(), {"www.baohatinh.vn"}, store::utc_time(t0), 2);
  REQUIRE(plan.sites.size() == 1);
  CHECK(plan.sites[0].host == "baohatinh.vn");
}

TEST_CASE("polite updates: listings asked for with validators once no crawl is unfinished, robots.txt kept a day",
          "[crawl][update][polite]") {
  const std::string host = "baohatinh.vn";
  CrawledSites site(4, {host});
  auto& server = site.server;
  const std::time_t t0 = site.t0;
  auto home = [&] {
    for (const testsite::RequestLogEntry& e : server->requests())
      if (e.target == "/") return e;
    FAIL("the home page was not asked for");
    return testsite::RequestLogEntry{};
  };

  // The first crawl finished: the home page is asked for with its ETag, answers
  // 304 and is not parsed (none of its links is followed); robots.txt is the
  // crawl's, from the archive.
  server->clear_log();
  crawl::UpdateResult r = update_at(site.archive, *server, {host}, t0 + 40 * kMinute);
  CHECK(counts_for(r, host).errors == 0);
  CHECK(!home().if_none_match.empty());
  CHECK(home().status == 304);
  CHECK(server->count_requests(host, "/robots.txt") == 0);
  CHECK(article_requests(*server, host) == 0);

  // A day on, robots.txt is asked for again.
  server->clear_log();
  update_at(site.archive, *server, {host}, t0 + 25 * kHour);
  CHECK(server->count_requests(host, "/robots.txt") == 1);

  // While a crawl is unfinished (cut by its budget), listings are read in full.
  auto options = test::crawl_options(*server, {});
  options.seeds = {"http://" + host + server->listings(host).back()};
  options.max_pages = 1;
  store::pretend_now(t0 + 26 * kHour);
  REQUIRE(crawl::Crawler(site.archive, test::selector_files(), options).run().budget_stopped);
  server->clear_log();
  update_at(site.archive, *server, {host}, t0 + 27 * kHour);
  CHECK(home().if_none_match.empty());
  CHECK(home().status == 200);

  // A 5xx robots.txt is not kept: the next run asks again.
  testsite::Fault down;
  down.kind = testsite::FaultKind::kStatus;
  down.status = 503;
  server->set_fault(host, "/robots.txt", down);
  update_at(site.archive, *server, {host}, t0 + 52 * kHour);
  server->clear_faults();
  server->clear_log();
  update_at(site.archive, *server, {host}, t0 + 53 * kHour);
  CHECK(server->count_requests(host, "/robots.txt") == 1);
}
