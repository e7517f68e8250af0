// Tests for the CSS selector subset (src/html/selector.hpp): each form matching
// and not matching, combinators against a brute-force reference, errors, and
// inputs that must not crash.
#include "html/document.hpp"
#include "html/selector.hpp"

#include <catch2/catch.hpp>

#include <functional>
#include <random>
#include <string>
#include <vector>

using khobao::html::attr;
using khobao::html::Document;
using khobao::html::Node;
using khobao::html::select_all;
using khobao::html::select_first;
using khobao::html::Selector;
using khobao::html::SelectorError;
using khobao::html::tag_name;

namespace {

// What `selector` picks from `html`: each match's id, or its tag name when it
// has none, space-separated in the order select_all returns them.
std::string picked(const std::string& html, std::string_view selector) {
  Document doc = Document::parse(html);
  Selector sel = Selector::parse(selector);
  std::string out;
  for (const Node* n : select_all(doc.document(), sel)) {
    if (!out.empty()) out += ' ';
    auto id = attr(n, "id");
    out += id ? std::string(*id) : tag_name(n);
  }
  return out;
}

// The message of the SelectorError that parsing `selector` throws.
std::string parse_error(std::string_view selector) {
  try {
    Selector::parse(selector);
  } catch (const SelectorError& e) {
    return e.what();
  }
  return "(parsed without error)";
}

}  // namespace

TEST_CASE("type selectors and the universal selector", "[selector]") {
  const std::string page = "<p id=a></p><div id=b><p id=c></p></div>";
  CHECK(picked(page, "p") == "a c");
  CHECK(picked(page, "div") == "b");
  CHECK(picked(page, "span").empty());
  CHECK(picked(page, "body *") == "a b c");
  CHECK(picked(page, "div *") == "c");
  CHECK(picked("<p id=a></p>", "*") == "html head body a");
}

TEST_CASE("class selectors match whole words, case-sensitively", "[selector]") {
  const std::string page =
      "<p id=a class='x y'></p><p id=b class='xy'></p><p id=c class='X'></p>"
      "<p id=d class='\ty\n'></p><p id=e></p>";
  CHECK(picked(page, ".x") == "a");
  CHECK(picked(page, ".y") == "a d");
  CHECK(picked(page, ".X") == "c");
  CHECK(picked(page, ".xy") == "b");
  CHECK(picked(page, ".x.y") == "a");
  CHECK(picked(page, ".z").empty());
}

TEST_CASE("id selectors are case-sensitive", "[selector]") {
  const std::string page = "<p id=main></p><p id=Main></p><p id=other></p>";
  Document doc = Document::parse(page);
  auto ids = [&](std::string_view s) {
    std::vector<std::string> out;
    for (const Node* n : select_all(doc.document(), Selector::parse(s)))
      out.emplace_back(*attr(n, "id"));
    return out;
  };
  CHECK(ids("#main") == std::vector<std::string>{"main"});
  CHECK(ids("#Main") == std::vector<std::string>{"Main"});
  CHECK(ids("#mai").empty());
  CHECK(ids("p#other") == std::vector<std::string>{"other"});
  CHECK(ids("div#other").empty());
}

