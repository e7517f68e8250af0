// Generating the demo sites and rendering every page but the articles:
// listings with pagination, RSS feeds, sitemaps, robots.txt, error pages.
#include "testsite/site_gen.hpp"

#include "testsite/site_internal.hpp"
#include "testsite/text_gen.hpp"

#include <zlib.h>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <map>
#include <optional>
#include <set>
#include <stdexcept>

namespace khobao::testsite {
namespace {

constexpr int64_t kHour = 3600;

// 2025-06-30 10:00 +07:00, 2018-06-30 10:00 +07:00, 2018-09-30 10:00 +07:00:
// the newest article of each generation; older ones go back from there.
constexpr int64_t kNewEra = 1751252400;
constexpr int64_t kOld2018June = 1530327600;
constexpr int64_t kOld2018Sept = 1538276400;

struct GroupSpec {
  Markup markup;
  int count;
  std::vector<std::string> categories;  // paths the articles are spread over
  int64_t newest;
  long long id_base;
};

std::vector<Category> cats(std::initializer_list<std::pair<const char*, const char*>> list) {
  std::vector<Category> out;
  for (const auto& [path, name] : list) out.push_back({path, name});
  return out;
}

std::string two_digits(int n) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%02d", n);
  return buf;
}

std::string yyyymm(int64_t t) {
  VnTime v = vn_time(t);
  return std::to_string(v.year) + two_digits(v.month);
}

std::string article_path(const ArticleTruth& a, const std::string& slug) {
  switch (a.markup) {
    case Markup::kBaohatinhNew:
    case Markup::kBaothanhhoa:
      return "/" + slug + "-post" + std::to_string(a.id) + ".html";
    case Markup::kBaohatinhOld:
      return a.category + slug + "/" + std::to_string(a.id) + ".htm";
    case Markup::kBaonghean:
      return a.category + yyyymm(a.published) + "/" + slug + "-" + std::to_string(a.id) + "/";
    case Markup::kGeneric:
      break;
  }
  return a.category + slug + "-" + std::to_string(a.id) + ".html";
}

std::vector<std::string> distinct_names(Rng& rng, int n) {
  std::vector<std::string> out;
  while (static_cast<int>(out.size()) < n) {
    std::string name = make_person_name(rng);
    if (std::find(out.begin(), out.end(), name) == out.end()) out.push_back(name);
  }
  return out;
}

ArticleTruth make_article(Site& site, const GroupSpec& g, int i, int64_t published, Rng& rng,
                          std::set<std::string>& titles) {
  ArticleTruth a;
  a.host = site.host;
  a.markup = g.markup;
  a.published = published;
  a.modified = published;
  a.id = g.id_base + static_cast<long long>(g.count - i) * 5 + static_cast<long long>(rng.below(5));
  a.category = rng.pick(g.categories);
  do {
    a.title = make_title(rng, site.places);
  } while (!titles.insert(a.title).second);
  a.lead = make_paragraph(rng, site.places, rng.between(1, 2));
  if (g.markup == Markup::kBaohatinhNew || g.markup == Markup::kBaohatinhOld) a.lead = "(Baohatinh.vn) - " + a.lead;
  int n = rng.between(7, 10);
  for (int k = 0; k < n; ++k) a.paragraphs.push_back(make_paragraph(rng, site.places, rng.between(2, 4)));
  if (g.markup == Markup::kBaohatinhNew) a.paragraphs[4] = make_subheading(rng) + " " + rng.pick(site.places);
  if (g.markup == Markup::kBaonghean) a.paragraphs[2] = make_subheading(rng) + " ở " + rng.pick(site.places);
  if (g.markup == Markup::kBaonghean && i % 3 == 0) {
    a.source = "TTXVN";
  } else {
    a.authors = distinct_names(rng, g.markup == Markup::kBaonghean ? 1 : rng.between(1, 2));
  }
  static const std::vector<std::string> topics = {"nông thôn mới", "nông nghiệp", "giáo dục", "y tế", "du lịch",
                                                 "việc làm"};
  a.tags = {rng.pick(site.places), rng.pick(topics)};
  if (rng.below(2)) a.tags.push_back("kinh tế địa phương");
  if (g.markup == Markup::kBaohatinhOld) a.tags.clear();  // the old CMS page has no tag box
  for (int k = 0; k < 3; ++k) a.captions.push_back(make_sentence(rng, site.places));
  if (g.markup == Markup::kBaohatinhNew) {
    a.modified = published + rng.between(600, 3 * 3600);
    a.updated_at = iso_vn(a.modified);
  }
  a.published_at = iso_vn(a.published);
  a.path = article_path(a, slugify(a.title));
  a.url = site.base + a.path;
  return a;
}

// Each article of a group points at 2-4 others of the same group.
void link_related(std::vector<ArticleTruth>& group, Rng& rng) {
  for (size_t i = 0; i < group.size(); ++i) {
    // A small group has fewer others than the 2-4 wanted.
    int k = std::min(rng.between(2, 4), static_cast<int>(group.size()) - 1);
    while (static_cast<int>(group[i].related.size()) < k) {
      size_t j = rng.below(group.size());
      const std::string& url = group[j].url;
      if (j != i && std::find(group[i].related.begin(), group[i].related.end(), url) == group[i].related.end())
        group[i].related.push_back(url);
    }
  }
}

Site make_site(const SiteOptions& o, const std::string& host, std::shared_ptr<const Templates> templates) {
  Site s;
  s.host = host;
  s.base = o.scheme + "://" + host;
  s.page_size = o.page_size;
  s.templates = std::move(templates);
  std::vector<GroupSpec> groups;
  if (host == "baohatinh.vn") {
    s.name = "Báo Hà Tĩnh";
    s.places = {"Hương Khê", "Thạch Hà", "Cẩm Xuyên", "Kỳ Anh", "Nghi Xuân", "Can Lộc", "Đức Thọ", "Vũ Quang",
                "Hương Sơn", "Lộc Hà"};
    s.categories = cats({{"/xa-hoi/", "Xã hội"}, {"/xa-hoi/chinh-sach/", "Chính sách"},
                         {"/xa-hoi/giao-duc/", "Giáo dục"}, {"/xa-hoi/y-te/", "Y tế"},
                         {"/xa-hoi/viec-lam/", "Việc làm"}, {"/ve-ha-tinh/", "Về Hà Tĩnh"},
                         {"/ve-ha-tinh/diem-den/", "Điểm đến"}, {"/ve-ha-tinh/am-thuc/", "Ẩm thực"},
                         {"/ve-ha-tinh/nui-hong-song-la/", "Núi Hồng - Sông La"},
                         {"/ve-ha-tinh/nguoi-ha-tinh-muon-phuong/", "Người Hà Tĩnh muôn phương"},
                         {"/van-hoa-giai-tri/", "Văn hóa - Giải trí"}, {"/the-thao/", "Thể thao"},
                         {"/chinh-tri/", "Chính trị"}, {"/phap-luat/", "Pháp luật"}, {"/kinh-te/", "Kinh tế"},
                         {"/quoc-phong-an-ninh/", "Quốc phòng - An ninh"}, {"/quoc-te/", "Quốc tế"}});
    std::vector<std::string> old_cats = {"xa-hoi", "chinh-tri", "phap-luat", "kinh-te", "quoc-phong-an-ninh",
                                         "van-hoa-giai-tri", "quoc-te"};
    s.feeds = {"/rss/home.rss"};
    for (const auto& c : old_cats) s.feeds.push_back("/rss/" + c + ".xml");
    std::vector<std::string> new_paths;
    for (size_t i = 0; i < 12; ++i) new_paths.push_back(s.categories[i].path);
    std::vector<std::string> old_paths;
    for (const auto& c : old_cats) old_paths.push_back("/" + c + "/");
    groups.push_back({Markup::kBaohatinhNew, o.articles, new_paths, kNewEra, 281000});
    groups.push_back({Markup::kBaohatinhOld, o.articles, old_paths, kOld2018June, 150000});
  } else if (host == "baonghean.vn") {
    s.name = "Báo Nghệ An";
    s.places = {"Tương Dương", "Kỳ Sơn", "Con Cuông", "Quế Phong", "Diễn Châu", "Quỳnh Lưu", "Nghi Lộc",
                "Thanh Chương", "Đô Lương", "Yên Thành"};
    s.categories = cats({{"/thoi-su/", "Thời sự"}, {"/kinh-te/", "Kinh tế"}, {"/xay-dung-dang/", "Xây dựng Đảng"},
                         {"/xa-hoi/", "Xã hội"}, {"/the-thao/", "Thể thao"}});
    std::vector<std::string> paths;
    for (const auto& c : s.categories) paths.push_back(c.path);
    groups.push_back({Markup::kBaonghean, o.articles, paths, kOld2018Sept, 2150000});
  } else if (host == "baothanhhoa.vn") {
    s.name = "Báo Thanh Hóa";
    s.places = {"Thọ Xuân", "Hoằng Hóa", "Quảng Xương", "Nga Sơn", "Nghi Sơn", "Bá Thước", "Ngọc Lặc", "Hậu Lộc",
                "Đông Sơn", "Triệu Sơn"};
    s.categories = cats({{"/thoi-su/", "Thời sự"}, {"/kinh-te/", "Kinh tế"}, {"/xa-hoi/", "Xã hội"},
                         {"/van-hoa/", "Văn hóa"}, {"/du-lich/", "Du lịch"}});
    s.feeds = {"/rss/home.rss"};
    std::vector<std::string> paths;
    for (const auto& c : s.categories) paths.push_back(c.path);
    groups.push_back({Markup::kBaothanhhoa, o.articles, paths, kNewEra - 5 * kHour, 204000});
  } else if (host == "baohonglinh.vn") {
    s.name = "Báo Hồng Lĩnh";
    s.places = {"Hồng Lĩnh", "Bắc Hồng", "Nam Hồng", "Trung Lương", "Đức Thuận", "Thuận Lộc"};
    s.categories = cats({{"/thoi-su/", "Thời sự"}, {"/kinh-te/", "Kinh tế"}, {"/doi-song/", "Đời sống"}});
    s.feeds = {"/feed.xml"};
    std::vector<std::string> paths;
    for (const auto& c : s.categories) paths.push_back(c.path);
    groups.push_back({Markup::kGeneric, o.generic_articles, paths, kNewEra - 9 * kHour, 5000});
  } else {
    throw std::runtime_error("no demo site for host " + host);
  }
  Rng rng(o.seed ^ fnv1a(host));
  std::set<std::string> titles;
  for (const GroupSpec& g : groups) {
    std::vector<ArticleTruth> group;
    int64_t t = g.newest;
    for (int i = 0; i < g.count; ++i) {
      group.push_back(make_article(s, g, i, t, rng, titles));
      t -= rng.between(12, 48) * kHour + rng.between(0, 59) * 60;  // whole minutes: pages show no seconds
    }
    link_related(group, rng);
    for (auto& a : group) s.articles.push_back(std::move(a));
  }
  std::stable_sort(s.articles.begin(), s.articles.end(),
                   [](const ArticleTruth& a, const ArticleTruth& b) { return a.published > b.published; });
  return s;
}

// ---- pages other than articles ----

bool paged_by_query(const Site& site) { return site.host != "baonghean.vn"; }

std::string page_target(const Site& site, const std::string& listing, int page) {
  if (page <= 1) return listing;
  if (paged_by_query(site)) return listing + "?page=" + std::to_string(page);
  return listing + "trang-" + std::to_string(page) + "/";
}

std::vector<const ArticleTruth*> listed(const Site& site, std::string_view listing) {
  std::vector<const ArticleTruth*> out;
  for (const auto& a : site.articles)
    if (!a.gone_status && (listing == "/" || std::string_view(a.category).starts_with(listing))) out.push_back(&a);
  return out;
}

int64_t newest_change(const std::vector<const ArticleTruth*>& list) {
  int64_t t = 0;
  for (const ArticleTruth* a : list) t = std::max(t, a->modified);
  return t;
}

std::string pagination(const Site& site, const std::string& listing, int page, int pages) {
  std::string out = "<div class=\"pagination\">";
  if (page > 1)
    out += "<a class=\"prev\" rel=\"prev\" href=\"" + site.base + page_target(site, listing, page - 1) + "\">Trang trước</a> ";
  for (int p = 1; p <= pages; ++p)
    out += p == page ? "<span class=\"page active\">" + std::to_string(p) + "</span> "
                     : "<a class=\"page\" href=\"" + site.base + page_target(site, listing, p) + "\">" +
                           std::to_string(p) + "</a> ";
  if (page < pages)
    out += "<a class=\"next\" rel=\"next\" href=\"" + site.base + page_target(site, listing, page + 1) + "\">Trang sau</a>";
  return out + "</div>\n";
}

std::string listing_head(const Site& site, const std::string& listing, int page, int pages, const std::string& title) {
  std::string out = "<!DOCTYPE html>\n<html lang=\"vi\">\n<head>\n<meta http-equiv=\"Content-Type\" content=\"text/html; "
                    "charset=utf-8\">\n<title>" + title + "</title>\n<link rel=\"canonical\" href=\"" + site.base +
                    page_target(site, listing, page) + "\">\n";
  for (const auto& f : site.feeds)
    if (f.find("home") != std::string::npos || f == "/feed.xml")
      out += "<link rel=\"alternate\" type=\"application/rss+xml\" title=\"" + site.name + "\" href=\"" + site.base + f + "\">\n";
  if (page > 1) out += "<link rel=\"prev\" href=\"" + site.base + page_target(site, listing, page - 1) + "\">\n";
  if (page < pages) out += "<link rel=\"next\" href=\"" + site.base + page_target(site, listing, page + 1) + "\">\n";
  return out + "</head>\n";
}

// The new CMS listing: article.story with a lazy thumb, h2.story__heading,
// time.time and div.story__summary (reference/markup/baohatinh_home_fragment_2025.html).
std::string hemera_listing(const Site& site, const std::string& listing, const std::vector<const ArticleTruth*>& items,
                           int page, int pages, const RenderExtras& extras) {
  std::string name = listing == "/" ? site.name : category_name(site, listing) + " | " + site.name;
  std::string out = listing_head(site, listing, page, pages, name) +
                    "<body class=\" category-page \">\n<header class=\"site-header\">\n<div class=\"container\">\n"
                    "<a class=\"logo\" href=\"" + site.base + "/\" title=\"" + site.name + "\"><img src=\"" + site.base +
                    "/assets/web/images/logo.png\" alt=\"" + site.name + "\"></a>\n<div class=\"header-tools\"><a href=\"" +
                    site.base + "/tim-kiem?q=\" class=\"btn-search\" title=\"Tìm kiếm\"><i class=\"ic-search\"></i></a></div>\n</div>\n" +
                    extras.furniture + "<nav class=\"navigation\"><div class=\"container\"><ul class=\"menu-wrap\">"
                    "<li class=\"menu-item home\"><a href=\"" + site.base + "/\" title=\"Trang chủ\"><i class=\"ic-home\"></i></a></li>";
  for (const auto& c : top_categories(site))
    out += "<li class=\"menu-item\"><a href=\"" + site.base + c.path + "\" title=\"" + c.name + "\">" + c.name + "</a></li>";
  out += "</ul></div></nav>\n</header>\n<div class=\"site-body\">\n<div class=\"container\">\n<div class=\"row\">\n"
         "<div class=\"col-lg-8 l-content\">\n";
  if (listing != "/") {
    out += "<div class=\"breadcrumb\"><h1 class=\"main\"><a href=\"" + site.base + listing + "\" title=\"" +
           category_name(site, listing) + "\">" + category_name(site, listing) + "</a></h1><nav class=\"subcate\">";
    for (const auto& c : site.categories)
      if (c.path != listing && c.path.starts_with(listing))
        out += "<a href=\"" + site.base + c.path + "\" title=\"" + c.name + "\"> " + c.name + " </a>";
    out += "</nav></div>\n";
  }
  out += "<div class=\"box-content\" data-source=\"zone-list\">\n";
  for (const ArticleTruth* a : items) {
    std::string t = html_escape(a->title);
    std::string img = cdn_image(site, "thumb-" + std::to_string(a->id));
    out += "<article class=\"story\">\n<figure class=\"story__thumb\"><a class=\"cms-link\" href=\"" + a->url + "\" title=\"" + t +
           "\"><img class=\"lazyload\" src=\"data:image/gif;base64,R0lGODlhAQABAAAAACH5BAEKAAEALAAAAAABAAEAAAICTAEAOw==\" data-src=\"" +
           img + "\" alt=\"" + t + "\"><noscript><img src=\"" + img + "\" alt=\"" + t +
           "\" class=\"image-fallback\"></noscript></a></figure>\n<h2 class=\"story__heading\" data-tracking=\"" +
           std::to_string(a->id) + "\"><a class=\" cms-link\" href=\"" + a->url + "\" title=\"" + t + "\"> " + t +
           " </a></h2>\n<time class=\"time\" datetime=\"" + iso_vn(a->published, "+0700") + "\" data-time=\"" +
           std::to_string(a->published) + "\">" + dmy_hm(a->published) + "</time>\n<div class=\"story__summary story__shorten\"> " +
           html_escape(a->lead) + " </div>\n</article>\n";
  }
  out += "</div>\n" + pagination(site, listing, page, pages) +
         "</div>\n<div class=\"col-lg-4 sidebar sidebar-right\">\n<div class=\"box-most-read\">\n<h3 class=\"box-heading\">"
         "<span class=\"title\">Đọc nhiều</span></h3>\n<div class=\"box-content\" data-source=\"mostread\">\n";
  for (const ArticleTruth* r : most_read(site))
    out += "<article class=\"story\"><h3 class=\"story__heading\"><a class=\"cms-link \" href=\"" + r->url + "\" title=\"" +
           html_escape(r->title) + "\"> " + html_escape(r->title) + " </a></h3></article>\n";
  return out + "</div>\n</div>\n</div>\n</div>\n</div>\n</div>\n<footer class=\"site-footer\">\n<div class=\"container\">\n" +
         forbidden_links(site) + "\n<p>© Bản quyền thuộc về " + site.name + ".</p>\n</div>\n</footer>\n</body>\n</html>\n";
}

// baonghean.vn: the designer's index (ul.story-listing of article.story with
// h2.story__title and div.story__desc), root-relative links.
std::string bna_listing(const Site& site, const std::string& listing, const std::vector<const ArticleTruth*>& items,
                        int page, int pages, const RenderExtras& extras) {
  std::string name = listing == "/" ? site.name : category_name(site, listing) + " - " + site.name;
  std::string out = listing_head(site, listing, page, pages, name) +
                    "<body>\n<header id=\"site-header\">\n<div class=\"site-header__content\"><div class=\"site-wrap\">"
                    "<h1 class=\"logo\"><a href=\"/\" title=\"Báo Nghệ An\"><img src=\"/app_themes/img/logo.png\" alt=\"Báo Nghệ An\"></a></h1>"
                    "</div></div>\n" + extras.furniture +
                    "<nav class=\"site-header__nav\"><div class=\"site-wrap\"><ul class=\"navigator\">"
                    "<li><a href=\"/\"><span class=\"sprites sprite-home\"></span></a></li>";
  for (const auto& c : top_categories(site))
    out += "<li><a href=\"" + c.path + "\" title=\"" + c.name + "\">" + c.name + "</a></li>";
  out += "</ul></div></nav>\n</header>\n<div id=\"site-content\"><div class=\"site-wrap\">\n<div class=\"main-col\">\n"
         "<section class=\"zone\">\n<div class=\"zone__header\"><h3 class=\"zone__title\"><a href=\"" + listing +
         "\" class=\"zone__title\">" + (listing == "/" ? std::string("Tin mới") : category_name(site, listing)) +
         "</a></h3></div>\n<div class=\"zone__content\">\n<ul class=\"story-listing\">\n";
  for (const ArticleTruth* a : items)
    out += "<li>\n<article class=\"story\">\n<figure class=\"story__thumb\"><a href=\"" + a->path +
           "\"><img class=\"img-responsive\" src=\"http://images.bna.vn/dataimages/thumb/images" + std::to_string(a->id) +
           ".jpg\" alt=\"\"></a></figure>\n<h2 class=\"story__title\"><a href=\"" + a->path + "\">" + html_escape(a->title) +
           "</a></h2>\n<div class=\"story__desc\">" + html_escape(a->lead) + "</div>\n</article>\n</li>\n";
  out += "</ul>\n</div>\n</section>\n" + pagination(site, listing, page, pages) +
         "</div>\n<div class=\"sidebar-col\"><section class=\"zone\"><h3 class=\"zone__header\">Đọc nhiều</h3><div class=\"zone__content\">\n";
  for (const ArticleTruth* r : most_read(site))
    out += "<article class=\"story\"><h2 class=\"story__title\"><a href=\"" + r->path + "\">" + html_escape(r->title) +
           "</a></h2></article>\n";
  return out + "</div></section></div>\n</div></div>\n<footer id=\"site-footer\"><div class=\"site-wrap\">" + forbidden_links(site) +
         "<p>BÁO NGHỆ AN</p></div></footer>\n</body>\n</html>\n";
}

std::string generic_listing(const Site& site, const std::string& listing, const std::vector<const ArticleTruth*>& items,
                            int page, int pages, const RenderExtras& extras) {
  std::string out = listing_head(site, listing, page, pages,
                                 listing == "/" ? site.name : category_name(site, listing) + " - " + site.name) +
                    "<body>\n<div id=\"top\">\n<a class=\"brand\" href=\"/\">" + site.name + "</a>\n" + extras.furniture +
                    "\n<ul class=\"nav\">\n";
  for (const auto& c : site.categories) out += "<li><a href=\"" + c.path + "\">" + c.name + "</a></li>\n";
  out += "</ul>\n</div>\n<div id=\"main\">\n<div class=\"news-list\">\n";
  for (const ArticleTruth* a : items)
    out += "<div class=\"news-item\"><a href=\"" + a->path + "\"><img src=\"/images/" + std::to_string(a->id) +
           "-thumb.jpg\" alt=\"\"></a><h3><a href=\"" + a->path + "\">" + html_escape(a->title) +
           "</a></h3><p class=\"sapo\">" + html_escape(a->lead) + "</p><span class=\"date\">" + dmy_hm(a->published) +
           "</span></div>\n";
  out += "</div>\n" + pagination(site, listing, page, pages) + "<div class=\"right\"><h3>Đọc nhiều</h3><ul>\n";
  for (const ArticleTruth* r : most_read(site))
    out += "<li><a href=\"" + r->path + "\">" + html_escape(r->title) + "</a></li>\n";
  return out + "</ul></div>\n</div>\n<div id=\"footer\">" + forbidden_links(site) + "</div>\n</body>\n</html>\n";
}

std::string xml_escape(std::string_view s) { return html_escape(s); }

std::string rfc822_vn(int64_t t) {
  static const char* const days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static const char* const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                       "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  VnTime v = vn_time(t);
  return std::string(days[v.weekday]) + ", " + two_digits(v.day) + " " + months[v.month - 1] + " " +
         std::to_string(v.year) + " " + two_digits(v.hour) + ":" + two_digits(v.minute) + ":" + two_digits(v.second) +
         " +0700";
}

// RSS 2.0; item descriptions as the old CMS wrote them: an <img>, <br />, the lead.
Rendered feed(const Site& site, const std::string& path) {
  std::string listing = "/";
  std::string title = site.name;
  if (path.starts_with("/rss/") && path.ends_with(".xml")) {
    listing = "/" + path.substr(5, path.size() - 9) + "/";
    title += " - " + category_name(site, listing);
  }
  auto items = listed(site, listing);
  if (items.size() > 20) items.resize(20);
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\">\n<channel>\n<title>" +
                    xml_escape(title) + "</title>\n<link>" + site.base + listing + "</link>\n<description>" +
                    xml_escape(title) + "</description>\n<language>vi</language>\n";
  if (!items.empty()) out += "<lastBuildDate>" + rfc822_vn(items.front()->published) + "</lastBuildDate>\n";
  for (const ArticleTruth* a : items)
    out += "<item>\n<title>" + xml_escape(a->title) + "</title>\n<link>" + a->url + "</link>\n<guid isPermaLink=\"true\">" +
           a->url + "</guid>\n<description><![CDATA[<img src=\"" + cdn_image(site, "thumb-" + std::to_string(a->id)) +
           "\" /><br />" + html_escape(a->lead) + "]]></description>\n<pubDate>" + rfc822_vn(a->published) +
           "</pubDate>\n</item>\n";
  return {200, "application/rss+xml; charset=utf-8", out + "</channel>\n</rss>\n", newest_change(items), ""};
}

// Months (yyyy-mm) that have articles, newest first.
std::vector<std::string> months(const Site& site) {
  std::vector<std::string> out;
  for (const auto& a : site.articles) {
    VnTime v = vn_time(a.published);
    std::string m = std::to_string(v.year) + "-" + two_digits(v.month);
    if (std::find(out.begin(), out.end(), m) == out.end()) out.push_back(m);
  }
  return out;
}

std::string urlset(const std::vector<const ArticleTruth*>& items) {
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n";
  for (const ArticleTruth* a : items)
    out += "<url><loc>" + a->url + "</loc><lastmod>" + iso_vn(a->modified) + "</lastmod></url>\n";
  return out + "</urlset>\n";
}

std::optional<Rendered> sitemap(const Site& site, const std::string& path) {
  const std::string xml = "application/xml; charset=utf-8";
  if (site.host == "baohonglinh.vn") {  // the generic site: one plain urlset
    if (path != "/sitemap.xml") return std::nullopt;
    auto items = listed(site, "/");
    return Rendered{200, xml, urlset(items), newest_change(items), ""};
  }
  auto all_months = months(site);
  if (path == "/sitemap.xml") {
    std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n";
    for (size_t i = 0; i < all_months.size(); ++i)
      out += "<sitemap><loc>" + site.base + "/sitemaps/" + all_months[i] + (i == 0 ? ".xml.gz" : ".xml") + "</loc></sitemap>\n";
    auto items = listed(site, "/");
    return Rendered{200, xml, out + "</sitemapindex>\n", newest_change(items), ""};
  }
  for (const auto& m : all_months) {
    bool gz = path == "/sitemaps/" + m + ".xml.gz";
    if (!gz && path != "/sitemaps/" + m + ".xml") continue;
    std::vector<const ArticleTruth*> items;
    for (const ArticleTruth* a : listed(site, "/"))
      if (iso_vn(a->published).starts_with(m)) items.push_back(a);
    std::string body = urlset(items);
    if (gz) return Rendered{200, "application/gzip", gzip(body), newest_change(items), ""};
    return Rendered{200, xml, body, newest_change(items), ""};
  }
  return std::nullopt;
}

Rendered simple_page(int status, const Site& site, const std::string& title, const std::string& text) {
  return {status, "text/html; charset=utf-8",
          "<!DOCTYPE html>\n<html lang=\"vi\"><head><meta charset=\"utf-8\"><title>" + title + " - " + site.name +
              "</title></head><body><h1>" + title + "</h1><p>" + text + "</p><p><a href=\"/\">Trang chủ</a></p></body></html>\n",
          0, ""};
}

// "/xa-hoi/?page=2" or "/xa-hoi/trang-2/" -> ("/xa-hoi/", 2); page 0 if the form is not this site's.
std::pair<std::string, int> split_listing(const Site& site, const std::string& path, const std::string& query) {
  if (paged_by_query(site)) {
    if (query.empty()) return {path, 1};
    if (!query.starts_with("page=")) return {path, 1};
    int n = std::atoi(query.c_str() + 5);
    return {path, n};
  }
  size_t at = path.rfind("trang-");
  if (at != std::string::npos && path.ends_with("/") && at > 0 && path[at - 1] == '/') {
    int n = std::atoi(path.c_str() + at + 6);
    if (n >= 2) return {path.substr(0, at), n};
  }
  return {path, 1};
}

bool is_listing(const Site& site, const std::string& path) {
  if (path == "/") return true;
  return std::any_of(site.categories.begin(), site.categories.end(), [&](const Category& c) { return c.path == path; });
}

}  // namespace

