// SURT keys (see url.hpp), as the Python surt package computes them for pywb's
// CDXJ indexes. The surt package splits URLs leniently, any scheme and any
// garbage included, and so does this file: a key must come out for every
// WARC-Target-URI another tool wrote, where libcurl's parser would refuse some.
#include "url/url.hpp"

#include "core/text.hpp"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <vector>

namespace khobao::url {

std::string escape_unsafe(std::string_view s, std::string_view also) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (char c : s) {
    auto byte = static_cast<unsigned char>(c);
    if (byte <= 0x20 || byte >= 0x7f || also.find(c) != std::string_view::npos) {
      out += '%';
      out += kHex[byte >> 4];
      out += kHex[byte & 15];
    } else {
      out += c;
    }
  }
  return out;
}

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// A decimal number that fits in 64 bits, nothing else around it.
std::optional<std::uint64_t> parse_decimal(std::string_view s) {
  std::uint64_t value = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (s.empty() || ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return value;
}

// A URL as the surt package splits it: the text around "://", "?" and "#".
struct Split {
  std::string scheme;  // lowercased
  std::string_view authority, path, query;
  bool has_query = false;
};

// Splits "scheme://authority/path?query#fragment", the fragment dropped;
// nullopt without "://".
std::optional<Split> split(std::string_view url) {
  std::size_t colon = url.find("://");
  if (colon == std::string_view::npos || colon == 0) return std::nullopt;
  for (std::size_t i = 0; i < colon; ++i) {
    char c = url[i];
    bool ok = is_alpha(c) || (i > 0 && (is_digit(c) || c == '+' || c == '-' || c == '.'));
    if (!ok) return std::nullopt;
  }
  Split parts;
  parts.scheme = text::ascii_lower(url.substr(0, colon));
  std::string_view rest = url.substr(colon + 3);
  rest = rest.substr(0, rest.find('#'));
  if (std::size_t q = rest.find('?'); q != std::string_view::npos) {
    parts.query = rest.substr(q + 1);
    parts.has_query = true;
    rest = rest.substr(0, q);
  }
  std::size_t slash = rest.find('/');
  parts.authority = rest.substr(0, slash);
  parts.path = slash == std::string_view::npos ? std::string_view() : rest.substr(slash);
  return parts;
}

struct HostPort {
  std::string_view host, port;
};

// The host and port of an authority, user info dropped.
HostPort split_authority(std::string_view authority) {
  if (std::size_t at = authority.rfind('@'); at != std::string_view::npos) authority = authority.substr(at + 1);
  std::size_t colon = authority.rfind(':');
  std::size_t bracket = authority.rfind(']');  // an IPv6 literal holds colons of its own
  if (colon == std::string_view::npos || (bracket != std::string_view::npos && bracket > colon)) return {authority, {}};
  return {authority.substr(0, colon), authority.substr(colon + 1)};
}

bool is_default_port(std::string_view scheme, std::string_view port) {
  std::optional<std::uint64_t> n = parse_decimal(port);
  return port.empty() || (n && ((scheme == "http" && *n == 80) || (scheme == "https" && *n == 443)));
}

std::string percent_decoded(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && text::hex_value(s[i + 1]) >= 0 && text::hex_value(s[i + 2]) >= 0) {
      out += static_cast<char>(text::hex_value(s[i + 1]) * 16 + text::hex_value(s[i + 2]));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

// Decodes until nothing changes: "%2525" and "%25" both end as "%". Each
// pass peels one level; a hostile "%252525..." would take a pass per level,
// so passes stop at a depth no real URL reaches.
std::string unescape_repeatedly(std::string_view s) {
  std::string current(s);
  for (int pass = 0; pass < 16; ++pass) {
    std::string next = percent_decoded(current);
    if (next == current) break;
    current = std::move(next);
  }
  return current;
}

// Escapes a URL part after unescape_repeatedly, as the surt package does:
// controls, space, non-ASCII bytes, and '#' and '%' too, since a decoded one
// would change the URL's meaning.
std::string escape_once(std::string_view s) { return escape_unsafe(s, "#%"); }

// Resolves "." and ".." segments and drops empty ones (but a trailing "/").
std::string normalized_path(std::string_view path) {
  std::vector<std::string_view> kept;
  std::size_t pos = 1;  // past the leading '/'
  while (pos <= path.size()) {
    std::size_t slash = path.find('/', pos);
    std::string_view segment = path.substr(pos, slash == std::string_view::npos ? std::string_view::npos : slash - pos);
    if (segment == "..") {
      if (!kept.empty()) kept.pop_back();
    } else if (segment != ".") {
      kept.push_back(segment);
    }
    if (slash == std::string_view::npos) break;
    pos = slash + 1;
  }
  std::string out = "/";
  for (std::size_t i = 0; i + 1 < kept.size(); ++i)
    if (!kept[i].empty()) out += std::string(kept[i]) + "/";
  if (!kept.empty()) out += kept.back();
  return out;
}

// "www." and "www2." (any digits) say nothing about the site. Wider than
// fold_host() on purpose: this is the surt package's rule, for pywb's keys.
std::string_view without_www(std::string_view host) {
  if (!host.starts_with("www")) return host;
  std::size_t i = 3;
  while (i < host.size() && is_digit(host[i])) ++i;
  return (i < host.size() && host[i] == '.') ? host.substr(i + 1) : host;
}

std::string surt_host(std::string_view raw_host) {
  std::string host = text::ascii_lower(unescape_repeatedly(raw_host));
  std::string collapsed;
  for (char c : host)
    if (!(c == '.' && (collapsed.empty() || collapsed.back() == '.'))) collapsed += c;
  while (!collapsed.empty() && collapsed.back() == '.') collapsed.pop_back();
  std::string escaped = escape_once(without_www(collapsed));
  std::vector<std::string_view> labels;
  std::string_view rest = escaped;
  for (std::size_t dot; (dot = rest.find('.')) != std::string_view::npos; rest.remove_prefix(dot + 1))
    labels.push_back(rest.substr(0, dot));
  labels.push_back(rest);
  std::string out;
  for (auto it = labels.rbegin(); it != labels.rend(); ++it) out += (out.empty() ? "" : ",") + std::string(*it);
  return out;
}

// Query arguments sorted by name, then value ("a" before "a=").
std::string sorted_query(std::string_view query) {
  struct Arg {
    std::string_view name, value;
    bool has_value;
  };
  std::vector<Arg> args;
  for (std::size_t start = 0;;) {
    std::size_t amp = query.find('&', start);
    std::string_view arg = query.substr(start, amp == std::string_view::npos ? std::string_view::npos : amp - start);
    std::size_t eq = arg.find('=');
    if (eq == std::string_view::npos)
      args.push_back({arg, {}, false});
    else
      args.push_back({arg.substr(0, eq), arg.substr(eq + 1), true});
    if (amp == std::string_view::npos) break;
    start = amp + 1;
  }
  std::stable_sort(args.begin(), args.end(), [](const Arg& a, const Arg& b) {
    if (a.name != b.name) return a.name < b.name;
    if (a.has_value != b.has_value) return !a.has_value;
    return a.value < b.value;
  });
  std::string out;
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (i > 0) out += '&';
    out += args[i].name;
    if (args[i].has_value) out += "=" + std::string(args[i].value);
  }
  return out;
}

std::string surt_path(std::string_view raw_path) {
  std::string path = text::ascii_lower(escape_once(normalized_path(unescape_repeatedly(raw_path.empty() ? "/" : raw_path))));
  if (path.size() > 1 && path.back() == '/') path.pop_back();
  return path;
}

// `url` without spaces and tabs at either end and without tabs, CR and LF inside.
std::string cleaned(std::string_view url) {
  while (!url.empty() && (url.front() == ' ' || url.front() == '\t')) url.remove_prefix(1);
  while (!url.empty() && (url.back() == ' ' || url.back() == '\t')) url.remove_suffix(1);
  std::string out;
  for (char c : url)
    if (c != '\t' && c != '\r' && c != '\n') out += c;
  return out;
}

}  // namespace

