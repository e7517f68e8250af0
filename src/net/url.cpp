// URLs on libcurl's URL API (see url.hpp): libcurl parses and resolves; this file
// cleans what pages write, refuses what the crawler must not fetch, and normalizes.
#include "net/url.hpp"

#include <curl/curl.h>
#include <utf8proc.h>

#include <array>
#include <charconv>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <vector>

namespace khobao::net {

namespace {

// Longer URLs are junk or traps; browsers and servers commonly stop near here too.
constexpr std::size_t kMaxUrlBytes = 8 * 1024;

struct CurluDeleter {
  void operator()(CURLU* u) const noexcept { curl_url_cleanup(u); }
};
using Curlu = std::unique_ptr<CURLU, CurluDeleter>;

struct CurlFree {
  void operator()(char* p) const noexcept { curl_free(p); }
};
using CurlString = std::unique_ptr<char, CurlFree>;

struct MallocFree {
  void operator()(void* p) const noexcept { std::free(p); }
};

char ascii_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + ('a' - 'A')) : c; }

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = ascii_lower(c);
  return out;
}

bool is_http(std::string_view scheme) { return scheme == "http" || scheme == "https"; }

int default_port(std::string_view scheme) { return scheme == "https" ? 443 : 80; }

// What a browser does to an href before parsing it (WHATWG URL): spaces and C0
// controls at either end are page formatting, tabs and newlines inside are line
// wrapping, and for http(s) a backslash before the query is a slash.
std::string clean(std::string_view s) {
  std::size_t b = 0, e = s.size();
  while (b < e && static_cast<unsigned char>(s[b]) <= ' ') ++b;
  while (e > b && static_cast<unsigned char>(s[e - 1]) <= ' ') --e;
  std::string out;
  out.reserve(e - b);
  bool before_query = true;
  for (std::size_t i = b; i < e; ++i) {
    char c = s[i];
    if (c == '\t' || c == '\n' || c == '\r') continue;
    if (c == '?' || c == '#') before_query = false;
    out += (c == '\\' && before_query) ? '/' : c;
  }
  return out;
}

// One part of a parsed URL. libcurl reports a missing part with its own code
// (CURLUE_NO_QUERY...), which is an answer, not a failure: `absent` keeps the two apart.
struct Part {
  bool ok = false;       // false: libcurl failed, the URL is unusable
  bool present = false;  // the URL has this part
  std::string text;
};

Part get_part(CURLU* h, CURLUPart what, unsigned int flags) {
  char* raw = nullptr;
  CURLUcode rc = curl_url_get(h, what, &raw, flags);
  CurlString owned(raw);
  switch (rc) {
    case CURLUE_OK:
      return {true, true, owned ? std::string(owned.get()) : std::string()};
    case CURLUE_NO_SCHEME:
    case CURLUE_NO_USER:
    case CURLUE_NO_PASSWORD:
    case CURLUE_NO_OPTIONS:
    case CURLUE_NO_HOST:
    case CURLUE_NO_PORT:
    case CURLUE_NO_QUERY:
    case CURLUE_NO_FRAGMENT:
    case CURLUE_NO_ZONEID:
      return {true, false, {}};
    default:
      return {};
  }
}

// A handle holding `url` (absolute, or resolved against what `h` already holds),
// or null when libcurl refuses it. Spaces are let through so that the encoders
// below decide how they are written, as for any other unsafe byte.
bool set_url(CURLU* h, const std::string& url, unsigned int extra_flags = 0) {
  return curl_url_set(h, CURLUPART_URL, url.c_str(), CURLU_ALLOW_SPACE | extra_flags) == CURLUE_OK;
}

Curlu parse_absolute(std::string_view url, unsigned int extra_flags = 0) {
  std::string cleaned = clean(url);
  if (cleaned.empty() || cleaned.size() > kMaxUrlBytes) return nullptr;
  Curlu h(curl_url());
  if (!h || !set_url(h.get(), cleaned, extra_flags)) return nullptr;
  return h;
}

std::optional<std::string> http_scheme(CURLU* h) {
  Part scheme = get_part(h, CURLUPART_SCHEME, 0);
  if (!scheme.ok || !scheme.present) return std::nullopt;
  std::string s = lower(scheme.text);
  if (!is_http(s)) return std::nullopt;
  return s;
}

