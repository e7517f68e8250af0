// The gumbo document: parsing into an arena, node helpers, removal.
#include "html/document.hpp"
#include "html/text.hpp"

#include <catch2/catch.hpp>

using namespace khobao::html;

TEST_CASE("a document parses anything and finds head and body", "[document]") {
  Document doc = Document::parse("<title>t</title><p class='a  b'>x");
  REQUIRE(doc.head());
  REQUIRE(doc.body());
  const Node* p = children(doc.body())[0];
  CHECK(tag_name(p) == "p");
  CHECK(has_class(p, "a"));
  CHECK(has_class(p, "b"));
  CHECK_FALSE(has_class(p, "c"));
  CHECK(attr(p, "class") == std::optional<std::string_view>("a  b"));
  CHECK_FALSE(attr(p, "id"));
  // gumbo never fails: empty input and garbage give a tree too
  CHECK(Document::parse("").body());
  CHECK(Document::parse(std::string("\0\xff<<<>>", 7)).body());
}

TEST_CASE("unknown tags keep the name they were written with", "[document]") {
  Document doc = Document::parse("<p><name>x</name><my-widget></my-widget></p>");
  const Node* p = children(doc.body())[0];
  CHECK(tag_name(children(p)[0]) == "name");
  CHECK(tag_name(children(p)[1]) == "my-widget");
}

TEST_CASE("removing a node detaches its subtree from every later walk", "[document]") {
  Document doc = Document::parse("<div><p>giữ</p><p>bỏ</p><p>giữ nữa</p></div>");
  const Node* div = children(doc.body())[0];
  doc.remove(children(div)[1]);
  CHECK(visible_text(doc.body()) == "giữ\n\ngiữ nữa");
  CHECK(children(div).size() == 2);
  CHECK(children(div)[1]->index_within_parent == 1);
}

TEST_CASE("a document with a million nested tags is freed without recursion", "[document]") {
  std::string html;
  html.reserve(6'000'000);
  for (int i = 0; i < 1'000'000; ++i) html += "<span>";
  {
    Document doc = Document::parse(html);
    CHECK(doc.body());
  }  // destruction must not overflow the stack
  SUCCEED();
}
