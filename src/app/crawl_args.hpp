// What `khobao crawl` and `khobao update` share: the network and politeness
// options, their checks, and a clean stop on SIGINT/SIGTERM.
#pragma once

#include "crawl/crawler.hpp"

#include <CLI/CLI.hpp>

#include <atomic>
#include <csignal>

namespace khobao::app {

// Options whose "not given" needs a sentinel before they reach CrawlOptions.
struct NetworkArgs {
  double delay = -1;
  int concurrency = 0;
  std::int64_t max_pages = 0;
  double timeout_seconds = 0;
  double max_size_mb = 0;
  std::string max_time;  // a duration: "30m", "1h"
  double memory_budget_mb = 0;
};

// Adds --delay, --concurrency, --connect-to, --contact, --jobs, --timeout,
// --max-size, --memory-budget, --max-pages and --max-time to `cmd`, writing into `o` and `args`.
void add_network_options(CLI::App* cmd, crawl::CrawlOptions& o, NetworkArgs& args);

// Copies `args` into `o` and checks --connect-to and --max-time. A bad value
// is printed as an error naming it; returns false (exit 2).
bool apply_network_options(const NetworkArgs& args, crawl::CrawlOptions& o);

// While it lives, SIGINT and SIGTERM set `flag` (a crawl's stop flag): the
// run stops starting requests and returns, resumable.
class StopOnSignal {
 public:
  explicit StopOnSignal(std::atomic<bool>& flag);
  ~StopOnSignal();
  StopOnSignal(const StopOnSignal&) = delete;
  StopOnSignal& operator=(const StopOnSignal&) = delete;

 private:
  void (*old_int_)(int) = SIG_DFL;
  void (*old_term_)(int) = SIG_DFL;
};

}  // namespace khobao::app
