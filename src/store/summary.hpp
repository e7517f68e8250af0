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
};

// Every site in the archive, by host.
std::vector<SiteSummary> site_summaries(Connection& db);

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
