// The pre-parse pass (see prestrip.hpp). A linear scan that understands just
// enough of HTML's tokenizer to stay correct: it skips over whole tags (so a
// '<' inside a quoted attribute value is never taken for markup) and drops
// <script>, <style>, <svg> elements and comments, and cuts runs of white
// space to one character. What remains parses to the same visible text as
// the original page. It also caps how deep elements nest (see NestingGuard).
#include "html/prestrip.hpp"

#include "core/text.hpp"

#include <algorithm>
#include <cstring>
#include <iterator>

namespace khobao::html {

namespace {

thread_local size_t flattened_pages = 0;  // see pages_flattened_on_this_thread()

bool is_name_end(std::string_view s, size_t i) {
  if (i >= s.size()) return true;
  char c = s[i];
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '/' || c == '>';
}

// The index just past the '>' that closes the tag starting at `i` ('<'),
// honouring quoted attribute values; s.size() when the tag never closes.
size_t tag_end(std::string_view s, size_t i) {
  char quote = 0;
  for (size_t k = i + 1; k < s.size(); ++k) {
    char c = s[k];
    if (quote) {
      if (c == quote) quote = 0;
    } else if (c == '"' || c == '\'') {
      // Quotes only open a value right after '='; elsewhere they are plain
      // characters (an HTML tokenizer treats them so).
      size_t b = k;
      while (b > i && (s[b - 1] == ' ' || s[b - 1] == '\t' || s[b - 1] == '\n' || s[b - 1] == '\r')) --b;
      if (b > i && s[b - 1] == '=') quote = c;
    } else if (c == '>') {
      return k + 1;
    }
  }
  return s.size();
}

// Finds "</name" (case-insensitive) from `from`; returns the index past its
// closing '>', or s.size() when there is none.
size_t close_tag_end(std::string_view s, size_t from, std::string_view name) {
  size_t i = from;
  while (true) {
    const void* p = std::memchr(s.data() + i, '<', s.size() - i);
    if (!p) return s.size();
    i = static_cast<const char*>(p) - s.data();
    if (i + 1 < s.size() && s[i + 1] == '/' && text::starts_with_ci(s, i + 2, name) &&
        is_name_end(s, i + 2 + name.size()))
      return tag_end(s, i);
    ++i;
  }
}

// Finds the end of an <svg> element, counting nested <svg> tags.
size_t svg_end(std::string_view s, size_t from) {
  int depth = 1;
  size_t i = from;
  while (i < s.size()) {
    const void* p = std::memchr(s.data() + i, '<', s.size() - i);
    if (!p) return s.size();
    i = static_cast<const char*>(p) - s.data();
    if (text::starts_with_ci(s, i + 1, "svg") && is_name_end(s, i + 4)) {
      size_t e = tag_end(s, i);
      if (e >= 2 && s[e - 2] != '/') ++depth;
      i = e;
    } else if (i + 1 < s.size() && s[i + 1] == '/' && text::starts_with_ci(s, i + 2, "svg") &&
               is_name_end(s, i + 5)) {
      i = tag_end(s, i);
      if (--depth == 0) return i;
    } else {
      ++i;
    }
  }
  return s.size();
}

// Appends `span` with each run of white space cut to its first character.
// The parser's time follows bytes, indentation is a good share of what is
// left, and khobao collapses white space in all text it reads anyway.
void append_collapsed(std::string& out, std::string_view span) {
  size_t i = 0;
  while (i < span.size()) {
    size_t run = i;
    while (run < span.size() && !text::is_ascii_space(span[run])) ++run;
    out.append(span.data() + i, run - i);
    if (run == span.size()) break;
    if (out.empty() || !text::is_ascii_space(out.back())) out += span[run];
    i = run + 1;
    while (i < span.size() && text::is_ascii_space(span[i])) ++i;
  }
}

// The tag name at `i` (just past '<' or '</'), lower-cased, cut at 16
// characters (no name we test for is longer).
std::string_view tag_name(std::string_view s, size_t i, char (&buf)[16]) {
  size_t n = 0;
  while (n < sizeof buf && !is_name_end(s, i + n)) {
    buf[n] = text::ascii_lower(s[i + n]);
    ++n;
  }
  return {buf, n};
}

// Elements that never hold others (void) or whose end tag the parser implies
// (<p>, <li>, <td>...): they do not deepen the tree however many there are.
// Asked for every tag of every page: a sorted table and a binary search.
bool never_nests(std::string_view name) {
  static constexpr std::string_view kNames[] = {
      "area",  "base",  "body",  "br",    "caption", "col", "colgroup", "dd",    "dt",    "embed",
      "frame", "head",  "hr",    "html",  "img",     "input", "keygen", "li",    "link",  "meta",
      "optgroup", "option", "p", "param", "rb",      "rp",  "rt",       "rtc",   "source", "tbody",
      "td",    "tfoot", "th",    "thead", "tr",      "track", "wbr"};
  static_assert(std::is_sorted(std::begin(kNames), std::end(kNames)));
  return std::binary_search(std::begin(kNames), std::end(kNames), name);
}

// Browsers stop nesting at a depth (Blink's parser: 512) and attach deeper
// elements to the element at that depth. gumbo has no such limit and is
// quadratic in depth: 20,000 nested <div> take 0.8 s, a million half an
// hour. So start tags that would nest deeper than kMaxDepth are dropped,
// with as many end tags after them; every character of text stays.
class NestingGuard {
 public:
  static constexpr int kMaxDepth = kMaxNestingDepth;

