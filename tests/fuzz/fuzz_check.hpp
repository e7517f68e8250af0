// Invariant helpers shared by the fuzz targets.
#pragma once

#include "fuzz/fuzz_targets.hpp"
#include "core/text.hpp"
#include "core/unicode.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace khobao::fuzz {

inline void check_utf8(std::string_view s, std::string_view what) {
  check(khobao::text::is_valid_utf8(s), std::string(what) + " is not valid UTF-8");
}

inline void check_utf8(const std::string& s, std::string_view what) { check_utf8(std::string_view(s), what); }

inline void check_utf8(const std::optional<std::string>& s, std::string_view what) {
  if (s) check_utf8(*s, what);
}

inline bool is_http_url(std::string_view url) {
  std::string head = khobao::text::ascii_lower(url.substr(0, 8));
  return head.starts_with("http://") || head.starts_with("https://");
}

inline void check_http_urls(const std::vector<std::string>& urls, std::string_view what) {
  for (const auto& u : urls)
    if (!is_http_url(u)) fail(std::string(what) + " holds a non-http(s) URL: " + u);
}

}  // namespace khobao::fuzz
