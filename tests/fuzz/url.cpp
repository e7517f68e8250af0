// Fuzz target: URLs from pages, feeds and sitemaps (net/url.hpp on libcurl's
// URL API, and html/url.hpp's resolver). The input is "base\nref": the whole
// of it is also normalized as one URL.
#include "fuzz/fuzz_check.hpp"

#include "html/url.hpp"
#include "net/url.hpp"

namespace khobao::fuzz {

namespace {

const net::HostFolding& folding() {
  static const net::HostFolding f = [] {
    net::HostFolding h;
    h.add("www.baohatinh.vn", "baohatinh.vn");
    h.add("M.Example.COM.", "example.com");
    return h;
  }();
  return f;
}

// What normalize() promises of its result (url.hpp).
void check_normalized(const std::string& url) {
  std::optional<std::string> again = net::normalize(url, folding());
  check(again == url, "normalize is not idempotent: " + url + " -> " + again.value_or("nullopt"));
  check(is_http_url(url), "normalize gave a non-http(s) URL: " + url);
  check(url.find('#') == std::string::npos, "normalize kept a fragment: " + url);
  std::optional<net::UrlParts> p = net::parts(url);
  check(p.has_value(), "parts() refuses a normalized URL: " + url);
  // Port 0 is a valid URL port (RFC 3986), if not a useful one: only the range is checked.
  check(!p->host.empty() && !p->path.empty() && p->port >= 0 && p->port <= 65535,
        "parts() of a normalized URL are incomplete: " + url);
  check(!net::origin(url).empty() && !net::host_key(url).empty(), "no origin or host key for " + url);
}

void check_url(std::string_view url) {
  if (std::optional<std::string> n = net::normalize(url, folding())) check_normalized(*n);
  if (std::optional<net::UrlParts> p = net::parts(url)) {
    check(!p->path.empty(), "parts() gave an empty path");
    check(p->port >= 0 && p->port <= 65535, "parts() gave port " + std::to_string(p->port));
  }
  net::host_key(url);
  net::host_of(url);
  net::path_and_query(url);
  html::url_host(url);
}

}  // namespace

void fuzz_url(std::string_view bytes) {
  size_t nl = bytes.find('\n');
  std::string_view base = bytes.substr(0, nl);
  std::string_view ref = nl == std::string_view::npos ? std::string_view() : bytes.substr(nl + 1);

  check_url(bytes);
  if (std::optional<std::string> r = net::resolve(base, ref)) {
    check(is_http_url(*r), "resolve gave a non-http(s) URL: " + *r);
    check_url(*r);
  }
  if (std::optional<std::string> link = net::normalize_link(base, ref, folding())) check_normalized(*link);
  std::string h = html::resolve_url(base, ref);
  if (!h.empty()) check(is_http_url(h), "html::resolve_url gave a non-http(s) URL: " + h);
}

}  // namespace khobao::fuzz