std::string ArticleTruth::body() const {
  std::string out;
  for (size_t i = 0; i < paragraphs.size(); ++i) {
    if (i) out += "\n\n";
    out += paragraphs[i];
  }
  return out;
}

ArticleTruth* Site::find(std::string_view path) {
  for (auto& a : articles)
    if (a.path == path) return &a;
  return nullptr;
}

const ArticleTruth* Site::find(std::string_view path) const { return const_cast<Site*>(this)->find(path); }

std::vector<std::string> known_hosts() { return {"baohatinh.vn", "baonghean.vn", "baothanhhoa.vn", "baohonglinh.vn"}; }

std::vector<Site> generate_sites(const SiteOptions& options) {
  auto templates = load_templates(options.fixtures);
  std::vector<Site> sites;
  for (const auto& host : options.hosts.empty() ? known_hosts() : options.hosts)
    sites.push_back(make_site(options, host, templates));
  return sites;
}

void apply_edit(ArticleTruth& a, const ArticleEdit& edit) {
  if (edit.title) a.title = *edit.title;
  if (edit.lead) a.lead = *edit.lead;
  if (edit.paragraph) a.paragraphs.at(edit.paragraph->first) = edit.paragraph->second;
  if (edit.authors) a.authors = *edit.authors;
  a.modified = std::max(a.modified, a.published) + kHour;
  if (a.markup == Markup::kBaohatinhNew) a.updated_at = iso_vn(a.modified);
  ++a.edits;
}

