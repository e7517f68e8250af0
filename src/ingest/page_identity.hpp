// The one door a page comes in by, for crawl and import alike: its URL in
// the archive's normalized form, its site, its kind (HTML, feed, sitemap or
// other, by one rule) and, once it is parsed, whether its canonical link
// names it instead. The extractor is given this decision (PageInput) rather
// than working one out of its own.
#pragma once

#include "site/site.hpp"
#include "url/url.hpp"

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace khobao::ingest {

// What kind of document a body is. The rule, first match wins:
//  1. gzip magic (1f 8b): a sitemap (feeds and pages come gzip'd only in
//     transfer encoding, which the fetcher undoes);
//  2. "<!doctype html" first: HTML;
//  3. the root element (past a BOM, an XML declaration, comments and a
//     doctype) rss, rdf or feed: a feed; urlset or sitemapindex: a sitemap
//     (the body wins over a wrong content type);
//  4. the content type text/html or application/xhtml+xml: HTML;
//     application/rss+xml, atom+xml or rdf+xml: a feed;
//  5. a root element html, head or body, under no content type or a textual
//     or XML one (never image/png, say): HTML;
//  6. no content type, and "<html", "<body" or "<p" in the first KiB: HTML
//     (a fragment saved by another tool);
//  7. anything else: other.
enum class BodyKind { kHtml, kFeed, kSitemap, kOther };
BodyKind body_kind(std::string_view content_type, std::string_view body);

// What the door decided about one page.
struct PageIdentity {
  std::string url;                // the archive's key for it; "" until a saved page's canonical names it
  std::string site;               // the selector file's host, else the URL's host without "www."
  BodyKind kind = BodyKind::kOther;
  std::vector<std::string> also;  // other URLs it answered for: a redirect's target, the URL its canonical replaced
};

class Door {
 public:
  // Which normalized URLs may name a page: a crawl's scope. Unset, a
  // canonical link names the page when it is of the page's own site.
  using Accepts = std::function<bool(std::string_view url)>;

  // A door for pages imported under `sites`: hosts fold as a crawl of those
  // sites folds them ("www." and a selector file's aliases name the file's host).
  explicit Door(const site::SiteSet& sites);
  // A crawl's door: its own host folding and scope. `sites` must outlive it.
  Door(const site::SiteSet& sites, url::HostFolding folding, Accepts accepts);

  const site::SiteSet& sites() const { return *sites_; }
  const url::HostFolding& folding() const { return folding_; }

  // The archive's form of `url` (url::normalize with this door's folding);
  // for a URL that is not http(s), the URL as given without its fragment.
  std::string normalize(std::string_view url) const;
  // The site a URL belongs to: the selector file's host when one covers it
  // (aliases and "www." folded), else the URL's host without "www.".
  std::string site_of(std::string_view url) const;
  // Whether a normalized URL may name a page here.
  bool accepts(std::string_view url, std::string_view page_site) const;

  // Before extraction: the page fetched from (or saved as) `url`, which is
  // "" for a saved page of unknown URL. `redirected_to`, when redirects
  // ended elsewhere and the page arrived: that URL names the page if the
  // door accepts it. Never throws.
  PageIdentity identify(std::string_view url, std::string_view content_type, std::string_view body,
                        std::string_view redirected_to = {}) const;

  // After extraction: the page's canonical link (absolute, as found) names
  // the page instead when it normalizes, differs, is accepted and the page
  // gave an article (a listing keeps its own URL). Returns whether it did;
  // the URL it replaced joins id.also.
  bool honour_canonical(PageIdentity& id, const std::optional<std::string>& canonical, bool has_article) const;

 private:
  const site::SiteSet* sites_;
  url::HostFolding folding_;
  Accepts accepts_;
};

}  // namespace khobao::ingest
