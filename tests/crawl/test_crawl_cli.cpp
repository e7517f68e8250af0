// `khobao crawl` as a user (or cron) runs it: against the test site through
// --connect-to, killed with SIGKILL mid-crawl and run again, with bad
// arguments, then searched and shown.
#include "crawl_support.hpp"

#include "app/cli_support.hpp"
#include "store/testing.hpp"

#include <catch2/catch.hpp>

#include <csignal>
#include <set>
#include <sys/wait.h>
#include <thread>

using namespace khobao;

namespace {

std::string crawl_args(const testsite::SiteServer& server, const std::vector<std::string>& hosts) {
  std::string args;
  for (const std::string& h : hosts) args += " --seed http://" + h + "/";
  return args + " --delay 0" + test::routes(server);
}

// The URLs whose page arrived, as committed; none while the archive is still being created.
std::set<std::string> committed_urls(const std::string& archive) {
  std::set<std::string> urls;
  if (!std::filesystem::exists(archive)) return urls;
  store::Connection db(archive, store::OpenMode::kReadOnly);
  db.exec("PRAGMA busy_timeout = 10000");
  store::Statement tables = db.prepare("SELECT count(*) FROM sqlite_schema WHERE name = 'frontier'");
  tables.step();
  if (tables.int64(0) == 0) return urls;
  store::Statement s = db.prepare("SELECT url FROM fetch WHERE status = 200");
  while (s.step()) urls.insert(s.text(0));
  return urls;
}

}  // namespace

TEST_CASE("khobao crawl, then search, show and history of what it archived", "[crawl][cli]") {
  auto server = test::start_site(5, {"baohatinh.vn"});
  test::TempDir dir;
  std::string archive = " --archive " + test::quote((dir / "k.sqlite").string());
  test::Run crawl = test::run_khobao(archive + " crawl" + crawl_args(*server, {"baohatinh.vn"}));
  INFO(crawl.err);
  REQUIRE(crawl.exit_code == 0);
  CHECK(crawl.err.find("new versions") != std::string::npos);  // the summary line

  const testsite::ArticleTruth& a = server->articles("baohatinh.vn").front();
  test::Run show = test::run_khobao(archive + " show --json " + test::quote(a.url));
  REQUIRE(show.exit_code == 0);
  CHECK(show.out.find(a.title) != std::string::npos);
  test::Run history = test::run_khobao(archive + " history " + test::quote(a.url));
  CHECK(history.exit_code == 0);
  std::string word = a.title.substr(0, a.title.find(' '));
  test::Run search = test::run_khobao(archive + " search --json " + test::quote(word));
  CHECK(search.exit_code == 0);
  CHECK(search.out.find(a.url) != std::string::npos);

  test::Run quiet = test::run_khobao(archive + " --quiet crawl" + crawl_args(*server, {"baohatinh.vn"}));
  CHECK(quiet.exit_code == 0);
  CHECK(quiet.err.empty());
  CHECK(quiet.out.empty());
}

TEST_CASE("khobao crawl refuses what it cannot crawl, with exit 2", "[crawl][cli]") {
  test::TempDir dir;
  std::string archive = " --archive " + test::quote((dir / "k.sqlite").string());
  test::Run bad_seed = test::run_khobao(archive + " crawl --seed ftp://baohatinh.vn/");
  CHECK(bad_seed.exit_code == 2);
  CHECK(bad_seed.err.find("ftp://baohatinh.vn/") != std::string::npos);
  test::Run bad_delay = test::run_khobao(archive + " crawl --seed http://baohatinh.vn/ --delay -1");
  CHECK(bad_delay.exit_code == 2);
  test::Run bad_route = test::run_khobao(archive + " crawl --seed http://baohatinh.vn/ --connect-to garbage");
  CHECK(bad_route.exit_code == 2);
  CHECK(bad_route.err.find("--connect-to 'garbage'") != std::string::npos);
}

