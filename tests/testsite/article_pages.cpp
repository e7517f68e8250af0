// Article pages: each fixture page cut into slots at markers found in it,
// then filled with a generated article. Furniture (ads, comment templates,
// menus' markup, share bars) stays as the fixture has it.
#include "testsite/site_internal.hpp"
#include "testsite/text_gen.hpp"

#include <nlohmann/json.hpp>
#include <support.hpp>

#include <string>

namespace khobao::testsite {
namespace {

const char* const kGif = "data:image/gif;base64,R0lGODlhAQABAAAAACH5BAEKAAEALAAAAAABAAEAAAICTAEAOw==";

std::string join(const std::vector<std::string>& parts, std::string_view sep) {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i) out += sep;
    out += parts[i];
  }
  return out;
}

// The related articles of `a`, looked up on the site (gone ones included:
// the boxes of a real CMS keep dead links too).
std::vector<const ArticleTruth*> related_of(const Site& site, const ArticleTruth& a) {
  std::vector<const ArticleTruth*> out;
  for (const auto& url : a.related)
    if (const ArticleTruth* r = site.find(std::string_view(url).substr(site.base.size()))) out.push_back(r);
  return out;
}

// Writes some letters as character references, as the new CMS does.
std::string entityize(std::string text) {
  for (auto [from, to] : {std::pair{"đ", "&#273;"}, {"á", "&aacute;"}, {"ậ", "&#7853;"}}) {
    size_t at = text.find(from);
    if (at != std::string::npos) text.replace(at, std::string_view(from).size(), to);
  }
  return text;
}

std::string last_paragraph_with_note(const ArticleTruth& a, size_t i, const RenderExtras& extras) {
  std::string p = html_escape(a.paragraphs[i]);
  if (i + 1 == a.paragraphs.size() && !extras.change_note.empty()) p += " " + html_escape(extras.change_note);
  return p;
}

std::string caption(const ArticleTruth& a, size_t i) { return i < a.captions.size() ? html_escape(a.captions[i]) : ""; }

// ---- new CMS (Hemera family): baohatinh.vn new and baothanhhoa.vn ----

std::string lazy_img(const std::string& src, const std::string& alt, const char* cls) {
  return "<img src=\"" + std::string(kGif) + "\" alt=\"" + alt + "\" class=\"" + cls + "\" data-src=\"" + src +
         "\"><noscript><img src=\"" + src + "\" alt=\"" + alt + "\" class=\"image-fallback\"></noscript>";
}

std::string hemera_story(const Site& site, const ArticleTruth& r, bool thumb, bool summary) {
  std::string t = html_escape(r.title);
  std::string out = "<article class=\"story\">";
  if (thumb)
    out += "<figure class=\"story__thumb\"><a class=\"cms-link\" href=\"" + r.url + "\" title=\"" + t + "\">" +
           lazy_img(cdn_image(site, "thumb-" + std::to_string(r.id)), t, "lazyload") + "</a></figure>";
  out += "<h2 class=\"story__heading\" data-tracking=\"" + std::to_string(r.id) + "\"><a class=\"cms-link \" href=\"" +
         r.url + "\" title=\"" + t + "\"> " + t + " </a></h2>";
  if (summary)
    out += "<div class=\"story__summary story__shorten\">" + html_escape(lead_without_tag(r.lead)) + "</div>";
  return out + "</article>";
}

std::string hemera_figure(const Site& site, const ArticleTruth& a, int k, const std::string& cap) {
  std::string src = cdn_image(site, std::to_string(a.id) + "-" + std::to_string(k));
  std::string alt = "anh-" + std::to_string(a.id) + "-" + std::to_string(k) + ".jpg";
  return "<figure class=\"image align-center\" contenteditable=\"false\">" + lazy_img(src, alt, "lazyload cms-photo") +
         "<figcaption>" + cap + "</figcaption></figure>";
}

std::string sda_middle(int n, const std::string& nl) {
  std::string id = "sdaWeb_SdaArticleMiddle" + std::to_string(n);
  return "<div class=\"sda_middle\"> <div id=\"" + id +
         "\" class=\"rennab fyi\" data-platform=\"1\" data-position=\"Web_SdaArticleMiddle" + std::to_string(n) +
         "\"></div>" + nl + "</div>";
}