TEST_CASE("attribute selectors", "[selector]") {
  const std::string page =
      "<a id=a href='https://baohatinh.vn/x.html' data-x=''></a>"
      "<a id=b href='/tin-tuc/y.htm'></a>"
      "<a id=c></a>"
      "<a id=d href='HTTPS://EXAMPLE.COM/Z.HTML'></a>";
  SECTION("presence") {
    CHECK(picked(page, "[href]") == "a b d");
    CHECK(picked(page, "[data-x]") == "a");
    CHECK(picked(page, "[title]").empty());
  }
  SECTION("equality, with bare, single- and double-quoted values") {
    CHECK(picked(page, "[href=\"/tin-tuc/y.htm\"]") == "b");
    CHECK(picked(page, "[href='/tin-tuc/y.htm']") == "b");
    CHECK(picked(page, "[id=c]") == "c");
    CHECK(picked(page, "[ id = c ]") == "c");
    CHECK(picked(page, "[href='/tin-tuc']").empty());
    CHECK(picked(page, "[data-x='']") == "a");
  }
  SECTION("prefix, suffix, substring") {
    CHECK(picked(page, "[href^='https://']") == "a");
    CHECK(picked(page, "[href^=\"/tin\"]") == "b");
    CHECK(picked(page, "[href$='.html']") == "a");
    CHECK(picked(page, "[href$=htm]") == "b");
    CHECK(picked(page, "[href*='tin-tuc']") == "b");
    CHECK(picked(page, "[href*=baohatinh]") == "a");
    CHECK(picked(page, "[href*=nowhere]").empty());
  }
  SECTION("an empty value for ^= $= *= matches nothing") {
    CHECK(picked(page, "[href^='']").empty());
    CHECK(picked(page, "[href$='']").empty());
    CHECK(picked(page, "[href*='']").empty());
  }
  SECTION("values are case-sensitive, names are not") {
    CHECK(picked(page, "[href$='.HTML']") == "d");
    CHECK(picked(page, "[HREF$='.html']") == "a");
    CHECK(picked(page, "[Data-X]") == "a");
  }
  SECTION("escapes in strings") {
    CHECK(picked("<p id=a title='say \"hi\"'></p>", "[title='say \"hi\"']") == "a");
    CHECK(picked("<p id=a title=\"it's\"></p>", "[title='it\\'s']") == "a");
    CHECK(picked("<p id=a title='Đà Nẵng'></p>", "[title='\\110 à Nẵng']") == "a");
  }
}

TEST_CASE("compound selectors need every part", "[selector]") {
  const std::string page =
      "<h1 id=a class='article__title cms-title' data-x=1></h1>"
      "<h1 id=b class='article__title cms-title'></h1>"
      "<h1 id=c class='article__title' data-x=1></h1>"
      "<h2 id=d class='article__title cms-title' data-x=1></h2>";
  CHECK(picked(page, "h1.article__title.cms-title[data-x]") == "a");
  CHECK(picked(page, ".cms-title.article__title") == "a b d");
  CHECK(picked(page, "[data-x].article__title") == "a c d");
  CHECK(picked(page, "*#d.cms-title") == "d");
}

TEST_CASE("descendant and child combinators", "[selector]") {
  const std::string page =
      "<div id=outer class=box><section id=s><p id=deep></p></section><p id=direct></p></div>"
      "<p id=outside></p>";
  CHECK(picked(page, "div p") == "deep direct");
  CHECK(picked(page, "div > p") == "direct");
  CHECK(picked(page, "div>p") == "direct");
  CHECK(picked(page, "div\n\t>  p") == "direct");
  CHECK(picked(page, "section > p") == "deep");
  CHECK(picked(page, ".box section p") == "deep");
  CHECK(picked(page, "body > div > section > p") == "deep");
  CHECK(picked(page, "body > p") == "outside");
  CHECK(picked(page, "html > p").empty());
  CHECK(picked(page, "section div").empty());
}

TEST_CASE("a child chain left of a descendant combinator is retried higher up",
          "[selector]") {
  // The nearest <section> above #t has no <div> parent, the farther one has.
  const std::string page =
      "<div><section><article><section><p><span id=t></span></p></section></article>"
      "</section></div>";
  CHECK(picked(page, "div > section span") == "t");
  CHECK(picked(page, "div > section > p > span") == "");
  CHECK(picked(page, "div > section article > section > p span") == "t");
  CHECK(picked(page, "div > article span").empty());
}

