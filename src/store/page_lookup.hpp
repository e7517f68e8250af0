// What the crawler and ingest ask the archive about one page, by its URL or
// id: its validators, its last body, the last crawl fetch of it, its kind;
// and the sitemap date a crawl notes on it. Each a query with bound
// parameters, so that crawl/ and ingest/ hold no SQL.
#pragma once

#include "store/archive.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace khobao::store {

// The validators a conditional request sends for a page.
struct Validators {
  std::optional<std::string> etag, last_modified;
};

// The page's ETag and Last-Modified as last stored; both empty when the
// archive has no page at `url`. Reads only: any connection to the archive.
Validators page_validators(Archive& archive, std::string_view url);

// The latest fetch of `url` that a crawl made (not an import): its id, its
// HTTP status (nullopt: no answer) and when. nullopt when there is none.
struct CrawlFetch {
  std::int64_t fetch_id = 0;
  std::optional<int> status;
  std::string fetched_at;
};
std::optional<CrawlFetch> last_crawl_fetch(Archive& archive, std::string_view url);

// The body the archive kept last for `url` (any source), if any: read from
// its blob store. Reads only.
std::optional<std::string> last_body(Archive& archive, std::string_view url);

// The page kind ("article", "listing", ...) of page `page_id`; "" when there
// is no such page.
std::string page_kind(Archive& archive, std::int64_t page_id);

// Notes a sitemap's <lastmod> for the page: what the update planner weighs.
// Run it inside the transaction that stored the page's fetch.
void set_listed_modified(Connection& db, std::int64_t page_id, std::string_view listed_modified);

// Whether any crawl (not an update) is unfinished: interrupted, or cut by
// its budget.
bool any_unfinished_crawl(Archive& archive);

}  // namespace khobao::store
