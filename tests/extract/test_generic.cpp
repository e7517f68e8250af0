// The generic extractor's rules, each with the smallest page that shows why
// it exists. Pages run through the whole pipeline with no selector file.
#include "extract/extract.hpp"
#include "extract/generic.hpp"
#include "html/document.hpp"
#include "html/text.hpp"
#include "generic_support.hpp"
#include "site/site.hpp"

#include <catch2/catch.hpp>

using namespace khobao;

using test::generic;
using test::has;
using test::prose;

TEST_CASE("the block of prose wins over menus and link lists", "[generic]") {
  auto a = generic("<ul class=menu><li><a href=/1>News</a></li><li><a href=/2>Sport</a></li></ul>"
                   "<div class=links>" + std::string(30, ' ') +
                   "<a href=/x>A very long link title that goes on and on for quite some time</a></div>"
                   "<div class=story>" + prose("The plan") + prose("The budget") + "</div>");
  CHECK(has(a.body, "The plan"));
  CHECK(has(a.body, "The budget"));
  CHECK_FALSE(has(a.body, "Sport"));
  CHECK_FALSE(has(a.body, "very long link"));
}

TEST_CASE("a comment thread is never the article, however long", "[generic]") {
  std::string comments = "<div class=comments-area>";
  for (int i = 0; i < 6; ++i) comments += prose("Reader " + std::to_string(i) + " thinks");
  comments += "</div>";
  auto a = generic("<article>" + prose("The story") + prose("The mayor") + "</article>" + comments);
  CHECK(has(a.body, "The story"));
  CHECK_FALSE(has(a.body, "Reader"));
}

TEST_CASE("page-level classes do not hide the article", "[generic]") {
  // Drupal puts "one-sidebar sidebar-second" on <body>.
  std::string page = "<html><body class='one-sidebar sidebar-second'><div class=content>" + prose("The vote") +
                     prose("The count") + "</div></body></html>";
  static const site::SiteSet no_rules;
  auto a = extract::extract_article({page, "", "", ""}, no_rules);
  CHECK(has(a.body, "The vote"));
}

TEST_CASE("an article split around an embed keeps all its parts and drops the rest", "[generic]") {
  auto a = generic("<div class=wrap><div class=text-part>" + prose("First part") + prose("Second part") +
                   "</div><div class=video-embed><a href=/v>Watch the video</a></div>"
                   "<div class=text-part>" + prose("Third part") + "</div>"
                   "<div class=more><a href=/1>Another story entirely</a> <a href=/2>And one more</a></div></div>");
  CHECK(has(a.body, "First part"));
  CHECK(has(a.body, "Third part"));
  CHECK_FALSE(has(a.body, "Watch the video"));
  CHECK_FALSE(has(a.body, "Another story"));
}

TEST_CASE("wrappers that add no text are climbed, headers beside the text are not", "[generic]") {
  auto a = generic("<div class=page><div class=meta>By the desk, 7 March</div>"
                   "<div class=outer><div class=inner>" + prose("The harvest") + prose("The rain") +
                   "</div></div></div>");
  CHECK(has(a.body, "The harvest"));
  CHECK_FALSE(has(a.body, "By the desk"));
}

TEST_CASE("a closing heading ends the article", "[generic]") {
  auto a = generic("<div class=content>" + prose("The bridge") + prose("The road") +
                   "<h3>Tin liên quan</h3><p>Một bài khác cũng nói về cây cầu, rất dài để là đoạn văn.</p></div>");
  CHECK(has(a.body, "The road"));
  CHECK_FALSE(has(a.body, "Tin liên quan"));
  CHECK_FALSE(has(a.body, "Một bài khác"));
  CHECK(extract::is_tail_heading("Xem thêm:"));
  CHECK(extract::is_tail_heading("Related Articles"));
  CHECK_FALSE(extract::is_tail_heading("Xem thêm ảnh của hội nghị tại đây"));
}

TEST_CASE("a furniture line inside the text is dropped, the text after it kept", "[generic]") {
  auto a = generic("<div class=content>" + prose("Before") + "<p>Advertisement</p><p>Quảng cáo</p>" +
                   prose("After") + "</div>");
  CHECK(has(a.body, "Before"));
  CHECK(has(a.body, "After"));
  CHECK_FALSE(has(a.body, "Advertisement"));
  CHECK_FALSE(has(a.body, "Quảng cáo"));
}

TEST_CASE("blocks that are mostly links are pruned from the body", "[generic]") {
  auto a = generic("<div class=content>" + prose("The school") +
                   "<div class=box><a href=/1>Read our other story about schools</a></div>" + prose("The teachers") +
                   "</div>");
  CHECK_FALSE(has(a.body, "other story"));
  CHECK(has(a.body, "The teachers"));
}