std::string hemera_menu(const Site& site) {
  std::string out = "<li class=\"menu-item home\"><a href=\"" + site.base +
                    "/\" title=\"Trang chủ\"><i class=\"ic-home\"></i></a></li>";
  for (const auto& c : top_categories(site))
    out += "<li class=\"menu-item\"><a href=\"" + site.base + c.path + "\" title=\"" + c.name + "\">" + c.name +
           "</a></li>";
  return out;
}

std::string hemera_most_read(const Site& site, const std::string& nl) {
  std::string out = nl;
  for (const ArticleTruth* r : most_read(site)) {
    std::string t = html_escape(r->title);
    out += "<article class=\"story\"><h3 class=\"story__heading\" data-tracking=\"" + std::to_string(r->id) +
           "\"><a class=\"cms-link \" href=\"" + r->url + "\" title=\"" + t + "\"> " + t + " </a></h3></article>" + nl;
  }
  return out;
}

std::string hemera_tags(const Site& site, const ArticleTruth& a) {
  std::vector<std::string> links;
  for (size_t i = 0; i < a.tags.size(); ++i) {
    std::string t = html_escape(a.tags[i]);
    links.push_back("<a href=\"" + site.base + "/tu-khoa/" + slugify(a.tags[i]) + "-tag" +
                    std::to_string(1000 + i) + ".html\" title=\"" + t + "\">#" + t + "</a>");
  }
  return join(links, " ");
}

std::string json_ld(const Site& site, const ArticleTruth& a) {
  nlohmann::ordered_json j;
  j["@context"] = "https://schema.org";
  j["@type"] = "NewsArticle";
  j["mainEntityOfPage"] = {{"@type", "WebPage"}, {"@id", a.url}};
  j["headline"] = a.title;
  j["description"] = a.lead;
  j["image"] = {{"@type", "ImageObject"}, {"url", cdn_image(site, std::to_string(a.id) + "-0")}};
  j["datePublished"] = iso_vn(a.published);
  j["dateModified"] = iso_vn(a.modified);
  j["author"] = nlohmann::ordered_json::array();
  for (const auto& name : a.authors) j["author"].push_back({{"@type", "Person"}, {"name", name}});
  j["publisher"] = {{"@type", "Organization"}, {"name", site.name}};
  std::string s = j.dump();
  for (size_t at; (at = s.find("</")) != std::string::npos;) s.replace(at, 2, "<\\/");
  return s;
}

// Slots both new-CMS templates have.
SlotValues hemera_common(const Site& site, const ArticleTruth& a, const RenderExtras& extras, const std::string& nl) {
  std::string cat = html_escape(category_name(site, a.category));
  std::string cat_url = site.base + a.category;
  nlohmann::ordered_json layer = nlohmann::ordered_json::array();
  layer.push_back({{"articleId", std::to_string(a.id)}, {"articleCategory", category_name(site, a.category)},
                   {"articleAuthor", join(a.authors, " - ")}});
  std::vector<std::string> stories;
  auto related = related_of(site, a);
  for (size_t i = 0; i < related.size(); ++i) stories.push_back(hemera_story(site, *related[i], i != 1, i != 2));
  return {
      {"title_tag", html_escape(a.title) + " | " + site.name},
      {"title_attr", html_escape(a.title)},
      {"title", " " + html_escape(a.title) + " "},
      {"lead_attr", html_escape(a.lead)},
      {"url", a.url},
      {"id", std::to_string(a.id)},
      {"published", iso_vn(a.published)},
      {"jsonld", json_ld(site, a)},
      {"datalayer", layer.dump()},
      {"time", iso_vn(a.published, "+0700") + "\" data-time=\"" + std::to_string(a.published) +
                   "\" data-friendly=\"false\">" + dmy_hm(a.published)},
      {"sapo", nl + "<p>" + entityize(html_escape(a.lead)) + "</p>" + nl},
      {"tags", hemera_tags(site, a)},
      {"related", join(stories, " ")},
      {"breadcrumb", "<a href=\"" + cat_url + "\" title=\"" + cat + "\" class=\"active\">" + cat + "</a>"},
      {"back_link", "<a href=\"" + cat_url + "\" title=\"Trở về\">"},
      {"menu", hemera_menu(site)},
      {"mostread", hemera_most_read(site, nl)},
      {"search_link", "href=\"" + site.base + "/tim-kiem?q=" + slugify(a.tags.empty() ? a.title : a.tags[0]) +
                          "\" class=\"btn-search\""},
      {"footer_extra", forbidden_links(site) + nl},
      {"furniture", extras.furniture},
      {"base", site.base},
  };
}