// RFC 3492's Punycode for one label's code points (all of them, ASCII included).
std::string punycode(const std::vector<std::int32_t>& cps) {
  constexpr std::uint64_t base = 36, tmin = 1, tmax = 26, skew = 38, damp = 700;
  auto digit = [](std::uint64_t d) { return static_cast<char>(d < 26 ? 'a' + d : '0' + (d - 26)); };
  auto adapt = [&](std::uint64_t delta, std::uint64_t points, bool first) {
    delta = first ? delta / damp : delta / 2;
    delta += delta / points;
    std::uint64_t k = 0;
    while (delta > ((base - tmin) * tmax) / 2) {
      delta /= base - tmin;
      k += base;
    }
    return k + (base - tmin + 1) * delta / (delta + skew);
  };
  std::string out;
  for (std::int32_t c : cps)
    if (c < 0x80) out += static_cast<char>(c);
  const std::uint64_t basic = out.size();
  std::uint64_t handled = basic;
  if (basic > 0) out += '-';
  std::uint64_t n = 0x80, delta = 0, bias = 72;
  while (handled < cps.size()) {
    std::uint64_t m = UINT64_MAX;
    for (std::int32_t c : cps)
      if (static_cast<std::uint64_t>(c) >= n && static_cast<std::uint64_t>(c) < m) m = static_cast<std::uint64_t>(c);
    delta += (m - n) * (handled + 1);
    n = m;
    for (std::int32_t c : cps) {
      if (static_cast<std::uint64_t>(c) < n) ++delta;
      if (static_cast<std::uint64_t>(c) != n) continue;
      std::uint64_t q = delta;
      for (std::uint64_t k = base;; k += base) {
        std::uint64_t t = k <= bias ? tmin : (k >= bias + tmax ? tmax : k - bias);
        if (q < t) break;
        out += digit(t + (q - t) % (base - t));
        q = (q - t) / (base - t);
      }
      out += digit(q);
      bias = adapt(delta, handled + 1, handled == basic);
      delta = 0;
      ++handled;
    }
    ++delta;
    ++n;
  }
  return out;
}

// The ASCII form of a UTF-8 host: NFC and case folding (utf8proc), then Punycode
// label by label. Close to IDNA's UTS 46 mapping for the letters news sites use;
// nullopt for invalid UTF-8 or a label longer than DNS allows.
std::optional<std::string> host_to_ascii(const std::string& host) {
  utf8proc_uint8_t* mapped = nullptr;
  utf8proc_ssize_t len = utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(host.data()),
                                      static_cast<utf8proc_ssize_t>(host.size()), &mapped,
                                      static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_COMPOSE |
                                                                     UTF8PROC_CASEFOLD));
  std::unique_ptr<utf8proc_uint8_t, MallocFree> owned(mapped);
  if (len < 0) return std::nullopt;
  std::string out;
  std::vector<std::int32_t> label;
  bool ascii = true;
  auto flush = [&]() {
    if (ascii) {
      for (std::int32_t c : label) out += static_cast<char>(c);
    } else {
      out += "xn--" + punycode(label);
    }
    label.clear();
    ascii = true;
  };
  for (utf8proc_ssize_t i = 0; i < len;) {
    utf8proc_int32_t cp = 0;
    utf8proc_ssize_t step = utf8proc_iterate(mapped + i, len - i, &cp);
    if (step <= 0) return std::nullopt;
    i += step;
    if (cp == '.') {
      flush();
      out += '.';
      continue;
    }
    if (cp >= 0x80) ascii = false;
    label.push_back(cp);
  }
  flush();
  std::size_t start = 0;
  while (start <= out.size()) {
    std::size_t dot = out.find('.', start);
    if (dot == std::string::npos) dot = out.size();
    if (dot - start > 63) return std::nullopt;
    start = dot + 1;
  }
  return out;
}

// `host` (lower-case ASCII) without its trailing dots, read by libcurl again:
// libcurl normalizes IPv4 shorthands ("127.0" is 127.0.0.0) but not with the
// dot ("127.0."), so without a second reading a second normalize() would
// write another host than the first (a fuzz find).
std::optional<std::string> without_trailing_dots(std::string host) {
  while (!host.empty() && host.back() == '.') host.pop_back();
  if (host.empty()) return std::nullopt;
  Curlu h = parse_absolute("http://" + host + "/");
  Part again = h ? get_part(h.get(), CURLUPART_HOST, 0) : Part{};
  if (!again.ok || !again.present || again.text.empty()) return std::nullopt;
  return lower(again.text);
}

