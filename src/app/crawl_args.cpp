// Options and signal handling shared by crawl and update; see crawl_args.hpp.
#include "app/crawl_args.hpp"

#include "site/site.hpp"

#include <algorithm>
#include <csignal>
#include <iostream>

namespace khobao::app {
namespace {

std::atomic<std::atomic<bool>*> stop_flag{nullptr};

extern "C" void on_stop_signal(int) {
  if (std::atomic<bool>* flag = stop_flag.load()) flag->store(true);
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

}  // namespace

void add_network_options(CLI::App* cmd, crawl::CrawlOptions& o, NetworkArgs& args) {
  cmd->add_option("--max-pages", args.max_pages, "Start at most this many page requests in this run")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--max-time", args.max_time, "Start no request after this long (30m, 1h, 90s)");
  cmd->add_option("--delay", args.delay,
                  "Seconds between two requests to one host, for every site (0 for loopback benchmarks; "
                  "robots.txt Crawl-delay still applies)")
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--concurrency", args.concurrency, "Requests at once per host, for every site")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--connect-to", o.connect_to,
                  "HOST:PORT:HOST2:PORT2: connect to HOST2:PORT2 for requests to HOST:PORT (libcurl's "
                  "CONNECT_TO). Repeatable");
  cmd->add_option("--contact", o.contact, "A URL or mail address for site owners, sent in the User-Agent")
      ->envname("KHOBAO_CONTACT");
  cmd->add_option("--jobs", o.jobs, "Extraction threads (default: the number of cores)")->check(CLI::PositiveNumber);
  cmd->add_option("--timeout", args.timeout_seconds,
                  "Seconds one request may take in all (default 120); a slower answer is cut and logged")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--max-size", args.max_size_mb,
                  "Megabytes one response may have, as sent (default 32) and decompressed (twice that)")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--memory-budget", args.memory_budget_mb,
                  "Megabytes for pages waiting to be stored and for parsing them at once (default 128)")
      ->check(CLI::Range(1.0, 1048576.0).description("from 1 to 1048576 MB"));
}

bool apply_network_options(const NetworkArgs& args, crawl::CrawlOptions& o) {
  for (const std::string& entry : o.connect_to)
    if (!valid_connect_to(entry)) {
      std::cerr << "khobao: --connect-to '" << entry << "' is not HOST:PORT:HOST2:PORT2\n";
      return false;
    }
  if (args.max_pages > 0) o.max_pages = args.max_pages;
  if (!args.max_time.empty()) {
    std::optional<std::int64_t> seconds = site::parse_duration(args.max_time);
    if (!seconds || *seconds <= 0) {
      std::cerr << "khobao: --max-time '" << args.max_time << "' is not a duration such as 30m, 1h or 90s\n";
      return false;
    }
    o.max_seconds = static_cast<double>(*seconds);
  }
  if (args.delay >= 0) o.delay = args.delay;
  if (args.concurrency > 0) o.concurrency = args.concurrency;
  if (args.timeout_seconds > 0) o.limits.total_timeout_ms = static_cast<long>(args.timeout_seconds * 1000);
  if (args.max_size_mb > 0) {
    o.limits.max_received_bytes = static_cast<std::int64_t>(args.max_size_mb * (1 << 20));
    o.limits.max_decoded_bytes = 2 * o.limits.max_received_bytes;
  }
  if (args.memory_budget_mb > 0) o.memory_budget = static_cast<std::int64_t>(args.memory_budget_mb * (1 << 20));
  return true;
}

StopOnSignal::StopOnSignal(std::atomic<bool>& flag) {
  stop_flag.store(&flag);
  old_int_ = std::signal(SIGINT, on_stop_signal);
  old_term_ = std::signal(SIGTERM, on_stop_signal);
}

StopOnSignal::~StopOnSignal() {
  std::signal(SIGINT, old_int_);
  std::signal(SIGTERM, old_term_);
  stop_flag.store(nullptr);
}

}  // namespace khobao::app
