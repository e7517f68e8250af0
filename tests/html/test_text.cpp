// Visible-text serialization: each rule with the smallest page that needs it.
#include "html/document.hpp"
#include "html/text.hpp"

#include <catch2/catch.hpp>

using namespace khobao::html;

namespace {
std::string body_text(const std::string& html) {
  Document doc = Document::parse(html);
  return visible_text(doc.body());
}
}  // namespace

TEST_CASE("block elements make paragraphs separated by a blank line", "[text]") {
  CHECK(body_text("<p>Một</p><p>Hai</p><div>Ba</div>") == "Một\n\nHai\n\nBa");
  CHECK(body_text("<ul><li>a</li><li>b</li></ul>") == "a\n\nb");
  CHECK(body_text("<h2>Tiêu đề</h2>Chữ") == "Tiêu đề\n\nChữ");
}

TEST_CASE("inline elements stay in their paragraph", "[text]") {
  CHECK(body_text("<p>Bí thư <b>Tỉnh ủy</b> <a href=x>Lê Đình Sơn</a>.</p>") ==
        "Bí thư Tỉnh ủy Lê Đình Sơn.");
  CHECK(body_text("<p>a<span>b</span>c</p>") == "abc");
}

TEST_CASE("a <br> is a line break, two in a row end a paragraph", "[text]") {
  CHECK(body_text("<p>dòng một<br>dòng hai</p>") == "dòng một\ndòng hai");
  CHECK(body_text("<div>đoạn một<br><br>đoạn hai</div>") == "đoạn một\n\nđoạn hai");
  CHECK(body_text("<p>a <br> b</p>") == "a\nb");
  CHECK(body_text("<p><br>a<br></p>") == "a");
}

TEST_CASE("white space collapses, nbsp is a space, zero-width characters vanish", "[text]") {
  CHECK(body_text("<p>  a \n\t b   </p>") == "a b");
  CHECK(body_text("<p>a&nbsp;&nbsp;b</p>") == "a b");
  CHECK(body_text("<p>Hà\u200bTĩnh\ufeff</p>") == "HàTĩnh");
  CHECK(body_text("<p>a\u2003b</p>") == "a b");
  CHECK(body_text("<p>soft\u00adhyphen</p>") == "softhyphen");
}

TEST_CASE("invisible elements and alt text are never text", "[text]") {
  CHECK(body_text("<p>a<script>x()</script><style>p{}</style>b</p>") == "ab");
  CHECK(body_text("<p>a<img alt='Tiêu đề ảnh' src=x>b</p>") == "ab");
  CHECK(body_text("<p>a</p><noscript><img src=x></noscript><template><p>{name}</p></template>") == "a");
  CHECK(body_text("<p>a</p><div hidden>ẩn</div><div style='display: none'>ẩn</div>"
                  "<div aria-hidden=true>ẩn</div><select><option>x</option></select>") == "a");
  CHECK(body_text("<p>a<button>Trả lời</button></p>") == "a");
  CHECK(body_text("<p>a<svg><text>chart</text></svg></p>") == "a");
}

TEST_CASE("text comes out NFC", "[text]") {
  // "Hà Tĩnh" written with combining marks (NFD)
  CHECK(body_text("<p>Ha\u0300 Ti\u0303nh</p>") == "Hà Tĩnh");
  // a precomposed vowel followed by a combining tone mark
  CHECK(body_text("<p>Vi\u00ea\u0323t</p>") == "Việt");
}

TEST_CASE("inline_text puts a subtree on one line", "[text]") {
  Document doc = Document::parse("<h1>Thạch Hà<br>đổi mới</h1><div><p>a</p><p>b</p></div>");
  auto h1 = children(doc.body())[0];
  CHECK(inline_text(h1) == "Thạch Hà đổi mới");
  CHECK(inline_text(children(doc.body())[1]) == "a b");
}

TEST_CASE("text_stats counts text and link text without building strings", "[text]") {
  Document doc = Document::parse("<div><p>một hai, ba</p><p><a href=x>liên kết</a></p></div>");
  TextStats s = text_stats(doc.body());
  CHECK(s.words == 5);
  CHECK(s.commas == 1);
  CHECK(s.paragraphs == 2);
  CHECK(s.link_chars == std::string("liênkết").size());
  CHECK(s.chars == std::string("mộthai,baliênkết").size());
}

TEST_CASE("a page of 100,000 nested elements is walked without recursion", "[text]") {
  std::string html;
  for (int i = 0; i < 100000; ++i) html += "<span>";
  html += "sâu";
  Document doc = Document::parse(html);
  CHECK(visible_text(doc.body()) == "sâu");
}

TEST_CASE("decode_entities reads references as a browser would, tags as text", "[text]") {
  CHECK(decode_entities("NH&#7852;T XUÂN") == "NHẬT XUÂN");
  CHECK(decode_entities("Ho&aacute; &amp; &#x1EA1;") == "Hoá & ạ");
  CHECK(decode_entities("a <b>c</b> </textarea><p>x") == "a <b>c</b> </textarea><p>x");
  CHECK(decode_entities("không có") == "không có");
}
