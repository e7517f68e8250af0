// `khobao sites`: the selector files, and what the archive holds of each site:
// its pages, articles and versions, its last run (and that run's errors), and
// when `khobao update` next has something to do for it.
#include "app/cli.hpp"
#include "app/inputs.hpp"
#include "app/output.hpp"

#include "crawl/site_status.hpp"
#include "store/store.hpp"

#include <filesystem>
#include <fmt/format.h>

#include <iostream>

namespace khobao::app {
namespace {

// "2026-11-27T08:00:00Z" as "2026-11-27 08:00".
std::string short_time(const std::string& t) { return t.substr(0, 10) + " " + t.substr(11, 5); }

// When a site is next due: "now" when that is not later than `now`.
std::string due_text(const std::optional<std::string>& due, const std::string& now) {
  if (!due) return "-";
  return *due <= now ? "now" : short_time(*due);
}

int run_sites(const GlobalOptions& global, bool json) {
  std::optional<extract::SiteRulesSet> selectors = load_selectors(global);
  if (!selectors) return kBadInput;
  std::string now = store::utc_now();
  std::vector<crawl::SiteStatus> rows;
  if (std::filesystem::exists(global.archive)) {
    store::Archive archive(global.archive, store::Access::kRead);
    store::ReadTransaction snapshot(archive.db());  // one state of the archive throughout
    rows = crawl::site_statuses(&archive.db(), *selectors, now);
  } else {
    rows = crawl::site_statuses(nullptr, *selectors, now);
  }
  if (json) {
    for (const auto& row : rows) std::cout << json_line(crawl::site_status_json(row)) << "\n";
    return kOk;
  }
  // Errors are those of the site's last run: what an archivist checking on
  // cron wants to see. `--json` has the totals too.
  std::cout << fmt::format("{:<24} {:>8} {:>8} {:>8}  {:<16} {:>6}  {:<16} {}\n", "site", "pages", "articles",
                           "versions", "last run", "errors", "next due", "file");
  for (const auto& row : rows) {
    const store::SiteSummary& s = row.summary;
    std::string last_run = s.last_run_started ? short_time(*s.last_run_started) : "never";
    std::cout << terminal_safe(fmt::format("{:<24} {:>8} {:>8} {:>8}  {:<16} {:>6}  {:<16} {}\n", s.host, s.pages,
                                           s.articles, s.versions, last_run, s.last_run_errors,
                                           due_text(row.next_due, now), row.has_selector_file ? "yes" : "no"));
  }
  return kOk;
}

}  // namespace

void add_sites_command(CLI::App& app, const GlobalOptions& global, int& exit_code) {
  auto json = std::make_shared<bool>(false);
  CLI::App* cmd = app.add_subcommand("sites", "List the selector files and what is archived of each site");
  cmd->add_flag("--json", *json, "One JSON object per site per line");
  cmd->callback([&global, &exit_code, json] {
    exit_code = run_guarded([&] {
      setup_logging(global);
      return run_sites(global, *json);
    });
  });
}

}  // namespace khobao::app
