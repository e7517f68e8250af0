// The door: a page's URL, site, kind and canonical decided once.
#include "ingest/page_identity.hpp"

#include "core/unicode.hpp"
#include "core/text.hpp"

#include <algorithm>

namespace khobao::ingest {
namespace {

bool is_gzip(std::string_view body) {
  return body.size() >= 2 && static_cast<unsigned char>(body[0]) == 0x1f && static_cast<unsigned char>(body[1]) == 0x8b;
}

std::string_view skip_bom_and_space(std::string_view s) {
  if (s.starts_with("\xEF\xBB\xBF")) s.remove_prefix(3);
  while (!s.empty() && text::is_ascii_space(s.front())) s.remove_prefix(1);
  return s;
}

bool name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == ':' || c == '-' ||
         c == '_' || c == '.';
}

// The root element's local name, lower-case ("rdf" for <rdf:RDF>), read past
// an XML declaration, processing instructions, comments and a doctype in the
// first 64 KiB only (a prolog is short, and a page is not read twice); ""
// when they hold no element.
std::string root_element(std::string_view s) {
  s = s.substr(0, 64u << 10);
  while (true) {
    s = skip_bom_and_space(s);
    if (!s.starts_with('<')) return "";
    std::string_view close = s.starts_with("<!--") ? "-->" : s.starts_with("<?") ? "?>" : s.starts_with("<!") ? ">" : "";
    if (!close.empty()) {
      size_t end = s.find(close, 2);
      if (end == std::string_view::npos) return "";
      s.remove_prefix(end + close.size());
      continue;
    }
    size_t i = 1;
    while (i < s.size() && name_char(s[i])) ++i;
    std::string_view name = s.substr(1, i - 1);
    if (size_t colon = name.rfind(':'); colon != std::string_view::npos) name.remove_prefix(colon + 1);
    return text::ascii_lower(name);
  }
}

bool is_one_of(std::string_view s, std::initializer_list<std::string_view> names) {
  return std::find(names.begin(), names.end(), s) != names.end();
}

// Whether a content type leaves room for markup: none, text, XML, or bytes
// of no declared kind.
bool may_hold_markup(std::string_view type) {
  return type.empty() || type.starts_with("text/") || type.find("xml") != std::string_view::npos ||
         type == "application/octet-stream";
}

// The folding a crawl of every site of `sites` uses (crawl::Scope): "www."
// and the bare host, and a file's aliases, name the file's host.
url::HostFolding folding_of(const site::SiteSet& sites) {
  url::HostFolding folding;
  for (const std::string& host : sites.hosts()) {
    if (host.starts_with("www.")) folding.add(host.substr(4), host);
    else folding.add("www." + host, host);
    if (const site::Site* rules = sites.find(host))
      for (const std::string& alias : rules->aliases) folding.add(alias, host);
  }
  return folding;
}

}  // namespace

BodyKind body_kind(std::string_view content_type, std::string_view body) {
  if (is_gzip(body)) return BodyKind::kSitemap;
  std::string_view start = skip_bom_and_space(body);
  if (text::starts_with_ci(start, "<!doctype html")) return BodyKind::kHtml;
  std::string root = root_element(start);
  if (is_one_of(root, {"rss", "rdf", "feed"})) return BodyKind::kFeed;
  if (is_one_of(root, {"urlset", "sitemapindex"})) return BodyKind::kSitemap;
  std::string type = text::ascii_lower(text::trim_ascii(content_type.substr(0, content_type.find(';'))));
  if (type == "text/html" || type == "application/xhtml+xml") return BodyKind::kHtml;
  if (type == "application/rss+xml" || type == "application/atom+xml" || type == "application/rdf+xml")
    return BodyKind::kFeed;
  if (is_one_of(root, {"html", "head", "body"}) && may_hold_markup(type)) return BodyKind::kHtml;
  if (type.empty()) {
    std::string head = text::ascii_lower(body.substr(0, 1024));
    if (head.find("<html") != std::string::npos || head.find("<body") != std::string::npos ||
        head.find("<p") != std::string::npos)
      return BodyKind::kHtml;
  }
  return BodyKind::kOther;
}

Door::Door(const site::SiteSet& sites) : sites_(&sites), folding_(folding_of(sites)) {}

Door::Door(const site::SiteSet& sites, url::HostFolding folding, Accepts accepts)
    : sites_(&sites), folding_(std::move(folding)), accepts_(std::move(accepts)) {}

std::string Door::normalize(std::string_view url) const {
  if (std::optional<std::string> n = url::normalize(url, folding_)) return *n;
  // Not an http(s) URL the crawler could fetch: kept as given, but one page
  // per article all the same: a fragment never names another page.
  return std::string(url.substr(0, url.find('#')));
}

std::string Door::site_of(std::string_view url) const {
  std::string host = url::host_of(url);
  if (const site::Site* rules = sites_->find(host)) return rules->host;
  if (host.starts_with("www.")) host.erase(0, 4);
  return host;
}

bool Door::accepts(std::string_view url, std::string_view page_site) const {
  return accepts_ ? accepts_(url) : site_of(url) == page_site;
}

PageIdentity Door::identify(std::string_view url, std::string_view content_type, std::string_view body,
                            std::string_view redirected_to) const {
  PageIdentity id;
  id.kind = body_kind(content_type, body);
  if (!url.empty()) id.url = normalize(url);
  if (!redirected_to.empty())
    if (std::optional<std::string> final = url::normalize(redirected_to, folding_);
        final && *final != id.url && accepts(*final, site_of(id.url))) {
      id.also.push_back(*final);
      id.url = *final;
    }
  id.site = id.url.empty() ? std::string() : site_of(id.url);
  return id;
}

bool Door::honour_canonical(PageIdentity& id, const std::optional<std::string>& canonical, bool has_article) const {
  if (!canonical || !has_article) return false;
  std::optional<std::string> c = url::normalize(*canonical, folding_);
  if (!c || *c == id.url || !accepts(*c, id.site)) return false;
  id.also.push_back(id.url);
  id.url = *c;
  id.site = site_of(*c);
  return true;
}

}  // namespace khobao::ingest
