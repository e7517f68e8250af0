// Unicode helpers on UTF-8 strings: a strict validator and repairer written
// by hand (it must never trust its input), NFC and match folding through
// utf8proc, and the detection and reversal of double-encoded UTF-8.
#include "core/unicode.hpp"

#include <utf8proc.h>

#include <cstdint>
#include <cstring>
#include <cstdlib>
#include <memory>
#include <optional>

namespace khobao::text {

namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

// One step of UTF-8 decoding. An invalid step covers the "maximal subpart"
// (the lead byte and the continuation bytes that were still plausible), so
// each bad sequence becomes one U+FFFD, the way browsers and Unicode count.
struct Utf8Step {
  char32_t code_point = 0;
  size_t length = 1;
  bool valid = false;
};

Utf8Step next_utf8(std::string_view s, size_t at) {
  const auto byte = [&](size_t i) { return static_cast<unsigned char>(s[i]); };
  const unsigned char lead = byte(at);
  if (lead < 0x80) return {lead, 1, true};

  size_t length = 0;
  char32_t code_point = 0;
  // The allowed range of the second byte is what excludes overlongs
  // (E0 80.., F0 80..), surrogates (ED A0..) and code points > U+10FFFF.
  unsigned char second_min = 0x80, second_max = 0xBF;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2, code_point = lead & 0x1F;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3, code_point = lead & 0x0F;
    if (lead == 0xE0) second_min = 0xA0;
    if (lead == 0xED) second_max = 0x9F;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4, code_point = lead & 0x07;
    if (lead == 0xF0) second_min = 0x90;
    if (lead == 0xF4) second_max = 0x8F;
  } else {
    return {};  // a stray continuation byte, C0/C1 (always overlong) or F5..FF
  }

  for (size_t k = 1; k < length; ++k) {
    const size_t i = at + k;
    const unsigned char lo = k == 1 ? second_min : 0x80;
    const unsigned char hi = k == 1 ? second_max : 0xBF;
    if (i >= s.size() || byte(i) < lo || byte(i) > hi) return {0, k, false};
    code_point = (code_point << 6) | (byte(i) & 0x3F);
  }
  return {code_point, length, true};
}

bool is_ascii(std::string_view s) {
  for (char c : s)
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  return true;
}

// utf8proc_map hands back a malloc'ed buffer; this frees it on every path.
struct FreeDeleter {
  void operator()(utf8proc_uint8_t* p) const { std::free(p); }
};
using Utf8procBuffer = std::unique_ptr<utf8proc_uint8_t, FreeDeleter>;

// nullopt when utf8proc refuses (it should not on valid input; out of
// memory is the remaining case).
std::optional<std::string> utf8proc_transform(std::string_view valid_utf8, int options) {
  utf8proc_uint8_t* raw = nullptr;
  const utf8proc_ssize_t length =
      utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(valid_utf8.data()),
                   static_cast<utf8proc_ssize_t>(valid_utf8.size()), &raw,
                   static_cast<utf8proc_option_t>(options));
  Utf8procBuffer owned(raw);
  if (length < 0 || !owned) return std::nullopt;
  return std::string(reinterpret_cast<const char*>(owned.get()), static_cast<size_t>(length));
}

// Ranges whose canonically decomposable letters are all primary composites
// (no singletons, no exclusions): Latin-1 Supplement through Latin
// Extended-B, and Latin Extended Additional, which holds Vietnamese.
// test_unicode.cpp checks this claim against utf8proc for every code point.
bool in_stable_latin_range(char32_t cp) {
  return (cp >= 0x00C0 && cp <= 0x024F) || (cp >= 0x1E00 && cp <= 0x1EFF);
}

// A conservative NFC quick check for one code point: false only when the
// code point, sitting among other such code points, can neither change nor
// combine with its neighbour. utf8proc's comb_index marks the code points
// that can be the second of a composition pair with its 0x8000 bit.
bool may_need_nfc_work(char32_t cp) {
  if (cp < 0x80) return false;
  const utf8proc_property_t* p = utf8proc_get_property(static_cast<utf8proc_int32_t>(cp));
  if (p->combining_class != 0) return true;
  if (p->comb_index != UINT16_MAX && (p->comb_index & 0x8000) != 0) return true;
  if (cp >= 0x1161 && cp <= 0x11C2) return true;  // Hangul V and T jamo compose by rule
  const bool canonical_decomposition =
      p->decomp_seqindex != UINT16_MAX && p->decomp_type == 0;
  if (canonical_decomposition) return p->comp_exclusion || !in_stable_latin_range(cp);
  return false;
}

bool is_quick_nfc(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    if (static_cast<unsigned char>(s[i]) < 0x80) {
      ++i;
      continue;
    }
    const Utf8Step step = next_utf8(s, i);
    if (!step.valid || may_need_nfc_work(step.code_point)) return false;
    i += step.length;
  }
  return true;
}

