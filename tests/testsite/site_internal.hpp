// Pieces shared by the files of the site generator; not for the tests.
#pragma once

#include "testsite/page_template.hpp"
#include "testsite/site_gen.hpp"

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace khobao::testsite {

// The fixture article pages, cut into slots once.
struct Templates {
  PageTemplate baohatinh_new;
  PageTemplate baohatinh_old;
  PageTemplate baonghean;
  PageTemplate baothanhhoa;
};
std::shared_ptr<const Templates> load_templates(const std::filesystem::path& fixtures);

// The article page of `a` on `site`.
std::string render_article(const Site& site, const ArticleTruth& a, const RenderExtras& extras);

// A time in Vietnam (UTC+7), broken down.
struct VnTime {
  int year, month, day, hour, minute, second, weekday;  // weekday 0 = Sunday
};
VnTime vn_time(int64_t t);
std::string dmy_hm(int64_t t);       // "12/09/2024 08:15"
std::string weekday_vn(int64_t t);   // "Thứ Sáu"
// An image URL on the site's CDN, stable for `key`.
std::string cdn_image(const Site& site, std::string_view key);
// The name of the category at `path`, or the path itself.
std::string category_name(const Site& site, std::string_view path);
// The top-level categories (one path segment), for menus.
std::vector<Category> top_categories(const Site& site);
// Links that robots.txt forbids, put in the furniture of every page so that
// tests can check a polite crawler never fetches them.
std::string forbidden_links(const Site& site);
// The "Đọc nhiều" (most read) articles: a stable pick of five.
std::vector<const ArticleTruth*> most_read(const Site& site);
// The lead without the paper's "(Baohatinh.vn) - " tag.
std::string_view lead_without_tag(std::string_view lead);

}  // namespace khobao::testsite
