// `khobao sites`: the selector files, and what the archive holds of each site:
// its pages, articles and versions, its extraction failures, its last run (and
// that run's errors), and when `khobao update` next has something to do for
// it. `--failures` lists the failed articles themselves.
#include "app/cli.hpp"
#include "app/failures.hpp"
#include "app/inputs.hpp"
#include "app/output.hpp"

#include "site/site.hpp"
#include "store/site_status.hpp"
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

struct SitesArgs {
  bool json = false;
  bool failures = false;
  std::string site;  // only this site, if given
};

// The articles whose latest version is an extraction failure: one line each,
// "SITE<TAB>REASON<TAB>URL<TAB>TITLE", or one JSON object each; a count on stderr.
int print_failures(const GlobalOptions& global, const SitesArgs& args) {
  store::Archive archive(global.archive, store::Access::kRead);
  store::ReadSnapshot snapshot(archive);
  std::vector<store::FailedPage> pages =
      store::failed_pages(archive, args.site.empty() ? std::nullopt : std::optional<std::string>(args.site));
  for (const store::FailedPage& p : pages) {
    if (args.json) std::cout << json_line(failed_page_json(p)) << "\n";
    else std::cout << terminal_safe(fmt::format("{}\t{}\t{}\t{}", p.site, p.reason, p.url, p.title.value_or("")))
                   << "\n";
  }
  if (!global.quiet)
    std::cerr << fmt::format("{} article{} whose latest version is an extraction failure{}\n", pages.size(),
                             pages.size() == 1 ? "" : "s",
                             pages.empty() ? "" : "; khobao reextract once the selector file is mended");
  return kOk;
}

int run_sites(const GlobalOptions& global, const SitesArgs& args) {
  if (args.failures) return print_failures(global, args);
  std::optional<site::SiteSet> selectors = load_selectors(global);
  if (!selectors) return kBadInput;
  std::string now = store::utc_now();
  std::vector<store::SiteStatus> rows;
  if (std::filesystem::exists(global.archive)) {
    store::Archive archive(global.archive, store::Access::kRead);
    store::ReadSnapshot snapshot(archive);  // one state of the archive throughout
    rows = store::site_statuses(&archive, *selectors, now);
  } else {
    rows = store::site_statuses(nullptr, *selectors, now);
  }
  if (!args.site.empty())
    std::erase_if(rows, [&](const store::SiteStatus& row) { return row.summary.host != args.site; });
  if (args.json) {
    for (const auto& row : rows) std::cout << json_line(store::site_status_json(row)) << "\n";
    return kOk;
  }
  // Errors are those of the site's last run: what an archivist checking on
  // cron wants to see. `--json` has the totals too. Failures are the site's
  // articles whose latest version is an extraction failure (body empty or
  // short): a share that jumps says the site changed its markup.
  std::cout << fmt::format("{:<24} {:>8} {:>8} {:>8} {:>14}  {:<16} {:>6}  {:<16} {}\n", "site", "pages", "articles",
                           "versions", "failures", "last run", "errors", "next due", "file");
  for (const auto& row : rows) {
    const store::SiteSummary& s = row.summary;
    std::string last_run = s.last_run_started ? short_time(*s.last_run_started) : "never";
    std::cout << terminal_safe(fmt::format("{:<24} {:>8} {:>8} {:>8} {:>14}  {:<16} {:>6}  {:<16} {}\n", s.host,
                                           s.pages, s.articles, s.versions, store::failures_cell(s), last_run,
                                           s.last_run_errors, due_text(row.next_due, now),
                                           row.has_selector_file ? "yes" : "no"));
  }
  return kOk;
}

}  // namespace

void add_sites_command(CLI::App& app, const GlobalOptions& global, int& exit_code) {
  auto args = std::make_shared<SitesArgs>();
  CLI::App* cmd = app.add_subcommand("sites", "List the selector files and what is archived of each site");
  cmd->add_flag("--json", args->json, "One JSON object per site (or per failed article) per line");
  cmd->add_flag("--failures", args->failures,
                "List the articles whose latest version is an extraction failure (no body, short body), with why");
  cmd->add_option("--site", args->site, "Only this site (host)");
  cmd->callback([&global, &exit_code, args] {
    exit_code = run_guarded([&] {
      setup_logging(global);
      return run_sites(global, *args);
    });
  });
}

}  // namespace khobao::app