std::string baohatinh_new_body(const Site& site, const ArticleTruth& a, const RenderExtras& extras,
                               const std::string& nl) {
  auto related = related_of(site, a);
  std::string b = nl + hemera_figure(site, a, 0, caption(a, 0)) + nl;
  for (size_t i = 0; i < a.paragraphs.size(); ++i) {
    std::string p = last_paragraph_with_note(a, i, extras);
    if (i == 4) {
      b += "<p><strong>" + p + "</strong></p>" + nl;
    } else {
      b += "<p>" + (i == 1 || i == 5 ? entityize(p) : p) + "</p>" + nl;
    }
    if (i == 1) {
      std::string f1 = cdn_image(site, std::to_string(a.id) + "-1"), f2 = cdn_image(site, std::to_string(a.id) + "-2");
      b += sda_middle(1, nl) + nl + "<div class=\"layout-image-2\"> <figure>" +
           lazy_img(f1, "anh-1.jpg", "lazyload cms-photo") + "</figure> <figure>" +
           lazy_img(f2, "anh-2.jpg", "lazyload cms-photo") + "</figure> <figcaption>" + caption(a, 1) +
           "</figcaption>" + nl + "</div>" + nl;
    }
    if (i == 2 && !related.empty())
      b += "<div class=\"article-relate \" data-source=\"related-news\" align=\"\"> " +
           hemera_story(site, *related[0], true, false) + nl + "</div>" + nl;
    if (i == 3)
      b += hemera_figure(site, a, 3, "<p data-placeholder=\"Nhập chú thích ảnh\"></p>") + nl;
    if (i == 5) b += sda_middle(2, nl) + nl;
  }
  return b;
}

std::string baothanhhoa_body(const Site& site, const ArticleTruth& a, const RenderExtras& extras,
                             const std::string& nl) {
  std::string b = nl + hemera_figure(site, a, 0, caption(a, 0)) + nl;
  for (size_t i = 0; i < a.paragraphs.size(); ++i) {
    b += "<p>" + last_paragraph_with_note(a, i, extras) + "</p>" + nl;
    if (i == 1) b += sda_middle(1, nl) + nl;
  }
  std::string byline = "Bài và ảnh: " + join(a.authors, " và ");
  return b + "<p style=\"text-align: right;\"><strong>" + html_escape(byline) + "</strong></p>" + nl;
}

// ---- old baohatinh.vn CMS ----

std::string old_menu(const Site& site, const ArticleTruth& a) {
  std::string out = "\n    <ul>\n      <li><a href=\"" + site.base + "/\">Trang chủ</a></li>\n";
  for (const auto& c : top_categories(site))
    out += std::string("      <li") + (c.path == a.category ? " class=\"active\"" : "") + "><a href=\"" + site.base +
           c.path + "\">" + c.name + "</a></li>\n";
  return out + "    </ul>\n  ";
}

std::string old_table(const std::string& img, const std::string& title, const std::string& cap) {
  return "<table class=\"pic\" align=\"center\" border=\"0\" cellpadding=\"0\" cellspacing=\"0\">\n<tbody>\n"
         "<tr><td><img src=\"" + img + "\" alt=\"" + title + "\" title=\"" + title + "\" width=\"640\"></td></tr>\n"
         "<tr><td class=\"pic_caption\">" + cap + "</td></tr>\n</tbody>\n</table>";
}

std::string old_body(const ArticleTruth& a, const RenderExtras& extras) {
  std::string t = html_escape(a.title);
  auto img = [&](int k) {
    return "https://i.baohatinh.vn/news/" + std::to_string(a.id % 2000) + "/a/" + slugify(a.title).substr(0, 30) +
           "-" + std::to_string(k) + ".jpg";
  };
  std::string b = "\n" + old_table(img(1), t, caption(a, 0)) + "\n";
  for (size_t i = 0; i < a.paragraphs.size(); ++i) {
    b += "<p style=\"text-align: justify;\">" + last_paragraph_with_note(a, i, extras) + "</p>\n";
    if (i == 1) b += old_table(img(2), t, caption(a, 1)) + "\n";
    if (i == 3) b += old_table(img(3), t, "") + "\n";
    if (i == 5) b += old_table(img(4), t, caption(a, 2)) + "\n";
  }
  return b;
}

