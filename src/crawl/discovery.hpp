// Discovery: the URLs that feeds and sitemaps list, what kind of document a
// fetched body is, and what kind of page a URL is as a site's rules see it.
#pragma once

#include "site/site.hpp"

#include <cstddef>
#include <optional>
#include <regex>
#include <string>
#include <string_view>
#include <vector>

namespace khobao::crawl {

// Caps on what one document may give, whatever it holds.
inline constexpr size_t kMaxFeedItems = 50'000;
inline constexpr size_t kMaxSitemapUrls = 50'000;         // the sitemap protocol's own limit
inline constexpr size_t kMaxSitemapBytes = 64u << 20;     // decompressed, per file

struct FoundLink {
  std::string url;                      // absolute, resolved against the document's URL
  std::optional<std::string> modified;  // as written (RFC 822 or ISO 8601), or nullopt
};

// The item links of an RSS 2.0 (<item><link>, else a <guid> that is an
// absolute URL and not isPermaLink="false"), RSS 1.0/RDF (<item><link>, else
// rdf:about) or Atom feed (<entry><link rel="alternate" or no rel>, not the
// links of an entry's <source>). modified is the item's updated, else its
// pubDate or dc:date, else published. Items in document order, duplicates
// removed, at most kMaxFeedItems. Never throws; garbage gives an empty list,
// a truncated feed the items that were complete.
std::vector<FoundLink> parse_feed(std::string_view xml, std::string_view base_url);

struct Sitemap {
  std::vector<FoundLink> pages;     // <urlset><url><loc>, <lastmod>
  std::vector<FoundLink> sitemaps;  // <sitemapindex><sitemap><loc>, <lastmod>
  bool truncated = false;           // a gzip'd body was cut at kMaxSitemapBytes, corrupt or incomplete
};

// Parses a sitemap or sitemap index, XML or plain text (one URL per line).
// A gzip'd body (magic 1f 8b) is inflated first, never past
// kMaxSitemapBytes: a gzip bomb gives what was inflated up to the cap and
// truncated = true. At most kMaxSitemapUrls URLs in all; duplicates removed.
// Never throws.
Sitemap parse_sitemap(std::string_view body, std::string_view base_url);

// Inflates gzip data (all members of a multi-member file) into at most `cap`
// bytes; the output never holds more memory than `cap`. *truncated, if
// given, tells whether the data was cut at the cap, corrupt or incomplete.
std::string gunzip_capped(std::string_view gz, size_t cap, bool* truncated = nullptr);

// What kind of document a fetched body is, from its first bytes (the root
// element: rss, RDF or feed; urlset or sitemapindex; html) and, when they do
// not tell, from its content type. A gzip'd body is a sitemap: feeds and
// pages come gzip'd only in transfer encoding, which the fetcher undoes.
enum class BodyKind { kHtml, kFeed, kSitemap, kOther };
BodyKind sniff_body(std::string_view content_type, std::string_view body);

// The archive's page.kind values.
enum class PageKind { kArticle, kListing, kFeed, kSitemap, kOther, kUnknown };
// "article", "listing", "feed", "sitemap", "other", "unknown".
const char* page_kind_name(PageKind kind);

// The kind of a URL as a site's rules see it. Compiles the rules' regexes
// once (std::regex compilation is slow): build one per site and keep it.
class UrlClassifier {
 public:
  // `rules` may be null (a site with no selector file); the classifier keeps
  // copies of what it needs, so `rules` need not outlive it. Throws
  // site::SiteFileError naming the file and "urls.article" or
  // "urls.listing" for a pattern std::regex rejects.
  explicit UrlClassifier(const site::Site* rules);

  // With rules: a seed (feeds -> kFeed, sitemaps -> kSitemap, home and
  // categories -> kListing), then the article patterns, then the listing
  // patterns (std::regex_search, ECMAScript); a URL none of them matches is
  // kFeed, kSitemap or kOther by its shape (below), else kUnknown: the
  // rules are trusted for articles and listings.
  // Without rules, a guess from the URL's shape: .rss/.xml/.atom or a last
  // segment feed/rss/atom -> kFeed (kSitemap when the name says sitemap);
  // images, media, documents, scripts -> kOther; pagination (/page/N,
  // /trang/N, trang-N, ?page=N, ?trang=N, ?p=N) -> kListing; a last segment
  // that is a slug of 6 or more hyphenated words, or ends in -<digits>.htm(l)
  // or -post<digits>.htm(l), or is <digits>.htm(l) -> kArticle; the home page
  // and paths of at most 2 segments without extension -> kListing; else
  // kUnknown. URLs longer than kMaxUrlLength are kUnknown unread: libstdc++'s
  // std::regex recurses per character.
  PageKind classify(std::string_view url) const;

  static constexpr size_t kMaxUrlLength = 2048;

 private:
  bool has_rules_ = false;
  std::vector<std::regex> article_, listing_;
  std::vector<std::string> listing_seeds_, feed_seeds_, sitemap_seeds_;
};

}  // namespace khobao::crawl