// The host as normalize() writes it: lower-case, ASCII, no trailing dot.
std::optional<std::string> canonical_host(CURLU* h) {
  Part host = get_part(h, CURLUPART_HOST, 0);
  if (!host.ok || !host.present) return std::nullopt;
  // libcurl decodes the escapes of a host but lets a stray '%' through
  // ("b%1%32" -> "b%12"): such a host names nothing, and written out, its '%'
  // starts an escape that the next reading decodes (a fuzz find).
  if (host.text.find('%') != std::string::npos) return std::nullopt;
  std::string out = lower(host.text);
  bool ascii = true;
  for (char c : out)
    if (static_cast<unsigned char>(c) >= 0x80) ascii = false;
  if (!ascii) {
    // CURLU_PUNYCODE arrived in libcurl 7.88.0, but there it converts through
    // idn2_lookup_ul(), which reads the host in the process's locale: under the
    // "C" locale (ours: nothing calls setlocale) it fails with
    // CURLUE_OUT_OF_MEMORY. That failure is expected and answered by our own
    // conversion, so that the archive's keys do not depend on the locale.
    std::optional<std::string> converted;
#ifdef CURLU_PUNYCODE
    Part puny = get_part(h, CURLUPART_HOST, CURLU_PUNYCODE);
    if (puny.ok && puny.present) converted = lower(puny.text);
#endif
    if (!converted) converted = host_to_ascii(out);
    if (!converted) return std::nullopt;
    out = std::move(*converted);
  }
  if (!out.empty() && out.back() == '.') return without_trailing_dots(std::move(out));
  return out;
}

std::optional<int> effective_port(CURLU* h) {
  Part port = get_part(h, CURLUPART_PORT, CURLU_DEFAULT_PORT);
  if (!port.ok || !port.present) return std::nullopt;
  int value = 0;
  auto [end, ec] = std::from_chars(port.text.data(), port.text.data() + port.text.size(), value);
  if (ec != std::errc() || end != port.text.data() + port.text.size()) return std::nullopt;
  return value;
}

bool is_hex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  return ascii_lower(c) - 'a' + 10;
}

bool is_unreserved(unsigned char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '.' || c == '_' || c == '~';
}

enum class Component { path, query };  // the fragment follows the query's rules

// Whether RFC 3986 lets `c` stand unencoded in the component.
bool allowed_raw(unsigned char c, Component where) {
  if (is_unreserved(c)) return true;
  switch (c) {
    case '!': case '$': case '&': case '\'': case '(': case ')': case '*': case '+':
    case ',': case ';': case '=': case ':': case '@': case '/':
      return true;
    case '?':
      return where == Component::query;
    default:
      return false;
  }
}

void append_escape(std::string& out, unsigned char byte) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  out += '%';
  out += kHex[byte >> 4];
  out += kHex[byte & 0xF];
}

// Whether `byte` appended to `out` would make an escape of a '%' that starts
// none (written at out[stray]) and the digits after it: decoding "%%32E" to
// "%2E" would give a second normalize() an escape to decode (a fuzz find).
bool completes_escape(const std::string& out, std::size_t stray, unsigned char byte) {
  if (stray == std::string::npos || !is_hex(static_cast<char>(byte))) return false;
  return stray + 1 == out.size() || (stray + 2 == out.size() && is_hex(out.back()));
}

// Percent-encodes what the component may not hold raw (spaces, non-ASCII bytes,
// "<>{}|..."). With `normalize_escapes`, also rewrites existing escapes as RFC
// 3986 6.2.2 says equivalent URLs should read: unreserved characters decoded,
// hex upper-case. A "%" that starts no escape is left alone, as browsers send it.
std::string encode_component(std::string_view s, Component where, bool normalize_escapes) {
  std::string out;
  out.reserve(s.size());
  std::size_t stray = std::string::npos;  // where the last '%' that starts no escape is in `out`
  for (std::size_t i = 0; i < s.size(); ++i) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c == '%' && i + 2 < s.size() && is_hex(s[i + 1]) && is_hex(s[i + 2])) {
      auto byte = static_cast<unsigned char>(hex_value(s[i + 1]) * 16 + hex_value(s[i + 2]));
      if (!normalize_escapes)
        out.append(s.substr(i, 3));
      else if (is_unreserved(byte) && !completes_escape(out, stray, byte))
        out += static_cast<char>(byte);
      else
        append_escape(out, byte);
      i += 2;
    } else if (c == '%' || allowed_raw(c, where)) {
      if (c == '%') stray = out.size();
      out += static_cast<char>(c);
    } else {
      append_escape(out, c);
    }
  }
  return out;
}