std::string old_related(const Site& site, const ArticleTruth& a) {
  std::string out = "\n<ul>\n";
  auto related = related_of(site, a);
  for (size_t i = 0; i < related.size(); ++i) {
    const ArticleTruth& r = *related[i];
    std::string href = i % 2 == 1 ? r.url : r.path;  // the CMS mixes root-relative and absolute links
    std::string t = html_escape(r.title);
    out += "<li>\n<a class=\"relate_thumb\" href=\"" + href + "\"><img src=\"https://i.baohatinh.vn/news/1596/a/thumb-" +
           std::to_string(r.id) + ".jpg\" alt=\"" + html_escape(a.title) + "\"></a>\n<h3><a href=\"" + href +
           "\" title=\"" + t + "\">" + t + "</a></h3>\n<p class=\"relate_sapo\">" +
           html_escape(lead_without_tag(r.lead)) + "</p>\n</li>\n";
  }
  return out + "</ul>\n";
}

std::string old_sapo(const ArticleTruth& a) {
  std::string_view rest = lead_without_tag(a.lead);
  std::string tag = rest.size() == a.lead.size() ? "" : "<span class=\"sapo_source\">(Baohatinh.vn) -</span>";
  return tag + "\n<p>" + html_escape(rest) + "</p>\n";
}

std::string render_old(const Site& site, const ArticleTruth& a, const RenderExtras& extras, const PageTemplate& t) {
  std::string cat = category_name(site, a.category);
  std::string slug = a.category.substr(1, a.category.size() - 2);
  return t.render({
      {"title_tag", html_escape(a.title) + " - Báo Hà Tĩnh điện tử"},
      {"title_attr", html_escape(a.title)},
      {"title", html_escape(a.title)},
      {"lead_attr", html_escape(a.lead)},
      {"keywords", html_escape(cat + ", " + site.name)},
      {"url", a.url},
      {"id", std::to_string(a.id)},
      {"rss_link", "title=\"" + cat + "\" href=\"" + site.base + "/rss/" + slug + ".xml\""},
      {"header_date", weekday_vn(a.published) + ", " + dmy_hm(a.published).substr(0, 10)},
      {"menu", old_menu(site, a)},
      {"category_link", "<a href=\"" + site.base + a.category + "\">" + cat + "</a>"},
      {"date", weekday_vn(a.published) + ", " + dmy_hm(a.published).substr(0, 10) + " - " +
                   dmy_hm(a.published).substr(11)},
      {"sapo", old_sapo(a)},
      {"body", old_body(a, extras)},
      {"related", old_related(site, a)},
      {"byline", html_escape(join(a.authors, " – "))},
      {"furniture", extras.furniture},
      {"footer_extra", forbidden_links(site) + "\n  "},
      {"base", site.base},
  });
}

// ---- baonghean.vn, old CMS designer templates ----

