// `khobao sites`: the selector files, and what the archive holds of each site:
// its pages, articles and versions, its last run (and that run's errors), and
// when `khobao update` next has something to do for it.
#include "app/cli.hpp"
#include "app/inputs.hpp"
#include "app/output.hpp"

#include "crawl/schedule.hpp"
#include "store/store.hpp"

#include <filesystem>
#include <fmt/format.h>

#include <iostream>
#include <map>

namespace khobao::app {
namespace {

struct SiteRow {
  bool has_selector_file = false;
  store::SiteSummary summary;
  std::optional<std::string> next_due;  // for a site of the archive
};

nlohmann::ordered_json row_json(const SiteRow& row) {
  const store::SiteSummary& s = row.summary;
  return {{"site", s.host}, {"selector_file", row.has_selector_file}, {"pages", s.pages},
          {"articles", s.articles}, {"versions", s.versions}, {"fetches", s.fetches}, {"errors", s.errors},
          {"gone", s.gone}, {"first_fetch", s.first_fetch ? nlohmann::ordered_json(*s.first_fetch) : nullptr},
          {"last_fetch", s.last_fetch ? nlohmann::ordered_json(*s.last_fetch) : nullptr},
          {"last_run", s.last_run ? nlohmann::ordered_json(*s.last_run) : nullptr},
          {"last_run_started", s.last_run_started ? nlohmann::ordered_json(*s.last_run_started) : nullptr},
          {"last_run_errors", s.last_run_errors},
          {"next_due", row.next_due ? nlohmann::ordered_json(*row.next_due) : nullptr}};
}

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
  std::map<std::string, SiteRow> rows;
  std::string now = store::utc_now();
  for (const auto& host : selectors->hosts()) {
    rows[host].has_selector_file = true;
    rows[host].summary.host = host;
  }
  if (std::filesystem::exists(global.archive)) {
    store::Archive archive(global.archive, store::Access::kRead);
    store::ReadTransaction snapshot(archive.db());  // one state of the archive throughout
    for (auto& s : store::site_summaries(archive.db())) {
      SiteRow& row = rows[s.host];
      row.next_due = crawl::next_due(archive.db(), s.host, crawl::schedule_for(selectors->find(s.host)), now);
      row.summary = std::move(s);
    }
  }
  if (json) {
    for (const auto& [host, row] : rows) std::cout << json_line(row_json(row)) << "\n";
    return kOk;
  }
  // Errors are those of the site's last run: what an archivist checking on
  // cron wants to see. `--json` has the totals too.
  std::cout << fmt::format("{:<24} {:>8} {:>8} {:>8}  {:<16} {:>6}  {:<16} {}\n", "site", "pages", "articles",
                           "versions", "last run", "errors", "next due", "file");
  for (const auto& [host, row] : rows) {
    const store::SiteSummary& s = row.summary;
    std::string last_run = s.last_run_started ? short_time(*s.last_run_started) : "never";
    std::cout << terminal_safe(fmt::format("{:<24} {:>8} {:>8} {:>8}  {:<16} {:>6}  {:<16} {}\n", host, s.pages,
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
