// Fuzz target: URLs from pages, feeds and sitemaps (url/url.hpp on libcurl's
// URL API and libidn2). The input is "base\nref": the whole of it is also
// normalized as one URL, and read as a SURT key.
#include "fuzz/fuzz_check.hpp"

#include "url/url.hpp"

namespace khobao::fuzz {

namespace {

const url::HostFolding& folding() {
  static const url::HostFolding f = [] {
    url::HostFolding h;
    h.add("www.baohatinh.vn", "baohatinh.vn");
    h.add("M.Example.COM.", "example.com");
    return h;
  }();
  return f;
}

// What normalize() promises of its result (url.hpp).
void check_normalized(const std::string& url) {
  std::optional<std::string> again = url::normalize(url, folding());
  check(again == url, "normalize is not idempotent: " + url + " -> " + again.value_or("nullopt"));
  check(is_http_url(url), "normalize gave a non-http(s) URL: " + url);
  check(url.find('#') == std::string::npos, "normalize kept a fragment: " + url);
  std::optional<url::UrlParts> p = url::parts(url);
  check(p.has_value(), "parts() refuses a normalized URL: " + url);
  // Port 0 is a valid URL port (RFC 3986), if not a useful one: only the range is checked.
  check(!p->host.empty() && !p->path.empty() && p->port >= 0 && p->port <= 65535,
        "parts() of a normalized URL are incomplete: " + url);
  check(!url::origin(url).empty() && !url::host_key(url).empty(), "no origin or host key for " + url);
}

void check_url(std::string_view url) {
  if (std::optional<std::string> n = url::normalize(url, folding())) check_normalized(*n);
  if (std::optional<url::UrlParts> p = url::parts(url)) {
    check(!p->path.empty(), "parts() gave an empty path");
    check(p->port >= 0 && p->port <= 65535, "parts() gave port " + std::to_string(p->port));
  }
  url::host_key(url);
  url::host_of(url);
  url::path_and_query(url);
  url::fold_host(url::host_of(url));
  url::surt(url);
}

}  // namespace

void fuzz_url(std::string_view bytes) {
  size_t nl = bytes.find('\n');
  std::string_view base = bytes.substr(0, nl);
  std::string_view ref = nl == std::string_view::npos ? std::string_view() : bytes.substr(nl + 1);

  check_url(bytes);
  if (std::optional<std::string> r = url::resolve(base, ref)) {
    check(is_http_url(*r), "resolve gave a non-http(s) URL: " + *r);
    check_url(*r);
  }
  if (std::optional<std::string> link = url::normalize_link(base, ref, folding())) check_normalized(*link);
}

}  // namespace khobao::fuzz