std::string render_baonghean(const Site& site, const ArticleTruth& a, const RenderExtras& extras,
                             const PageTemplate& t) {
  const std::string ind = "\n                            ";
  auto related = related_of(site, a);
  std::string img0 = "https://image2.baonghean.vn/cw1000/Uploaded/" + std::to_string(vn_time(a.published).year) +
                     "/bna_" + std::to_string(a.id) + "_1.jpg";
  std::string img1 = "http://images.bna.vn/dataimages/" + a.path.substr(a.category.size(), 6) + "/original/images" +
                     std::to_string(a.id) + "_2.jpg";
  std::string b = ind + "<div class=\"full-img\">" + ind + "    <img class=\"img-responsive\" src=\"" + img0 +
                  "\" alt=\"" + html_escape(a.title) + "\">" + ind + "    <span class=\"fig\">" + caption(a, 0) +
                  "</span>" + ind + "</div>";
  for (size_t i = 0; i < a.paragraphs.size(); ++i) {
    std::string p = last_paragraph_with_note(a, i, extras);
    if (i == 2) {
      b += ind + "<h3><b>" + p + "</b></h3>";
    } else if (i == 0) {
      b += ind + "<p>" + ind + "    " + p + ind + "</p>";
    } else {
      b += ind + "<p>" + p + "</p>";
    }
    if (i == 1 && !related.empty()) {
      const ArticleTruth& r = *related[0];
      b += ind + "<article class=\"article__related-inline\">" + ind +
           "    <figure class=\"story__thumb\"><a href=\"" + r.url + "\"><img src=\"http://images.bna.vn/dataimages/thumb/images" +
           std::to_string(r.id) + "_thumb.jpg\" alt=\"\"></a></figure>" + ind +
           "    <h2 class=\"story__title\"><a href=\"" + r.url + "\">" + html_escape(r.title) + "</a></h2>" + ind +
           "    <div class=\"story__desc\">" + html_escape(r.lead) + "</div>" + ind + "</article>";
    }
    if (i == 3)
      b += ind + "<table align=\"center\" border=\"0\" cellpadding=\"0\" cellspacing=\"0\" class=\"full-img\"><tbody>" +
           "<tr><td><img alt=\"anh-" + std::to_string(a.id) + "\" src=\"" + img1 + "\"></td></tr>" +
           "<tr><td class=\"image_desc\"><p style=\"margin: 0\">" + caption(a, 1) + "</p></td></tr></tbody></table>";
  }
  b += "\n                        </div>\n                        ";
  std::string table = "\n                                </tr>\n                                <tr><td><ul>";
  for (size_t i = 1; i < related.size(); ++i)
    table += "\n                                    <li><a href=\"" + related[i]->path + "\">" +
             html_escape(related[i]->title) + "</a></li>";
  table += "\n                                </ul></td></tr>\n                            </tbody>\n                        ";
  std::string tags;
  for (size_t i = 0; i < a.tags.size(); ++i)
    tags += "\n                                <a href=\"/tags/" + std::to_string(7100 + i) + ".html\">" +
            html_escape(a.tags[i]) + "</a>";
  std::string menu = "\n                    <li><a href=\"/\"><span class=\"sprites sprite-home\"></span></a></li>";
  for (const auto& c : top_categories(site))
    menu += "\n                    <li" + std::string(c.path == a.category ? " class=\"active\"" : "") + "><a href=\"" +
            c.path + "\" title=\"" + c.name + "\">" + c.name + "</a></li>";
  std::string aside = "\n<h3 class=\"zone__header\"><a href=\"/\" class=\"zone__title\">Tin mới</a></h3>\n"
                      "<div class=\"zone__content\">\n";
  for (const ArticleTruth* r : most_read(site))
    aside += "<article class=\"story\"><h2 class=\"story__title\"><a href=\"" + r->path + "\">" +
             html_escape(r->title) + "</a></h2></article>\n";
  aside += "</div>\n";
  std::string byline = a.source ? "Theo " + *a.source : join(a.authors, " - ");
  return t.render({
      {"title_tag", html_escape(a.title) + " - Báo Nghệ An điện tử"},
      {"title_attr", html_escape(a.title)},
      {"title", html_escape(a.title)},
      {"lead_attr", html_escape(a.lead)},
      {"url", a.url},
      {"time", "<time datetime=\"" + iso_vn(a.published) + "\">" + weekday_vn(a.published) + ", " +
                   dmy_hm(a.published).substr(0, 10) + " - " + dmy_hm(a.published).substr(11) + "</time>"},
      {"summary", "\n                            " + html_escape(a.lead) + "\n                        "},
      {"body", b},
      {"byline", html_escape(byline)},
      {"related_table", table},
      {"tags", tags + "\n                            "},
      {"menu", menu + "\n                "},
      {"breadcrumb", "\n                <li><a href=\"" + a.category + "\" class=\"breadcrumbs__cate\">" +
                         category_name(site, a.category) + "</a></li>\n            "},
      {"aside", aside},
      {"furniture", extras.furniture},
      {"footer_extra", forbidden_links(site) + "\n            "},
      {"base", site.base},
  });
}

// ---- our own markup for the site without a selector file ----