TEST_CASE("combinators agree with a brute-force reference", "[selector]") {
  static const char* const tags[] = {"div", "section", "article", "aside"};
  std::mt19937 random(20240601);
  auto pick = [&](int n) { return static_cast<int>(random() % static_cast<unsigned>(n)); };

  std::function<std::string(int)> tree = [&](int depth) {
    std::string html;
    int kids = depth > 5 ? 0 : pick(4);
    for (int i = 0; i < kids; ++i) {
      const char* t = tags[pick(4)];
      html += std::string("<") + t + ">" + tree(depth + 1) + "</" + t + ">";
    }
    return html;
  };

  struct Step {
    std::string tag;  // "*" for any
    bool child;       // the combinator to its left is '>'
  };
  // Plain recursion over the whole search space: obviously right, slow.
  std::function<bool(const Node*, const std::vector<Step>&, size_t)> reference =
      [&](const Node* n, const std::vector<Step>& steps, size_t i) -> bool {
    if (!n || n->type != GUMBO_NODE_ELEMENT) return false;
    if (steps[i].tag != "*" && tag_name(n) != steps[i].tag) return false;
    if (i == 0) return true;
    if (steps[i].child) return reference(n->parent, steps, i - 1);
    for (const Node* a = n->parent; a; a = a->parent)
      if (reference(a, steps, i - 1)) return true;
    return false;
  };

  for (int page = 0; page < 60; ++page) {
    Document doc = Document::parse("<body>" + tree(0));
    std::vector<const Node*> elements;
    khobao::html::for_each_element(doc.document(), [&](const Node* n) {
      elements.push_back(n);
      return true;
    });
    for (int s = 0; s < 40; ++s) {
      std::vector<Step> steps;
      std::string text;
      int length = 1 + pick(5);
      for (int i = 0; i < length; ++i) {
        Step step{pick(6) == 0 ? "*" : tags[pick(4)], pick(2) == 0};
        if (i > 0) text += step.child ? " > " : " ";
        text += step.tag;
        steps.push_back(step);
      }
      Selector sel = Selector::parse(text);
      for (const Node* n : elements) {
        INFO(text);
        REQUIRE(sel.matches(n) == reference(n, steps, steps.size() - 1));
      }
    }
  }
}

TEST_CASE("groups return document order, each element once", "[selector]") {
  const std::string page = "<h2 id=a class=t></h2><p id=b class=t></p><h1 id=c></h1><p id=d></p>";
  CHECK(picked(page, "h1, h2") == "a c");
  CHECK(picked(page, "p, .t") == "a b d");
  CHECK(picked(page, ".t,p,h1,*#b") == "a b c d");
  CHECK(picked(page, "  h1 ,\n h2  ") == "a c");
}

TEST_CASE(":not()", "[selector]") {
  const std::string page =
      "<p id=a class=x></p><p id=b class='x y'></p><p id=c></p><div id=d class=x></div>";
  CHECK(picked(page, "p:not(.x)") == "c");
  CHECK(picked(page, "p:not(.x.y)") == "a c");
  CHECK(picked(page, "body > :not(p)") == "d");
  CHECK(picked(page, ".x:not(div.x)") == "a b");
  CHECK(picked(page, "p:not(*)").empty());
  CHECK(picked(page, "p:not([class])") == "c");
  CHECK(picked(page, "p:not( #a )") == "b c");
  CHECK(picked(page, "p:not(:not(.y))") == "b");
  CHECK(picked(page, "p:not(.x):not(#c)").empty());
}

TEST_CASE(":first-child and :nth-child count elements only", "[selector]") {
  const std::string page =
      "<ul>\n  text <!-- comment -->\n"
      "<li id=l1></li> words <li id=l2></li>\n<!-- c --><li id=l3></li>"
      "<li id=l4></li>\n<li id=l5></li></ul>";
  CHECK(picked(page, "li:first-child") == "l1");
  CHECK(picked(page, "li:nth-child(1)") == "l1");
  CHECK(picked(page, "li:nth-child(2)") == "l2");
  CHECK(picked(page, "li:nth-child( 3 )") == "l3");
  CHECK(picked(page, "li:nth-child(6)").empty());
  CHECK(picked(page, "li:nth-child(0)").empty());
  CHECK(picked(page, "li:nth-child(odd)") == "l1 l3 l5");
  CHECK(picked(page, "li:nth-child(EVEN)") == "l2 l4");
  CHECK(picked(page, "li:nth-child(2n+1)") == "l1 l3 l5");
  CHECK(picked(page, "li:nth-child(2n)") == "l2 l4");
  CHECK(picked(page, "li:nth-child(3n - 1)") == "l2 l5");
  CHECK(picked(page, "li:nth-child(-n+2)") == "l1 l2");
  CHECK(picked(page, "li:nth-child(n)") == "l1 l2 l3 l4 l5");
  CHECK(picked(page, "li:nth-child(+n+4)") == "l4 l5");
  CHECK(picked(page, "li:nth-child(-2)").empty());
  CHECK(picked(page, "li:not(:first-child):nth-child(-n+3)") == "l2 l3");
  CHECK(picked("<p id=a></p><div><p id=b></p></div>", "p:first-child") == "a b");
  CHECK(picked("<div></div><p id=a></p><div><span></span><p id=b></p></div>",
               "p:first-child")
            .empty());
}

