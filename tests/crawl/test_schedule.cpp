// Schedules: durations as selector files write them, the revisit back-off,
// and what one stored fetch does to a page's next visit.
#include "crawl/schedule.hpp"
#include "site/site.hpp"
#include "store/store.hpp"
#include "store/schedule_table.hpp"
#include "store/testing.hpp"

#include "support.hpp"

#include <catch2/catch.hpp>

using namespace khobao;

TEST_CASE("durations: units, sums and what is refused", "[crawl][schedule]") {
  CHECK(site::parse_duration("90s") == 90);
  CHECK(site::parse_duration("30m") == 1800);
  CHECK(site::parse_duration("6h") == 6 * 3600);
  CHECK(site::parse_duration("1d") == 86400);
  CHECK(site::parse_duration("2w") == 14 * 86400);
  CHECK(site::parse_duration("1h30m") == 5400);
  for (const char* bad : {"", "30", "m", "1x", "-1h", "1.5h", "1h ", "99999999999d", "1h30"}) {
    INFO(bad);
    CHECK_FALSE(site::parse_duration(bad));
  }
}

TEST_CASE("the revisit back-off: each unchanged visit waits longer, the last interval repeats", "[crawl][schedule]") {
  crawl::Schedule s = crawl::schedule_for(nullptr);
  CHECK(s.listings_every == 0);
  CHECK(crawl::revisit_interval(s, 0) == 3600);
  CHECK(crawl::revisit_interval(s, 1) == 6 * 3600);
  CHECK(crawl::revisit_interval(s, 4) == 30 * 86400);
  CHECK(crawl::revisit_interval(s, 400) == 30 * 86400);
}

TEST_CASE("a selector file's [schedule] is read, and a bad one named", "[crawl][schedule]") {
  test::TempDir dir;
  auto file = dir / "a.vn.toml";
  test::write_file(file, "[site]\nhost = \"a.vn\"\n[schedule]\nlistings = \"15m\"\narticles = [\"2h\", \"1d\"]\n");
  site::Site rules = site::load_site(file);
  crawl::Schedule s = crawl::schedule_for(&rules);
  CHECK(s.listings_every == 900);
  CHECK(s.revisits == std::vector<std::int64_t>{7200, 86400});

  test::write_file(file, "[site]\nhost = \"a.vn\"\n[schedule]\nlistings = \"every run\"\n");
  CHECK(crawl::schedule_for(&(rules = site::load_site(file))).listings_every == 0);

  test::write_file(file, "[site]\nhost = \"a.vn\"\n[schedule]\n\narticles = [\"1h\", \"soon\"]\n");
  try {
    site::load_site(file);
    FAIL("a bad duration was accepted");
  } catch (const site::SiteFileError& e) {
    CHECK(e.line() == 5);
    CHECK(e.key() == "schedule.articles");
    CHECK(std::string(e.what()).find("'soon'") != std::string::npos);
  }
}

TEST_CASE("reschedule: a change starts the back-off over, gone pages get no next visit", "[crawl][schedule]") {
  test::TempDir dir;
  store::Archive archive((dir / "k.sqlite").string(), store::Access::kWrite);
  crawl::Schedule schedule{1800, {3600, 86400}};
  auto visit = [&](const std::string& at, int status, const std::string& body, const std::string& kind = "article") {
    khobao::FetchRecord f;
    f.url = "https://a.vn/bai-viet-1.html";
    f.site = "a.vn";
    f.fetched_at = at;
    f.page_kind = kind;
    f.status = status;
    std::optional<khobao::Article> article;
    if (status == 200) {
      f.body = "<p>" + body + "</p>";
      article.emplace();
      article->url = f.url;
      article->body = body;
    }
    archive.store_fetch(f, article, [&](store::Connection& db, const store::StoredFetch& stored) {
      crawl::reschedule(db, stored, kind, at, schedule);
    });
    store::Statement s = store::testing::connection(archive).prepare("SELECT coalesce(next_visit_at, 'never'), unchanged_visits FROM page");
    s.step();
    return std::make_pair(s.text(0), s.int64(1));
  };
  CHECK(visit("2026-01-01T00:00:00Z", 200, "một") == std::make_pair(std::string("2026-01-01T01:00:00Z"), std::int64_t{0}));
  CHECK(visit("2026-01-01T01:00:00Z", 200, "một") == std::make_pair(std::string("2026-01-02T01:00:00Z"), std::int64_t{1}));
  CHECK(visit("2026-01-02T01:00:00Z", 304, "") == std::make_pair(std::string("2026-01-03T01:00:00Z"), std::int64_t{2}));
  CHECK(visit("2026-01-03T01:00:00Z", 200, "hai") == std::make_pair(std::string("2026-01-03T02:00:00Z"), std::int64_t{0}));
  CHECK(visit("2026-01-03T02:00:00Z", 503, "") == std::make_pair(std::string("2026-01-03T03:00:00Z"), std::int64_t{0}));
  CHECK(visit("2026-01-03T03:00:00Z", 404, "").first == "never");
}

TEST_CASE("reschedule: listings follow the listings interval", "[crawl][schedule]") {
  test::TempDir dir;
  store::Archive archive((dir / "k.sqlite").string(), store::Access::kWrite);
  khobao::FetchRecord f;
  f.url = "https://a.vn/xa-hoi/";
  f.site = "a.vn";
  f.fetched_at = "2026-01-01T00:00:00Z";
  f.page_kind = "listing";
  f.status = 200;
  f.body = "<ul><li><a href=/a.html>a</a></li></ul>";
  archive.store_fetch(f, std::nullopt, [&](store::Connection& db, const store::StoredFetch& stored) {
    crawl::reschedule(db, stored, "listing", f.fetched_at, crawl::Schedule{1800, {3600}});
  });
  store::Statement s = store::testing::connection(archive).prepare("SELECT next_visit_at FROM page");
  REQUIRE(s.step());
  CHECK(s.text(0) == "2026-01-01T00:30:00Z");
  CHECK(store::last_listings_fetch(archive, "a.vn") == "2026-01-01T00:00:00Z");
  crawl::Schedule every_hour{3600, {3600}};
  CHECK(store::next_due(archive, "a.vn", every_hour.listings_every, "2026-01-01T00:10:00Z") == "2026-01-01T01:00:00Z");
}
