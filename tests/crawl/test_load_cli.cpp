// Load: two `khobao update` loops and four readers (search, export, show,
// sites) on one archive at once while the site's articles are edited. No
// reader ever fails or waits on the writer, every run's writes are still
// there at the end, every edit is archived, and the updates take turns by
// the lock: the one that finds it held exits 3 at once. Runs for
// $KHOBAO_LOAD_SECONDS (default 30; the closing figures are from 300).
#include "update_support.hpp"

#include "app/cli_support.hpp"
#include "store/testing.hpp"

#include <nlohmann/json.hpp>

#include <atomic>
#include <cstdlib>
#include <map>
#include <mutex>
#include <random>
#include <thread>

using namespace khobao;
using namespace khobao::test;
using Clock = std::chrono::steady_clock;

namespace {

double load_seconds() {
  const char* env = std::getenv("KHOBAO_LOAD_SECONDS");
  return env ? std::atof(env) : 30;
}

struct Timed {
  Run run;
  double seconds = 0;
};

Timed timed(const std::string& args) {
  auto start = Clock::now();
  Run r = run_khobao(args);
  return {std::move(r), std::chrono::duration<double>(Clock::now() - start).count()};
}

// What the threads saw, under one mutex.
struct Observed {
  std::mutex mu;
  std::map<std::int64_t, std::int64_t> fetched_by_run;  // run id -> fetches it reported
  int updates_done = 0, updates_locked = 0, reads = 0;
  double slowest_lock_refusal = 0, slowest_read = 0;
  std::vector<std::string> failures;

  void fail(const std::string& what) {
    std::lock_guard lock(mu);
    failures.push_back(what);
  }
};

}  // namespace

