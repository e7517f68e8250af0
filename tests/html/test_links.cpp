// The links of a page for discovery: anchors, <base href>, next page,
// feeds, canonical, robots nofollow, and the cap on a page of many links.
#include "html/links.hpp"

#include <catch2/catch.hpp>

using namespace khobao::html;

namespace {

PageLinks links_of(const std::string& html, std::string_view url = "https://baohatinh.vn/xa-hoi/") {
  return collect_links(Document::parse(html), url);
}

using Urls = std::vector<std::string>;

}  // namespace

TEST_CASE("anchors are resolved, deduplicated and kept in order", "[links]") {
  auto l = links_of(R"html(<html><body>
    <a href="/xa-hoi/giao-duc/">Giáo dục</a>
    <a href="bai-viet-post1.html#binh-luan">bài</a>
    <a href="https://baohatinh.vn/xa-hoi/giao-duc/">again</a>
    <a href="//i.baohatinh.vn/a.jpg">img</a>
    <a href="javascript:void(0)">js</a> <a href="mailto:toa-soan@baohatinh.vn">mail</a>
    <a href="/tai-lieu.pdf" download>pdf</a>
    <a href="/noi-bo/" rel="nofollow">nofollow kept</a>
    <a name="no-href">anchor</a>
    <map><area href="/ban-do/" alt="map"></map>
  </body></html>)html");
  Urls want = {"https://baohatinh.vn/xa-hoi/giao-duc/", "https://baohatinh.vn/xa-hoi/bai-viet-post1.html#binh-luan",
               "https://i.baohatinh.vn/a.jpg", "https://baohatinh.vn/noi-bo/", "https://baohatinh.vn/ban-do/"};
  CHECK(l.anchors == want);
  CHECK(l.next.empty());
  CHECK(l.feeds.empty());
  CHECK_FALSE(l.canonical);
  CHECK_FALSE(l.nofollow);
}

TEST_CASE("a <base href> takes precedence over the page URL", "[links]") {
  auto l = links_of(R"html(<html><head><base href="/old/"><link rel="canonical" href="bai.htm"></head>
    <body><a href="x.htm">x</a><a href="/y/">y</a></body></html>)html",
                    "https://baohatinh.vn/xa-hoi/trang-2.html");
  CHECK(l.anchors == Urls{"https://baohatinh.vn/old/x.htm", "https://baohatinh.vn/y/"});
  CHECK(l.canonical == "https://baohatinh.vn/old/bai.htm");
  // A base that is not http(s) is ignored.
  auto js = links_of(R"html(<base href="javascript:alert(1)"><a href="x.htm">x</a>)html", "https://a.vn/d/p");
  CHECK(js.anchors == Urls{"https://a.vn/d/x.htm"});
}

TEST_CASE("the next page, in the forms sites write it", "[links]") {
  auto l = links_of(R"html(<html><head><link rel="next" href="/xa-hoi/trang-2.html"></head><body>
    <a href="/p/rel" rel="Next">2</a>
    <a href="/p/wp" class="next page-numbers">Sau</a>
    <ul class="pagination"><li class="page-item next"><a href="/p/li">2</a></li></ul>
    <a href="/p/aria" aria-label="Trang sau"><i class="icon"></i></a>
    <a href="/p/raquo">&raquo;</a>
    <a href="/p/rsaquo"> &rsaquo; </a>
    <a href="/p/text">Trang sau &raquo;</a>
    <a href="/p/tiep">Tiếp</a>
    <a href="/p/tieptheo">Tiếp theo</a>
    <a href="/p/next">Next page</a>
    <a href="/p/pagination" class="pagination__next">2</a>
    <a href="/no/xem-them">Xem thêm</a>
    <a href="/no/doc-tiep">Đọc tiếp</a>
    <a href="/no/prev">&laquo; Trước</a>
    <a href="/no/last">&raquo;&raquo;</a>
    <a href="/no/next-article" class="next-article">Bài sau cùng chuyên mục về Hà Tĩnh</a>
    <a href="/no/long">Trang sau của một bài viết rất dài không phải là phân trang chút nào cả</a>
  </body></html>)html");
  Urls want = {"https://baohatinh.vn/xa-hoi/trang-2.html", "https://baohatinh.vn/p/rel", "https://baohatinh.vn/p/wp",
               "https://baohatinh.vn/p/li",  "https://baohatinh.vn/p/aria", "https://baohatinh.vn/p/raquo",
               "https://baohatinh.vn/p/rsaquo", "https://baohatinh.vn/p/text", "https://baohatinh.vn/p/tiep",
               "https://baohatinh.vn/p/tieptheo", "https://baohatinh.vn/p/next", "https://baohatinh.vn/p/pagination"};
  CHECK(l.next == want);
  CHECK(l.anchors.size() == 17);  // next-page anchors are anchors too
}

TEST_CASE("feeds and canonical come from <link>", "[links]") {
  auto l = links_of(R"html(<html><head>
    <link rel="alternate" type="application/rss+xml" title="RSS" href="/rss/home.rss">
    <link rel="alternate" type="Application/Atom+XML; charset=utf-8" href="https://baohatinh.vn/atom.xml">
    <link rel="alternate" hreflang="en" href="/en/">
    <link rel="alternate" type="application/json" href="/feed.json">
    <link rel="stylesheet" type="application/rss+xml" href="/not-a-feed">
    <link rel="canonical" href="/xa-hoi/">
    <link rel="canonical" href="/second/">
  </head><body></body></html>)html");
  CHECK(l.feeds == Urls{"https://baohatinh.vn/rss/home.rss", "https://baohatinh.vn/atom.xml"});
  CHECK(l.canonical == "https://baohatinh.vn/xa-hoi/");
  CHECK(l.anchors.empty());
}

TEST_CASE("meta robots nofollow", "[links]") {
  CHECK(links_of(R"html(<meta name="robots" content="noindex, nofollow">)html").nofollow);
  CHECK(links_of(R"html(<meta name="ROBOTS" content="NONE">)html").nofollow);
  CHECK_FALSE(links_of(R"html(<meta name="robots" content="index, follow">)html").nofollow);
  CHECK_FALSE(links_of(R"html(<meta name="description" content="nofollow">)html").nofollow);
}

TEST_CASE("a page of 100,000 links stays bounded", "[links]") {
  std::string html = "<html><body>";
  for (int i = 0; i < 100000; ++i) html += "<a href=\"/a-" + std::to_string(i) + "\" rel=next>x</a>";
  html += "</body></html>";
  auto l = links_of(html);
  REQUIRE(l.anchors.size() == kMaxAnchors);
  CHECK(l.anchors.front() == "https://baohatinh.vn/a-0");
  CHECK(l.anchors.back() == "https://baohatinh.vn/a-" + std::to_string(kMaxAnchors - 1));
  CHECK(l.next.size() == kMaxSmallLinks);
}

TEST_CASE("a broken page and slider controls give no next page", "[links]") {
  // href="" is the page itself: an anchor, but never its own next page
  // even though its text ">" reads as a next arrow.
  auto l = links_of(std::string("\0\xff<<a href=>>", 13));
  CHECK(l.anchors == Urls{"https://baohatinh.vn/xa-hoi/"});
  CHECK(l.next.empty());
  auto slider = links_of(R"html(<a href="#" aria-label="Next">›</a><a href="#s2" class="next">›</a>)html");
  CHECK(slider.next.empty());
  CHECK(slider.anchors == Urls{"https://baohatinh.vn/xa-hoi/", "https://baohatinh.vn/xa-hoi/#s2"});
  CHECK(links_of("").anchors.empty());
}
