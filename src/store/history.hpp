// Reading one page's history: its record, its versions and fetches, and any
// version as the article record it was extracted as.
#pragma once

#include "core/article.hpp"
#include "store/search.hpp"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace khobao::store {

struct PageInfo {
  std::int64_t id = 0;
  std::string url;
  std::string site;
  std::string kind;
  std::string state;  // new, fetched, failed, gone
  std::string discovered_at;
  std::optional<std::string> last_fetched_at;
  std::optional<std::string> gone_at;
  std::int64_t fetches = 0;
  std::int64_t versions = 0;
};

struct VersionInfo {
  std::int64_t id = 0;
  std::int64_t page_id = 0;
  int number = 0;
  std::string created_at;  // when a fetch first showed this content
  std::int64_t fetch_id = 0;
  std::optional<std::string> title;
  std::string extractor;
  std::string content_hash;  // hex
  std::int64_t body_chars = 0;
  std::optional<std::string> failure;  // the extraction failure it is flagged with, if any
};

struct FetchInfo {
  std::int64_t id = 0;
  std::string fetched_at;
  std::string source;
  std::optional<int> status;
  std::string outcome;
  std::optional<std::int64_t> bytes;
  std::optional<std::string> error;
};

struct StoredVersion {
  VersionInfo info;
  Article article;
};

// nullopt when there is no page `page_id`.
std::optional<PageInfo> page_info(Archive& archive, std::int64_t page_id);
// Oldest first.
std::vector<VersionInfo> versions_of(Archive& archive, std::int64_t page_id);
std::vector<FetchInfo> fetches_of(Archive& archive, std::int64_t page_id);
// Version `number` of the page, or its latest when nullopt; nullopt if none.
std::optional<StoredVersion> load_version(Archive& archive, std::int64_t page_id, std::optional<int> number);
// The version with id `version_id` (for readers that walk versions by id).
std::optional<StoredVersion> load_version_by_id(Archive& archive, std::int64_t version_id);

// Calls `each` for every version that `filter` admits (only the latest of
// each page unless `all_versions`), by page then version number, one version
// in memory at a time. Returns how many there were.
std::int64_t for_each_version(Archive& archive, const Filter& filter, bool all_versions,
                              const std::function<void(const StoredVersion&)>& each);

// The JSON of a version for --json output: the article record (DESIGN.md's
// keys and order) followed by "page_id", "version", "version_id" and
// "fetched_at".
nlohmann::ordered_json version_json(const StoredVersion& version);

// `khobao show --json` (and `/api/article/ID`): version_json() followed by
// the page's "versions", "state" and "gone_at".
nlohmann::ordered_json article_json(const PageInfo& page, const StoredVersion& version);

// `khobao history --json` (and `/api/article/ID/history`): the page, its
// versions and its fetches.
nlohmann::ordered_json history_json(const PageInfo& page, const std::vector<VersionInfo>& versions,
                                    const std::vector<FetchInfo>& fetches);

}  // namespace khobao::store
