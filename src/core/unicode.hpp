// Unicode helpers on UTF-8 strings, through utf8proc: validation, NFC,
// case folding and stripping diacritics (for matching, never for storage).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace khobao::text {

// One code point read from UTF-8: value -1 for an invalid byte; length is
// always at least 1, so a scan always advances.
struct CodePoint {
  int32_t value;
  size_t length;
};
CodePoint code_point_at(std::string_view s, size_t i);

// Appends `cp` as UTF-8; U+FFFD for surrogates, 0 and values past U+10FFFF.
void append_utf8(std::string& out, char32_t cp);

// Whether `s` is valid UTF-8 (no overlongs, no surrogates, <= U+10FFFF).
bool is_valid_utf8(std::string_view s);

// `s` with each invalid byte sequence replaced by U+FFFD; `replaced`, if
// given, receives how many replacements were made.
std::string repair_utf8(std::string_view s, size_t* replaced = nullptr);

// `s` made safe to show: C0 controls (but tab and newline), DEL and C1
// controls (U+0080-U+009F, CSI among them) become U+FFFD, so that no escape
// sequence from a page reaches a terminal or a file someone will cat.
std::string without_controls(std::string_view s);

// NFC of valid UTF-8 (e.g. "a" + U+0301 -> "á", "ô" + U+0303 -> "ỗ").
// Returns the input unchanged when it is already NFC (the common case, fast).
std::string to_nfc(std::string_view s);

// Lower case, diacritics removed, đ/Đ -> d: "Đảng" -> "dang". For matching.
std::string fold_for_match(std::string_view s);

// Whether `s` looks like UTF-8 that was decoded as windows-1252/latin-1 and
// encoded again ("Ã¡", "á»‡", "Ä‘"): counts mojibake pairs against letters.
bool looks_double_encoded(std::string_view s);

// looks_double_encoded(s), and the mojibake is dense (at least 1% of the
// code points): a whole page double-encoded, not a few garbled quotes.
bool mostly_double_encoded(std::string_view s);

// Reverses one level of double encoding: each code point back to its
// windows-1252 byte, the result read as UTF-8. Returns "" when the text
// cannot be reversed that way (then it was not double-encoded, or not only).
std::string undo_double_encoding(std::string_view s);

}  // namespace khobao::text