// RFC 3986 5.2.4 on an absolute path. libcurl already did it once; it is done
// again because decoding "%2E" can make new "." and ".." segments.
std::string remove_dot_segments(std::string_view path) {
  std::vector<std::string_view> kept;
  std::size_t start = path.empty() || path[0] != '/' ? 0 : 1;
  for (;;) {
    std::size_t end = path.find('/', start);
    bool last = end == std::string_view::npos;
    std::string_view seg = path.substr(start, last ? std::string_view::npos : end - start);
    if (seg == "..") {
      if (!kept.empty()) kept.pop_back();
      if (last) kept.emplace_back();
    } else if (seg == ".") {
      if (last) kept.emplace_back();
    } else {
      kept.push_back(seg);
    }
    if (last) break;
    start = end + 1;
  }
  std::string out;
  for (std::string_view seg : kept) {
    out += '/';
    out.append(seg);
  }
  return out.empty() ? "/" : out;
}

// Parameters that say where a reader came from, never which page they read.
bool is_tracking_parameter(std::string_view name) {
  static constexpr std::array<std::string_view, 12> kNames = {
      "fbclid", "gclid", "dclid", "msclkid", "yclid", "mc_cid",
      "mc_eid", "_ga",   "_gl",   "igshid",  "zarsrc", "gidzl"};
  std::string n = lower(name);
  if (n.rfind("utm_", 0) == 0) return true;
  for (std::string_view known : kNames)
    if (n == known) return true;
  return false;
}

// The query without tracking and empty parameters, in the order written.
std::string strip_query(std::string_view query) {
  std::string out;
  std::size_t start = 0;
  while (start <= query.size()) {
    std::size_t amp = query.find('&', start);
    if (amp == std::string_view::npos) amp = query.size();
    std::string_view param = query.substr(start, amp - start);
    std::string_view name = param.substr(0, param.find('='));
    if (!param.empty() && !is_tracking_parameter(name)) {
      if (!out.empty()) out += '&';
      out.append(param);
    }
    start = amp + 1;
  }
  return out;
}

std::string with_port(std::string host, std::string_view scheme, int port) {
  if (port != default_port(scheme)) host += ":" + std::to_string(port);
  return host;
}

// resolve()'s answer from a handle that holds the resolved URL: the URL as
// written, with only the bytes that cannot stand in a URL encoded.
std::optional<std::string> write_resolved(CURLU* h) {
  std::optional<std::string> scheme = http_scheme(h);
  if (!scheme) return std::nullopt;
  Part user = get_part(h, CURLUPART_USER, 0);
  Part password = get_part(h, CURLUPART_PASSWORD, 0);
  Part host = get_part(h, CURLUPART_HOST, 0);
  Part port = get_part(h, CURLUPART_PORT, 0);
  Part path = get_part(h, CURLUPART_PATH, 0);
  Part query = get_part(h, CURLUPART_QUERY, 0);
  Part fragment = get_part(h, CURLUPART_FRAGMENT, 0);
  for (const Part* p : {&user, &password, &host, &port, &path, &query, &fragment})
    if (!p->ok) return std::nullopt;
  if (!host.present || host.text.empty()) return std::nullopt;
  std::string out = *scheme + "://";
  if (user.present) {
    out += user.text;
    if (password.present) out += ":" + password.text;
    out += '@';
  }
  out += host.text;
  if (port.present) out += ":" + port.text;
  out += path.text.empty() ? "/" : encode_component(path.text, Component::path, false);
  if (query.present && !query.text.empty()) out += "?" + encode_component(query.text, Component::query, false);
  if (fragment.present && !fragment.text.empty())
    out += "#" + encode_component(fragment.text, Component::query, false);
  if (out.size() > kMaxUrlBytes) return std::nullopt;
  return out;
}

}  // namespace

