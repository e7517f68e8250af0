// The crawl and frontier tables (schema version 3): a crawl run by its
// scope, and the URLs it has queued and what became of them. The crawler's
// frontier is these rows: each change to them is made
// in the transaction that stores the fetch it follows from, so a crawl killed
// at any moment resumes with nothing committed fetched twice and nothing lost.
//
// The functions taking a Connection& run on the archive's connection in the
// caller's transaction (Archive::store_fetch's `also`, Archive::in_transaction),
// or each in its own statement when the caller holds none.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace khobao::store {

class Archive;
class Connection;

struct FrontierEntry {
  std::string url;   // normalized
  int depth = 0;
  std::string kind;  // page.kind values: article, listing, feed, sitemap, other, unknown
  int attempts = 0;
  std::optional<std::string> not_before;  // ISO 8601 UTC
  // The <lastmod> a sitemap gave for the URL, as written. Not kept in the
  // frontier: it is compared with page.listed_modified when queued, and
  // stored there when the page is fetched.
  std::optional<std::string> listed_modified;
};

struct CrawlRun {
  std::int64_t id = 0;
  bool resumed = false;        // an unfinished run of the same scope was picked up
  std::int64_t fetched = 0;    // fetches stored by this run so far
  std::int64_t errors = 0;
};

// The unfinished run whose scope is `scope` (the newest), or a new one
// started at `now`. The scope is the crawl's parameters as canonical JSON:
// the same command resumes, a different one starts afresh. With `fresh`,
// unfinished runs of the scope are closed (finished at `now`) first. Reads
// and writes the crawl table in a transaction of its own.
CrawlRun open_run(Archive& archive, const std::string& scope, const std::string& now, bool fresh = false);

// Marks the run finished at `now`: a later run of the same scope starts anew.
// With `prune`, its frontier rows go too, but for its seeds (earlier_seeds()):
// an hourly update would otherwise add a row per fetch, forever. Writes the
// crawl and frontier tables in a transaction of its own.
void finish_run(Archive& archive, std::int64_t crawl_id, const std::string& now, bool prune = false);

// The run's entries still queued, oldest first. Reads the frontier table.
std::vector<FrontierEntry> queued_entries(Archive& archive, std::int64_t crawl_id);
// The same inside the caller's transaction (Archive::in_transaction).
std::vector<FrontierEntry> queued_entries(Connection& db, std::int64_t crawl_id);

// Queues the entries the run has not seen yet (a URL is queued once per run,
// whatever became of it); returns those that were new. With `only_due`, a
// URL whose page the archive has fetched is queued only if it is not gone
// and is due at `now` (page.next_visit_at) or its sitemap <lastmod> differs
// from the one seen before (page.listed_modified): what an update does with
// links. An entry's <lastmod> is recorded for its page when the page is in
// this run (queued now or before) or has none yet. Reads page, writes
// frontier and page.listed_modified, in the caller's transaction.
std::vector<FrontierEntry> enqueue(Connection& db, std::int64_t crawl_id, const std::vector<FrontierEntry>& entries,
                                   const std::string& now, bool only_due = false);

// The distinct seeds (depth-0 URLs) of every run so far, in URL order: where
// the archivist's crawls started. Reads the frontier table.
std::vector<std::string> earlier_seeds(Archive& archive);

// Records what became of a queued URL: "done", "failed" (gave up after
// retries) or "disallowed" (robots.txt); or, with state "queued", a retry
// after `not_before`. Counts the run's fetches and errors. Writes frontier
// and crawl in the caller's transaction.
void settle(Connection& db, std::int64_t crawl_id, const std::string& url, const std::string& state, int attempts,
            const std::optional<std::string>& not_before, bool fetched, bool error);

struct RunCounts {
  std::int64_t queued = 0, done = 0, failed = 0, disallowed = 0;
};
// The run's frontier rows by state. Reads the frontier table.
RunCounts run_counts(Archive& archive, std::int64_t crawl_id);

}  // namespace khobao::store