Rendered render_page(const Site& site, std::string_view target, const RenderExtras& extras) {
  std::string path(target.substr(0, target.find('?')));
  std::string query = path.size() < target.size() ? std::string(target.substr(path.size() + 1)) : "";
  if (const ArticleTruth* a = site.find(path)) {  // articles ignore the query (?utm_source=...)
    if (a->gone_status) return simple_page(a->gone_status, site, "Bài viết không tồn tại", "Bài viết đã bị gỡ.");
    return {200, "text/html; charset=utf-8", render_article(site, *a, extras), a->modified, ""};
  }
  if (path == "/robots.txt") {
    return {200, "text/plain; charset=utf-8",
            "# robots.txt for " + site.host + "\nUser-agent: *\nDisallow: /admin/\nDisallow: /tim-kiem\nAllow: /\n\nSitemap: " +
                site.base + "/sitemap.xml\n",
            newest_change(listed(site, "/")), ""};
  }
  if (std::find(site.feeds.begin(), site.feeds.end(), path) != site.feeds.end()) return feed(site, path);
  if (path == "/sitemap.xml" || path.starts_with("/sitemaps/")) {
    if (auto r = sitemap(site, path)) return *r;
  }
  if (path.starts_with("/tim-kiem"))
    return simple_page(200, site, "Tìm kiếm", "Kết quả tìm kiếm cho: " + html_escape(query));
  if (path.starts_with("/admin/")) return simple_page(403, site, "Không có quyền truy cập", "Trang quản trị.");
  auto [listing, page] = split_listing(site, path, query);
  if (is_listing(site, listing) && page >= 1) {
    auto all = listed(site, listing);
    int pages = std::max<int>(1, static_cast<int>((all.size() + static_cast<size_t>(site.page_size) - 1) /
                                                  static_cast<size_t>(site.page_size)));
    if (page <= pages) {
      size_t from = static_cast<size_t>((page - 1) * site.page_size);
      std::vector<const ArticleTruth*> items(all.begin() + static_cast<long>(from),
                                             all.begin() + static_cast<long>(std::min(all.size(), from + static_cast<size_t>(site.page_size))));
      std::string body = site.host == "baonghean.vn"     ? bna_listing(site, listing, items, page, pages, extras)
                         : site.host == "baohonglinh.vn" ? generic_listing(site, listing, items, page, pages, extras)
                                                         : hemera_listing(site, listing, items, page, pages, extras);
      return {200, "text/html; charset=utf-8", body, newest_change(all), ""};
    }
  }
  return simple_page(404, site, "Không tìm thấy trang", "Trang bạn tìm không tồn tại.");
}

