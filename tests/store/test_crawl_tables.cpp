// The store functions behind the crawler's state and the sites report: the
// schedule's columns of the page table, the frontier's seeds and pruning,
// write and read transactions on an archive, and the per-site status rows.
#include "store/store.hpp"

#include "site/site.hpp"
#include "store/archive_support.hpp"
#include "store/testing.hpp"
#include "support.hpp"

#include <catch2/catch.hpp>

#include <fstream>

using namespace khobao;
using khobao::test::article;
using khobao::test::fetch;
using khobao::test::TempDir;

namespace {

std::int64_t count(store::Archive& archive, const std::string& sql) {
  store::Statement s = store::testing::connection(archive).prepare(sql);
  s.step();
  return s.int64(0);
}

// Stores a fetch of `url` of kind `kind` at `at`, an article when `body` is given.
store::StoredFetch visit(store::Archive& archive, const std::string& url, const std::string& at, const std::string& kind,
                         std::optional<std::string> body = std::nullopt, int status = 200) {
  FetchRecord f = fetch(url, at, body ? "<p>" + *body + "</p>" : "<ul></ul>", status);
  f.page_kind = kind;
  std::optional<Article> a;
  if (body) a = article("T " + url, *body);
  return archive.store_fetch(f, a);
}

store::FrontierEntry entry(const std::string& url, int depth) { return {url, depth, "article", 0, std::nullopt, std::nullopt}; }

}  // namespace

TEST_CASE("schedule table: a page's visit state is read and written back", "[store][schedule]") {
  TempDir dir;
  store::Archive archive((dir / "a.sqlite").string(), store::Access::kWrite);
  store::StoredFetch stored = visit(archive, "https://baohatinh.vn/1.html", "2026-01-01T00:00:00Z", "article", "một");
  archive.in_transaction([&](store::Connection& db) {
    std::optional<store::VisitState> state = store::visit_state(db, stored.page_id);
    REQUIRE(state);
    CHECK(state->state != "gone");
    CHECK(state->unchanged_visits == 0);
    store::set_next_visit(db, stored.page_id, "2026-01-02T00:00:00Z", 3);
    CHECK(store::visit_state(db, stored.page_id)->unchanged_visits == 3);
    CHECK_FALSE(store::visit_state(db, stored.page_id + 100));
  });
  CHECK(count(archive, "SELECT count(*) FROM page WHERE next_visit_at = '2026-01-02T00:00:00Z'") == 1);
  archive.in_transaction([&](store::Connection& db) { store::set_next_visit(db, stored.page_id, std::nullopt, 0); });
  CHECK(count(archive, "SELECT count(*) FROM page WHERE next_visit_at IS NULL") == 1);
}

TEST_CASE("schedule table: due pages are the articles due, newest first, and listings set when the site is due",
          "[store][schedule]") {
  TempDir dir;
  store::Archive archive((dir / "a.sqlite").string(), store::Access::kWrite);
  store::StoredFetch older = visit(archive, "https://baohatinh.vn/1.html", "2026-01-01T00:00:00Z", "article", "một");
  store::StoredFetch newer = visit(archive, "https://baohatinh.vn/2.html", "2026-01-01T01:00:00Z", "article", "hai");
  store::StoredFetch later = visit(archive, "https://baohatinh.vn/3.html", "2026-01-01T02:00:00Z", "article", "ba");
  visit(archive, "https://baohatinh.vn/4.html", "2026-01-01T03:00:00Z", "article", "bốn");
  visit(archive, "https://baohatinh.vn/4.html", "2026-01-01T03:30:00Z", "article", std::nullopt, 404);  // gone
  store::StoredFetch listing = visit(archive, "http://baohatinh.vn/xa-hoi/", "2026-01-01T04:00:00Z", "listing");
  archive.in_transaction([&](store::Connection& db) {
    store::set_next_visit(db, older.page_id, "2026-01-01T05:00:00Z", 0);
    store::set_next_visit(db, newer.page_id, "2026-01-01T05:00:00Z", 0);
    store::set_next_visit(db, later.page_id, "2026-01-03T00:00:00Z", 0);  // not yet
    store::set_next_visit(db, listing.page_id, "2026-01-01T05:00:00Z", 0);
  });

  std::vector<store::DuePage> due = store::due_pages(archive, "baohatinh.vn", "2026-01-02T00:00:00Z");
  REQUIRE(due.size() == 2);  // not the gone page, not the listing, not the one due later
  CHECK(due[0].url == "https://baohatinh.vn/2.html");
  CHECK(due[1].url == "https://baohatinh.vn/1.html");
  CHECK(due[0].kind == "article");
  CHECK(store::due_pages(archive, "other.vn", "2026-01-02T00:00:00Z").empty());

  CHECK(store::last_listings_fetch(archive, "baohatinh.vn") == "2026-01-01T04:00:00Z");
  CHECK_FALSE(store::last_listings_fetch(archive, "other.vn"));
  // Listings every 6 h: due at 10:00, but the first pages are due at 05:00.
  CHECK(store::next_due(archive, "baohatinh.vn", 6 * 3600, "2026-01-01T04:30:00Z") == "2026-01-01T05:00:00Z");
  CHECK(store::next_due(archive, "other.vn", 3600, "2026-01-01T04:30:00Z") == "2026-01-01T04:30:00Z");

  CHECK(store::newest_page_url(archive, "baohatinh.vn") == "http://baohatinh.vn/xa-hoi/");
  CHECK_FALSE(store::newest_page_url(archive, "other.vn"));
}