std::string render_generic(const Site& site, const ArticleTruth& a, const RenderExtras& extras) {
  std::string t = html_escape(a.title);
  std::string out = "<!DOCTYPE html>\n<html lang=\"vi\">\n<head>\n<meta charset=\"utf-8\">\n<title>" + t + " - " +
                    site.name + "</title>\n<meta name=\"description\" content=\"" + html_escape(a.lead) +
                    "\">\n<meta property=\"og:title\" content=\"" + t + "\">\n<meta property=\"og:type\" content=\"article\">\n"
                    "<meta property=\"og:url\" content=\"" + a.url + "\">\n<meta property=\"article:published_time\" content=\"" +
                    iso_vn(a.published) + "\">\n<meta name=\"author\" content=\"" + html_escape(a.authors.at(0)) +
                    "\">\n<link rel=\"canonical\" href=\"" + a.url + "\">\n<link rel=\"alternate\" type=\"application/rss+xml\" href=\"" +
                    site.base + "/feed.xml\">\n</head>\n<body>\n<div id=\"top\">\n<a class=\"brand\" href=\"/\">" + site.name +
                    "</a>\n" + extras.furniture + "\n<ul class=\"nav\">\n";
  for (const auto& c : site.categories) out += "<li><a href=\"" + c.path + "\">" + c.name + "</a></li>\n";
  out += "</ul>\n</div>\n<div id=\"main\">\n<div class=\"left\">\n<article class=\"news-detail\">\n<h1 class=\"title\">" + t +
         "</h1>\n<div class=\"meta\"><span class=\"date\">" + dmy_hm(a.published) + "</span> | <a href=\"" + a.category +
         "\">" + category_name(site, a.category) + "</a></div>\n<p class=\"sapo\"><strong>" + html_escape(a.lead) +
         "</strong></p>\n<div class=\"news-content\">\n";
  for (size_t i = 0; i < a.paragraphs.size(); ++i) {
    out += "<p>" + last_paragraph_with_note(a, i, extras) + "</p>\n";
    if (i == 1)
      out += "<div class=\"img\"><img src=\"/images/" + std::to_string(a.id) + ".jpg\" alt=\"\"><p class=\"caption\">" +
             caption(a, 0) + "</p></div>\n<div class=\"ads\">Quảng cáo</div>\n";
  }
  out += "</div>\n<p class=\"author\">" + html_escape(join(a.authors, ", ")) + "</p>\n</article>\n<div class=\"related\">\n"
         "<h3>Tin cùng chuyên mục</h3>\n<ul>\n";
  for (const ArticleTruth* r : related_of(site, a))
    out += "<li><a href=\"" + r->path + "\">" + html_escape(r->title) + "</a></li>\n";
  out += "</ul>\n</div>\n<div class=\"comments\"><h3>Bình luận</h3><form><textarea name=\"c\"></textarea>"
         "<button>Gửi</button></form></div>\n</div>\n<div class=\"right\">\n<h3>Đọc nhiều</h3>\n<ul>\n";
  for (const ArticleTruth* r : most_read(site))
    out += "<li><a href=\"" + r->path + "\">" + html_escape(r->title) + "</a></li>\n";
  return out + "</ul>\n</div>\n</div>\n<div id=\"footer\">" + forbidden_links(site) + "<p>© " + site.name +
         "</p></div>\n</body>\n</html>\n";
}

PageTemplate load(const std::filesystem::path& file) { return PageTemplate(test::read_file(file)); }

}  // namespace