// The windows-1252 byte a code point came from when UTF-8 bytes were read
// as windows-1252 (or latin-1: C1 controls stand for themselves, which also
// covers the five bytes windows-1252 leaves undefined). -1: no such byte.
int windows_1252_byte(char32_t cp) {
  if (cp <= 0xFF) return static_cast<int>(cp);
  switch (cp) {
    case 0x20AC: return 0x80;
    case 0x201A: return 0x82;
    case 0x0192: return 0x83;
    case 0x201E: return 0x84;
    case 0x2026: return 0x85;
    case 0x2020: return 0x86;
    case 0x2021: return 0x87;
    case 0x02C6: return 0x88;
    case 0x2030: return 0x89;
    case 0x0160: return 0x8A;
    case 0x2039: return 0x8B;
    case 0x0152: return 0x8C;
    case 0x017D: return 0x8E;
    case 0x2018: return 0x91;
    case 0x2019: return 0x92;
    case 0x201C: return 0x93;
    case 0x201D: return 0x94;
    case 0x2022: return 0x95;
    case 0x2013: return 0x96;
    case 0x2014: return 0x97;
    case 0x02DC: return 0x98;
    case 0x2122: return 0x99;
    case 0x0161: return 0x9A;
    case 0x203A: return 0x9B;
    case 0x0153: return 0x9C;
    case 0x017E: return 0x9E;
    case 0x0178: return 0x9F;
    default: return -1;
  }
}

// How many UTF-8 bytes a lead byte announces; 0 for a byte that cannot lead.
size_t utf8_sequence_length(int lead) {
  if (lead >= 0xC2 && lead <= 0xDF) return 2;
  if (lead >= 0xE0 && lead <= 0xEF) return 3;
  if (lead >= 0xF0 && lead <= 0xF4) return 4;
  return 0;
}

// Code points of `s` (U+FFFD for bad bytes), for scanning several ahead.
std::u32string code_points(std::string_view s) {
  std::u32string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    const Utf8Step step = next_utf8(s, i);
    out += step.valid ? step.code_point : U'\uFFFD';
    i += step.length;
  }
  return out;
}

// Length in code points of a mojibake sequence starting at `at` (a lead
// byte's character followed by its continuation bytes' characters that
// together form one valid UTF-8 character beyond ASCII), or 0.
size_t mojibake_length(const std::u32string& cps, size_t at) {
  const int lead = windows_1252_byte(cps[at]);
  const size_t length = utf8_sequence_length(lead);
  if (length == 0 || at + length > cps.size()) return 0;
  std::string bytes(1, static_cast<char>(lead));
  for (size_t k = 1; k < length; ++k) {
    const int b = windows_1252_byte(cps[at + k]);
    if (b < 0x80 || b > 0xBF) return 0;
    bytes += static_cast<char>(b);
  }
  return next_utf8(bytes, 0).valid ? length : 0;
}

}  // namespace

// Index of the first non-ASCII byte at or after `i`: eight bytes at a time,
// because pages are mostly ASCII markup and this runs over every byte.
static size_t skip_ascii(std::string_view s, size_t i) {
  while (i + 8 <= s.size()) {
    uint64_t word;
    std::memcpy(&word, s.data() + i, 8);
    if (word & 0x8080808080808080ull) break;
    i += 8;
  }
  while (i < s.size() && static_cast<unsigned char>(s[i]) < 0x80) ++i;
  return i;
}

bool is_valid_utf8(std::string_view s) {
  for (size_t i = skip_ascii(s, 0); i < s.size(); i = skip_ascii(s, i)) {
    const Utf8Step step = next_utf8(s, i);
    if (!step.valid) return false;
    i += step.length;
  }
  return true;
}

std::string repair_utf8(std::string_view s, size_t* replaced) {
  size_t replacements = 0;
  std::string out;
  out.reserve(s.size());
  size_t copied = 0;  // s[copied, i) is valid and not yet appended
  for (size_t i = skip_ascii(s, 0); i < s.size(); i = skip_ascii(s, i)) {
    const Utf8Step step = next_utf8(s, i);
    if (!step.valid) {
      out.append(s.substr(copied, i - copied));
      out.append(kReplacement);
      ++replacements;
      copied = i + step.length;
    }
    i += step.length;
  }
  out.append(s.substr(copied));
  if (replaced) *replaced = replacements;
  return out;
}

// NFC of one stretch, through utf8proc: the slow path.
static std::string compose(std::string_view part) {
  const std::string valid = is_valid_utf8(part) ? std::string(part) : repair_utf8(part);
  auto composed = utf8proc_transform(valid, UTF8PROC_STABLE | UTF8PROC_COMPOSE);
  return composed ? std::move(*composed) : valid;
}

