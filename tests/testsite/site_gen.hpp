// The demo sites, generated in memory and deterministic: articles made from
// the fixture pages used as templates (so they follow the real markup),
// listings with pagination, RSS feeds, sitemaps and robots.txt.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace khobao::testsite {

// Which markup an article page follows (the fixture used as its template).
enum class Markup {
  kBaohatinhNew,  // baohatinh.vn/new-cms-article.html, /<slug>-post<id>.html
  kBaohatinhOld,  // baohatinh.vn/2018-thach-ha.html, /<category>/<slug>/<id>.htm
  kBaonghean,     // baonghean.vn/article.html, /<category>/<yyyymm>/<slug>-<id>/
  kBaothanhhoa,   // baothanhhoa.vn/article.html, /<slug>-post<id>.html
  kGeneric,       // our own simple news markup (no selector file)
};

// What a correct extraction of a generated article gives: compare it with
// khobao::khobao::Article. Plus the few facts the generator needs to render it.
struct ArticleTruth {
  std::string host;
  std::string path;      // "/slug-post300123.html"
  std::string url;       // scheme://host + path, as in the page's canonical link
  std::string category;  // the listing it belongs to, e.g. "/xa-hoi/chinh-sach/"
  std::string title;
  std::string lead;
  std::vector<std::string> paragraphs;  // the body, subheadings included, in order
  std::vector<std::string> authors;
  std::optional<std::string> source;     // e.g. "TTXVN" for a "Theo TTXVN" credit
  std::string published_at;              // "2024-09-12T08:15:00+07:00"
  std::optional<std::string> updated_at;  // only where the markup shows it
  std::vector<std::string> tags;
  std::vector<std::string> related;  // absolute URLs, in document order, no repeats

  // Rendering details.
  Markup markup = Markup::kGeneric;
  long long id = 0;
  int64_t published = 0;  // Unix time
  int64_t modified = 0;   // Unix time of the last change (>= published)
  std::vector<std::string> captions;
  int gone_status = 0;  // 404 or 410 once removed
  int edits = 0;

  // The paragraphs joined by "\n\n", as in khobao::Article::body.
  std::string body() const;
};

struct Category {
  std::string path;  // "/xa-hoi/"
  std::string name;  // "Xã hội"
};

struct Templates;  // the fixture pages cut into slots (article_pages.cpp)

struct Site {
  std::string host;   // "baohatinh.vn"
  std::string name;   // "Báo Hà Tĩnh"
  std::string base;   // "http://baohatinh.vn"
  std::vector<Category> categories;
  std::vector<std::string> feeds;  // paths: "/rss/home.rss", "/rss/xa-hoi.xml"
  std::vector<ArticleTruth> articles;  // newest first
  std::vector<std::string> places;     // district names for the text
  int page_size = 10;
  std::shared_ptr<const Templates> templates;

  ArticleTruth* find(std::string_view path);
  const ArticleTruth* find(std::string_view path) const;
};

struct SiteOptions {
  std::vector<std::string> hosts;  // empty: all of known_hosts()
  int articles = 60;               // per site; baohatinh.vn gets twice as many (two CMS generations)
  int generic_articles = 30;       // for the site without a selector file
  uint64_t seed = 1;
  int page_size = 10;              // stories per listing page
  int port = 0;                    // for SiteServer: 0 = the OS picks
  std::string scheme = "http";     // of every generated link
  std::filesystem::path fixtures = std::filesystem::path(KHOBAO_SOURCE_DIR) / "tests" / "fixtures" / "sites";
};

// baohatinh.vn, baonghean.vn, baothanhhoa.vn and the generic baohonglinh.vn.
std::vector<std::string> known_hosts();

// Generates the sites. Throws std::runtime_error if a fixture is missing or
// no longer has the markers the templates are cut at.
std::vector<Site> generate_sites(const SiteOptions& options);

// A change to an article (edit_article): each field set replaces the old one.
struct ArticleEdit {
  std::optional<std::string> title;
  std::optional<std::string> lead;
  std::optional<std::pair<size_t, std::string>> paragraph;  // index into paragraphs, new text
  std::optional<std::vector<std::string>> authors;
};
// Applies `edit` and moves the article's modified time on by an hour.
void apply_edit(ArticleTruth& article, const ArticleEdit& edit);

// Per-request additions to a page.
struct RenderExtras {
  std::string furniture;    // HTML put in the page header (volatile counters); may be empty
  std::string change_note;  // text appended to the article's last paragraph; may be empty
};

struct Rendered {
  int status = 200;
  std::string content_type;
  std::string body;
  int64_t last_modified = 0;  // Unix time; 0: none
  std::string location;       // for redirects
};

// The response for `target` (path and query) on `site`. Unknown paths give a 404 page.
Rendered render_page(const Site& site, std::string_view target, const RenderExtras& extras);

// Helpers shared by the generator and the server.
std::string html_escape(std::string_view s);
// "2024-09-12T08:15:00+07:00" (sep "+07:00") or "...+0700" (sep "+0700") for a Unix time, in Vietnam time.
std::string iso_vn(int64_t t, std::string_view zone = "+07:00");
// "Thu, 12 Sep 2024 01:15:00 GMT".
std::string http_date(int64_t t);
// gzip (RFC 1952) of `data`.
std::string gzip(std::string_view data);

}  // namespace khobao::testsite