void HostFolding::add(std::string alias, std::string canonical) {
  auto tidy = [](std::string h) {
    h = lower(h);
    while (!h.empty() && h.back() == '.') h.pop_back();
    return h;
  };
  canonical_[tidy(std::move(alias))] = tidy(std::move(canonical));
}

std::string HostFolding::fold(std::string_view host) const {
  std::string key = lower(host);
  auto it = canonical_.find(key);
  return it == canonical_.end() ? std::string(host) : it->second;
}

std::optional<std::string> resolve(std::string_view base, std::string_view ref) {
  std::string cleaned_ref = clean(ref);
  if (cleaned_ref.size() > kMaxUrlBytes) return std::nullopt;

  Curlu h = parse_absolute(base);
  bool have_base = h && http_scheme(h.get());
  if (!have_base) h.reset(curl_url());
  if (!h) return std::nullopt;

  // libcurl 7.88 resolves "" and "#frag" against the base's directory, not the
  // base itself (RFC 3986 5.4.1 wants "http://a/b/c/d;p?q#s"): done here instead.
  if (cleaned_ref.empty() || cleaned_ref[0] == '#') {
    if (!have_base) return std::nullopt;
    const char* fragment = cleaned_ref.size() > 1 ? cleaned_ref.c_str() + 1 : nullptr;
    if (curl_url_set(h.get(), CURLUPART_FRAGMENT, fragment, 0) != CURLUE_OK) return std::nullopt;
    return write_resolved(h.get());
  }
  if (!set_url(h.get(), cleaned_ref)) return std::nullopt;
  return write_resolved(h.get());
}

namespace {

// The parts of a parsed http(s) URL as libcurl gives them (path and query
// still as written), or nullopt.
std::optional<UrlParts> read_parts(const Curlu& h) {
  if (!h) return std::nullopt;
  std::optional<std::string> scheme = http_scheme(h.get());
  if (!scheme) return std::nullopt;
  std::optional<std::string> host = canonical_host(h.get());
  std::optional<int> port = effective_port(h.get());
  Part path = get_part(h.get(), CURLUPART_PATH, 0);
  Part query = get_part(h.get(), CURLUPART_QUERY, 0);
  if (!host || !port || !path.ok || !query.ok) return std::nullopt;
  return UrlParts{*scheme, *host, *port, path.text, query.text};
}

}  // namespace

std::optional<std::string> normalize(std::string_view url, const HostFolding& folding) {
  std::optional<UrlParts> p = read_parts(parse_absolute(url, CURLU_DISALLOW_USER));
  if (!p) return std::nullopt;
  std::string out = p->scheme + "://" + with_port(folding.fold(p->host), p->scheme, p->port);
  out += remove_dot_segments(encode_component(p->path, Component::path, true));
  std::string kept = strip_query(encode_component(p->query, Component::query, true));
  if (!kept.empty()) out += "?" + kept;
  if (out.size() > kMaxUrlBytes) return std::nullopt;
  return out;
}

std::optional<std::string> normalize_link(std::string_view base, std::string_view ref,
                                          const HostFolding& folding) {
  std::optional<std::string> absolute = resolve(base, ref);
  if (!absolute) return std::nullopt;
  return normalize(*absolute, folding);
}

std::optional<UrlParts> parts(std::string_view url) {
  std::optional<UrlParts> p = read_parts(parse_absolute(url));
  if (p && p->path.empty()) p->path = "/";
  return p;
}

std::string host_key(std::string_view url) {
  std::optional<UrlParts> p = parts(url);
  return p ? with_port(p->host, p->scheme, p->port) : std::string();
}

std::string host_of(std::string_view url) {
  std::optional<UrlParts> p = parts(url);
  return p ? p->host : std::string();
}

std::string origin(std::string_view url) {
  std::optional<UrlParts> p = parts(url);
  return p ? p->scheme + "://" + with_port(p->host, p->scheme, p->port) : std::string();
}

std::string path_and_query(std::string_view url) {
  std::optional<UrlParts> p = parts(url);
  if (!p) return {};
  return p->query.empty() ? p->path : p->path + "?" + p->query;
}

}  // namespace khobao::net
