// Search: the user's query, d/đ-expanded and NFC, against version_fts.
#include "store/search.hpp"

#include "store/archive_connection.hpp"

#include "core/unicode.hpp"
#include "store/search_query.hpp"

#include <fmt/format.h>

namespace khobao::store {
namespace {

// Snippet markers from the Private Use Area: they never occur in article text
// that khobao extracted, and split cleanly into SnippetParts.
constexpr std::string_view kMatchStart = "\xEE\x80\x80";  // U+E000
constexpr std::string_view kMatchEnd = "\xEE\x80\x81";    // U+E001

std::vector<SnippetPart> split_snippet(std::string_view marked) {
  std::vector<SnippetPart> parts;
  bool match = false;
  while (!marked.empty()) {
    size_t next = marked.find(match ? kMatchEnd : kMatchStart);
    std::string_view text = marked.substr(0, next);
    if (!text.empty()) parts.push_back({std::string(text), match});
    if (next == std::string_view::npos) break;
    marked.remove_prefix(next + 3);
    match = !match;
  }
  return parts;
}

std::string fts_query(const std::string& user_query) {
  try {
    return expand_d_variants(text::to_nfc(user_query));
  } catch (const QueryError& e) {
    throw SearchSyntaxError(fmt::format("cannot search for '{}': {}", user_query, e.what()));
  }
}

}  // namespace

const char* filter_sql() {
  return "(?101 IS NULL OR s.host = ?101) "
         "AND (?102 IS NULL OR EXISTS (SELECT 1 FROM version_author va JOIN author a ON a.id = va.author_id "
         "     WHERE va.version_id = v.id AND a.name = ?102 COLLATE NOCASE)) "
         "AND (?103 IS NULL OR coalesce(v.published_at, v.created_at) >= ?103) "
         "AND (?104 IS NULL OR substr(coalesce(v.published_at, v.created_at), 1, length(?104)) <= ?104)";
}

void bind_filter(Statement& statement, const Filter& filter) {
  statement.bind(101, filter.site).bind(102, filter.author).bind(103, filter.since).bind(104, filter.until);
}

std::vector<std::string> authors_of(Connection& db, std::int64_t version_id) {
  Statement s = db.prepare(
      "SELECT a.name FROM version_author va JOIN author a ON a.id = va.author_id "
      "WHERE va.version_id = ?1 ORDER BY va.position");
  s.bind(1, version_id);
  std::vector<std::string> names;
  while (s.step()) names.push_back(s.text(0));
  return names;
}

namespace {

// The rows of a search or browse statement (columns as both select them).
std::vector<SearchHit> read_hits(Statement& s) {
  std::vector<SearchHit> hits;
  while (s.step()) {
    SearchHit hit;
    hit.page_id = s.int64(0);
    hit.version_id = s.int64(1);
    hit.version = static_cast<int>(s.int64(2));
    hit.url = s.text(3);
    hit.site = s.text(4);
    hit.title = s.optional_text(5);
    hit.published_at = s.optional_text(6);
    hit.score = s.real(7);
    hits.push_back(std::move(hit));
  }
  return hits;
}

// The snippet of one hit. A second, per-hit query, because snippet() in the
// ranking query would run for every match before the sort: seconds on a
// common word in a large archive, for the twenty rows that are shown.
std::vector<SnippetPart> snippet_of(Connection& db, const std::string& query, std::int64_t version_id) {
  Statement s = db.prepare(fmt::format(
      "SELECT snippet(version_fts, -1, '{}', '{}', '…', 24) FROM version_fts WHERE version_fts MATCH ?1 AND rowid = ?2",
      kMatchStart, kMatchEnd));
  s.bind(1, query).bind(2, version_id);
  return s.step() ? split_snippet(s.blob(0)) : std::vector<SnippetPart>{};
}

// Whether a query has no words at all.
bool is_blank(std::string_view query) {
  return query.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

// The hits of a blank query: no FTS, the date index in order.
std::vector<SearchHit> browse(Connection& db, const SearchRequest& request) {
  Statement s = db.prepare(fmt::format(
      "SELECT v.page_id, v.id, v.number, p.url, s.host, v.title, v.published_at, 0.0 "
      "FROM version v JOIN page p ON p.id = v.page_id JOIN site s ON s.id = p.site_id "
      "WHERE (?2 OR v.id = p.latest_version_id) AND {} "
      "ORDER BY v.published_at DESC, v.id DESC LIMIT ?3 OFFSET ?4",
      filter_sql()));
  s.bind(2, request.all_versions ? 1 : 0).bind(3, request.limit).bind(4, request.offset);
  bind_filter(s, request.filter);
  return read_hits(s);
}

}  // namespace

std::vector<SearchHit> search(Archive& archive, const SearchRequest& request) {
  Connection& db = connection(archive);
  std::vector<SearchHit> hits;
  if (is_blank(request.query)) {
    hits = browse(db, request);
    for (SearchHit& hit : hits) hit.authors = authors_of(db, hit.version_id);
    return hits;
  }
  std::string query = fts_query(request.query);
  // Title matches weigh most, then the lead, then the body.
  std::string sql = fmt::format(
      "SELECT v.page_id, v.id, v.number, p.url, s.host, v.title, v.published_at, "
      "  bm25(version_fts, 10.0, 4.0, 1.0) AS score "
      "FROM version_fts JOIN version v ON v.id = version_fts.rowid "
      "JOIN page p ON p.id = v.page_id JOIN site s ON s.id = p.site_id "
      "WHERE version_fts MATCH ?1 AND (?2 OR v.id = p.latest_version_id) AND {} "
      "ORDER BY {} LIMIT ?3 OFFSET ?4",
      filter_sql(),
      request.sort == SortOrder::kNewest ? "coalesce(v.published_at, v.created_at) DESC, score" : "score");
  Statement s = db.prepare(sql);
  s.bind(1, query).bind(2, request.all_versions ? 1 : 0).bind(3, request.limit).bind(4, request.offset);
  bind_filter(s, request.filter);
  try {
    hits = read_hits(s);
  } catch (const SqliteError& e) {
    // The statement is fixed and tested: an SQL error here is the query's.
    if ((e.code() & 0xFF) == SQLITE_ERROR)
      throw SearchSyntaxError(fmt::format("cannot search for '{}': {}", request.query,
                                          std::string_view(e.what()).substr(std::string_view(e.what()).rfind(": ") + 2)));
    throw;
  }
  for (SearchHit& hit : hits) {
    hit.snippet = snippet_of(db, query, hit.version_id);
    hit.authors = authors_of(db, hit.version_id);
  }
  return hits;
}

nlohmann::ordered_json hit_json(const SearchHit& hit) {
  std::string snippet;
  nlohmann::ordered_json parts = nlohmann::ordered_json::array();
  for (const auto& part : hit.snippet) {
    snippet += part.text;
    parts.push_back({{"text", part.text}, {"match", part.match}});
  }
  return {{"page_id", hit.page_id}, {"version_id", hit.version_id}, {"version", hit.version},
          {"url", hit.url}, {"site", hit.site}, {"title", hit.title ? nlohmann::ordered_json(*hit.title) : nullptr},
          {"published_at", hit.published_at ? nlohmann::ordered_json(*hit.published_at) : nullptr},
          {"authors", hit.authors}, {"score", hit.score}, {"snippet", snippet}, {"snippet_parts", parts}};
}

}  // namespace khobao::store