TEST_CASE("tag and attribute names are case-insensitive", "[selector]") {
  const std::string page = "<DIV ID=a CLASS=Lead DATA-Kind=News></DIV>";
  CHECK(picked(page, "div") == "a");
  CHECK(picked(page, "DIV") == "a");
  CHECK(picked(page, "Div.Lead") == "a");
  CHECK(picked(page, "div.lead").empty());
  CHECK(picked(page, "[data-kind=News]") == "a");
  CHECK(picked(page, "[DATA-KIND=News]") == "a");
  CHECK(picked(page, "[data-kind=news]").empty());
  CHECK(picked(page, "div:First-Child") == "a");
}

TEST_CASE("unknown and custom tags match by their written name", "[selector]") {
  const std::string page =
      "<name id=a></name><Author-Box id=b><name id=c>x</name></Author-Box><names id=d></names>";
  CHECK(picked(page, "name") == "a c");
  CHECK(picked(page, "NAME") == "a c");
  CHECK(picked(page, "author-box") == "b");
  CHECK(picked(page, "author-box > name") == "c");
  CHECK(picked(page, "names") == "d");
  CHECK(picked(page, "nam").empty());
  CHECK(picked(page, "p").empty());
}

TEST_CASE("SVG elements and attributes match by name", "[selector]") {
  const std::string page =
      "<svg id=s viewBox='0 0 1 1'><path id=p d=M0></path><clipPath id=c></clipPath>"
      "<title id=t>x</title></svg>";
  CHECK(picked(page, "svg") == "s");
  CHECK(picked(page, "svg > path") == "p");
  CHECK(picked(page, "clippath") == "c");
  CHECK(picked(page, "clipPath") == "c");
  CHECK(picked(page, "svg title") == "t");
  CHECK(picked(page, "[viewbox]") == "s");
  CHECK(picked(page, "[viewBox^='0 0']") == "s");
}

TEST_CASE("template elements are elements to selectors", "[selector]") {
  // Gumbo gives <template> its own node type, which node.hpp's is_element
  // does not count; select_all still has to find it.
  Document doc = Document::parse("<template class=x><p></p></template><div class=x></div>");
  auto found = select_all(doc.document(), Selector::parse("template.x"));
  REQUIRE(found.size() == 1);
  CHECK(found[0]->type == GUMBO_NODE_TEMPLATE);
  CHECK(select_all(doc.document(), Selector::parse("template > p")).size() == 1);
}

TEST_CASE("escapes in names", "[selector]") {
  CHECK(picked("<p id=a class='md:flex'></p>", ".md\\:flex") == "a");
  CHECK(picked("<p id=a class='1col'></p>", ".\\31 col") == "a");
  CHECK(picked("<p id=a class='1col'></p>", ".1col") == "a");
  CHECK(picked("<p id=tin-tức></p>", "#tin-tức") == "tin-tức");
}