TEST_CASE("the lead is found by whole class words, never a tailwind class", "[generic]") {
  auto a = generic("<h1 class='dt-leading-160'>Giá vàng giảm mạnh trong phiên sáng nay</h1>"
                   "<h2 class='detail-sapo'>(Dân trí) - Giá vàng trong nước giảm, nhưng vẫn cao hơn thế giới.</h2>"
                   "<div class=content>" + prose("The market") + prose("The banks") + "</div>");
  CHECK(a.title == "Giá vàng giảm mạnh trong phiên sáng nay");
  CHECK(a.lead == "(Dân trí) - Giá vàng trong nước giảm, nhưng vẫn cao hơn thế giới.");
  CHECK_FALSE(has(a.body, "(Dân trí)"));
}

TEST_CASE("the title is the heading that matches the metadata", "[generic]") {
  auto a = generic("<h1>Site name in a big heading</h1><h1>Town opens a new school</h1>"
                   "<div class=content>" + prose("The school") + prose("The pupils") + "</div>",
                   "<meta property='og:title' content='Town opens a new school'>");
  CHECK(a.title == "Town opens a new school");
}

TEST_CASE("a right-aligned last paragraph is the byline, not text", "[generic]") {
  auto a = generic("<article class=fck_detail>" + prose("The oil price") + prose("The ports") +
                   "<p style='text-align:right;'><strong>Hà Thu</strong> <em>(tổng hợp)</em></p></article>");
  REQUIRE(a.authors.size() == 1);
  CHECK(a.authors[0] == "Hà Thu");
  CHECK_FALSE(has(a.body, "Hà Thu"));
}

TEST_CASE("a printed byline that names the metadata's author and more is the fuller record", "[generic]") {
  // <meta name="author"> often carries the first of two names; the page prints both.
  auto both = generic("<article>" + prose("The bridge") + prose("The river") +
                          "<p class=author>Ngọc Sơn, Võ Văn Bình</p></article>",
                      "<meta name=author content='Ngọc Sơn'>");
  CHECK(both.authors == std::vector<std::string>{"Ngọc Sơn", "Võ Văn Bình"});
  CHECK_FALSE(has(both.body, "Võ Văn Bình"));
  // A printed name that is not the metadata's does not replace it: which is right is unknown.
  auto other = generic("<article>" + prose("The bridge") + prose("The river") +
                           "<p class=author>Thu Hà, Minh Anh</p></article>",
                       "<meta name=author content='Ngọc Sơn'>");
  CHECK(other.authors == std::vector<std::string>{"Ngọc Sơn"});
}

TEST_CASE("a short page with no prose falls back to its article element", "[generic]") {
  auto a = generic("<nav><a href=/>Home</a></nav><article><p>Ngắn.</p><p>Rất ngắn.</p></article>");
  CHECK(a.body == "Ngắn.\n\nRất ngắn.");
}

TEST_CASE("JSON-LD gives authors and dates when the page shows none", "[generic]") {
  auto a = generic("<div class=content>" + prose("The flood") + prose("The dyke") + "</div>",
                   "<script type=application/ld+json>{\"@type\":\"NewsArticle\",\"datePublished\":"
                   "\"2026-03-07T08:07:18+07:00\",\"author\":[{\"@type\":\"Person\",\"name\":\"NH&#7852;T XUÂN\"},"
                   "{\"@type\":\"Person\",\"name\":\"NGHI VŨ\"}]}</script>");
  CHECK(a.published_at == "2026-03-07T08:07:18+07:00");
  CHECK(a.authors == std::vector<std::string>{"NHẬT XUÂN", "NGHI VŨ"});
  CHECK(a.extractor == "generic");
}

TEST_CASE("headings that open a box of other articles end it in several languages", "[generic]") {
  CHECK(extract::is_tail_heading("Você pode gostar..."));
  CHECK(extract::is_tail_heading("Самые популярные диеты"));
  CHECK(extract::is_tail_heading("Related stories"));
  CHECK(extract::is_tail_heading("Tin cùng chuyên mục"));
  CHECK_FALSE(extract::is_tail_heading("Related to the case, the court said the ministry had no say."));
}

TEST_CASE("cookie notices and furniture lines are not text", "[generic]") {
  CHECK(extract::is_boilerplate_line("Skip to main content"));
  CHECK(extract::is_boilerplate_line("By choosing I Accept, you consent to our use of cookies."));
  CHECK(extract::is_boilerplate_line("Like this story? Share it with a friend!"));
  CHECK_FALSE(extract::is_boilerplate_line("The bakery's cookies sold out by noon, the owner said."));
}
