// `khobao crawl`: fetch the sites now, following their listings, feeds and
// sitemaps, into the archive. Interrupted (Ctrl-C, SIGTERM, kill -9), the same
// command resumes where it stopped.
#include "app/cli.hpp"
#include "app/inputs.hpp"
#include "app/output.hpp"

#include "crawl/crawl.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <csignal>
#include <iostream>

namespace khobao::app {
namespace {

struct CrawlArgs {
  crawl::CrawlOptions options;
  std::int64_t max_pages = 0;
  int max_depth = -1;
  double delay = -1;
  int concurrency = 0;
};

std::atomic<crawl::Crawler*> running_crawler{nullptr};

extern "C" void on_stop_signal(int) {
  if (crawl::Crawler* c = running_crawler.load()) c->stop();
}

// The crawler listens for SIGINT and SIGTERM while it runs, to stop cleanly.
class StopOnSignal {
 public:
  explicit StopOnSignal(crawl::Crawler& c) {
    running_crawler.store(&c);
    old_int_ = std::signal(SIGINT, on_stop_signal);
    old_term_ = std::signal(SIGTERM, on_stop_signal);
  }
  ~StopOnSignal() {
    std::signal(SIGINT, old_int_);
    std::signal(SIGTERM, old_term_);
    running_crawler.store(nullptr);
  }
  StopOnSignal(const StopOnSignal&) = delete;
  StopOnSignal& operator=(const StopOnSignal&) = delete;

 private:
  void (*old_int_)(int) = SIG_DFL;
  void (*old_term_)(int) = SIG_DFL;
};

std::string summary_line(const crawl::CrawlResult& r) {
  const crawl::CrawlStats& s = r.stats;
  double rate = s.seconds > 0 ? static_cast<double>(s.fetched) / s.seconds : 0;
  return fmt::format(
      "crawl {}{}: {} fetches in {:.1f} s ({:.1f}/s, {:.1f} MB): {} new versions, {} unchanged, {} not modified, "
      "{} gone; {} errors ({} retried, {} given up); {} disallowed by robots.txt; {} still queued; "
      "CPU s: fetch {:.1f}, extract {:.1f}, store {:.1f}",
      r.crawl_id, r.resumed ? " (resumed)" : "", s.fetched, s.seconds, rate, static_cast<double>(s.bytes) / 1e6,
      s.new_versions, s.unchanged, s.not_modified, s.gone, s.errors, s.retries, s.failed, s.disallowed, s.queued,
      s.cpu_fetch, s.cpu_extract, s.cpu_store);
}

// Whether `entry` reads HOST:PORT:HOST2:PORT2 (either host may be empty, as
// libcurl allows; ports are numbers or empty). libcurl ignores an entry it
// cannot read, and the request would then go where DNS says: refuse it here.
bool valid_connect_to(const std::string& entry) {
  auto port = [](std::string_view p) {
    return p.size() <= 5 && std::all_of(p.begin(), p.end(), [](char c) { return c >= '0' && c <= '9'; });
  };
  size_t first = entry.find(':');
  size_t last = entry.rfind(':');
  if (first == std::string::npos || last == first) return false;
  size_t second = entry.find(':', first + 1);
  size_t third = entry.rfind(':', last - 1);
  if (second == std::string::npos || second >= last || third <= first) return false;
  return port(std::string_view(entry).substr(first + 1, second - first - 1)) &&
         port(std::string_view(entry).substr(last + 1));
}

int run_crawl(const GlobalOptions& global, CrawlArgs args) {
  for (const std::string& entry : args.options.connect_to)
    if (!valid_connect_to(entry)) {
      std::cerr << "khobao: --connect-to '" << entry << "' is not HOST:PORT:HOST2:PORT2\n";
      return kBadInput;
    }
  std::optional<extract::SiteRulesSet> sites = load_selectors(global);
  if (!sites) return kBadInput;
  crawl::CrawlOptions& o = args.options;
  if (args.max_pages > 0) o.max_pages = args.max_pages;
  if (args.max_depth >= 0) o.max_depth = args.max_depth;
  if (args.delay >= 0) o.delay = args.delay;
  if (args.concurrency > 0) o.concurrency = args.concurrency;
  store::Archive archive(global.archive, store::Access::kWrite);
  crawl::Crawler crawler(archive, *sites, o);
  Progress progress("crawling", global.quiet);
  crawl::CrawlResult result;
  try {
    StopOnSignal on_signal(crawler);
    result = crawler.run([&](const crawl::CrawlStats& s) {
      double rate = s.seconds > 0 ? static_cast<double>(s.fetched) / s.seconds : 0;
      progress.update(s.fetched, 0,
                      fmt::format("fetched, {} queued, {} in flight, {} errors, {:.1f}/s", s.queued, s.in_flight,
                                  s.errors, rate));
    });
  } catch (const crawl::ScopeError& e) {
    progress.finish();
    std::cerr << "khobao: " << e.what() << "\n";
    return kBadInput;
  }
  progress.finish();
  spdlog::info("{}", summary_line(result));
  if (!global.quiet) std::cerr << summary_line(result) << "\n";
  if (result.interrupted) {
    std::cerr << "khobao: crawl interrupted; run the same command again to resume it\n";
    return kFailure;
  }
  return kOk;
}

}  // namespace

void add_crawl_command(CLI::App& app, const GlobalOptions& global, int& exit_code) {
  auto args = std::make_shared<CrawlArgs>();
  crawl::CrawlOptions& o = args->options;
  CLI::App* cmd = app.add_subcommand("crawl", "Crawl sites now: listings, feeds, sitemaps and their articles");
  cmd->add_option("--site", o.sites, "A site to crawl (host); its selector file gives seeds and rules. Repeatable");
  cmd->add_option("--seed", o.seeds, "Start here instead of the site file's seeds (http(s) URL). Repeatable");
  cmd->add_option("--max-pages", args->max_pages, "Stop after this many page fetches")->check(CLI::PositiveNumber);
  cmd->add_option("--max-depth", args->max_depth, "Follow links at most this many steps from a seed")
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--delay", args->delay,
                  "Seconds between two requests to one host, for every site (0 for loopback benchmarks; "
                  "robots.txt Crawl-delay still applies)")
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--concurrency", args->concurrency, "Requests at once per host, for every site")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--connect-to", o.connect_to,
                  "HOST:PORT:HOST2:PORT2: connect to HOST2:PORT2 for requests to HOST:PORT (libcurl's "
                  "CONNECT_TO). Repeatable");
  cmd->add_option("--contact", o.contact, "A URL or mail address for site owners, sent in the User-Agent")
      ->envname("KHOBAO_CONTACT");
  cmd->add_option("--jobs", o.jobs, "Extraction threads (default: the number of cores)")->check(CLI::PositiveNumber);
  cmd->callback([&global, &exit_code, args] {
    setup_logging(global);
    exit_code = run_guarded([&] { return run_crawl(global, *args); });
  });
}

}  // namespace khobao::app