std::string to_nfc(std::string_view s) {
  // Normalization never reaches across an ASCII character: it is a starter
  // that composes with nothing before it. So the text splits into stretches
  // of one ASCII character (which a mark after it may join) and the
  // non-ASCII run that follows, and only a stretch that needs work goes
  // through utf8proc, instead of the whole page.
  std::string out;
  out.reserve(s.size());
  size_t i = 0;
  while (i < s.size()) {
    const size_t run = skip_ascii(s, i);
    if (run == s.size()) {
      out.append(s.substr(i));
      break;
    }
    const size_t start = run > i ? run - 1 : run;
    out.append(s.substr(i, start - i));
    size_t end = run;
    while (end < s.size() && static_cast<unsigned char>(s[end]) >= 0x80) ++end;
    const std::string_view part = s.substr(start, end - start);
    if (is_quick_nfc(part)) out.append(part);
    else out.append(compose(part));
    i = end;
  }
  return out;
}

std::string fold_for_match(std::string_view s) {
  if (is_ascii(s)) {
    std::string out(s);
    for (char& c : out)
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
  }
  const std::string valid = is_valid_utf8(s) ? std::string(s) : repair_utf8(s);
  auto folded = utf8proc_transform(
      valid, UTF8PROC_STABLE | UTF8PROC_DECOMPOSE | UTF8PROC_CASEFOLD | UTF8PROC_STRIPMARK);
  if (!folded) return valid;
  // đ is a letter of its own, not d with a mark, so STRIPMARK keeps it;
  // readers and search boxes write it as d.
  std::string out;
  out.reserve(folded->size());
  for (size_t i = 0; i < folded->size();) {
    const Utf8Step step = next_utf8(*folded, i);
    if (step.code_point == 0x0111 || step.code_point == 0x0110)
      out += 'd';
    else
      out.append(*folded, i, step.length);
    i += step.length;
  }
  return out;
}

// Whether `s` has at least two byte pairs that double encoding makes: a
// character U+00C0..U+00EF (a UTF-8 lead byte read as windows-1252, C3 80..C3
// AF) followed by one of U+0080..U+00BF or a windows-1252 special (C2, C5,
// C6, CB, E2 lead bytes). A cheap filter that spares most pages the full scan.
static bool has_mojibake_pairs(std::string_view s) {
  size_t pairs = 0;
  for (size_t i = skip_ascii(s, 0); i + 2 < s.size(); i = skip_ascii(s, i + 1)) {
    const auto b = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
    if (b(i) == 0xC3 && b(i + 1) >= 0x80 && b(i + 1) <= 0xAF) {
      const unsigned char next = b(i + 2);
      if (next == 0xC2 || next == 0xC5 || next == 0xC6 || next == 0xCB || next == 0xE2)
        if (++pairs >= 2) return true;
    }
  }
  return false;
}

namespace {

struct MojibakeCount {
  size_t sequences = 0;        // mojibake sequences, each one original character
  size_t points = 0;           // code points inside them
  size_t other_non_ascii = 0;  // non-ASCII code points outside them
  size_t all = 0;              // code points in all
};

MojibakeCount count_mojibake(std::string_view s) {
  MojibakeCount m;
  const std::u32string cps = code_points(s);
  m.all = cps.size();
  for (size_t i = 0; i < cps.size();) {
    if (const size_t length = mojibake_length(cps, i)) {
      ++m.sequences;
      m.points += length;
      i += length;
      continue;
    }
    if (cps[i] >= 0x80) ++m.other_non_ascii;
    ++i;
  }
  return m;
}

}  // namespace

bool looks_double_encoded(std::string_view s) {
  if (!has_mojibake_pairs(s)) return false;
  // Real text meets a sequence like "Ã¡" by accident now and then; a
  // double-encoded text is made of them, so most of its non-ASCII is inside.
  const MojibakeCount m = count_mojibake(s);
  return m.sequences >= 2 && m.points >= m.other_non_ascii;
}

bool mostly_double_encoded(std::string_view s) {
  if (!has_mojibake_pairs(s)) return false;
  // Dense, too: an English page with a few "â€™" of a pasted quote is
  // ordinary text with a few garbled letters, not a double-encoded page.
  const MojibakeCount m = count_mojibake(s);
  return m.sequences >= 2 && m.points >= m.other_non_ascii && m.points * 100 >= m.all;
}

std::string undo_double_encoding(std::string_view s) {
  if (!is_valid_utf8(s)) return {};
  std::string bytes;
  bytes.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    const Utf8Step step = next_utf8(s, i);
    const int b = windows_1252_byte(step.code_point);
    if (b < 0) return {};
    bytes += static_cast<char>(b);
    i += step.length;
  }
  return is_valid_utf8(bytes) ? bytes : std::string();
}

CodePoint code_point_at(std::string_view s, size_t i) {
  if (i >= s.size()) return {-1, 1};
  const Utf8Step step = next_utf8(s, i);
  return {step.valid ? static_cast<int32_t>(step.code_point) : -1, step.length};
}

void append_utf8(std::string& out, char32_t cp) {
  if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

std::string without_controls(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7F) {
      out += kReplacement;
    } else if (c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) >= 0x80 &&
               static_cast<unsigned char>(s[i + 1]) <= 0x9F) {
      out += kReplacement;
      ++i;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

}  // namespace khobao::text
