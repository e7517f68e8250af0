// `khobao update` as cron runs it: silent with --quiet, one summary line or
// JSON, a log that rotates, one run at a time (exit 3, naming the holder), a
// killed run completed by the next, and the systemd units of contrib/.
#include "update_support.hpp"

#include "app/cli_support.hpp"
#include "store/testing.hpp"

#include <nlohmann/json.hpp>

#include <csignal>
#include <regex>
#include <thread>

using namespace khobao;
using namespace khobao::test;

namespace {

// A first crawl of `host` through the CLI.
void crawl_site(const std::string& archive, const testsite::SiteServer& server, const std::string& host) {
  Run crawl = run_khobao(archive + " --quiet crawl --delay 0 --seed http://" + host + "/" + routes(server));
  INFO(crawl.err);
  REQUIRE(crawl.exit_code == 0);
}

std::string at(std::time_t t) { return " --now " + store::utc_time(t); }

// Whether `utc` is `t` or a little after: the clock moves on from --now while a run works.
bool near(const std::string& utc, std::time_t t) {
  std::optional<std::time_t> u = store::parse_utc(utc);
  return u && *u >= t && *u - t < 60;
}

std::int64_t scalar(const std::string& archive, const std::string& sql) {
  store::Connection db(archive, store::OpenMode::kReadOnly);
  db.exec("PRAGMA busy_timeout = 10000");
  store::Statement s = db.prepare(sql);
  s.step();
  return s.int64(0);
}

bool wait_for(const std::function<bool()>& done, pid_t pid) {
  for (int i = 0; i < 800; ++i) {
    if (done()) return true;
    if (waitpid(pid, nullptr, WNOHANG) == pid) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
  }
  return false;
}

}  // namespace

TEST_CASE("khobao update under cron: silent with --quiet, a summary line, --json, a rotating log", "[crawl][update][cli]") {
  auto server = start_site(4, {"baohatinh.vn"});
  TempDir dir;
  std::string file = (dir / "archive" / "k.sqlite").string();
  std::string archive = " --archive " + quote(file);
  crawl_site(archive, *server, "baohatinh.vn");
  std::time_t t0 = store::clock_now();
  std::size_t articles = server->articles("baohatinh.vn").size();

  // Nothing due yet, and nothing said.
  Run quiet = run_khobao(archive + " --quiet update --delay 0" + routes(*server) + at(t0 + 10 * kMinute));
  CHECK(quiet.exit_code == 0);
  CHECK(quiet.out.empty());
  CHECK(quiet.err.empty());
  // The log beside the archive has the run's summary.
  std::string log = read_file(dir / "archive" / "khobao.log");
  std::smatch m;
  REQUIRE(std::regex_search(log, m, std::regex(R"(update at (\S+): 1 sites \(0 due\))")));
  CHECK(near(m[1].str(), t0 + 10 * kMinute));

  // Two hours on: every article revisited; one summary line, as text and as JSON.
  Run text = run_khobao(archive + " update --delay 0" + routes(*server) + at(t0 + 2 * kHour));
  CHECK(text.exit_code == 0);
  REQUIRE(lines(text.out).size() == 1);
  // The articles answer 304, and the listings, asked for with their validators too.
  std::smatch counts;
  REQUIRE(std::regex_search(text.out, counts, std::regex(R"(^update \d+ at \S+: 1 sites \(1 due\), (\d+) pages fetched, 0 new articles, 0 new versions, (\d+) not modified, 0 unchanged, 0 gone, 0 errors, 0 extraction failures, [0-9.]+ s)")));
  CHECK(std::stoul(counts[2].str()) > articles);
  Run json = run_khobao(archive + " --quiet update --json --delay 0" + routes(*server) + at(t0 + 9 * kHour));
  CHECK(json.exit_code == 0);
  REQUIRE(lines(json.out).size() == 1);
  nlohmann::json j = nlohmann::json::parse(json.out);
  CHECK(near(j["now"].get<std::string>(), t0 + 9 * kHour));
  CHECK(j["exit_code"] == 0);
  CHECK(j["sites"] == 1);
  CHECK(j["not_modified"].get<std::size_t>() > articles);
  CHECK(j["new_versions"] == 0);
  CHECK(j["errors"] == 0);
  CHECK(j["by_site"][0]["site"] == "baohatinh.vn");
  CHECK(j["by_site"][0]["pages_due"] == articles);

  // The log rotates: a small limit, a verbose level, a few runs.
  for (int i = 0; i < 4; ++i)
    run_khobao(archive + " --quiet --log-level debug --log-rotate-size 4096 update --delay 0" + routes(*server) +
               at(t0 + (10 + i) * kHour));
  CHECK(std::filesystem::exists(dir / "archive" / "khobao.1.log"));
  for (const auto& entry : std::filesystem::directory_iterator(dir / "archive"))
    if (entry.path().extension() == ".log") CHECK(entry.file_size() < 4096 + 2048);

  // `sites` says when it ran, how it went and when it is next due.
  Run sites = run_khobao(archive + " sites --json");
  REQUIRE(sites.exit_code == 0);
  for (const std::string& line : lines(sites.out)) {
    nlohmann::json s = nlohmann::json::parse(line);
    if (s["site"] != "baohatinh.vn") continue;
    // The clock moves on from --now while a run works: a few seconds of slack.
    std::time_t started = *store::parse_utc(s["last_run_started"].get<std::string>());
    std::time_t due = *store::parse_utc(s["next_due"].get<std::string>());
    CHECK(started - (t0 + 13 * kHour) < 60);
    CHECK(started >= t0 + 13 * kHour);
    CHECK(s["last_run_errors"] == 0);
    CHECK(due - started >= 30 * kMinute);  // the listings, every 30 min
    CHECK(due - started < 30 * kMinute + 60);
  }
  Run table = run_khobao(archive + " sites");
  CHECK(table.out.find("next due") != std::string::npos);
}

