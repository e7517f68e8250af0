// The pre-parse pass: what it drops, what it keeps, and where it must not
// be fooled.
#include "html/document.hpp"
#include "html/prestrip.hpp"
#include "html/text.hpp"

#include <catch2/catch.hpp>

using namespace khobao::html;

TEST_CASE("scripts, styles, comments and inline svg are dropped", "[prestrip]") {
  auto out = prestrip("<p>a<script>if (a<b) x='</p>';</script>b<style>p{}</style>"
                      "<!-- c --><svg><path d='M0'/><svg></svg></svg>c</p>");
  CHECK(out.html == "<p>abc</p>");
  CHECK(out.json_ld.empty());
}

TEST_CASE("JSON-LD is kept aside for the metadata", "[prestrip]") {
  auto out = prestrip("<head><script type=\"application/ld+json\">{\"@type\":\"NewsArticle\"}</script></head>");
  REQUIRE(out.json_ld.size() == 1);
  CHECK(out.json_ld[0] == "{\"@type\":\"NewsArticle\"}");
  CHECK(out.html == "<head></head>");
}

TEST_CASE("a '<' inside a quoted attribute is not markup", "[prestrip]") {
  auto out = prestrip("<a title=\"<script>\" href=x>a</a><p data-x='<!--'>b</p>");
  CHECK(out.html == "<a title=\"<script>\" href=x>a</a><p data-x='<!--'>b</p>");
}

TEST_CASE("tag names are matched whole and case-insensitively", "[prestrip]") {
  CHECK(prestrip("<SCRIPT>x</SCRIPT >a").html == "a");
  CHECK(prestrip("<scripts>a</scripts>").html == "<scripts>a</scripts>");
  CHECK(prestrip("<svgx>a</svgx>").html == "<svgx>a</svgx>");
}

TEST_CASE("unterminated scripts and comments swallow the rest, as in a browser", "[prestrip]") {
  CHECK(prestrip("a<script>never closed").html == "a");
  CHECK(prestrip("a<!-- never closed").html == "a");
  CHECK(prestrip("a<").html == "a<");
}

TEST_CASE("a stripped page reads the same as the original", "[prestrip]") {
  std::string page =
      "<html><head><style>.x{}</style></head><body><div>Một<script>document.write('x')</script> hai"
      "<!-- quảng cáo --><p>Ba</p><svg><text>biểu đồ</text></svg></div></body></html>";
  Document full = Document::parse(page);
  Document stripped = Document::parse(prestrip(page).html);
  CHECK(visible_text(full.body()) == visible_text(stripped.body()));
}

TEST_CASE("runs of white space are cut to one character", "[prestrip]") {
  CHECK(prestrip("<div>\n    <p>a  \t b</p>\r\n\r\n</div>").html == "<div>\n<p>a b</p>\r</div>");
  CHECK(prestrip("<p>x</p>    <script>y</script>    <p>z</p>").html == "<p>x</p> <p>z</p>");
}

TEST_CASE("elements nested deeper than 512 are flattened, their text kept", "[prestrip]") {
  std::string page;
  for (int i = 0; i < 600; ++i) page += "<div>";
  page += "sâu";
  for (int i = 0; i < 600; ++i) page += "</div>";
  page += "<p>sau";
  auto out = prestrip(page);
  // 88 start tags and the first 88 end tags go; the tree keeps 512 levels.
  CHECK(out.flattened_tags == 2 * 88);
  std::string want;
  for (int i = 0; i < 512; ++i) want += "<div>";
  want += "sâu";
  for (int i = 0; i < 512; ++i) want += "</div>";
  CHECK(out.html == want + "<p>sau");
}

TEST_CASE("void elements and implied end tags never count as nesting", "[prestrip]") {
  std::string page;
  for (int i = 0; i < 2000; ++i) page += "<p>a<br><img src=x><li>b<td>c<div/>";
  auto out = prestrip(page);
  CHECK(out.flattened_tags == 0);
  CHECK(out.html == page);
}

TEST_CASE("a million nested tags parse in moments", "[prestrip][large]") {
  std::string page = "<html><body>";
  for (int i = 0; i < 1000000; ++i) page += (i % 2) ? "<div>" : "<B>";
  page += "Sâu quá";
  auto out = prestrip(page);
  CHECK(out.flattened_tags == 1000000 - 512);
  Document doc = Document::parse(std::move(out.html));
  CHECK(visible_text(doc.body()) == "Sâu quá");
}
