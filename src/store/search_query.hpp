// The d/đ rewrite of a user's FTS5 query: unicode61 folds every Vietnamese
// diacritic but đ, so "dang" must be asked for as "dang OR đang".
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

namespace khobao::store {

// A malformed query caught before SQLite sees it; the message says where.
struct QueryError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// At most this many d-syllables of one phrase get both spellings: a phrase of
// k such syllables becomes 2^k alternatives, so the cap keeps it at 64. Later
// d-syllables of a longer phrase keep the spelling typed.
inline constexpr int kMaxVariedSyllables = 6;

// Rewrites `user_query` (FTS5 query syntax) so that a syllable typed with d/D
// also matches đ/Đ: each phrase (a bareword or "string", with its ^, * and
// + joins) holding a syllable that starts with d or D becomes the OR of its
// spellings, in parentheses: `dang*` -> `(dang* OR đang*)`, `^dang` ->
// `(^dang OR ^đang)`, `title:dang` -> `title:(dang OR đang)`.
//
// - A query holding a Latin letter with a diacritic (or a combining mark) is
//   returned unchanged: who types diacritics types đ too, and "Đảng" stays
//   exact. Other non-ASCII characters (curly quotes, other scripts) do not
//   count as diacritics.
// - FTS5 does not accept a parenthesised group inside an implicit AND
//   (`thach (dang OR đang)` is a syntax error), so a run of adjacent phrases
//   with one rewritten becomes `(thach AND (dang OR đang))`; the parentheses
//   keep the run binding tighter than NOT, as it did.
// - NEAR(...) groups are left as typed: FTS5 allows only phrases inside, so
//   NEAR(dang bo) does not find "Đảng bộ" (NEAR(đang bo) does).
// - Column names, the keywords AND OR NOT (uppercase only: lowercase "and" is
//   a word) and everything else pass through, so that FTS5 still reports its
//   own syntax errors ("AND OR", a lone "*") on the rewritten query.
//
// Throws QueryError for an unterminated quote ("unterminated quote at column
// N", N counted in characters from 1). The input should already be NFC.
std::string expand_d_variants(std::string_view user_query);

}  // namespace khobao::store
