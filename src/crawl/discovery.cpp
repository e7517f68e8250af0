// Feeds, sitemaps, body sniffing and URL classification (see discovery.hpp).
// Every reader here gets bytes from the web: each list and each value is
// capped, and no input makes them throw.
#include "crawl/discovery.hpp"

#include "crawl/xml_scan.hpp"
#include "core/gzip.hpp"
#include "core/text.hpp"
#include "core/unicode.hpp"
#include "site/site.hpp"
#include "url/url.hpp"

#include <zlib.h>

#include <algorithm>
#include <array>
#include <unordered_set>

namespace khobao::crawl {

namespace {

// A URL or a date longer than this is garbage: dropped, never copied.
constexpr size_t kMaxValue = 8192;

// `s` without a UTF-8 byte order mark and leading white space.
std::string_view skip_bom_and_space(std::string_view s) {
  if (s.substr(0, 3) == "\xEF\xBB\xBF") s.remove_prefix(3);
  size_t i = 0;
  while (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n')) ++i;
  return s.substr(i);
}

// The text of one element, gathered over its text tokens, for elements
// whose value is read (link, loc, dates).
class Capture {
 public:
  bool active() const { return active_; }
  std::string_view name() const { return name_; }
  void start(std::string_view name) {
    active_ = true;
    overflow_ = false;
    name_ = name;
    text_.clear();
  }
  void append(const XmlToken& t) {
    if (overflow_ || t.raw.size() > kMaxValue || text_.size() > kMaxValue) {
      overflow_ = true;
      return;
    }
    text_ += t.text();
  }
  // Ends the capture; the trimmed value, or nullopt when empty or too long.
  std::optional<std::string> finish() {
    active_ = false;
    std::string_view v = text::trim_ascii(text_);
    if (overflow_ || v.empty() || v.size() > kMaxValue) return std::nullopt;
    return std::string(v);
  }
  void cancel() { active_ = false; }

 private:
  bool active_ = false, overflow_ = false;
  std::string_view name_;
  std::string text_;
};

// Found links in first-seen order, each URL once, resolved against `base`.
class LinkList {
 public:
  LinkList(std::vector<FoundLink>& out, std::string_view base) : out_(out), base_(base) {}
  void add(std::string_view raw_url, std::optional<std::string> modified) {
    std::optional<std::string> url = url::resolve(base_, raw_url);
    if (!url || !seen_.insert(*url).second) return;
    out_.push_back({std::move(*url), std::move(modified)});
  }
  size_t size() const { return out_.size(); }

 private:
  std::vector<FoundLink>& out_;
  std::string_view base_;
  std::unordered_set<std::string> seen_;
};

// One <item> or <entry> being read.
struct FeedItem {
  std::string_view tag;  // "item" or "entry": the end tag that closes it
  std::optional<std::string> link, atom_link, guid, about, updated, pubdate, published;
  int source_depth = 0;  // > 0 inside an Atom <source>, whose links are another feed's

  // The field an element named `name` fills, or nullptr.
  std::optional<std::string>* field(std::string_view name) {
    if (name == "link") return &link;
    if (name == "guid") return &guid;
    if (name == "pubDate" || name == "date") return &pubdate;  // dc:date
    if (name == "updated" || name == "modified") return &updated;  // Atom 1.0, 0.3
    if (name == "published" || name == "issued") return &published;
    return nullptr;
  }

  std::optional<std::string> url() const {
    if (link) return link;
    if (atom_link) return atom_link;
    // A guid is a permalink unless it says otherwise, but many feeds put a
    // bare id there: only an absolute URL is trusted.
    if (guid && (text::starts_with_ci(*guid, "http://") || text::starts_with_ci(*guid, "https://"))) return guid;
    return about;
  }
  std::optional<std::string> modified() const {
    if (updated) return updated;
    if (pubdate) return pubdate;
    return published;
  }
};

bool is_false(const std::optional<std::string>& v) {
  return v && text::ascii_lower(text::trim_ascii(*v)) == "false";
}

// Handles a start tag inside an item: an Atom link's href, or the start of
// a field's text.
void item_start(const XmlToken& t, FeedItem& item, Capture& capture) {
  if (t.name == "source") ++item.source_depth;
  if (item.source_depth > 0 || capture.active()) return;
  if (t.name == "link") {
    if (auto href = t.attr("href")) {
      // Atom: rel="alternate" or no rel is the entry's page.
      auto rel = t.attr("rel");
      std::string r = rel ? text::ascii_lower(text::trim_ascii(*rel)) : "alternate";
      std::string_view v = text::trim_ascii(*href);
      if (r == "alternate" && !item.atom_link && !v.empty() && v.size() <= kMaxValue)
        item.atom_link = std::string(v);
      return;
    }
  }
  if (t.name == "guid" && is_false(t.attr("isPermaLink"))) return;
  if (auto* f = item.field(t.name); f && !*f) capture.start(t.name);
}

void parse_sitemap_xml(std::string_view xml, LinkList& pages, LinkList& sitemaps) {
  XmlScanner scanner(xml);
  XmlToken t;
  Capture capture;
  int depth = 0, entry_depth = -1;
  bool index_entry = false;
  std::optional<std::string> loc, lastmod;
  auto finish_entry = [&] {
    if (loc) (index_entry ? sitemaps : pages).add(*loc, lastmod);
    entry_depth = -1;
    capture.cancel();
  };
  while (pages.size() + sitemaps.size() < kMaxSitemapUrls && scanner.next(t)) {
    if (t.kind == XmlKind::kStart) {
      ++depth;
      if (entry_depth < 0) {
        if (t.name == "url" || t.name == "sitemap") {
          entry_depth = depth;
          index_entry = t.name == "sitemap";
          loc.reset();
          lastmod.reset();
        }
      } else if (depth == entry_depth + 1 && !capture.active() &&
                 ((t.name == "loc" && !loc) || (t.name == "lastmod" && !lastmod))) {
        // Direct children only: <image:image><image:loc> is an image's URL.
        capture.start(t.name);
      }
    } else if (t.kind == XmlKind::kText) {
      if (capture.active()) capture.append(t);
    } else if (t.kind == XmlKind::kEnd) {
      if (capture.active() && t.name == capture.name())
        (capture.name() == "loc" ? loc : lastmod) = capture.finish();
      if (entry_depth >= 0 && (depth <= entry_depth || t.name == (index_entry ? "sitemap" : "url")))
        finish_entry();
      if (depth > 0) --depth;
    }
  }
  // A truncated file: the entry whose <loc> was complete still counts.
  if (entry_depth >= 0) finish_entry();
}

// A plain-text sitemap: one absolute URL per line; other lines are ignored.
void parse_sitemap_text(std::string_view text, LinkList& pages) {
  size_t pos = 0;
  while (pos < text.size() && pages.size() < kMaxSitemapUrls) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text::trim_ascii(skip_bom_and_space(text.substr(pos, end - pos)));
    if (line.size() <= kMaxValue && (text::starts_with_ci(line, "http://") || text::starts_with_ci(line, "https://")))
      pages.add(line, std::nullopt);
    pos = end + 1;
  }
}

// What the shape of a URL is judged by: its path and query, lower-cased.
struct UrlShape {
  std::string path, query;
  std::vector<std::string_view> segments;  // the path's non-empty segments, views into `path`
};

// Fills `p` with the shape of an absolute http(s) URL (parsed by url::parts);
// false if it is none. An out-parameter: `segments` point into `p.path`,
// which a returned copy (short strings live inside the object) would move.
bool shape_of(std::string_view url, UrlShape& p) {
  std::optional<url::UrlParts> parts = url::parts(url);
  if (!parts) return false;
  p.path = text::ascii_lower(parts->path);
  p.query = text::ascii_lower(parts->query);
  std::string_view path = p.path;
  size_t pos = 0;
  while (pos < path.size()) {
    size_t end = path.find('/', pos);
    if (end == std::string_view::npos) end = path.size();
    if (end > pos) p.segments.push_back(path.substr(pos, end - pos));
    pos = end + 1;
  }
  return true;
}

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool is_one_of(std::string_view s, std::initializer_list<std::string_view> list) {
  return std::find(list.begin(), list.end(), s) != list.end();
}

// The extension of a path segment ("x.html" -> "html"), or "".
std::string_view extension(std::string_view segment) {
  size_t dot = segment.rfind('.');
  if (dot == std::string_view::npos || dot == 0) return {};
  return segment.substr(dot + 1);
}

// kFeed, kSitemap or kOther when the URL's shape says so, else kUnknown.
PageKind shape_kind(const UrlShape& p) {
  std::string_view last = p.segments.empty() ? std::string_view() : p.segments.back();
  std::string_view ext = extension(last);
  if (last.find("sitemap") != std::string_view::npos && is_one_of(ext, {"", "xml", "gz", "txt"}))
    return PageKind::kSitemap;
  if (is_one_of(ext, {"rss", "xml", "atom", "rdf"}) || is_one_of(last, {"feed", "rss", "atom"}))
    return PageKind::kFeed;
  if (is_one_of(ext, {"jpg", "jpeg", "png", "gif", "webp", "avif", "svg", "ico", "bmp", "tif", "tiff",
                      "pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "zip", "rar", "7z", "gz",
                      "mp3", "mp4", "m4a", "m3u8", "webm", "avi", "mov", "flv", "wav", "ogg",
                      "css", "js", "json", "woff", "woff2", "ttf", "eot", "txt", "apk", "exe"}))
    return PageKind::kOther;
  return PageKind::kUnknown;
}

bool is_pagination(const UrlShape& p) {
  for (size_t i = 0; i < p.segments.size(); ++i) {
    std::string_view s = p.segments[i];
    if (is_one_of(s, {"page", "trang"}) && i + 1 < p.segments.size() && all_digits(p.segments[i + 1]))
      return true;
    std::string_view stem = s.substr(0, s.find('.'));
    for (std::string_view word : {"page", "trang"}) {
      if (stem.substr(0, word.size()) != word) continue;
      std::string_view n = stem.substr(word.size());
      if (!n.empty() && n[0] == '-') n.remove_prefix(1);
      if (all_digits(n)) return true;  // trang-2, page2, trang-2.html
    }
  }
  std::string_view q = p.query;
  size_t pos = 0;
  while (pos < q.size()) {
    size_t end = q.find('&', pos);
    if (end == std::string_view::npos) end = q.size();
    std::string_view pair = q.substr(pos, end - pos);
    size_t eq = pair.find('=');
    if (eq != std::string_view::npos && is_one_of(pair.substr(0, eq), {"page", "trang", "p"}) &&
        all_digits(pair.substr(eq + 1)))
      return true;
    pos = end + 1;
  }
  return false;
}

bool looks_like_article(const UrlShape& p) {
  if (p.segments.empty()) return false;
  std::string_view last = p.segments.back();
  std::string_view ext = extension(last);
  std::string_view stem = ext.empty() ? last : last.substr(0, last.size() - ext.size() - 1);
  if (ext == "html" || ext == "htm") {
    if (all_digits(stem)) return true;  // /<digits>.htm
    size_t dash = stem.rfind('-');
    if (dash != std::string_view::npos) {
      std::string_view id = stem.substr(dash + 1);
      if (id.substr(0, 4) == "post") id.remove_prefix(4);
      if (all_digits(id)) return true;  // -<digits>.html, -post<digits>.html
    }
  }
  // A slug of 6 or more words. Category slugs run to 4 or 5
  // ("quoc-phong-an-ninh", "nguoi-ha-tinh-muon-phuong"); headlines are longer.
  int words = 0;
  size_t pos = 0;
  while (pos <= stem.size()) {
    size_t end = stem.find('-', pos);
    if (end == std::string_view::npos) end = stem.size();
    if (end > pos) ++words;
    pos = end + 1;
  }
  return words >= 6;
}

PageKind guess_kind(const UrlShape& p) {
  if (PageKind k = shape_kind(p); k != PageKind::kUnknown) return k;
  if (is_pagination(p)) return PageKind::kListing;
  if (looks_like_article(p)) return PageKind::kArticle;
  if (p.segments.size() <= 2 && (p.segments.empty() || extension(p.segments.back()).empty()))
    return PageKind::kListing;
  return PageKind::kUnknown;
}

std::vector<std::regex> compile(const site::Site& rules, const std::vector<std::string>& patterns,
                                const char* key) {
  std::vector<std::regex> out;
  for (const std::string& p : patterns) {
    try {
      out.emplace_back(p, std::regex::ECMAScript);
    } catch (const std::regex_error& e) {
      throw site::SiteFileError(rules.file.string(), 0, key,
                                    "bad regular expression '" + p + "': " + e.what());
    }
  }
  return out;
}

}  // namespace

std::vector<FoundLink> parse_feed(std::string_view xml, std::string_view base_url) {
  std::vector<FoundLink> out;
  LinkList list(out, base_url);
  XmlScanner scanner(xml);
  XmlToken t;
  Capture capture;
  std::optional<FeedItem> item;
  auto finish_item = [&] {
    if (auto url = item->url()) list.add(*url, item->modified());
    item.reset();
    capture.cancel();
  };
  while (list.size() < kMaxFeedItems && scanner.next(t)) {
    if (t.kind == XmlKind::kStart) {
      if (!item) {
        if (t.name == "item" || t.name == "entry") {
          item.emplace();
          item->tag = t.name;
          if (auto about = t.attr("about"); about && about->size() <= kMaxValue)
            item->about = std::string(text::trim_ascii(*about));  // RSS 1.0
        }
      } else {
        item_start(t, *item, capture);
      }
    } else if (t.kind == XmlKind::kText) {
      if (capture.active()) capture.append(t);
    } else if (t.kind == XmlKind::kEnd && item) {
      // Items end by name, not depth: old feeds put unclosed HTML (<br>,
      // <img>) straight into <description>.
      if (t.name == item->tag) {
        finish_item();
        continue;
      }
      if (t.name == "source" && item->source_depth > 0) --item->source_depth;
      if (capture.active() && t.name == capture.name()) {
        auto* f = item->field(t.name);
        auto value = capture.finish();
        if (f && !*f) *f = std::move(value);
      }
    }
  }
  // A truncated feed: the item whose link was complete still counts.
  if (item && list.size() < kMaxFeedItems) finish_item();
  return out;
}

Sitemap parse_sitemap(std::string_view body, std::string_view base_url) {
  Sitemap out;
  std::string inflated;
  if (is_gzip(body)) {
    Inflated gz = inflate_capped(body, {.cap = kMaxSitemapBytes, .wrapper = DeflateWrapper::kGzipOrZlib});
    out.truncated = !gz.complete();
    inflated = std::move(gz.data);
    body = inflated;
  }
  LinkList pages(out.pages, base_url), sitemaps(out.sitemaps, base_url);
  std::string_view start = skip_bom_and_space(body);
  if (!start.empty() && start[0] == '<') parse_sitemap_xml(body, pages, sitemaps);
  else parse_sitemap_text(body, pages);
  return out;
}

BodyKind sniff_body(std::string_view content_type, std::string_view body) {
  return ingest::body_kind(content_type, body);
}

const char* page_kind_name(PageKind kind) {
  switch (kind) {
    case PageKind::kArticle: return "article";
    case PageKind::kListing: return "listing";
    case PageKind::kFeed: return "feed";
    case PageKind::kSitemap: return "sitemap";
    case PageKind::kOther: return "other";
    case PageKind::kUnknown: break;
  }
  return "unknown";
}

UrlClassifier::UrlClassifier(const site::Site* rules) {
  if (!rules) return;
  has_rules_ = true;
  article_ = compile(*rules, rules->article_patterns, "urls.article");
  listing_ = compile(*rules, rules->listing_patterns, "urls.listing");
  listing_seeds_ = rules->categories;
  if (!rules->home.empty()) listing_seeds_.push_back(rules->home);
  feed_seeds_ = rules->feeds;
  sitemap_seeds_ = rules->sitemaps;
}

PageKind UrlClassifier::classify(std::string_view url) const {
  if (url.size() > kMaxUrlLength) return PageKind::kUnknown;
  UrlShape shape;
  if (!shape_of(url, shape)) return PageKind::kUnknown;
  if (!has_rules_) return guess_kind(shape);
  auto in = [&](const std::vector<std::string>& seeds) {
    return std::find(seeds.begin(), seeds.end(), url) != seeds.end();
  };
  if (in(feed_seeds_)) return PageKind::kFeed;
  if (in(sitemap_seeds_)) return PageKind::kSitemap;
  if (in(listing_seeds_)) return PageKind::kListing;
  const std::string u(url);
  for (const std::regex& re : article_)
    if (std::regex_search(u, re)) return PageKind::kArticle;
  for (const std::regex& re : listing_)
    if (std::regex_search(u, re)) return PageKind::kListing;
  return shape_kind(shape);
}

}  // namespace khobao::crawl
