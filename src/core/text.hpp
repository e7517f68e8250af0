// ASCII text helpers for the parts of the web that are ASCII by rule: tag,
// attribute and header names, hosts, charsets, robots.txt, query syntax.
// Every module uses these instead of a private copy; Unicode is unicode.hpp.
#pragma once

#include <string>
#include <string_view>

namespace khobao::text {

// `c` lower-cased if it is an ASCII capital letter; any other byte as it is.
constexpr char ascii_lower(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

// `s` with ASCII letters lower-cased; other bytes (UTF-8 among them) kept.
std::string ascii_lower(std::string_view s);

// Whether `a` and `b` are equal, ASCII letters compared without case.
bool iequals(std::string_view a, std::string_view b);

// Whether `s` starts with `prefix`, ASCII letters compared without case.
bool starts_with_ci(std::string_view s, std::string_view prefix);

// Whether `s` from byte `at` on starts with `prefix`, without case; false
// when `at` is past the end (scanners probe ahead of where they are).
bool starts_with_ci(std::string_view s, size_t at, std::string_view prefix);

// HTML's ASCII white space: space, tab, line feed, carriage return, form feed.
constexpr bool is_ascii_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

// `s` without leading and trailing ASCII white space and control bytes
// (every byte up to 0x20).
std::string_view trim_ascii(std::string_view s);

// `s` without leading and trailing spaces and tabs: the white space of HTTP
// fields (RFC 9110 5.6.3), robots.txt (RFC 9309 2.2) and WARC headers. Unlike
// trim_ascii it keeps control bytes, which there belong to the value.
std::string_view trim_space_tab(std::string_view s);

// The value of a hexadecimal digit (0-9, a-f, A-F), or -1 for any other byte.
constexpr int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace khobao::text
