// Parsing and resolving on libcurl's URL API (see url.hpp): libcurl parses and
// resolves; this file cleans what pages write and reads the parts back.
#include "url/parse.hpp"

#include <charconv>

namespace khobao::url {

namespace detail {

namespace {

struct CurlFree {
  void operator()(char* p) const noexcept { curl_free(p); }
};
using CurlString = std::unique_ptr<char, CurlFree>;

bool is_http(std::string_view scheme) { return scheme == "http" || scheme == "https"; }

int default_port(std::string_view scheme) { return scheme == "https" ? 443 : 80; }

// Hands `url` to the handle (absolute, or resolved against what `h` already
// holds). Spaces are let through so that the encoders decide how they are
// written, as for any other unsafe byte.
bool set_url(CURLU* h, const std::string& url, unsigned int extra_flags = 0) {
  return curl_url_set(h, CURLUPART_URL, url.c_str(), CURLU_ALLOW_SPACE | extra_flags) == CURLUE_OK;
}

std::optional<std::string> http_scheme(CURLU* h) {
  Part scheme = get_part(h, CURLUPART_SCHEME, 0);
  if (!scheme.ok || !scheme.present) return std::nullopt;
  std::string s = text::ascii_lower(scheme.text);
  if (!is_http(s)) return std::nullopt;
  return s;
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
  return text::ascii_lower(again.text);
}

// The host as normalize() writes it: lower-case, ASCII, no trailing dot.
std::optional<std::string> canonical_host(CURLU* h) {
  Part host = get_part(h, CURLUPART_HOST, 0);
  if (!host.ok || !host.present) return std::nullopt;
  // libcurl decodes the escapes of a host but lets a stray '%' through
  // ("b%1%32" -> "b%12"): such a host names nothing, and written out, its '%'
  // starts an escape that the next reading decodes (a fuzz find).
  if (host.text.find('%') != std::string::npos) return std::nullopt;
  std::string out = text::ascii_lower(host.text);
  // libcurl's own CURLU_PUNYCODE reads the host in the process's locale
  // (idn2_lookup_ul), which fails under the "C" locale: libidn2 is called
  // directly on the UTF-8, so the archive's keys do not depend on the locale.
  for (char c : out)
    if (static_cast<unsigned char>(c) >= 0x80) {
      std::optional<std::string> ascii = host_to_ascii(out);
      if (!ascii) return std::nullopt;
      out = std::move(*ascii);
      break;
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

}  // namespace

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

Curlu parse_absolute(std::string_view url, unsigned int extra_flags) {
  std::string cleaned = clean(url);
  if (cleaned.empty() || cleaned.size() > kMaxUrlBytes) return nullptr;
  Curlu h(curl_url());
  if (!h || !set_url(h.get(), cleaned, extra_flags)) return nullptr;
  return h;
}

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

std::string with_port(std::string host, std::string_view scheme, int port) {
  if (port != default_port(scheme)) host += ":" + std::to_string(port);
  return host;
}

namespace {

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

}  // namespace detail

using namespace detail;

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

}  // namespace khobao::url
