// The crawl loop. One thread drives every transfer (net::Fetcher) and the
// politeness rules (engine.hpp); worker threads name each page through
// ingest's door, extract articles and discover links (page_pipeline.hpp); one
// storage thread writes each fetch, its version and the frontier's changes in
// one transaction (writer.hpp). A page flows: frontier -> fetch -> door ->
// extract -> archive -> its links -> frontier.
#pragma once

#include "store/frontier_table.hpp"
#include "site/site.hpp"
#include "net/fetcher.hpp"
#include "store/archive.hpp"

#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace khobao::crawl {

struct CrawlOptions {
  std::vector<std::string> sites;              // --site HOST
  std::vector<std::string> seeds;              // --seed URL
  std::optional<std::int64_t> max_pages;       // page requests this invocation starts (retries included)
  std::optional<int> max_depth;                // links followed from a seed
  std::optional<double> delay;                 // overrides every site's delay
  std::optional<int> concurrency;              // overrides every site's per-host cap
  std::vector<std::string> connect_to;         // HOST:PORT:HOST2:PORT2
  std::string contact = "https://github.com/khobao/khobao";  // in the User-Agent
  int jobs = 0;                                // extraction threads; 0: the number of cores
  int max_attempts = 4;                        // per URL, for retryable failures
  double max_retry_wait_seconds = 600;         // a Retry-After beyond this gives up for this run
  double max_crawl_delay_seconds = 60;         // a robots.txt Crawl-delay beyond this is capped
  net::FetchLimits limits;
  std::optional<double> max_seconds;          // stop starting requests after this long
  // Memory for pages: no request starts while the bodies received and not
  // yet stored hold this many bytes, and the pages parsed at once have
  // estimated parse trees (20 bytes a byte, of at most the first 4 MiB of a
  // page) within it; a bigger one is parsed alone.
  std::int64_t memory_budget = 128ll << 20;
  // A crawl stopped by a budget (max_pages, max_seconds) is resumed by the
  // next run of the same scope; `fresh` abandons it and starts anew.
  bool fresh = false;

  // An update run (crawl/update.hpp sets these; the crawler turns `update`
  // into the run's RunPolicy, run_parts.hpp). It resumes only an update
  // of the same sites; its page budget counts this invocation only; only
  // `seeds` are fetched first, then `revisits` in their order; and a link
  // to a page the archive has is followed only when that page is due.
  bool update = false;
  std::vector<store::FrontierEntry> revisits;
};

struct CrawlStats {
  std::int64_t fetched = 0;       // fetches stored (every attempt, robots.txt included)
  std::int64_t new_versions = 0;
  std::int64_t unchanged = 0;
  std::int64_t not_modified = 0;  // 304
  std::int64_t gone = 0;          // 404/410 on an archived article
  std::int64_t errors = 0;        // attempts that failed (each retry counts)
  std::int64_t retries = 0;
  std::int64_t failed = 0;        // URLs given up on
  std::int64_t disallowed = 0;    // by robots.txt
  std::int64_t queued = 0;        // still waiting
  std::int64_t in_flight = 0;
  std::int64_t bytes = 0;         // received, before decoding
  std::int64_t limits_hit = 0;    // pages cut at a cap (links, robots.txt size, sitemap and feed entries); each logged
  double seconds = 0;
  // Where the CPU went, in seconds of each thread's CPU clock: the I/O
  // thread (libcurl: HTTP, decompression; scheduling), the extraction workers
  // (decoding, parsing, extraction, link discovery) and the storage thread
  // (hashing, zstd, SQLite, the full-text index). Filled at the end.
  double cpu_fetch = 0, cpu_extract = 0, cpu_store = 0;
};

struct CrawlResult {
  CrawlStats stats;
  std::int64_t crawl_id = 0;
  bool resumed = false;      // an unfinished run of the same scope was continued
  bool finished = false;     // the frontier is empty (an update: or its budget was spent)
  bool budget_stopped = false;  // a crawl's budget ran out with URLs queued: the next run resumes it
  bool interrupted = false;  // stop() was called; the same command resumes
};

// The User-Agent khobao sends: "khobao/VERSION (+CONTACT)".
std::string user_agent(const std::string& contact);

// robots.txt groups for khobao are named by this token.
inline constexpr const char* kRobotsToken = "khobao";

class Crawler {
 public:
  Crawler(store::Archive& archive, const site::SiteSet& sites, CrawlOptions options);
  // The same, stopped by `stop_flag` (set from anywhere, a signal handler
  // too) instead of stop(): for a caller that owns the flag before the
  // crawler exists.
  Crawler(store::Archive& archive, const site::SiteSet& sites, CrawlOptions options,
          std::atomic<bool>& stop_flag);

  // Crawls until the frontier is empty, max_pages is reached or stop() is
  // called. `progress` is called on the crawl's thread about twice a second.
  // Throws scope errors (crawl::ScopeError) before fetching anything, and
  // storage errors (a full disk: store::SqliteError) after in-flight work was
  // dropped uncommitted.
  CrawlResult run(const std::function<void(const CrawlStats&)>& progress = {});

  // Asks a running crawl to stop starting requests; it finishes the ones in
  // flight and returns. Safe from a signal handler.
  void stop() { stop_->store(true); }
  // The flag stop() sets, for a signal handler.
  std::atomic<bool>& stop_flag() { return *stop_; }

 private:
  store::Archive& archive_;
  const site::SiteSet& sites_;
  CrawlOptions options_;
  std::atomic<bool> stop_requested_{false};
  std::atomic<bool>* stop_ = &stop_requested_;
};

}  // namespace khobao::crawl