  // Whether to keep the start tag named `name`; `self_closing` ("<x/>")
  // opens nothing.
  bool keep_start(std::string_view name, bool self_closing) {
    if (self_closing || never_nests(name)) return true;
    if (depth_ < kMaxDepth) {
      ++depth_;
      return true;
    }
    ++pending_;
    ++dropped_;
    return false;
  }

  // Whether to keep the end tag named `name`: the first ones after dropped
  // start tags close those, and go too.
  bool keep_end(std::string_view name) {
    if (never_nests(name)) return true;
    if (pending_ > 0) {
      --pending_;
      ++dropped_;
      return false;
    }
    if (depth_ > 0) --depth_;
    return true;
  }

  size_t dropped() const { return dropped_; }

 private:
  int depth_ = 0;
  size_t pending_ = 0;  // start tags dropped and not yet matched by an end tag
  size_t dropped_ = 0;
};

bool is_json_ld(std::string_view open_tag) {
  for (size_t i = 0; i + 7 <= open_tag.size(); ++i)
    if (text::starts_with_ci(open_tag, i, "ld+json")) return true;
  return false;
}

}  // namespace

Prestripped prestrip(std::string_view s) {
  Prestripped out;
  out.html.reserve(s.size() / 2);
  size_t copied = 0;  // s[copied, i) is still to be copied
  size_t i = 0;
  NestingGuard nesting;
  char name_buf[16];
  auto drop = [&](size_t from, size_t to) {
    append_collapsed(out.html, s.substr(copied, from - copied));
    copied = to;
  };
  while (i < s.size()) {
    const void* p = std::memchr(s.data() + i, '<', s.size() - i);
    if (!p) break;
    i = static_cast<const char*>(p) - s.data();
    if (i + 1 >= s.size()) break;
    char next = s[i + 1];
    if (next == '!') {
      if (text::starts_with_ci(s, i + 2, "--")) {
        size_t end = s.find("-->", i + 4);
        end = end == std::string_view::npos ? s.size() : end + 3;
        drop(i, end);
        i = end;
      } else {
        i = tag_end(s, i);  // <!DOCTYPE ...>, <![CDATA[ ...
      }
      continue;
    }
    auto is_letter = [](char c) { return (c | 0x20) >= 'a' && (c | 0x20) <= 'z'; };
    if (next == '/' && i + 2 < s.size() && is_letter(s[i + 2])) {
      size_t end = tag_end(s, i);
      if (!nesting.keep_end(tag_name(s, i + 2, name_buf))) drop(i, end);
      i = end;
      continue;
    }
    if (!is_letter(next)) {
      ++i;
      continue;
    }
    size_t open_end = tag_end(s, i);
    if (text::starts_with_ci(s, i + 1, "script") && is_name_end(s, i + 7)) {
      size_t end = close_tag_end(s, open_end, "script");
      if (is_json_ld(s.substr(i, open_end - i))) {
        size_t close = s.rfind('<', end == s.size() ? s.size() : end - 1);
        if (close == std::string_view::npos || close < open_end) close = s.size();
        out.json_ld.emplace_back(s.substr(open_end, close - open_end));
      }
      drop(i, end);
      i = end;
    } else if (text::starts_with_ci(s, i + 1, "style") && is_name_end(s, i + 6)) {
      size_t end = close_tag_end(s, open_end, "style");
      drop(i, end);
      i = end;
    } else if (text::starts_with_ci(s, i + 1, "svg") && is_name_end(s, i + 4)) {
      size_t end = (open_end >= 2 && s[open_end - 2] == '/') ? open_end : svg_end(s, open_end);
      drop(i, end);
      i = end;
    } else {
      bool self_closing = open_end >= 2 && s[open_end - 2] == '/' && s[open_end - 1] == '>';
      if (!nesting.keep_start(tag_name(s, i + 1, name_buf), self_closing)) drop(i, open_end);
      i = open_end;
    }
  }
  append_collapsed(out.html, s.substr(copied));
  out.flattened_tags = nesting.dropped();
  if (out.flattened_tags) ++flattened_pages;
  return out;
}

size_t pages_flattened_on_this_thread() { return flattened_pages; }

}  // namespace khobao::html
