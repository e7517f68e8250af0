// Cleaning steps: template placeholders and the elements holding them,
// furniture by tag and class words.
#include "extract/clean.hpp"
#include "html/document.hpp"
#include "html/text.hpp"

#include <catch2/catch.hpp>

using namespace khobao;
using namespace khobao::extract;

TEST_CASE("placeholders are recognised in their template forms", "[clean]") {
  CHECK(has_placeholder("{name} - {time}"));
  CHECK(has_placeholder("{body}"));
  CHECK(has_placeholder("Xin chào {{ user }}"));
  CHECK(has_placeholder("${count} bình luận"));
  CHECK_FALSE(has_placeholder("Giá {không đổi} hôm nay"));  // prose in braces has a space
  CHECK_FALSE(has_placeholder("a < b > c"));
  CHECK_FALSE(has_placeholder("<name>"));  // written out as text, it was escaped: literal
  CHECK_FALSE(has_placeholder("{}"));
  CHECK_FALSE(has_placeholder("{1}"));
}

TEST_CASE("stripping placeholders leaves the prose around them", "[clean]") {
  CHECK(strip_placeholders("{name} - {time}") == "");
  CHECK(strip_placeholders("Gửi bởi {name}") == "Gửi bởi");
  CHECK(strip_placeholders("${count} bình luận") == "bình luận");
}

TEST_CASE("a comment-item template goes with the elements holding it", "[clean]") {
  // The naive scrape of baohatinh.vn printed these templates as text.
  auto doc = html::Document::parse(
      "<div class=article><p>Nội dung bài báo dài đủ để không bị coi là khuôn mẫu, có nhiều chữ hơn sáu mươi byte.</p></div>"
      "<div class=box-comment><div class=comment-item><div class=info><b>{name}</b> - <span>{time}</span></div>"
      "<a class=reply>Trả lời</a><p>{body}</p></div>"
      "<div class=comment-item><span>{name}- {time}</span><p>{body}</p></div></div>");
  CHECK(remove_placeholder_holders(doc) >= 1);
  std::string text = html::visible_text(doc.body());
  CHECK(text.find("{") == std::string::npos);
  CHECK(text.find("Trả lời") == std::string::npos);
  CHECK(text.find("Nội dung bài báo") != std::string::npos);
}

TEST_CASE("a placeholder inside a long paragraph removes only itself later, not the paragraph", "[clean]") {
  auto doc = html::Document::parse(
      "<div><p>Bài viết có một đoạn văn rất dài với rất nhiều chữ, không phải là khuôn mẫu {name} của trang web.</p></div>");
  remove_placeholder_holders(doc);
  // the paragraph has too much prose to be a template's holder... but its
  // own element holds the placeholder text: the climb starts at <p> whose
  // other text is long, so nothing is removed.
  CHECK(html::visible_text(doc.body()).find("Bài viết") != std::string::npos);
}

TEST_CASE("<template> elements go", "[clean]") {
  auto doc = html::Document::parse("<p>a</p><template><p>{x}</p></template>");
  CHECK(remove_placeholder_holders(doc) == 1);
}

TEST_CASE("furniture is known by tag and by whole class words", "[clean]") {
  auto doc = html::Document::parse(
      "<nav>menu</nav><div class='share-bar'>Chia sẻ</div><div id=weatherBox>Thời tiết</div>"
      "<div class='box-comment'>0 bình luận</div><div class='popup-close'>Tắt [X]</div>"
      "<div class=recommended-text>giữ?</div><div class=content>Nội dung bài báo, đủ dài để là phần lớn chữ của trang này.</div>"
      "<header>đầu trang</header><div class=broadcast>Phát sóng</div>");
  remove_furniture(doc, doc.body(), /*strict=*/false);
  std::string text = html::visible_text(doc.body());
  CHECK(text.find("menu") == std::string::npos);
  CHECK(text.find("Chia sẻ") == std::string::npos);
  CHECK(text.find("Thời tiết") == std::string::npos);
  CHECK(text.find("bình luận") == std::string::npos);
  CHECK(text.find("Tắt [X]") == std::string::npos);
  CHECK(text.find("Nội dung") != std::string::npos);
  CHECK(text.find("Phát sóng") != std::string::npos);  // "broadcast" is not "ads"
  CHECK(text.find("đầu trang") != std::string::npos);  // headers only go when strict
  remove_furniture(doc, doc.body(), /*strict=*/true);
  CHECK(html::visible_text(doc.body()).find("đầu trang") == std::string::npos);
}

TEST_CASE("furniture that holds a kept node stays", "[clean]") {
  auto doc = html::Document::parse("<div class=sidebar><div class=content><p>giữ</p></div></div>");
  const html::Node* content = html::children(html::children(doc.body())[0])[0];
  remove_furniture(doc, doc.body(), true, {content});
  CHECK(html::visible_text(doc.body()) == "giữ");
}

TEST_CASE("a furniture word on the wrapper of most of the text does not remove it", "[clean]") {
  // WordPress marks the post itself with its tags: class="post tag-politics".
  auto doc = html::Document::parse(
      "<div class='post tag-politics'><p>Đoạn văn chính của bài báo, dài và có nhiều chữ để là phần lớn trang.</p></div>"
      "<div class=share>Chia sẻ</div>");
  remove_furniture(doc, doc.body(), /*strict=*/true);
  std::string text = html::visible_text(doc.body());
  CHECK(text.find("Đoạn văn chính") != std::string::npos);
  CHECK(text.find("Chia sẻ") == std::string::npos);
}
