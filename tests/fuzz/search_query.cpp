// Fuzz target: the rewrite of a user's full-text query (`khobao search`)
// before SQLite sees it.
#include "fuzz/fuzz_check.hpp"

#include "store/search_query.hpp"

namespace khobao::fuzz {

void fuzz_search_query(std::string_view bytes) {
  std::string query;
  try {
    query = store::expand_d_variants(bytes);
  } catch (const store::QueryError&) {
    return;  // an unterminated quote, reported to the user
  }
  if (khobao::text::is_valid_utf8(bytes)) check_utf8(query, "the rewritten query");
  // Each d-syllable at most doubles a phrase, and only kMaxVariedSyllables of them.
  check(query.size() <= 200 * bytes.size() + 16, "the rewrite blew up: " + std::to_string(query.size()) + " bytes");
}

}  // namespace khobao::fuzz