TEST_CASE("two updates and four readers at once: no reader error, no lost write, one update at a time",
          "[crawl][update][cli][load]") {
  auto server = start_site(10, {"baohatinh.vn", "baonghean.vn"});
  TempDir dir;
  const std::string archive = " --archive " + quote((dir / "k.sqlite").string());
  Run crawl = run_khobao(archive + " --quiet crawl --delay 0 --seed http://baohatinh.vn/ --seed http://baonghean.vn/" +
                         routes(*server));
  REQUIRE(crawl.exit_code == 0);
  const std::int64_t articles = 30;
  const std::time_t t0 = store::clock_now();

  const auto deadline = Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                           std::chrono::duration<double>(load_seconds()));
  Observed seen;
  std::atomic<int> hour{0};

  // Each update is an hour later on the archive's clock than the one before,
  // so that listings and revisits are due.
  auto updater = [&] {
    while (Clock::now() < deadline) {
      std::string now = store::utc_time(t0 + (++hour) * kHour);
      Timed t = timed(archive + " update --json --delay 0 --now " + now + routes(*server));
      if (t.run.exit_code == 3) {
        std::lock_guard lock(seen.mu);
        ++seen.updates_locked;
        seen.slowest_lock_refusal = std::max(seen.slowest_lock_refusal, t.seconds);
        if (t.run.err.find("another run holds the lock") == std::string::npos)
          seen.failures.push_back("exit 3 without naming the lock: " + t.run.err);
        continue;
      }
      if (t.run.exit_code != 0) {
        seen.fail("update exit " + std::to_string(t.run.exit_code) + ": " + t.run.err);
        continue;
      }
      auto summary = nlohmann::json::parse(t.run.out);
      std::lock_guard lock(seen.mu);
      ++seen.updates_done;
      // No run when nothing was due: the other loop had already run a later hour.
      if (!summary["run"].is_null())
        seen.fetched_by_run[summary["run"].get<std::int64_t>()] = summary["fetched"].get<std::int64_t>();
    }
  };

  const auto& truth = server->articles("baohatinh.vn");
  const std::string word = truth[0].title.substr(0, truth[0].title.find(' '));
  const std::vector<std::string> reads = {
      "search --json " + quote(word), "export --format jsonl", "show --json " + quote(truth[0].url), "sites --json"};
  auto reader = [&](const std::string& command) {
    while (Clock::now() < deadline) {
      Timed t = timed(archive + " " + command);
      std::vector<std::string> out = lines(t.run.out);
      bool parsed = true;
      for (const std::string& line : out) parsed = parsed && nlohmann::json::accept(line);
      std::lock_guard lock(seen.mu);
      ++seen.reads;
      seen.slowest_read = std::max(seen.slowest_read, t.seconds);
      if (t.run.exit_code != 0 || !parsed || out.empty())
        seen.failures.push_back(command + ": exit " + std::to_string(t.run.exit_code) + ": " + t.run.err);
      else if (command.rfind("export", 0) == 0 && static_cast<std::int64_t>(out.size()) < articles)
        seen.failures.push_back("export saw " + std::to_string(out.size()) + " articles of " + std::to_string(articles));
    }
  };

  // Edits, each with a marker of its own; the last one of each article must be archived.
  std::map<std::string, std::string> last_marker;  // url -> marker
  auto editor = [&] {
    std::mt19937 rng(7);
    for (int n = 0; Clock::now() < deadline; ++n) {
      const testsite::ArticleTruth& a = truth[rng() % truth.size()];
      std::string marker = "dau-an-" + std::to_string(n);
      testsite::ArticleEdit edit;
      edit.paragraph = std::make_pair(size_t{0}, "Đính chính " + marker + ": số liệu trong bài đã được sửa lại.");
      server->edit_article("baohatinh.vn", a.path, edit);
      last_marker[a.url] = marker;
      std::this_thread::sleep_for(std::chrono::milliseconds(700));
    }
  };

  std::vector<std::thread> threads;
  threads.emplace_back(updater);
  threads.emplace_back(updater);
  for (const std::string& command : reads) threads.emplace_back(reader, command);
  threads.emplace_back(editor);
  for (std::thread& t : threads) t.join();

  // One last update, far enough on from the last one that every edited article is due.
  Run last = run_khobao(archive + " update --json --delay 0 --now " + store::utc_time(t0 + (hour + 1) * kHour + 40 * kDay) +
                        routes(*server));
  REQUIRE(last.exit_code == 0);
  auto summary = nlohmann::json::parse(last.out);
  seen.fetched_by_run[summary["run"].get<std::int64_t>()] = summary["fetched"].get<std::int64_t>();

  for (const std::string& f : seen.failures) FAIL_CHECK(f);
  CHECK(seen.updates_done >= 2);
  CHECK(seen.updates_locked >= 1);  // they did meet at the lock
  CHECK(seen.slowest_lock_refusal < 5);

  store::Connection db((dir / "k.sqlite").string(), store::OpenMode::kReadOnly);
  // No lost write: every fetch a run reported is in the archive.
  for (const auto& [run, fetched] : seen.fetched_by_run) {
    INFO("run " << run);
    CHECK(count(db, "SELECT count(*) FROM fetch WHERE crawl_id = " + std::to_string(run)) == fetched);
  }
  // Every article's last edit is its latest version.
  for (const auto& [url, marker] : last_marker) {
    store::Statement s = db.prepare(
        "SELECT v.body FROM page p JOIN version v ON v.id = p.latest_version_id WHERE p.url = ?1");
    s.bind(1, url);
    REQUIRE(s.step());
    INFO(url << " expects " << marker);
    CHECK(s.text(0).find(marker + ":") != std::string::npos);
  }
  store::Statement integrity = db.prepare("PRAGMA integrity_check");
  REQUIRE(integrity.step());
  CHECK(integrity.text(0) == "ok");
  WARN(load_seconds() << " s: " << seen.updates_done << " updates ran, " << seen.updates_locked
                      << " found the lock held (slowest refusal " << seen.slowest_lock_refusal << " s); "
                      << seen.reads << " reads, slowest " << seen.slowest_read << " s; " << last_marker.size()
                      << " articles edited, " << count(db, "SELECT count(*) FROM version") << " versions");
}
