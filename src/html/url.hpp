// Resolving the links of a page against its URL (RFC 3986, section 5.2).
// Only what reading HTML needs; normalization for the crawler's frontier is
// net/'s job, on libcurl's URL API.
#pragma once

#include <string>
#include <string_view>

namespace khobao::html {

// `ref` resolved against `base`; "" when the result is not an http(s) URL
// (javascript:, mailto:, data:, or no base for a relative ref).
std::string resolve_url(std::string_view base, std::string_view ref);

// The host of an absolute http(s) URL, lower-case, without port; "" if none.
std::string url_host(std::string_view url);

}  // namespace khobao::html
