// The frontier's rows: runs resume by scope, URLs are queued once per run,
// and settling rolls back with the transaction it belongs to.
#include "store/frontier_table.hpp"
#include "store/store.hpp"
#include "store/testing.hpp"

#include "support.hpp"

#include <catch2/catch.hpp>

using namespace khobao;
using store::FrontierEntry;

namespace {

store::FrontierEntry entry(const std::string& url, int depth = 0) { return {url, depth, "article", 0, std::nullopt, std::nullopt}; }

}  // namespace

TEST_CASE("an unfinished run of the same scope resumes, a finished one does not", "[frontier]") {
  test::TempDir dir;
  store::Archive archive((dir / "a.sqlite").string(), store::Access::kWrite);
  store::CrawlRun first = store::open_run(archive, R"({"sites":["a.vn"]})", "2026-01-01T00:00:00Z");
  CHECK_FALSE(first.resumed);
  store::CrawlRun again = store::open_run(archive, R"({"sites":["a.vn"]})", "2026-01-01T00:01:00Z");
  CHECK(again.resumed);
  CHECK(again.id == first.id);
  store::CrawlRun other = store::open_run(archive, R"({"sites":["b.vn"]})", "2026-01-01T00:01:00Z");
  CHECK(other.id != first.id);
  store::finish_run(archive, first.id, "2026-01-01T00:02:00Z");
  store::CrawlRun fresh = store::open_run(archive, R"({"sites":["a.vn"]})", "2026-01-01T00:03:00Z");
  CHECK_FALSE(fresh.resumed);
  CHECK(fresh.id != first.id);
}

TEST_CASE("a URL is queued once per run, whatever became of it", "[frontier]") {
  test::TempDir dir;
  store::Archive archive((dir / "a.sqlite").string(), store::Access::kWrite);
  auto run = store::open_run(archive, "{}", "2026-01-01T00:00:00Z");
  std::vector<store::FrontierEntry> fresh;
  archive.in_transaction([&](store::Connection& db) {
    fresh = store::enqueue(db, run.id, {entry("http://a.vn/1"), entry("http://a.vn/2")}, "2026-01-01T00:00:00Z");
  });
  CHECK(fresh.size() == 2);
  archive.in_transaction([&](store::Connection& db) {
    store::settle(db, run.id, "http://a.vn/1", "done", 1, std::nullopt, true, false);
    fresh = store::enqueue(db, run.id, {entry("http://a.vn/1", 3), entry("http://a.vn/3")}, "2026-01-01T00:00:01Z");
  });
  REQUIRE(fresh.size() == 1);
  CHECK(fresh[0].url == "http://a.vn/3");
  auto queued = store::queued_entries(archive, run.id);
  REQUIRE(queued.size() == 2);
  CHECK(queued[0].url == "http://a.vn/2");
  store::RunCounts counts = store::run_counts(archive, run.id);
  CHECK(counts.queued == 2);
  CHECK(counts.done == 1);
}

TEST_CASE("a retry keeps its attempts and its time across runs", "[frontier]") {
  test::TempDir dir;
  store::Archive archive((dir / "a.sqlite").string(), store::Access::kWrite);
  auto& db = store::testing::connection(archive);
  auto run = store::open_run(archive, "{}", "2026-01-01T00:00:00Z");
  store::enqueue(db, run.id, {entry("http://a.vn/1")}, "2026-01-01T00:00:00Z");
  store::settle(db, run.id, "http://a.vn/1", "queued", 2, std::string("2026-01-01T00:05:00Z"), true, true);
  auto queued = store::queued_entries(archive, run.id);
  REQUIRE(queued.size() == 1);
  CHECK(queued[0].attempts == 2);
  CHECK(queued[0].not_before == std::optional<std::string>("2026-01-01T00:05:00Z"));
  auto resumed = store::open_run(archive, "{}", "2026-01-01T00:01:00Z");
  CHECK(resumed.fetched == 1);
  CHECK(resumed.errors == 1);
}

TEST_CASE("frontier changes made with a fetch roll back with it", "[frontier]") {
  test::TempDir dir;
  store::Archive archive((dir / "a.sqlite").string(), store::Access::kWrite);
  auto& db = store::testing::connection(archive);
  auto run = store::open_run(archive, "{}", "2026-01-01T00:00:00Z");
  store::enqueue(db, run.id, {entry("http://a.vn/1")}, "2026-01-01T00:00:00Z");
  khobao::FetchRecord f;
  f.url = "http://a.vn/1";
  f.site = "a.vn";
  f.fetched_at = "2026-01-01T00:00:01Z";
  f.status = 200;
  f.body = "<p>x</p>";
  CHECK_THROWS(archive.store_fetch(f, std::nullopt, [&](store::Connection& c, const store::StoredFetch&) {
    store::settle(c, run.id, f.url, "done", 1, std::nullopt, true, false);
    store::enqueue(c, run.id, {entry("http://a.vn/2")}, "2026-01-01T00:00:01Z");
    throw std::runtime_error("killed here");
  }));
  CHECK(store::run_counts(archive, run.id).queued == 1);
  CHECK(store::queued_entries(archive, run.id)[0].url == "http://a.vn/1");
  store::Statement s = db.prepare("SELECT count(*) FROM fetch");
  s.step();
  CHECK(s.int64(0) == 0);
}
