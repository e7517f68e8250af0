// Counts over the archive: per site (khobao sites) and as a whole (khobao stats).
#pragma once


#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace khobao::store {

class Archive;

// Extraction failures (version.failure, fetch.extraction_failure) by reason:
// "no body", "short body: ..."; `total` counts other reasons too.
struct FailureCounts {
  std::int64_t total = 0;
  std::int64_t no_body = 0;
  std::int64_t short_body = 0;
  FailureCounts& operator+=(const FailureCounts& o);
};

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
  FailureCounts extraction_failures{};            // articles whose latest version is flagged
  // extraction_failures.total as a share of articles, 0 to 1.
  double failure_share() const;
};

// Every site in the archive, by host.
std::vector<SiteSummary> site_summaries(Archive& archive);

// The hosts of the archive's sites, in order: what a site filter offers.
// Cheap, unlike site_summaries(), which counts every fetch.
std::vector<std::string> site_hosts(Archive& archive);

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
  FailureCounts extraction_failures{};  // pages whose fetch in this run gave a flagged record
};

// Per site, in host order, for run `crawl_id` (crawl.id).
std::vector<SiteRunCounts> run_counts_by_site(Archive& archive, std::int64_t crawl_id);
// The sum over sites (host left empty).
SiteRunCounts run_totals(const std::vector<SiteRunCounts>& by_site);

// An article whose extraction failed.
struct FailedPage {
  std::string site;
  std::string url;
  std::int64_t page_id = 0;
  std::string reason;                 // "no body", "short body: ..."
  std::optional<std::string> title;   // of its latest version
  int version = 0;                    // the number of its latest version
  std::string fetched_at;             // when that version was first fetched (a run's: that fetch)
};

// Articles whose latest version is flagged as an extraction failure, of
// `site` only if given, by site and URL: what `khobao sites --failures` lists.
std::vector<FailedPage> failed_pages(Archive& archive, const std::optional<std::string>& site);

// Pages whose fetch in run `crawl_id` gave a flagged record, by URL, at most `limit`.
std::vector<FailedPage> run_failed_pages(Archive& archive, std::int64_t crawl_id, std::int64_t limit);

// Per site (host order), the articles whose latest version is flagged; sites
// without any are left out.
std::vector<std::pair<std::string, FailureCounts>> failures_by_site(Archive& archive);

struct ArchiveStats {
  int schema_version = 0;
  std::int64_t sites = 0, pages = 0, articles = 0, versions = 0, fetches = 0, authors = 0;
  std::int64_t blobs = 0, references = 0;
  std::int64_t raw_bytes = 0;     // bodies before compression
  std::int64_t stored_bytes = 0;  // bodies as stored
  std::int64_t text_bytes = 0;    // title, lead and body of every version
  std::int64_t file_bytes = 0;    // the SQLite file (page_count * page_size)
  std::optional<std::string> first_fetch, last_fetch;
  FailureCounts extraction_failures{};  // articles whose latest version is flagged
};

ArchiveStats archive_stats(Archive& archive);

}  // namespace khobao::store