// ---- helpers ----

std::string html_escape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

VnTime vn_time(int64_t t) {
  time_t local = static_cast<time_t>(t + 7 * kHour);
  struct tm tm {};
  gmtime_r(&local, &tm);
  return {tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, tm.tm_wday};
}

std::string iso_vn(int64_t t, std::string_view zone) {
  VnTime v = vn_time(t);
  return std::to_string(v.year) + "-" + two_digits(v.month) + "-" + two_digits(v.day) + "T" + two_digits(v.hour) + ":" +
         two_digits(v.minute) + ":" + two_digits(v.second) + std::string(zone);
}

std::string dmy_hm(int64_t t) {
  VnTime v = vn_time(t);
  return two_digits(v.day) + "/" + two_digits(v.month) + "/" + std::to_string(v.year) + " " + two_digits(v.hour) + ":" +
         two_digits(v.minute);
}

std::string weekday_vn(int64_t t) {
  static const char* const names[] = {"Chủ Nhật", "Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy"};
  return names[vn_time(t).weekday];
}

std::string http_date(int64_t t) {
  time_t tt = static_cast<time_t>(t);
  struct tm tm {};
  gmtime_r(&tt, &tm);
  static const char* const days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static const char* const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                       "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  char buf[64];
  std::snprintf(buf, sizeof buf, "%s, %02d %s %04d %02d:%02d:%02d GMT", days[tm.tm_wday], tm.tm_mday, months[tm.tm_mon],
                tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
  return buf;
}

std::string gzip(std::string_view data) {
  z_stream z{};
  if (deflateInit2(&z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
    throw std::runtime_error("deflateInit2 failed");
  std::string out(deflateBound(&z, static_cast<uLong>(data.size())) + 32, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  int rc = deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  if (rc != Z_STREAM_END) throw std::runtime_error("deflate failed");
  return out;
}

std::string cdn_image(const Site& site, std::string_view key) {
  char hex[40];
  std::snprintf(hex, sizeof hex, "%016llx%016llx", static_cast<unsigned long long>(fnv1a(key)),
                static_cast<unsigned long long>(fnv1a(std::string(key) + site.host)));
  return "https://cdn." + site.host + "/images/" + hex + "/" + std::string(key) + ".jpg";
}

std::string category_name(const Site& site, std::string_view path) {
  for (const auto& c : site.categories)
    if (c.path == path) return c.name;
  return std::string(path);
}

std::vector<Category> top_categories(const Site& site) {
  std::vector<Category> out;
  for (const auto& c : site.categories)
    if (std::count(c.path.begin(), c.path.end(), '/') == 2) out.push_back(c);
  return out;
}

std::string forbidden_links(const Site& site) {
  return "<p class=\"site-links\"><a href=\"" + site.base + "/tim-kiem?q=tin-moi\">Tìm kiếm</a> | <a href=\"" + site.base +
         "/admin/\" rel=\"nofollow\">Quản trị</a></p>";
}

std::vector<const ArticleTruth*> most_read(const Site& site) {
  std::vector<const ArticleTruth*> all;
  for (const auto& a : site.articles)
    if (!a.gone_status) all.push_back(&a);
  std::sort(all.begin(), all.end(),
            [](const ArticleTruth* a, const ArticleTruth* b) { return fnv1a(a->path) < fnv1a(b->path); });
  if (all.size() > 5) all.resize(5);
  return all;
}

std::string_view lead_without_tag(std::string_view lead) {
  constexpr std::string_view tag = "(Baohatinh.vn) - ";
  return lead.starts_with(tag) ? lead.substr(tag.size()) : lead;
}

}  // namespace khobao::testsite
