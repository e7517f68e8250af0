// The page as it was fetched, for checking an extraction against its source.
// Archived HTML is hostile: it is served under a Content-Security-Policy that
// sandboxes it (no script, no forms, no plugins, an opaque origin) and lets
// it load nothing at all from anywhere, with a banner that says what it is.
#include "serve/handlers.hpp"
#include "serve/params.hpp"
#include "serve/views.hpp"

#include "core/text.hpp"
#include "core/unicode.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace khobao::serve {
namespace {

// No script, no requests; inline styles only, so the page still looks like
// itself where its CSS was inline. Images as data: URLs are not requests.
constexpr const char* kSnapshotPolicy =
    "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'none'; "
    "base-uri 'none'; frame-ancestors 'none'";

// `s` as HTML text in ASCII only (non-ASCII as character references), so
// that it reads right whatever the page's own charset.
std::string ascii_html(std::string_view s) {
  std::string out;
  std::string valid = text::repair_utf8(s);
  for (size_t i = 0; i < valid.size();) {
    text::CodePoint cp = text::code_point_at(valid, i);
    char32_t c = static_cast<char32_t>(cp.value);
    i += std::max<size_t>(cp.length, 1);
    if (c == '&') out += "&amp;";
    else if (c == '<') out += "&lt;";
    else if (c == '>') out += "&gt;";
    else if (c == '"') out += "&quot;";
    else if (c == '\'') out += "&#39;";
    else if (c < 0x20 || c == 0x7F) out += "&#xFFFD;";
    else if (c < 0x80) out += static_cast<char>(c);
    else out += fmt::format("&#x{:X};", static_cast<std::uint32_t>(c));
  }
  return out;
}

// The charset parameter of the stored Content-Type header, if any.
std::string stored_charset(const std::string& headers) {
  std::string lower = text::ascii_lower(headers);
  size_t line = lower.find("content-type:");
  if (line == std::string::npos) return {};
  size_t end = lower.find('\n', line);
  std::string_view value = std::string_view(lower).substr(line, end == std::string::npos ? end : end - line);
  size_t at = value.find("charset=");
  if (at == std::string_view::npos) return {};
  std::string charset;
  for (char c : value.substr(at + 8))
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_') charset += c;  // lower-cased
    else if (!charset.empty() || (c != '"' && c != '\'')) break;
  return charset;
}

// Just after the first tag `<name ...>` in `lower`, or npos.
size_t after_tag(const std::string& lower, std::string_view name) {
  for (size_t at = lower.find(name); at != std::string::npos; at = lower.find(name, at + 1)) {
    char next = at + name.size() < lower.size() ? lower[at + name.size()] : '\0';
    if (next != '>' && next != ' ' && next != '\t' && next != '\n' && next != '\r' && next != '/') continue;
    size_t close = lower.find('>', at);
    return close == std::string::npos ? close : close + 1;
  }
  return std::string::npos;
}

// Where the banner goes: right after the <body> start tag; lacking one, after
// </head> or <html>, so that a doctype stays first; else at the start.
size_t banner_position(const std::string& body) {
  std::string lower = text::ascii_lower(std::string_view(body).substr(0, 1 << 20));
  for (std::string_view tag : {"<body", "</head", "<html"})
    if (size_t at = after_tag(lower, tag); at != std::string::npos) return at;
  return 0;
}

}  // namespace

Response snapshot_page(Context& ctx, const Request& request, std::int64_t page_id) {
  std::optional<int> version = int_param(request, "version", 1, 1'000'000);
  SnapshotView view = [&] {
    auto archive = ctx.archives.lease();
    store::ReadSnapshot snapshot(*archive);
    return read_snapshot(*archive, page_id, version);
  }();
  std::string banner = fmt::format(
      "<div style=\"all:initial;display:block;position:sticky;top:0;z-index:2147483647;background:#fff8e1;"
      "color:#1d1d1f;border-bottom:2px solid #f9ab00;padding:8px 12px;font:14px/1.4 sans-serif\">"
      "<strong>Archived copy, not the live page.</strong> {} as khobao fetched it at {} (version {}). "
      "Scripts do not run and nothing is loaded, so it may look bare. "
      "<a style=\"color:#0b57d0\" href=\"/article/{}?version={}\">Back to the article</a></div>",
      ascii_html(view.url), ascii_html(view.fetched_at), view.version, page_id, view.version);
  Response r;
  std::string charset = stored_charset(view.headers);
  r.content_type = charset.empty() ? "text/html" : "text/html; charset=" + charset;
  r.body = std::move(view.body);
  r.body.insert(banner_position(r.body), banner);
  r.headers = {{"Content-Security-Policy", kSnapshotPolicy}};
  return r;
}

}  // namespace khobao::serve