TEST_CASE("select_first, matches and value semantics", "[selector]") {
  Document doc = Document::parse("<p id=a></p><div><p id=b class=x></p></div><p id=c class=x></p>");
  Selector sel = Selector::parse("p.x, div");
  const Node* first = select_first(doc.document(), sel);
  REQUIRE(first);
  CHECK(tag_name(first) == "div");
  CHECK(select_first(doc.document(), Selector::parse("span")) == nullptr);
  CHECK(select_first(nullptr, sel) == nullptr);
  CHECK(select_all(nullptr, sel).empty());

  // select_all below an element includes the element itself.
  CHECK(select_all(first, Selector::parse("div, p")).size() == 2);

  CHECK_FALSE(sel.matches(nullptr));
  CHECK_FALSE(sel.matches(doc.document()));

  Selector copy = sel;
  CHECK(copy.text() == "p.x, div");
  CHECK(select_all(doc.document(), copy).size() == 3);
  Selector moved = std::move(copy);
  CHECK(moved.text() == "p.x, div");
  CHECK(select_all(doc.document(), moved).size() == 3);
  copy = moved;
  CHECK(select_all(doc.document(), copy).size() == 3);
}

TEST_CASE("removed nodes are not selected and do not shift positions", "[selector]") {
  Document doc = Document::parse("<ul><li id=a></li><li id=b></li><li id=c></li></ul>");
  doc.remove(select_first(doc.document(), Selector::parse("#a")));
  auto firsts = select_all(doc.document(), Selector::parse("li:first-child"));
  REQUIRE(firsts.size() == 1);
  CHECK(*attr(firsts[0], "id") == "b");
  CHECK(select_all(doc.document(), Selector::parse("#a")).empty());
}

TEST_CASE("selector errors name the problem, offset and text", "[selector]") {
  CHECK(parse_error("div[class") == "expected ']' at offset 9 in \"div[class\"");
  try {
    Selector::parse("div[class");
    FAIL("no error");
  } catch (const SelectorError& e) {
    CHECK(e.offset() == 9);
  }
  using Catch::Matchers::Contains;
  CHECK_THAT(parse_error(""), Contains("empty selector at offset 0"));
  CHECK_THAT(parse_error("   "), Contains("empty selector"));
  CHECK_THAT(parse_error("div >"), Contains("dangling combinator '>' at offset 4 in \"div >\""));
  CHECK_THAT(parse_error("div > , p"), Contains("dangling combinator"));
  CHECK_THAT(parse_error("> p"), Contains("dangling combinator '>' at offset 0"));
  CHECK_THAT(parse_error("a,,b"), Contains("empty group member at offset 2"));
  CHECK_THAT(parse_error("a,"), Contains("empty group member at offset 2"));
  CHECK_THAT(parse_error(",a"), Contains("empty group member at offset 0"));
  CHECK_THAT(parse_error("a:hover"), Contains("unknown pseudo-class ':hover' at offset 1"));
  CHECK_THAT(parse_error("p::before"), Contains("pseudo-elements are not supported ('::before')"));
  CHECK_THAT(parse_error("p:after"), Contains("pseudo-elements are not supported"));
  CHECK_THAT(parse_error("[title='abc]"), Contains("unterminated string at offset 7"));
  CHECK_THAT(parse_error("[title=\"abc\\\"]"), Contains("unterminated string"));
  CHECK_THAT(parse_error("[title='abc\\"), Contains("unterminated string"));
  CHECK_THAT(parse_error("[]"), Contains("expected an attribute name at offset 1"));
  CHECK_THAT(parse_error("[a=]"), Contains("expected an attribute value at offset 3"));
  CHECK_THAT(parse_error("[a~=b]"), Contains("unsupported attribute operator '~='"));
  CHECK_THAT(parse_error("[a=b i]"), Contains("attribute flags are not supported"));
  CHECK_THAT(parse_error("[a!=b]"), Contains("expected ']' at offset 2"));
  CHECK_THAT(parse_error("."), Contains("expected a class name after '.' at offset 1"));
  CHECK_THAT(parse_error("p#"), Contains("expected an id after '#'"));
  CHECK_THAT(parse_error("p:"), Contains("expected a pseudo-class name"));
  CHECK_THAT(parse_error("p + p"), Contains("sibling combinator '+' is not supported"));
  CHECK_THAT(parse_error("p ~ p"), Contains("sibling combinator '~'"));
  CHECK_THAT(parse_error("p:not()"), Contains("expected a selector inside :not()"));
  CHECK_THAT(parse_error("p:not(div p)"), Contains("combinators are not allowed inside :not()"));
  CHECK_THAT(parse_error("p:not(a, b)"), Contains("selector lists inside :not()"));
  CHECK_THAT(parse_error("p:not(.a"), Contains("expected ')'"));
  CHECK_THAT(parse_error("p:not .a"), Contains("expected '('"));
  CHECK_THAT(parse_error("li:nth-child()"), Contains("invalid :nth-child() argument"));
  CHECK_THAT(parse_error("li:nth-child(x)"), Contains("invalid :nth-child() argument"));
  CHECK_THAT(parse_error("li:nth-child(2n+)"), Contains("invalid :nth-child() argument"));
  CHECK_THAT(parse_error("li:nth-child(2 of p)"), Contains("invalid :nth-child() argument"));
  CHECK_THAT(parse_error("li:nth-child(2"), Contains("expected ')'"));
  CHECK_THAT(parse_error("li:nth-child(99999999999)"), Contains("number too large"));
  CHECK_THAT(parse_error("div)"), Contains("unexpected character ')' at offset 3"));
  CHECK_THAT(parse_error("div*"), Contains("unexpected character '*'"));
  CHECK_THAT(parse_error("p\\"), Contains("invalid escape"));
  CHECK_THAT(parse_error(std::string("p\0q", 3)), Contains("'\\x00'"));
  CHECK_THAT(parse_error("ns|p"), Contains("unexpected character '|'"));
  CHECK_THAT(parse_error("!"), Contains("expected a selector, found '!'"));
}

