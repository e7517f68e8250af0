// The normalized form of a URL (see url.hpp): percent-encoding as RFC 3986 6.2.2
// says equivalent URLs read, dot segments, tracking parameters dropped.
#include "url/parse.hpp"

#include <array>
#include <vector>

namespace khobao::url {

namespace detail {

namespace {

bool is_unreserved(unsigned char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '.' || c == '_' || c == '~';
}

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
  if (stray == std::string::npos || text::hex_value(static_cast<char>(byte)) < 0) return false;
  return stray + 1 == out.size() || (stray + 2 == out.size() && text::hex_value(out.back()) >= 0);
}

}  // namespace

std::string encode_component(std::string_view s, Component where, bool normalize_escapes) {
  std::string out;
  out.reserve(s.size());
  std::size_t stray = std::string::npos;  // where the last '%' that starts no escape is in `out`
  for (std::size_t i = 0; i < s.size(); ++i) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c == '%' && i + 2 < s.size() && text::hex_value(s[i + 1]) >= 0 && text::hex_value(s[i + 2]) >= 0) {
      auto byte = static_cast<unsigned char>(text::hex_value(s[i + 1]) * 16 + text::hex_value(s[i + 2]));
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

}  // namespace detail

namespace {

using namespace detail;

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
  std::string n = text::ascii_lower(name);
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

}  // namespace khobao::url
