// Inside the URL module only (url/*.cpp): libcurl's URL handles and the steps
// resolve(), normalize() and parts() share. Other modules include url/url.hpp.
#pragma once

#include "core/text.hpp"
#include "url/url.hpp"

#include <curl/curl.h>

#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace khobao::url::detail {

// Longer URLs are junk or traps; browsers and servers commonly stop near here too.
inline constexpr std::size_t kMaxUrlBytes = 8 * 1024;

struct CurluDeleter {
  void operator()(CURLU* u) const noexcept { curl_url_cleanup(u); }
};
using Curlu = std::unique_ptr<CURLU, CurluDeleter>;

// One part of a parsed URL. libcurl reports a missing part with its own code
// (CURLUE_NO_QUERY...), which is an answer, not a failure: `present` keeps the two apart.
struct Part {
  bool ok = false;       // false: libcurl failed, the URL is unusable
  bool present = false;  // the URL has this part
  std::string text;
};

// The part `what` of the URL `h` holds, read with libcurl's `flags`.
Part get_part(CURLU* h, CURLUPart what, unsigned int flags);

// What a browser does to an href before parsing it (WHATWG URL): spaces and C0
// controls at either end dropped, tabs and newlines inside removed, and a
// backslash before the query read as a slash.
std::string clean(std::string_view s);

// A handle holding clean(url), or null when it is empty, over kMaxUrlBytes or
// refused by libcurl. `extra_flags` are curl_url_set flags (CURLU_DISALLOW_USER).
Curlu parse_absolute(std::string_view url, unsigned int extra_flags = 0);

// The parts of a parsed http(s) URL (host canonical: lower-case, punycode, no
// trailing dot; path and query as libcurl gives them, the path possibly
// empty), or nullopt for a null handle, another scheme or an unusable host.
std::optional<UrlParts> read_parts(const Curlu& h);

// `host` with ":port" when `port` is not the scheme's default.
std::string with_port(std::string host, std::string_view scheme, int port);

enum class Component { path, query };  // the fragment follows the query's rules

// Percent-encodes what the component may not hold raw (spaces, non-ASCII bytes,
// "<>{}|..."). With `normalize_escapes`, also rewrites existing escapes as RFC
// 3986 6.2.2 says equivalent URLs should read: unreserved characters decoded,
// hex upper-case. A "%" that starts no escape is left alone, as browsers send it.
std::string encode_component(std::string_view s, Component where, bool normalize_escapes);

}  // namespace khobao::url::detail