std::shared_ptr<const Templates> load_templates(const std::filesystem::path& fixtures) {
  // baohatinh.vn new CMS. The order matters: the regions that hold the
  // fixture's title, lead and URL are cut before those literals are replaced.
  PageTemplate bht_new = load(fixtures / "baohatinh.vn" / "new-cms-article.html");
  const std::string bht_url =
      "https://baohatinh.vn/buoi-phuc-trach-vao-vu-nha-vuon-huong-khe-tat-bat-don-thuong-lai-post281406.html";
  bht_new.cut("<title>", "</title>", "title_tag")
      .cut("<script type=\"application/ld+json\">", "</script>", "jsonld")
      .cut("<script>var dataLayer = ", ";</script>", "datalayer")
      .cut("itemprop=\"articleBody\">", "<div id=\"sdaWeb_SdaArticleAfterBody\"", "body")
      .cut("<div class=\"article__sapo cms-desc\">", "</div>", "sapo")
      .cut("<h1 class=\"article__title cms-title \">", "</h1>", "title")
      .cut("<time class=\"time\" datetime=\"", "</time>", "time")
      .cut("<span class=\"thumb\"> </span> ", " </div>", "author_meta")
      .cut("<div class=\"article__author\"> <span class=\"name\">", "</span>", "author_footer")
      .cut("<div class=\"article__tag\"> ", " </div>", "tags")
      .cut("<div class=\"box-content\" data-source=\"related-news\"> ", " </div> </div>", "related")
      .cut("<h2 class=\"main\"> ", " </h2>", "breadcrumb")
      .cut("<ul class=\"menu-wrap\">", "</ul>", "menu")
      .cut("data-source=\"mostread\">", "</div>", "mostread")
      .replace(bht_url, "url")
      .replace("(Baohatinh.vn) - Những ngày này, các nhà vườn ở vùng bưởi Phúc Trạch (Hương Khê) bước vào cao "
               "điểm thu hoạch. Nhờ chăm sóc theo quy trình an toàn, nhiều hộ có sản lượng và giá bán cao hơn năm trước.",
               "lead_attr")
      .replace("Bưởi Phúc Trạch vào vụ, nhà vườn Hương Khê tất bật đón thương lái", "title_attr")
      .replace("2024-09-12T08:15:00+07:00", "published")
      .replace("2024-09-12T10:02:41+07:00", "modified")
      .replace("<a href=\"https://baohatinh.vn/kinh-te/\" title=\"Trở về\">", "back_link")
      .replace("281406", "id")
      .replace("href=\"javascript:void(0);\" class=\"btn-search\"", "search_link")
      .insert_before("<p class=\"footer-name\">", "footer_extra")
      .insert_before("</header>", "furniture")
      .replace("https://baohatinh.vn", "base");

  PageTemplate bht_old = load(fixtures / "baohatinh.vn" / "2018-thach-ha.html");
  bht_old.cut("<title>", "</title>", "title_tag")
      .cut("<meta name=\"keywords\" content=\"", "\" />", "keywords")
      .cut("<div class=\"detail_content\">", "<div class=\"detail_relate\">", "body")
      .cut("<div class=\"detail_relate\">", "</div>", "related")
      .cut("<p class=\"detail_author\" style=\"text-align: right;\"><strong>", "</strong>", "byline")
      .cut("<span class=\"author_name\">", "</span>", "byline")
      .cut("<h1 class=\"detail_title\">", "</h1>", "title")
      .cut("<span class=\"detail_date\">", "</span>", "date")
      .cut("<div class=\"detail_sapo\">", "</div>", "sapo")
      .cut("<div class=\"detail_cate\">", "</div>", "category_link")
      .cut("<div class=\"header_date\">", "</div>", "header_date")
      .cut("<div class=\"menu\">", "</div>", "menu")
      .replace("https://baohatinh.vn/xa-hoi/thach-ha-doi-moi-phuong-thuc-lanh-dao-khoi-day-suc-manh-tong-hop/158230.htm",
               "url")
      .replace("(Baohatinh.vn) - Phát biểu tại buổi làm việc với huyện Thạch Hà về kết quả xây dựng nông thôn mới "
               "(NTM) và thực hiện Nghị quyết Trung ương 6 (khóa XII) chiều nay, Bí thư Tỉnh ủy Lê Đình Sơn ghi nhận "
               "Thạch Hà đã có đổi mới trong phương thức lãnh đạo, khơi dậy sức mạnh cả hệ thống chính trị và toàn "
               "thể nhân dân.",
               "lead_attr")
      .replace("Thạch Hà đổi mới phương thức lãnh đạo, khơi dậy sức mạnh tổng hợp", "title_attr")
      .replace("158230", "id")
      .replace("title=\"Xã hội\" href=\"https://baohatinh.vn/rss/xa-hoi.xml\"", "rss_link")
      .insert_before("<div class=\"menu\">", "furniture")
      .insert_before("<div class=\"footer\">", "footer_extra")
      .replace("https://baohatinh.vn", "base");

  PageTemplate bna = load(fixtures / "baonghean.vn" / "article.html");
  bna.cut("<title>", "</title>", "title_tag")
      .cut("<div class=\"content\">", "<p class=\"article__author\">", "body")
      .cut("<p class=\"article__author\">", "</p>", "byline")
      .cut("<th>TIN LIÊN QUAN</th>", "</table>", "related_table")
      .cut("<div class=\"tag-listing\">", "</div>", "tags")
      .cut("<div class=\"article__summary\">", "</div>", "summary")
      .cut("<h1 class=\"article__title\">", "</h1>", "title")
      .cut("<ul class=\"navigator\">", "</ul>", "menu")
      .cut("<ol class=\"breadcrumb\">", "</ol>", "breadcrumb")
      .cut("<section class=\"zone zone--grey\">", "</section>", "aside")
      .replace("<time datetime=\"2018-09-24T08:30:00+07:00\">Thứ Hai, 24/09/2018 - 08:30</time>", "time")
      .replace("https://baonghean.vn/kinh-te/201809/ho-tro-giong-cay-trong-cho-nong-dan-mien-tay-nghe-an-sau-lu-2156342/",
               "url")
      .replace("Sau đợt mưa lũ tháng 8, hàng nghìn hộ dân ở các huyện miền Tây Nghệ An được hỗ trợ giống ngô, giống "
               "lúa và phân bón để khôi phục sản xuất vụ đông.",
               "lead_attr")
      .replace("Hỗ trợ giống cây trồng cho nông dân miền Tây Nghệ An sau lũ", "title_attr")
      .insert_before("<nav class=\"site-header__nav\"", "furniture")
      .insert_before("<p>Email:", "footer_extra");

  PageTemplate bth = load(fixtures / "baothanhhoa.vn" / "article.html");
  bth.cut("<title>", "</title>", "title_tag")
      .cut("<script type=\"application/ld+json\">", "</script>", "jsonld")
      .cut("<script>var dataLayer = ", ";</script>", "datalayer")
      .cut("itemprop=\"articleBody\">", "<div id=\"sdaWeb_SdaArticleAfterBody\"", "body")
      .cut("<div class=\"article__sapo cms-desc\">", "</div>", "sapo")
      .cut("<h1 class=\"article__title cms-title \">", "</h1>", "title")
      .cut("<time class=\"time\" datetime=\"", "</time>", "time")
      .cut("<span class=\"tag-title\">Từ khóa:</span> ", " </div>", "tags")
      .cut("<div class=\"box-content\" data-source=\"related-news\"> ", " </div> </div>", "related")
      .cut("<h2 class=\"main\"> ", " </h2>", "breadcrumb")
      .cut("<ul class=\"menu-wrap\">", "</ul>", "menu")
      .cut("data-source=\"mostread\">", "</div>", "mostread")
      .replace("https://baothanhhoa.vn/lang-banh-gai-tu-tru-tat-bat-vao-mua-tet-post204518.html", "url")
      .replace("Những ngày cận Tết, các hộ làm bánh gai ở làng Tứ Trụ (Thọ Xuân) làm việc xuyên đêm để kịp giao hàng "
               "cho khách khắp nơi.",
               "lead_attr")
      .replace("Làng bánh gai Tứ Trụ tất bật vào mùa Tết", "title_attr")
      .replace("2024-01-25T15:20:00+07:00", "published")
      .replace("<a href=\"https://baothanhhoa.vn/van-hoa/\" title=\"Trở về\">", "back_link")
      .replace("204518", "id")
      .replace("href=\"javascript:void(0);\" class=\"btn-search\"", "search_link")
      .insert_before("<p class=\"footer-name\">", "footer_extra")
      .insert_before("</header>", "furniture")
      .replace("https://baothanhhoa.vn", "base");

  return std::make_shared<const Templates>(
      Templates{std::move(bht_new), std::move(bht_old), std::move(bna), std::move(bth)});
}

std::string render_article(const Site& site, const ArticleTruth& a, const RenderExtras& extras) {
  const Templates& t = *site.templates;
  switch (a.markup) {
    case Markup::kBaohatinhNew: {
      const std::string& nl = t.baohatinh_new.newline();
      SlotValues v = hemera_common(site, a, extras, nl);
      v["modified"] = iso_vn(a.modified);
      v["author_meta"] = html_escape(join(a.authors, " - "));
      v["author_footer"] = v["author_meta"];
      v["body"] = baohatinh_new_body(site, a, extras, nl);
      return t.baohatinh_new.render(v);
    }
    case Markup::kBaothanhhoa: {
      const std::string& nl = t.baothanhhoa.newline();
      SlotValues v = hemera_common(site, a, extras, nl);
      v["body"] = baothanhhoa_body(site, a, extras, nl);
      return t.baothanhhoa.render(v);
    }
    case Markup::kBaohatinhOld:
      return render_old(site, a, extras, t.baohatinh_old);
    case Markup::kBaonghean:
      return render_baonghean(site, a, extras, t.baonghean);
    case Markup::kGeneric:
      break;
  }
  return render_generic(site, a, extras);
}

}  // namespace khobao::testsite
