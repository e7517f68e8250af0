// Full-text search over the archive: FTS5 with bm25 ranking, diacritics
// optional (d finds đ too), filters by site, author and date.
#pragma once


#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace khobao::store {

class Archive;
class Connection;
class Statement;

// The filters that search and export share.
struct Filter {
  std::optional<std::string> site;    // host, as in the site table
  std::optional<std::string> author;  // an author's name, exactly (ASCII case ignored)
  // Dates compared with the article's published_at (or, lacking one, the time
  // the version was first fetched) as text: "2024-05" means all of May 2024.
  std::optional<std::string> since;
  std::optional<std::string> until;
};

enum class SortOrder { kRelevance, kNewest };

struct SearchRequest {
  // FTS5 query syntax; plain words are ANDed. Blank: no text condition, every
  // article the filter admits, newest first (see search()).
  std::string query;
  Filter filter;
  SortOrder sort = SortOrder::kRelevance;
  int limit = 20;
  int offset = 0;
  bool all_versions = false;  // also match the text of older versions
};

// A run of snippet text; `match` marks the words that matched the query.
struct SnippetPart {
  std::string text;
  bool match = false;
};

struct SearchHit {
  std::int64_t page_id = 0;
  std::int64_t version_id = 0;
  int version = 0;
  std::string url;
  std::string site;
  std::optional<std::string> title;
  std::optional<std::string> published_at;
  std::vector<std::string> authors;
  std::vector<SnippetPart> snippet;
  double score = 0;  // bm25: lower is better
};

// A query that FTS5 cannot parse, with SQLite's words for why.
class SearchSyntaxError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The hits for `request`, best first (or newest first). Throws
// SearchSyntaxError for a malformed query. A blank query browses: the
// articles the filter admits by publication date, newest first (those with
// none last), with score 0 and no snippet; the date index makes the newest
// page of a large archive cheap.
std::vector<SearchHit> search(Archive& archive, const SearchRequest& request);

// A hit as `khobao search --json` prints it and `/api/search` serves it.
nlohmann::ordered_json hit_json(const SearchHit& hit);

// The SQL condition (on aliases v = version, p = page, s = site) and the
// parameters ?101..?104 that apply `filter`: shared by search and export.
const char* filter_sql();
void bind_filter(Statement& statement, const Filter& filter);

// The authors of a version, in byline order.
std::vector<std::string> authors_of(Connection& db, std::int64_t version_id);

}  // namespace khobao::store
