// Counts over the archive: per site (khobao sites) and as a whole (khobao stats).
#pragma once

#include "store/sqlite.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace khobao::store {

struct SiteSummary {
  std::string host;
  std::int64_t pages = 0;
  std::int64_t articles = 0;  // pages with at least one version
  std::int64_t versions = 0;
  std::int64_t fetches = 0;
  std::int64_t errors = 0;    // fetches that failed
  std::int64_t gone = 0;      // articles that disappeared (404/410)
  std::optional<std::string> first_fetch, last_fetch;
  std::optional<std::int64_t> last_run;         // the newest crawl or update that fetched from it
  std::optional<std::string> last_run_started;
  std::int64_t last_run_errors = 0;             // failed fetches of the site in that run
};

// Every site in the archive, by host.
std::vector<SiteSummary> site_summaries(Connection& db);

// The hosts of the archive's sites, in order: what a site filter offers.
// Cheap, unlike site_summaries(), which counts every fetch.
std::vector<std::string> site_hosts(Connection& db);

// What one crawl or update run did to one site, counted from its fetches.
struct SiteRunCounts {
  std::string host;
  std::int64_t fetched = 0;       // fetches stored, robots.txt and failures included
  std::int64_t new_articles = 0;  // pages whose first version this run stored
  std::int64_t new_versions = 0;  // first versions included
  std::int64_t not_modified = 0;  // 304
  std::int64_t unchanged = 0;     // fetched in full, same content
  std::int64_t gone = 0;          // 404/410 on an archived article
  std::int64_t errors = 0;        // failed fetches
};

// Per site, in host order, for run `crawl_id` (crawl.id).
std::vector<SiteRunCounts> run_counts_by_site(Connection& db, std::int64_t crawl_id);

struct ArchiveStats {
  int schema_version = 0;
  std::int64_t sites = 0, pages = 0, articles = 0, versions = 0, fetches = 0, authors = 0;
  std::int64_t blobs = 0, references = 0;
  std::int64_t raw_bytes = 0;     // bodies before compression
  std::int64_t stored_bytes = 0;  // bodies as stored
  std::int64_t text_bytes = 0;    // title, lead and body of every version
  std::int64_t file_bytes = 0;    // the SQLite file (page_count * page_size)
  std::optional<std::string> first_fetch, last_fetch;
};

ArchiveStats archive_stats(Connection& db);

}  // namespace khobao::store
