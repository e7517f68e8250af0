// `khobao update`: what cron runs. Every site that is due, as its schedule
// says; one run at a time (exit 3 otherwise); quiet with --quiet, one summary
// line (or --json) at the end, and a rotating log beside the archive.
#include "app/cli.hpp"
#include "app/crawl_args.hpp"
#include "app/failures.hpp"
#include "app/inputs.hpp"
#include "app/output.hpp"
#include "app/run_lock.hpp"

#include "crawl/crawl.hpp"
#include "site/site.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include <cmath>
#include <filesystem>
#include <iostream>

namespace khobao::app {
namespace {

struct UpdateArgs {
  crawl::UpdateOptions options;
  NetworkArgs network;
  std::string now;       // ISO 8601
  bool json = false;
};

// The run's totals over its sites.
store::SiteRunCounts totals(const crawl::UpdateResult& r) { return store::run_totals(r.by_site); }

std::int64_t sites_due(const crawl::UpdatePlan& plan) {
  std::int64_t n = 0;
  for (const crawl::SitePlan& s : plan.sites) n += s.listings_due || s.due_pages > 0;
  return n;
}

std::string summary_line(const crawl::UpdateResult& r, double seconds) {
  store::SiteRunCounts t = totals(r);
  return fmt::format(
      "update{} at {}: {} sites ({} due), {} pages fetched, {} new articles, {} new versions, {} not modified, "
      "{} unchanged, {} gone, {} errors, {}, {:.1f} s",
      r.crawl.crawl_id ? fmt::format(" {}{}", r.crawl.crawl_id, r.crawl.resumed ? " (resumed)" : "") : "",
      r.plan.now, r.plan.sites.size(), sites_due(r.plan), t.fetched, t.new_articles, t.new_versions, t.not_modified,
      t.unchanged, t.gone, t.errors, failures_text(t.extraction_failures), seconds) +
         (r.crawl.stats.limits_hit ? fmt::format("; {} pages cut at a limit (see the log)", r.crawl.stats.limits_hit)
                                   : std::string());
}

nlohmann::ordered_json counts_json(const store::SiteRunCounts& c) {
  nlohmann::ordered_json j = {{"fetched", c.fetched},     {"new_articles", c.new_articles}, {"new_versions", c.new_versions},
                              {"not_modified", c.not_modified}, {"unchanged", c.unchanged}, {"gone", c.gone},
                              {"errors", c.errors}};
  j.update(failure_counts_json(c.extraction_failures));
  return j;
}

nlohmann::ordered_json summary_json(store::Archive& archive, const crawl::UpdateResult& r, double seconds,
                                    int exit_code) {
  nlohmann::ordered_json j = {{"now", r.plan.now},
                              {"run", r.crawl.crawl_id ? nlohmann::ordered_json(r.crawl.crawl_id) : nullptr},
                              {"resumed", r.crawl.resumed},
                              {"interrupted", r.crawl.interrupted},
                              {"exit_code", exit_code},
                              {"sites", r.plan.sites.size()},
                              {"sites_due", sites_due(r.plan)}};
  store::SiteRunCounts t = totals(r);
  j.update(counts_json(t));
  j.update(run_failed_urls_json(archive, r.crawl.crawl_id, t.extraction_failures));
  j["duration_s"] = std::round(seconds * 10) / 10;
  nlohmann::ordered_json by_site = nlohmann::ordered_json::array();
  for (const crawl::SitePlan& plan : r.plan.sites) {
    nlohmann::ordered_json s = {{"site", plan.host}, {"listings_due", plan.listings_due}, {"pages_due", plan.due_pages}};
    store::SiteRunCounts zero;
    const store::SiteRunCounts* counts = &zero;
    for (const store::SiteRunCounts& c : r.by_site)
      if (c.host == plan.host) counts = &c;
    s.update(counts_json(*counts));
    by_site.push_back(std::move(s));
  }
  j["by_site"] = std::move(by_site);
  return j;
}

// Sites that were due and got nothing but failures: unreachable, or
// refusing us. The run did not do its work for them (exit 1).
std::vector<std::string> failed_sites(const crawl::UpdateResult& r) {
  std::vector<std::string> failed;
  for (const store::SiteRunCounts& c : r.by_site)
    if (c.fetched > 0 && c.errors == c.fetched) failed.push_back(c.host);
  return failed;
}

int run_update(const GlobalOptions& global, UpdateArgs args) {
  crawl::UpdateOptions& o = args.options;
  if (!apply_network_options(args.network, o.crawl)) return kBadInput;
  if (!args.now.empty()) {
    std::optional<std::string> utc = store::to_utc_timestamp(args.now);
    if (!utc) {
      std::cerr << "khobao: --now '" << args.now << "' is not an ISO 8601 time such as 2026-11-27T08:00:00+07:00\n";
      return kBadInput;
    }
    store::pretend_now(*store::parse_utc(*utc));
  }
  std::optional<site::SiteSet> sites = load_selectors(global);
  if (!sites) return kBadInput;
  RunLock lock(global.archive, "khobao update");
  store::Archive archive(global.archive, store::Access::kWrite);
  crawl::Updater updater(archive, *sites, o);
  Progress progress("updating", global.quiet);
  auto started = std::chrono::steady_clock::now();
  StopOnSignal on_signal(updater.stop_flag());
  crawl::UpdateResult result = updater.run([&](const crawl::CrawlStats& s) {
    progress.update(s.fetched, 0, fmt::format("fetched, {} queued, {} errors", s.queued, s.errors));
  });
  progress.finish();
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

  int exit_code = kOk;
  if (result.crawl.interrupted) {
    std::cerr << "khobao: update interrupted; the next update resumes it\n";
    exit_code = kFailure;
  }
  for (const std::string& site : failed_sites(result)) {
    spdlog::error("update: {}: every fetch failed; see the log", site);
    exit_code = kFailure;
  }
  for (const store::SiteRunCounts& c : result.by_site)
    spdlog::info("update: {}: {} fetched, {} new articles, {} new versions, {} not modified, {} unchanged, {} gone, "
                 "{} errors, {}",
                 c.host, c.fetched, c.new_articles, c.new_versions, c.not_modified, c.unchanged, c.gone, c.errors,
                 failures_text(c.extraction_failures));
  std::string line = summary_line(result, seconds);
  spdlog::info("{}", line);
  if (args.json) std::cout << json_line(summary_json(archive, result, seconds, exit_code)) << "\n";
  else if (!global.quiet) std::cout << line << "\n";
  return exit_code;
}

// khobao.log beside the archive: archive/khobao.log by default.
std::string default_log_file(const GlobalOptions& global) {
  return (std::filesystem::path(global.archive).parent_path() / "khobao.log").string();
}

}  // namespace

void add_update_command(CLI::App& app, const GlobalOptions& global, int& exit_code) {
  auto args = std::make_shared<UpdateArgs>();
  crawl::UpdateOptions& o = args->options;
  CLI::App* cmd = app.add_subcommand(
      "update", "What cron runs: every site that is due (listings, then articles to revisit, newest first)");
  cmd->add_option("--site", o.crawl.sites, "Only this site (host); default: every site of the archive. Repeatable");
  cmd->add_option("--max-depth", o.max_depth, "Follow links at most this many steps from a site's seeds")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  cmd->add_option("--now", args->now,
                  "Run as if the clock said this ISO 8601 time (tests, simulations, catching up)");
  cmd->add_flag("--json", args->json, "Print the summary as one line of JSON (also with --quiet)");
  add_network_options(cmd, o.crawl, args->network);
  cmd->callback([&global, &exit_code, args] {
    exit_code = run_guarded([&] {
      setup_logging(global, default_log_file(global));
      return run_update(global, *args);
    });
  });
}

}  // namespace khobao::app