TEST_CASE("khobao update refuses bad times with exit 2", "[crawl][update][cli]") {
  TempDir dir;
  std::string archive = " --archive " + quote((dir / "k.sqlite").string());
  Run now = run_khobao(archive + " update --now yesterday");
  CHECK(now.exit_code == 2);
  CHECK(now.err.find("--now 'yesterday'") != std::string::npos);
  Run max_time = run_khobao(archive + " update --max-time 10");
  CHECK(max_time.exit_code == 2);
  CHECK(max_time.err.find("--max-time '10'") != std::string::npos);
}

TEST_CASE("one update at a time: the second exits 3 naming the first, a killed run is completed by the next",
          "[crawl][update][cli][kill]") {
  auto server = start_site(8, {"baohatinh.vn"});
  TempDir dir;
  std::string file = (dir / "k.sqlite").string();
  crawl_site(" --archive " + quote(file), *server, "baohatinh.vn");
  std::int64_t crawls = scalar(file, "SELECT count(*) FROM crawl");
  std::time_t t0 = store::clock_now();

  // A slow update (0.2 s between requests) of every article, two hours on.
  std::vector<std::string> args = {"--archive", file, "--quiet", "update", "--delay", "0.2", "--concurrency", "1",
                                   "--now", store::utc_time(t0 + 2 * kHour)};
  for (const std::string& a : split_args(routes(*server))) args.push_back(a);
  pid_t first = spawn_khobao(args);
  REQUIRE(wait_for([&] { return scalar(file, "SELECT count(*) FROM fetch WHERE crawl_id > " + std::to_string(crawls)) >= 8; },
                   first));

  Run second = run_khobao(" --archive " + quote(file) + " update --delay 0" + routes(*server) + at(t0 + 2 * kHour));
  CHECK(second.exit_code == 3);
  CHECK(second.err.find("pid " + std::to_string(first) + ": khobao update") != std::string::npos);

  kill(first, SIGKILL);
  waitpid(first, nullptr, 0);

  // No stale lock: the next run starts, resumes the killed one, and finishes its work.
  Run next = run_khobao(" --archive " + quote(file) + " update --delay 0" + routes(*server) + at(t0 + 2 * kHour + 60));
  INFO(next.err);
  REQUIRE(next.exit_code == 0);
  CHECK(next.out.find("(resumed)") != std::string::npos);
  // Every article was visited once by the two runs together: done work is not redone, none is missing.
  store::Connection db(file, store::OpenMode::kReadOnly);
  for (const testsite::ArticleTruth& a : server->articles("baohatinh.vn")) {
    store::Statement s = db.prepare(
        "SELECT count(*) FROM fetch f JOIN page p ON p.id = f.page_id WHERE p.url = ?1 AND f.crawl_id > ?2");
    s.bind(1, a.url).bind(2, crawls);
    s.step();
    INFO(a.url);
    CHECK(s.int64(0) == 1);
  }
  store::Statement integrity = db.prepare("PRAGMA integrity_check");
  integrity.step();
  CHECK(integrity.text(0) == "ok");
}

TEST_CASE("the systemd units of contrib/ pass systemd-analyze verify, and khobao accepts their command",
          "[update][cli][systemd]") {
  std::filesystem::path units = source_dir() / "contrib" / "systemd";
  std::string service = read_file(units / "khobao-update@.service");
  std::string timer = read_file(units / "khobao-update@.timer");
  TempDir dir;

  // The command line, with its paths moved into a temporary folder, is one khobao runs.
  std::smatch m;
  REQUIRE(std::regex_search(service, m, std::regex(R"(ExecStart=/usr/local/bin/khobao (.*))")));
  std::string command = std::regex_replace(m[1].str(), std::regex("/var/lib/khobao/%i"), (dir / "state").string());
  command = std::regex_replace(command, std::regex("/usr/local/share/khobao/selectors"), (source_dir() / "selectors").string());
  Run run = run_khobao(command);
  CHECK(run.exit_code == 0);
  CHECK(run.out.empty());
  CHECK(run.err.empty());

  if (std::system("command -v systemd-analyze > /dev/null 2>&1") != 0) {
    WARN("systemd-analyze is not installed: the units' syntax is not checked");
    return;
  }
  // Instances named "test", with ExecStart pointing at the built binary (verify checks it exists).
  write_file(dir / "khobao-update@test.service",
             std::regex_replace(service, std::regex("/usr/local/bin/khobao"), std::string(KHOBAO_BINARY)));
  write_file(dir / "khobao-update@test.timer", timer);
  std::string verify = "systemd-analyze verify --man=no " + quote((dir / "khobao-update@test.service").string()) + " " +
                       quote((dir / "khobao-update@test.timer").string());
  CHECK(std::system((verify + " 2>&1").c_str()) == 0);
  // And a broken timer is caught, so the check above means something.
  write_file(dir / "khobao-update@test.timer", std::regex_replace(timer, std::regex("OnCalendar="), "OnCalender="));
  CHECK(std::system((verify + " > /dev/null 2>&1").c_str()) != 0);
}
