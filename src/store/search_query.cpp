// The d/đ rewrite of FTS5 queries: a lexer for FTS5's query tokens, and a
// rewriter that swaps each phrase holding a d-syllable for the OR of its
// spellings, following FTS5's grammar only as far as that needs.
#include "store/search_query.hpp"

#include "core/text.hpp"

#include <algorithm>
#include <optional>
#include <utility>
#include <vector>

namespace khobao::store {
namespace {

constexpr std::string_view kSmallD = "\xC4\x91";    // đ U+0111
constexpr std::string_view kCapitalD = "\xC4\x90";  // Đ U+0110

enum class Kind { kWord, kString, kPunct, kSpace, kOther };

struct Token {
  Kind kind;
  std::string_view text;
};

bool is_ascii_alnum(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// FTS5's bareword characters: it takes every byte of a non-ASCII character
// (and the substitute character) as part of a bareword.
bool is_word_char(char c) {
  const auto byte = static_cast<unsigned char>(c);
  return is_ascii_alnum(c) || c == '_' || byte == 0x1A || byte >= 0x80;
}

bool is_punct(char c) { return std::string_view("():^+*{}-,").find(c) != std::string_view::npos; }

// The 1-based column of byte `offset`, in characters, as the user sees it.
std::size_t column_of(std::string_view query, std::size_t offset) {
  auto is_lead = [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; };
  return static_cast<std::size_t>(std::count_if(query.begin(), query.begin() + offset, is_lead)) + 1;
}

// The offset just past the string opened at `open`; "" inside is a quote.
std::size_t string_end(std::string_view query, std::size_t open) {
  for (std::size_t i = open + 1; i < query.size(); ++i) {
    if (query[i] != '"') continue;
    if (i + 1 < query.size() && query[i + 1] == '"') {
      ++i;
      continue;
    }
    return i + 1;
  }
  throw QueryError("unterminated quote at column " + std::to_string(column_of(query, open)));
}

std::vector<Token> lex(std::string_view query) {
  std::vector<Token> tokens;
  std::size_t i = 0;
  while (i < query.size()) {
    const char c = query[i];
    std::size_t end = i + 1;
    Kind kind = Kind::kOther;  // FTS5 rejects it; passed on for FTS5 to say so
    if (c == '"') {
      kind = Kind::kString;
      end = string_end(query, i);
    } else if (text::is_ascii_space(c)) {
      kind = Kind::kSpace;
      while (end < query.size() && text::is_ascii_space(query[end])) ++end;
    } else if (is_word_char(c)) {
      kind = Kind::kWord;
      while (end < query.size() && is_word_char(query[end])) ++end;
    } else if (is_punct(c)) {
      kind = Kind::kPunct;
    }
    tokens.push_back({kind, query.substr(i, end - i)});
    i = end;
  }
  return tokens;
}

// The code point starting at query[i], moving i past it. Malformed UTF-8
// decodes to something harmless: only the result's range matters.
char32_t decode(std::string_view query, std::size_t& i) {
  const auto lead = static_cast<unsigned char>(query[i++]);
  int extra = lead >= 0xF0 ? 3 : lead >= 0xE0 ? 2 : lead >= 0xC0 ? 1 : 0;
  char32_t cp = extra > 0 ? lead & (0x3F >> extra) : lead;
  for (; extra > 0 && i < query.size(); --extra) cp = (cp << 6) | (static_cast<unsigned char>(query[i++]) & 0x3F);
  return cp;
}

// Latin letters with diacritics (Latin-1 Supplement, Extended-A and -B,
// Extended Additional) and combining diacritics: all Vietnamese needs.
bool is_diacritic_letter(char32_t cp) {
  return (cp >= 0xC0 && cp <= 0x24F && cp != 0xD7 && cp != 0xF7) || (cp >= 0x300 && cp <= 0x36F) ||
         (cp >= 0x1E00 && cp <= 0x1EFF);
}

bool has_diacritics(std::string_view query) {
  for (std::size_t i = 0; i < query.size();)
    if (is_diacritic_letter(decode(query, i))) return true;
  return false;
}

// Where the syllables starting with d or D begin in `phrase`, the first
// kMaxVariedSyllables of them. unicode61 splits ASCII text at anything but
// letters and digits, so a 'd' after one of those is inside a syllable.
std::vector<std::size_t> d_starts(std::string_view phrase) {
  std::vector<std::size_t> starts;
  for (std::size_t i = 0; i < phrase.size() && starts.size() < static_cast<std::size_t>(kMaxVariedSyllables); ++i)
    if ((phrase[i] == 'd' || phrase[i] == 'D') && (i == 0 || !is_ascii_alnum(phrase[i - 1]))) starts.push_back(i);
  return starts;
}

// `phrase` with the d at starts[b] spelt đ for each bit b set in `mask`.
std::string spelling(std::string_view phrase, const std::vector<std::size_t>& starts, unsigned mask) {
  std::string out;
  std::size_t from = 0;
  for (std::size_t b = 0; b < starts.size(); ++b) {
    out += phrase.substr(from, starts[b] - from);
    if ((mask >> b & 1u) == 0)
      out += phrase[starts[b]];
    else
      out += phrase[starts[b]] == 'd' ? kSmallD : kCapitalD;
    from = starts[b] + 1;
  }
  out += phrase.substr(from);
  return out;
}

// `phrase`, or the parenthesised OR of all its d/đ spellings, the typed one first.
std::string phrase_variants(std::string_view phrase) {
  const std::vector<std::size_t> starts = d_starts(phrase);
  if (starts.empty()) return std::string(phrase);
  std::string out = "(";
  for (unsigned mask = 0; mask < (1u << starts.size()); ++mask) {
    if (mask > 0) out += " OR ";
    out += spelling(phrase, starts, mask);
  }
  return out + ")";
}

// Walks the tokens along FTS5's grammar (fts5parse.y): an expression is
// phrases and parenthesised expressions joined by AND, OR and NOT, where
// adjacent phrases (a "cnearset" each: [colset ':'] nearset) form an implicit
// AND. Whatever does not parse is copied as typed, for FTS5 to judge.
class Rewriter {
 public:
  explicit Rewriter(std::vector<Token> tokens) : tokens_(std::move(tokens)) {}

  std::string run() {
    std::size_t i = 0;
    while (i < tokens_.size()) {
      if (emit_run(i)) continue;
      // A column filter on a parenthesised expression: names stay as typed.
      std::size_t end = i + 1;
      if (std::optional<std::size_t> colset = colset_end(i))
        end = *colset;
      else if (is_punct(i, '{'))
        end = matching(i, '{', '}');
      out_ += raw(i, end);
      i = end;
    }
    return std::move(out_);
  }

 private:
  // A cnearset, rewritten; `end` is the index of the token after it.
  struct Unit {
    std::string text;
    bool rewritten = false;
    std::size_t end = 0;
  };

  bool is_punct(std::size_t j, char c) const {
    return j < tokens_.size() && tokens_[j].kind == Kind::kPunct && tokens_[j].text[0] == c;
  }

  // A bareword or string that FTS5 reads as a phrase's word, not a keyword.
  bool is_term(std::size_t j) const {
    if (j >= tokens_.size()) return false;
    const Token& t = tokens_[j];
    return t.kind == Kind::kString ||
           (t.kind == Kind::kWord && t.text != "AND" && t.text != "OR" && t.text != "NOT");
  }

  std::size_t skip_space(std::size_t j) const {
    while (j < tokens_.size() && tokens_[j].kind == Kind::kSpace) ++j;
    return j;
  }

  std::string raw(std::size_t from, std::size_t to) const {
    std::string text;
    for (std::size_t j = from; j < to; ++j) text += tokens_[j].text;
    return text;
  }

  // The index after the `close` matching the `open` at j, or the end.
  std::size_t matching(std::size_t j, char open, char close) const {
    int depth = 0;
    for (; j < tokens_.size(); ++j) {
      if (is_punct(j, open)) ++depth;
      if (is_punct(j, close) && --depth == 0) return j + 1;
    }
    return j;
  }

  // The index after a column filter's ':' ("title:", "-title:",
  // "{title lead}:", "-{title}:") starting at j, if there is one.
  std::optional<std::size_t> colset_end(std::size_t j) const {
    if (is_punct(j, '-')) j = skip_space(j + 1);
    if (is_punct(j, '{'))
      j = matching(j, '{', '}');
    else if (is_term(j))
      ++j;
    else
      return std::nullopt;
    j = skip_space(j);
    if (!is_punct(j, ':')) return std::nullopt;
    return j + 1;
  }

  // A NEAR group, kept as typed, or a phrase: [^] term [*] (+ term [*])...
  std::optional<Unit> nearset(std::size_t j) const {
    if (is_term(j) && is_punct(skip_space(j + 1), '(')) {
      const std::size_t end = matching(skip_space(j + 1), '(', ')');
      return Unit{raw(j, end), false, end};
    }
    std::size_t k = j;
    if (is_punct(k, '^')) k = skip_space(k + 1);
    if (!is_term(k)) return std::nullopt;
    std::size_t end = k + 1;
    for (;;) {
      std::size_t next = skip_space(end);
      if (is_punct(next, '*')) {
        end = next + 1;
        next = skip_space(end);
      }
      if (!is_punct(next, '+') || !is_term(skip_space(next + 1))) break;
      end = skip_space(next + 1) + 1;
    }
    const std::string phrase = raw(j, end);
    std::string text = phrase_variants(phrase);
    const bool rewritten = text != phrase;
    return Unit{std::move(text), rewritten, end};
  }

  std::optional<Unit> cnearset(std::size_t j) const {
    std::size_t start = j;
    if (std::optional<std::size_t> colset = colset_end(j)) start = skip_space(*colset);
    std::optional<Unit> unit = nearset(start);
    if (unit) unit->text = raw(j, start) + unit->text;
    return unit;
  }

  // Copies the implicit-AND run of cnearsets at i, if any, moving i past it.
  bool emit_run(std::size_t& i) {
    std::vector<Unit> units;
    std::size_t end = i;
    while (std::optional<Unit> unit = cnearset(units.empty() ? i : skip_space(end))) {
      end = unit->end;
      units.push_back(std::move(*unit));
    }
    if (units.empty()) return false;
    const bool rewritten = std::any_of(units.begin(), units.end(), [](const Unit& u) { return u.rewritten; });
    if (!rewritten) {
      out_ += raw(i, end);
    } else if (units.size() == 1) {
      out_ += units[0].text;
    } else {
      out_ += "(";
      for (std::size_t u = 0; u < units.size(); ++u) out_ += (u > 0 ? " AND " : "") + units[u].text;
      out_ += ")";
    }
    i = end;
    return true;
  }

  std::vector<Token> tokens_;
  std::string out_;
};

}  // namespace

std::string expand_d_variants(std::string_view user_query) {
  std::vector<Token> tokens = lex(user_query);  // first: a bad quote is an error either way
  if (has_diacritics(user_query)) return std::string(user_query);
  return Rewriter(std::move(tokens)).run();
}

}  // namespace khobao::store