TEST_CASE(":not() nesting is bounded", "[selector]") {
  std::string deep;
  for (int i = 0; i < 10; ++i) deep += ":not(";
  deep += "p";
  for (int i = 0; i < 10; ++i) deep += ")";
  CHECK_NOTHROW(Selector::parse(deep));

  std::string too_deep;
  for (int i = 0; i < 100000; ++i) too_deep += ":not(";
  CHECK_THAT(parse_error(too_deep), Catch::Matchers::Contains("nested too deeply"));
}

TEST_CASE("garbage selectors throw SelectorError or parse, never crash", "[selector]") {
  static const char alphabet[] = "ab*.#[]=^$~|'\"\\:()>+, \tnotfirst-child2n1";
  std::mt19937 random(7);
  Document doc = Document::parse("<div class=a><p id=b>x</p><a href=y>z</a></div>");
  for (int i = 0; i < 20000; ++i) {
    std::string text;
    int length = static_cast<int>(random() % 16);
    for (int j = 0; j < length; ++j) text += alphabet[random() % (sizeof alphabet - 1)];
    try {
      Selector sel = Selector::parse(text);
      select_all(doc.document(), sel);
    } catch (const SelectorError& e) {
      INFO(text);
      CHECK(std::string(e.what()).find(" at offset ") != std::string::npos);
    }
  }
}

TEST_CASE("a page of 10,000 nested divs", "[selector]") {
  std::string html = "<body>";
  for (int i = 0; i < 10000; ++i) html += "<div class=d" + std::to_string(i % 3) + ">";
  html += "<p id=end>x</p>";
  Document doc = Document::parse(html);

  CHECK(select_all(doc.document(), Selector::parse("div")).size() == 10000);
  CHECK(select_all(doc.document(), Selector::parse("div > div")).size() == 9999);
  CHECK(select_all(doc.document(), Selector::parse("body > div:first-child")).size() == 1);
  CHECK(select_all(doc.document(), Selector::parse("div.d0 > div.d1 > div.d2")).size() == 3333);
  CHECK(select_all(doc.document(), Selector::parse("body div p#end")).size() == 1);
  CHECK(select_all(doc.document(), Selector::parse("div p, p div")).size() == 1);
  const Node* end = select_first(doc.document(), Selector::parse("#end"));
  REQUIRE(end);
  CHECK(Selector::parse("body > div .d2 > div > p").matches(end));
}
