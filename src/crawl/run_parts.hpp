// The plain data the crawl's three parts hand each other: the engine
// (engine.hpp: I/O, politeness, robots.txt, retries) sends a response to the
// page pipeline (page_pipeline.hpp: the door, extraction, links), which
// sends what to store to the writer (writer.hpp: the storage thread), which
// reports back to the engine. And the run's policy, a crawl's or an update's.
#pragma once

#include "store/frontier_table.hpp"
#include "crawl/politeness.hpp"
#include "ingest/ingest.hpp"
#include "net/fetcher.hpp"

#include <atomic>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace khobao::crawl {

struct CrawlOptions;

// How a run treats its pages, fixed when it starts: a crawl's ways, or an
// update's (crawl/update.hpp). Each part reads the rule it needs by name.
struct RunPolicy {
  // Pages of known articles are fetched before more listings, so that a
  // budget is spent on what the archive is for (an update keeps its order:
  // seeds, then the newest revisits).
  bool articles_first = true;
  // Cut by its budget with URLs queued, the run stays open for the next one
  // to resume; an update decides afresh every hour what is due.
  bool resumes_after_budget = true;
  // A spent budget finishes the run (an update's).
  bool budget_finishes = false;
  // A link to a page the archive has is queued only when that page is due.
  bool follow_only_due = false;
  // Listings, feeds and sitemaps are asked for with validators once no crawl
  // is left unfinished (a 304 then says "nothing new here").
  bool conditional_listings = false;
  // The run is named by its sites only (Scope::describe_update), its sites
  // get no seeds of their own, and its frontier is pruned when it finishes.
  bool update_scope = false;

  static RunPolicy crawl() { return {}; }
  static RunPolicy update() {
    return {false, false, true, true, true, true};
  }
  static RunPolicy of(const CrawlOptions& options);
};

// How a job settles the URL it was for in the frontier.
enum class Settle { kDone, kRetry, kFailed, kDisallowed, kNone };

// The frontier state a Settle writes: "done", "queued", ...; "" for kNone.
const char* settle_state(Settle s);

// A response on its way to the page pipeline.
struct ExtractJob {
  net::Response response;
  store::FrontierEntry entry;
  std::string host;
  std::string fetched_at;
  Settle settle = Settle::kDone;
  std::optional<std::string> not_before;
  Clock::time_point retry_at{};
  std::int64_t held_bytes = 0;  // the body's share of the memory budget, until stored
};

// What the writer is to store for one response, in one transaction.
struct StoreJob {
  std::optional<ingest::Prepared> prepared;   // nullopt: only the frontier changes
  store::FrontierEntry entry;                        // the URL as queued
  std::vector<std::string> also_done;         // other URLs this fetch answered (canonical, redirect target)
  std::vector<store::FrontierEntry> discovered;
  Settle settle = Settle::kDone;
  std::optional<std::string> not_before;      // for kRetry
  bool error = false;
  Clock::time_point retry_at{};               // for kRetry, on the steady clock
  std::string host;
  std::int64_t held_bytes = 0;                // the body's share of the memory budget
};

// What the writer tells the engine back, one for every StoreJob.
struct StoreResult {
  std::vector<store::FrontierEntry> fresh;           // newly queued, to schedule
  std::optional<store::FetchOutcome> outcome;
  Settle settle = Settle::kNone;
  store::FrontierEntry entry;
  Clock::time_point retry_at{};
  std::string host;
  std::optional<std::string> fatal;           // the archive cannot be written: stop
  std::int64_t held_bytes = 0;                // given back to the memory budget
};

// What the archive keeps of one response: a fetch row, with the body (moved
// out of `r`) only when a page arrived (a 304 or a failed transfer has none
// worth keeping).
FetchRecord fetch_record(net::Response& r, const store::FrontierEntry& entry, const std::string& url,
                                const std::string& fetched_at, std::int64_t crawl_id);

// The CPU seconds the calling thread has used.
double thread_cpu_seconds();

// Adds the CPU seconds the calling thread spends from now until it goes out
// of scope (on every way out of a worker's loop) to `total`.
class ThreadCpuAdder {
 public:
  explicit ThreadCpuAdder(std::atomic<double>& total) : total_(total) {}
  ThreadCpuAdder(const ThreadCpuAdder&) = delete;
  ThreadCpuAdder& operator=(const ThreadCpuAdder&) = delete;
  ~ThreadCpuAdder() { total_.fetch_add(thread_cpu_seconds() - start_); }

 private:
  std::atomic<double>& total_;
  double start_ = thread_cpu_seconds();
};

}  // namespace khobao::crawl
