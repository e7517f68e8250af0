// URLs, the one place for them: resolving links, the normalized form that makes
// one article one page in the archive, the parts politeness and robots.txt need,
// host folding, IDN hosts, and the SURT keys of a CDXJ index. Parsing and
// resolving are libcurl's URL API (curl_url); IDN is libidn2's.
// Files: url.cpp (parsing, resolve, parts), normalize.cpp, host.cpp (folding),
// idn.cpp, surt.cpp.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace khobao::url {

// Maps hosts to the host that names their pages: an alias ("www.baohatinh.vn")
// to the site's host ("baohatinh.vn"). Hosts not in the map are left as they are.
class HostFolding {
 public:
  // Makes `alias` fold to `canonical`; both are lower-cased (ASCII) and lose a
  // trailing dot, so they compare as normalize() writes hosts. A later add() for
  // the same alias replaces the earlier one.
  void add(std::string alias, std::string canonical);

  // The canonical host for `host` (compared lower-cased), or `host` itself.
  std::string fold(std::string_view host) const;

 private:
  std::map<std::string, std::string, std::less<>> canonical_;
};

// The site a host belongs to when no rules say otherwise: ASCII lower case,
// trailing dots dropped, one leading "www." removed ("WWW.BaoHaTinh.vn." ->
// "baohatinh.vn"). Other subdomains stay ("m.baohatinh.vn").
std::string fold_host(std::string_view host);

// `ref` resolved against the absolute `base` (RFC 3986), as an absolute http(s) URL;
// nullopt for other schemes (javascript:, mailto:, file:, data:, ftp:), for a
// relative ref without a usable base, and for what libcurl cannot parse.
// Both inputs are cleaned as browsers do (leading/trailing spaces and controls
// stripped, tabs and newlines inside removed, "\" read as "/" before the query);
// inputs or results over 8 KiB are refused. The fragment is kept; spaces and
// non-ASCII bytes in path, query and fragment come out percent-encoded.
std::optional<std::string> resolve(std::string_view base, std::string_view ref);

// The normalized form of an absolute http(s) URL, so that one article is one page
// in the archive: scheme and host lower-case, IDN hosts as punycode, a trailing
// dot dropped from the host; default port removed; empty path -> "/"; dot segments
// removed; percent-encoding normalized (hex upper-case, unreserved characters
// decoded, anything RFC 3986 does not allow in the component encoded); the
// fragment dropped; tracking parameters (utm_*, fbclid, gclid, dclid, msclkid,
// yclid, mc_cid, mc_eid, _ga, _gl, igshid, and Zalo's zarsrc and gidzl) and empty
// parameters dropped, the others kept in order; an empty "?" dropped; the host
// folded through `folding`. nullopt for non-http(s) URLs, URLs without a host,
// URLs over 8 KiB, and URLs with user:password@ (a crawler must never send
// credentials it found in a page). normalize(normalize(u)) == normalize(u).
std::optional<std::string> normalize(std::string_view url, const HostFolding& folding = {});

// resolve() then normalize(): the frontier's key for a link found in a page.
std::optional<std::string> normalize_link(std::string_view base, std::string_view ref,
                                          const HostFolding& folding = {});

// The parts of a URL as the fetcher and politeness see them. port is the
// effective port (80/443 when the URL names none); path is never empty; query
// has no "?" and is "" when absent. Scheme and host are lower-case, the host
// without a trailing dot and in punycode as in normalize(); path and query are
// as written (after libcurl's dot-segment removal).
struct UrlParts {
  std::string scheme, host;
  int port = 0;
  std::string path, query;
};

// The parts of an absolute http(s) URL, or nullopt. Credentials in the URL are
// tolerated here (and not reported): parts() describes, normalize() judges.
std::optional<UrlParts> parts(std::string_view url);

// host[:port] as the politeness key of a URL ("baohatinh.vn", "127.0.0.1:8089"),
// lower-case, the port only when it is not the scheme's default; "" when not a URL.
std::string host_key(std::string_view url);

// The host alone, lower-case, no port; "" when not a URL.
std::string host_of(std::string_view url);

// scheme://host[:port] (default port omitted), where robots.txt lives:
// origin(url) + "/robots.txt"; "" when not a URL.
std::string origin(std::string_view url);

// The path plus "?query" when the query is not empty: what robots.txt rules
// match against; "" when not a URL.
std::string path_and_query(std::string_view url);

// The ASCII form of a host for DNS and for keys (IDNA 2008 with UTS 46
// non-transitional mapping, through libidn2): "Hà.vn" -> "xn--h-ufa.vn".
// An ASCII host comes back lower-cased; nullopt for invalid UTF-8 or what
// IDNA refuses (a label over 63 bytes, disallowed code points).
std::optional<std::string> host_to_ascii(std::string_view host);

// `s` with what cannot stand in a URL or an HTTP request line (controls,
// space, non-ASCII bytes) and each byte of `also` percent-encoded (%XX).
std::string escape_unsafe(std::string_view s, std::string_view also = {});

// The SURT key of `url` as pywb's indexer (the Python surt package) computes
// it: scheme, user info, default port and fragment dropped; host lowercased,
// "www." (or www2. ...) dropped, labels reversed and joined by commas, then
// ")"; percent-escapes normalised; path and query lowercased; a trailing "/"
// dropped; query arguments sorted. "http://www.Example.com/A/?b=2&a=1" gives
// "com,example)/a?a=1&b=2". A URL without a scheme is taken as http; one
// whose scheme has no "//" ("dns:...", "mailto:...") comes back unchanged.
// Lenient as the surt package is: any input gives a key, none throws.
std::string surt(std::string_view url);

}  // namespace khobao::url