std::string surt(std::string_view url) {
  std::string text = cleaned(url);
  std::optional<Split> parts = split(text);
  if (!parts) {
    // Like the surt package: no scheme means http; "dns:..." and the like stay.
    bool has_scheme = text.find(':') != std::string::npos && text.find(':') < text.find('/');
    if (has_scheme || text.empty()) return std::string(url);
    return surt("http://" + text);
  }
  std::string_view authority = parts->authority;
  std::string_view path = parts->path;
  if (authority.empty()) {  // "http:////host/path": the host follows the extra slashes
    std::string_view rest = path;
    while (rest.starts_with('/')) rest.remove_prefix(1);
    std::size_t slash = rest.find('/');
    authority = rest.substr(0, slash);
    path = slash == std::string_view::npos ? std::string_view() : rest.substr(slash);
  }
  HostPort hp = split_authority(authority);
  std::string key = surt_host(hp.host);
  if (!is_default_port(parts->scheme, hp.port)) {
    std::optional<std::uint64_t> port = parse_decimal(hp.port);
    key += ":" + (port ? std::to_string(*port) : std::string(hp.port));
  }
  key += ")" + surt_path(path);
  std::string query = parts->has_query ? sorted_query(text::ascii_lower(escape_once(unescape_repeatedly(parts->query)))) : "";
  if (!query.empty()) key += "?" + query;
  return key;
}

}  // namespace khobao::url
