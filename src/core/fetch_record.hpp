// The fetch record: what one fetch (or one imported page) brought, as the
// crawler and import hand it to the archive.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace khobao {

// What one fetch (or one imported page) brought; the page's URL is already
// normalized by the caller, and `site` is its host with "www." folded.
struct FetchRecord {
  std::string url;
  std::string site;
  std::string fetched_at;        // ISO 8601 UTC: 2026-03-07T08:00:00Z
  std::string source = "crawl";  // or "import"
  std::string page_kind = "unknown";
  std::optional<std::string> final_url;
  std::optional<int> status;     // nullopt: no HTTP response at all
  std::string headers;           // response header lines, "Name: value\r\n" each
  std::optional<std::string> body;  // decoded bytes, as received
  std::optional<std::int64_t> duration_ms;
  std::optional<std::string> error;
  std::optional<std::string> etag;
  std::optional<std::string> last_modified;
  std::optional<std::int64_t> crawl_id;  // the crawl or update run that fetched it
};

}  // namespace khobao
