// Crash safety: `khobao crawl` killed with SIGKILL at fifty random moments of
// one crawl of the demo site (while it creates the archive, reads robots.txt,
// fetches, commits), run again after each kill, must end with the archive an
// uninterrupted crawl of the same site makes.
#include "crawl_support.hpp"

#include "app/cli_support.hpp"
#include "store/testing.hpp"

#include <catch2/catch.hpp>

#include <csignal>
#include <random>
#include <thread>

using namespace khobao;

namespace {

// Everything an archive says about pages and versions, one line per row, in
// a stable order; ids, times and fetch rows (which retries multiply) left out.
std::vector<std::string> archive_rows(const std::string& path) {
  store::Connection db(path, store::OpenMode::kReadOnly);
  std::vector<std::string> rows;
  auto add = [&](const char* label, const char* sql) {
    store::Statement s = db.prepare(sql);
    while (s.step()) {
      std::string row = label;
      for (int c = 0; c < s.column_count(); ++c) row += "|" + (s.is_null(c) ? std::string("NULL") : s.text(c));
      rows.push_back(std::move(row));
    }
  };
  add("page", "SELECT url, kind, state, last_status, gone_at IS NULL FROM page ORDER BY url");
  add("version",
      "SELECT p.url, v.number, hex(v.content_hash), v.title, length(v.body) FROM version v "
      "JOIN page p ON p.id = v.page_id ORDER BY p.url, v.number");
  add("author",
      "SELECT p.url, v.number, va.position, a.name FROM version_author va JOIN version v ON v.id = va.version_id "
      "JOIN page p ON p.id = v.page_id JOIN author a ON a.id = va.author_id ORDER BY 1, 2, 3");
  add("link",
      "SELECT p.url, l.kind, l.position, l.url, l.title FROM link l JOIN page p ON p.id = l.page_id "
      "ORDER BY 1, 2, 3, 4");
  return rows;
}

// Fetches committed to the archive at `path` so far; 0 before it exists.
std::int64_t committed_fetches(const std::string& path) {
  if (!std::filesystem::exists(path)) return 0;
  store::Connection db(path, store::OpenMode::kReadOnly);
  db.exec("PRAGMA busy_timeout = 10000");
  if (test::count(db, "SELECT count(*) FROM sqlite_schema WHERE name = 'fetch'") == 0) return 0;
  return test::count(db, "SELECT count(*) FROM fetch");
}

}  // namespace

TEST_CASE("a crawl killed with SIGKILL fifty times ends with the archive of an uninterrupted crawl",
          "[crawl][cli][kill]") {
  auto server = test::start_site(40);  // the four demo sites, 200 articles
  test::TempDir dir;
  std::string reference = (dir / "reference.sqlite").string();
  REQUIRE(test::wait_khobao(test::spawn_khobao(test::crawl_argv(*server, reference, {"--delay", "0"}))).exit_code == 0);

  // The same crawl, slowed by a politeness delay so that fifty kills land
  // before it ends, each after a random share of a window of life. The
  // window starts at 250 ms and grows by half whenever five runs in a row
  // committed nothing (a slow start: under the sanitizers, say). (0.1 s:
  // since robots.txt is kept across runs, a resumed run fetches pages at
  // once, and at 0.05 s fifty runs could finish the crawl.)
  std::string killed = (dir / "killed.sqlite").string();
  std::vector<std::string> args = test::crawl_argv(*server, killed, {"--delay", "0.1"});
  std::random_device device;
  const unsigned seed = device();
  INFO("random seed " << seed);
  std::mt19937 rng(seed);
  int window_ms = 250, kills = 0, stuck = 0;
  std::int64_t committed = 0;
  while (kills < 50) {
    pid_t pid = test::spawn_khobao(args);
    std::this_thread::sleep_for(std::chrono::milliseconds(std::uniform_int_distribution<int>(0, window_ms)(rng)));
    int status = 0;
    if (waitpid(pid, &status, WNOHANG) == pid) {
      FAIL("the crawl ended by itself after " << kills << " kills, exit " << WEXITSTATUS(status));
    }
    kill(pid, SIGKILL);
    waitpid(pid, nullptr, 0);
    ++kills;
    std::int64_t now = committed_fetches(killed);
    stuck = now > committed ? 0 : stuck + 1;
    committed = now;
    if (stuck == 5) {
      window_ms += window_ms / 2;
      stuck = 0;
    }
  }
  // The kills fell across the crawl, not only before its first page. (Pages,
  // not articles: a crawl fetches the articles it knows of first, so most of
  // them may be in before the listings are.)
  std::int64_t versions_before = 0, fetches_before = 0, pages_before = 0;
  {
    store::Connection db(killed, store::OpenMode::kReadOnly);
    versions_before = test::count(db, "SELECT count(*) FROM version");
    fetches_before = test::count(db, "SELECT count(*) FROM fetch");
    pages_before = test::count(db, "SELECT count(*) FROM page");
  }
  CHECK(versions_before > 0);
  {
    store::Connection db(reference, store::OpenMode::kReadOnly);
    CHECK(pages_before < test::count(db, "SELECT count(*) FROM page"));
  }
  // Then left to finish.
  test::Ended last = test::wait_khobao(test::spawn_khobao(args));
  REQUIRE(last.exit_code == 0);

  store::Connection db(killed, store::OpenMode::kReadOnly);
  store::Statement integrity = db.prepare("PRAGMA integrity_check");
  REQUIRE(integrity.step());
  CHECK(integrity.text(0) == "ok");
  CHECK(test::count(db, "SELECT count(*) FROM crawl") == 1);  // every run resumed the one crawl
  std::vector<std::string> want = archive_rows(reference), got = archive_rows(killed);
  CHECK(got.size() == want.size());
  size_t articles = 0;
  for (const std::string& row : want) articles += row.rfind("version|", 0) == 0;
  CHECK(articles == 40 * 3 + 80);  // every article of the four sites, once
  // The first difference, if any, tells more than two long lists.
  auto diff = std::mismatch(want.begin(), want.end(), got.begin(), got.end());
  if (diff.first != want.end() || diff.second != got.end())
    FAIL("first difference: want '" << (diff.first != want.end() ? *diff.first : "(end)") << "' got '"
                                    << (diff.second != got.end() ? *diff.second : "(end)") << "'");
  WARN(kills << " kills survived; before the last run " << fetches_before << " fetches and " << versions_before
             << " articles were archived (window " << window_ms << " ms, random seed " << seed << ")");
}