TEST_CASE("a crawl killed with SIGKILL resumes: nothing committed is fetched twice, nothing is lost", "[crawl][cli][kill]") {
  auto server = test::start_site(15, {"baohatinh.vn", "baonghean.vn"});
  test::TempDir dir;
  std::string archive = (dir / "k.sqlite").string();
  std::vector<std::string> args = {"--archive", archive, "crawl", "--concurrency", "2"};
  for (const std::string& a : test::split_args(crawl_args(*server, {"baohatinh.vn", "baonghean.vn"}))) args.push_back(a);

  // Kill it several times at different points of the crawl.
  std::set<std::string> before_last_kill;
  int kills = 0;
  for (std::int64_t at : {5, 20, 45}) {
    pid_t pid = test::spawn_khobao(args);
    bool exited = false;
    for (int i = 0; i < 600; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(25));
      int status = 0;
      if (waitpid(pid, &status, WNOHANG) == pid) {
        exited = true;
        break;
      }
      if (static_cast<std::int64_t>(committed_urls(archive).size()) >= at) break;
    }
    if (exited) break;
    kill(pid, SIGKILL);
    waitpid(pid, nullptr, 0);
    ++kills;
    before_last_kill = committed_urls(archive);
  }
  REQUIRE(kills > 0);
  server->clear_log();
  std::string same_command;
  for (const std::string& a : args) same_command += test::quote(a) + " ";
  test::Run rest = test::run_khobao(same_command);
  INFO(rest.err);
  REQUIRE(rest.exit_code == 0);
  CHECK(rest.err.find("(resumed)") != std::string::npos);

  // Nothing that was committed before the kill was asked for again...
  // (robots.txt is read afresh by every run, as it should be.)
  for (const auto& r : server->requests()) {
    std::string url = "http://" + r.host + r.target;
    if (r.target != "/robots.txt") CHECK_FALSE(before_last_kill.count(url));
  }
  // ...and nothing is missing: every article is archived, once.
  store::Connection db(archive, store::OpenMode::kReadOnly);
  for (const char* host : {"baohatinh.vn", "baonghean.vn"})
    for (const testsite::ArticleTruth& a : server->articles(host)) {
      store::Statement s = db.prepare("SELECT count(*) FROM version WHERE url = ?1");
      s.bind(1, a.url);
      s.step();
      CHECK(s.int64(0) == 1);
    }
  store::Statement integrity = db.prepare("PRAGMA integrity_check");
  integrity.step();
  CHECK(integrity.text(0) == "ok");
}

TEST_CASE("budgeted crawls progress: each --max-pages run resumes the last, until every article is archived",
          "[crawl][cli][budget]") {
  auto server = test::start_site(300, {"baonghean.vn"});
  const auto& articles = server->articles("baonghean.vn");
  REQUIRE(articles.size() == 300);
  test::TempDir dir;
  std::string command = " --archive " + test::quote((dir / "k.sqlite").string()) + " crawl --max-pages 120" +
                        crawl_args(*server, {"baonghean.vn"});
  for (int run = 1; run <= 3; ++run) {
    test::Run r = test::run_khobao(command);
    INFO("run " << run << ": " << r.err);
    REQUIRE(r.exit_code == 0);
    CHECK((r.err.find("(resumed)") != std::string::npos) == (run > 1));
    if (run < 3) CHECK(r.err.find("stopped at its budget") != std::string::npos);
  }
  store::Connection db((dir / "k.sqlite").string(), store::OpenMode::kReadOnly);
  for (const testsite::ArticleTruth& a : articles) {
    INFO(a.url);
    CHECK(test::count(db, "SELECT count(*) FROM version WHERE url = '" + a.url + "'") == 1);
  }
  // Nothing was fetched twice: each run went on from where the last stopped.
  CHECK(test::count(db, "SELECT count(*) FROM (SELECT url FROM fetch WHERE url NOT LIKE '%/robots.txt' "
                        "GROUP BY url HAVING count(*) > 1)") == 0);
  CHECK(test::count(db, "SELECT count(*) FROM crawl") == 1);

  // --fresh starts over: a new crawl, which asks for the home page again.
  server->clear_log();
  test::Run fresh = test::run_khobao(command + " --fresh");
  INFO(fresh.err);
  CHECK(fresh.exit_code == 0);
  CHECK(fresh.err.find("(resumed)") == std::string::npos);
  CHECK(server->count_requests("baonghean.vn", "/") == 1);
  CHECK(test::count(db, "SELECT count(*) FROM crawl") == 2);
}