TEST_CASE("frontier table: earlier seeds are every run's depth-0 URLs, and a pruned run keeps only them",
          "[store][frontier]") {
  TempDir dir;
  store::Archive archive((dir / "a.sqlite").string(), store::Access::kWrite);
  store::CrawlRun first = store::open_run(archive, "{\"a\":1}", "2026-01-01T00:00:00Z");
  store::CrawlRun second = store::open_run(archive, "{\"a\":2}", "2026-01-01T00:00:00Z");
  archive.in_transaction([&](store::Connection& db) {
    store::enqueue(db, first.id, {entry("https://b.vn/", 0), entry("https://b.vn/1.html", 1)}, "2026-01-01T00:00:00Z");
    store::enqueue(db, second.id, {entry("https://a.vn/", 0), entry("https://b.vn/", 0)}, "2026-01-01T00:00:00Z");
  });
  CHECK(store::earlier_seeds(archive) == std::vector<std::string>{"https://a.vn/", "https://b.vn/"});

  store::finish_run(archive, first.id, "2026-01-01T01:00:00Z", true);
  CHECK(count(archive, "SELECT count(*) FROM frontier WHERE crawl_id = " + std::to_string(first.id)) == 1);
  CHECK(store::run_counts(archive, first.id).queued == 1);
  CHECK(store::open_run(archive, "{\"a\":1}", "2026-01-01T02:00:00Z").id != first.id);  // finished: a new run
  CHECK(store::open_run(archive, "{\"a\":2}", "2026-01-01T02:00:00Z", true).id != second.id);  // fresh
}

TEST_CASE("in_transaction commits what its work wrote, or nothing when the work throws", "[store][archive]") {
  TempDir dir;
  store::Archive archive((dir / "a.sqlite").string(), store::Access::kWrite);
  store::CrawlRun run = store::open_run(archive, "{}", "2026-01-01T00:00:00Z");
  CHECK_THROWS_AS(archive.in_transaction([&](store::Connection& db) {
                    store::enqueue(db, run.id, {entry("https://a.vn/", 0)}, "2026-01-01T00:00:00Z");
                    throw std::runtime_error("killed here");
                  }),
                  std::runtime_error);
  CHECK(store::queued_entries(archive, run.id).empty());
  archive.in_transaction([&](store::Connection& db) {
    store::enqueue(db, run.id, {entry("https://a.vn/", 0)}, "2026-01-01T00:00:00Z");
  });
  CHECK(store::queued_entries(archive, run.id).size() == 1);
}

TEST_CASE("a read snapshot sees one state of the archive until it ends", "[store][archive][concurrency]") {
  TempDir dir;
  std::string path = (dir / "a.sqlite").string();
  store::Archive writer(path, store::Access::kWrite);
  visit(writer, "https://baohatinh.vn/1.html", "2026-01-01T00:00:00Z", "article", "một");
  store::Archive reader(path, store::Access::kRead);
  {
    store::ReadSnapshot snapshot(reader);
    CHECK(store::site_summaries(reader)[0].pages == 1);
    visit(writer, "https://baohatinh.vn/2.html", "2026-01-01T01:00:00Z", "article", "hai");
    CHECK(store::site_summaries(reader)[0].pages == 1);
  }
  CHECK(store::site_summaries(reader)[0].pages == 2);
}

TEST_CASE("site statuses join selector files with the archive's sites and their next visit", "[store][sites]") {
  TempDir dir;
  std::filesystem::create_directories(dir / "selectors");
  std::ofstream(dir / "selectors" / "a.vn.toml") << "[site]\nhost = \"a.vn\"\n\n[schedule]\nlistings = \"2h\"\n";
  site::SiteSet selectors = site::SiteSet::load_dir(dir / "selectors");
  store::Archive archive((dir / "a.sqlite").string(), store::Access::kWrite);
  FetchRecord f = fetch("https://a.vn/", "2026-01-01T00:00:00Z", "<ul></ul>");
  f.site = "a.vn";
  f.page_kind = "listing";
  archive.store_fetch(f, std::nullopt);
  visit(archive, "https://baohatinh.vn/xa-hoi/", "2026-01-01T00:00:00Z", "listing");

  std::vector<store::SiteStatus> rows = store::site_statuses(&archive, selectors, "2026-01-01T00:30:00Z");
  REQUIRE(rows.size() == 2);
  CHECK(rows[0].summary.host == "a.vn");
  CHECK(rows[0].has_selector_file);
  CHECK(rows[0].summary.pages == 1);
  CHECK(rows[0].next_due == "2026-01-01T02:00:00Z");  // its file's listings interval
  CHECK(rows[1].summary.host == "baohatinh.vn");
  CHECK_FALSE(rows[1].has_selector_file);
  CHECK(rows[1].next_due == "2026-01-01T00:00:00Z");  // no file: listings every run, due since the last

  std::vector<store::SiteStatus> files_only = store::site_statuses(nullptr, selectors, "2026-01-01T00:30:00Z");
  REQUIRE(files_only.size() == 1);
  CHECK_FALSE(files_only[0].next_due);
  CHECK(store::site_status_json(rows[0])["next_due"] == "2026-01-01T02:00:00Z");
  CHECK(store::failures_cell(rows[0].summary) == "0");
}
