// `khobao crawl`: fetch the sites now, following their listings, feeds and
// sitemaps, into the archive. Interrupted (Ctrl-C, SIGTERM, kill -9) or cut by
// its budget (--max-pages, --max-time), the same command resumes where it
// stopped; --fresh starts over.
#include "app/cli.hpp"
#include "app/crawl_args.hpp"
#include "app/failures.hpp"
#include "app/inputs.hpp"
#include "app/output.hpp"
#include "app/run_lock.hpp"

#include "crawl/crawl.hpp"
#include "site/site.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>

#include <cmath>
#include <iostream>

namespace khobao::app {
namespace {

struct CrawlArgs {
  crawl::CrawlOptions options;
  NetworkArgs network;
  int max_depth = -1;
  bool json = false;
};

// `failures` are the run's extraction failures, counted from the archive:
// the crawl's, a resumed one's earlier invocations included.
std::string summary_line(const crawl::CrawlResult& r, const store::FailureCounts& failures) {
  const crawl::CrawlStats& s = r.stats;
  double rate = s.seconds > 0 ? static_cast<double>(s.fetched) / s.seconds : 0;
  return fmt::format(
      "crawl {}{}: {} fetches in {:.1f} s ({:.1f}/s, {:.1f} MB): {} new versions, {} unchanged, {} not modified, "
      "{} gone; {} errors ({} retried, {} given up); {}; {} disallowed by robots.txt; {} still queued; "
      "CPU s: fetch {:.1f}, extract {:.1f}, store {:.1f}",
      r.crawl_id, r.resumed ? " (resumed)" : "", s.fetched, s.seconds, rate, static_cast<double>(s.bytes) / 1e6,
      s.new_versions, s.unchanged, s.not_modified, s.gone, s.errors, s.retries, s.failed, failures_text(failures),
      s.disallowed, s.queued, s.cpu_fetch, s.cpu_extract, s.cpu_store) +
         (s.limits_hit ? fmt::format("; {} pages cut at a limit (see the log)", s.limits_hit) : std::string());
}

nlohmann::ordered_json summary_json(store::Archive& archive, const crawl::CrawlResult& r,
                                    const store::FailureCounts& failures, int exit_code) {
  const crawl::CrawlStats& s = r.stats;
  nlohmann::ordered_json j = {{"run", r.crawl_id},          {"resumed", r.resumed},
                              {"interrupted", r.interrupted}, {"budget_stopped", r.budget_stopped},
                              {"exit_code", exit_code},      {"fetched", s.fetched},
                              {"new_versions", s.new_versions}, {"unchanged", s.unchanged},
                              {"not_modified", s.not_modified}, {"gone", s.gone},
                              {"errors", s.errors},          {"retried", s.retries},
                              {"given_up", s.failed},        {"disallowed", s.disallowed},
                              {"queued", s.queued},          {"limits_hit", s.limits_hit}};
  j.update(failure_counts_json(failures));
  j.update(run_failed_urls_json(archive, r.crawl_id, failures));
  j["bytes"] = s.bytes;
  j["duration_s"] = std::round(s.seconds * 10) / 10;
  return j;
}

int run_crawl(const GlobalOptions& global, CrawlArgs args) {
  crawl::CrawlOptions& o = args.options;
  if (!apply_network_options(args.network, o)) return kBadInput;
  if (args.max_depth >= 0) o.max_depth = args.max_depth;
  std::optional<site::SiteSet> sites = load_selectors(global);
  if (!sites) return kBadInput;
  RunLock lock(global.archive, "khobao crawl");
  store::Archive archive(global.archive, store::Access::kWrite);
  crawl::Crawler crawler(archive, *sites, o);
  Progress progress("crawling", global.quiet);
  StopOnSignal on_signal(crawler.stop_flag());
  crawl::CrawlResult result = crawler.run([&](const crawl::CrawlStats& s) {
    double rate = s.seconds > 0 ? static_cast<double>(s.fetched) / s.seconds : 0;
    progress.update(s.fetched, 0,
                    fmt::format("fetched, {} queued, {} in flight, {} errors, {:.1f}/s", s.queued, s.in_flight,
                                s.errors, rate));
  });
  progress.finish();
  store::FailureCounts failures =
      store::run_totals(store::run_counts_by_site(archive, result.crawl_id)).extraction_failures;
  std::string line = summary_line(result, failures);
  spdlog::info("{}", line);
  int exit_code = result.interrupted ? kFailure : kOk;
  if (args.json) std::cout << json_line(summary_json(archive, result, failures, exit_code)) << "\n";
  else if (!global.quiet) std::cerr << line << "\n";
  if (result.interrupted) {
    std::cerr << "khobao: crawl interrupted; run the same command again to resume it\n";
  } else if (result.budget_stopped) {
    std::string note = fmt::format("crawl {} stopped at its budget with {} URLs queued; the next run of the same "
                                   "command resumes it (--fresh starts over)",
                                   result.crawl_id, result.stats.queued);
    spdlog::info("{}", note);
    if (!global.quiet) std::cerr << "khobao: " << note << "\n";
  }
  return exit_code;
}

}  // namespace

void add_crawl_command(CLI::App& app, const GlobalOptions& global, int& exit_code) {
  auto args = std::make_shared<CrawlArgs>();
  crawl::CrawlOptions& o = args->options;
  CLI::App* cmd = app.add_subcommand("crawl", "Crawl sites now: listings, feeds, sitemaps and their articles");
  cmd->add_option("--site", o.sites, "A site to crawl (host); its selector file gives seeds and rules. Repeatable");
  cmd->add_option("--seed", o.seeds, "Start here instead of the site file's seeds (http(s) URL). Repeatable");
  cmd->add_option("--max-depth", args->max_depth, "Follow links at most this many steps from a seed")
      ->check(CLI::NonNegativeNumber);
  cmd->add_flag("--json", args->json, "Print the summary as one line of JSON on stdout (also with --quiet)");
  cmd->add_flag("--fresh", o.fresh,
                "Start the crawl over instead of resuming an unfinished one (interrupted or cut by a budget)");
  add_network_options(cmd, o, args->network);
  cmd->callback([&global, &exit_code, args] {
    exit_code = run_guarded([&] {
      setup_logging(global);
      return run_crawl(global, *args);
    });
  });
}

}  // namespace khobao::app
