// The XML token stream on libexpat: tokens, entities (declared ones never
// expanded in text, billion laughs refused), truncation, recovery from broken
// XML, garbage and linear time.
#include "crawl/xml_scan.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <random>

using namespace khobao::crawl;

namespace {

// Every token as one line: "<name a=v>", "</name>", "'text'".
std::vector<std::string> tokens(std::string_view xml) {
  std::vector<std::string> out;
  XmlScanner scanner(xml);
  XmlToken t;
  while (scanner.next(t)) {
    if (t.kind == XmlKind::kStart) {
      std::string s = "<" + std::string(t.name);
      for (const XmlAttr& a : t.attrs) s += " " + std::string(a.name) + "=" + std::string(a.raw);
      out.push_back(s + (t.self_closing ? "/>" : ">"));
    } else if (t.kind == XmlKind::kEnd) {
      out.push_back("</" + std::string(t.name) + ">");
    } else if (t.kind == XmlKind::kText) {
      out.push_back("'" + t.text() + "'");
    }
  }
  CHECK(t.kind == XmlKind::kEof);
  return out;
}

// How many tokens a scan yields; the scan must end.
size_t count_tokens(std::string_view xml) {
  XmlScanner scanner(xml);
  XmlToken t;
  size_t n = 0, most_attrs = 0;
  while (scanner.next(t)) {
    ++n;
    most_attrs = std::max(most_attrs, t.attrs.size());
  }
  CHECK(most_attrs <= XmlToken::kMaxAttrs);
  CHECK(n <= xml.size());  // every token takes at least one byte
  return n;
}

double seconds_to_scan(std::string_view xml) {
  auto start = std::chrono::steady_clock::now();
  count_tokens(xml);
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

TEST_CASE("start tags, end tags and text, prefixes stripped", "[xml]") {
  auto t = tokens("<?xml version=\"1.0\"?>\n<rss version='2.0' xmlns:atom=\"http://www.w3.org/2005/Atom\">"
                  "<atom:link href=\"https://a/rss\" rel=\"self\"/><title>Tin &amp; bài</title></rss>");
  std::vector<std::string> want = {"'\n'",
                                   "<rss version=2.0 xmlns:atom=http://www.w3.org/2005/Atom>",
                                   "<link href=https://a/rss rel=self/>",
                                   "</link>",
                                   "<title>",
                                   "'Tin & bài'",
                                   "</title>",
                                   "</rss>"};
  CHECK(t == want);
}

TEST_CASE("attributes: decoded on demand, found by local name", "[xml]") {
  XmlScanner scanner("<item rdf:about=\"https://a/?x=1&amp;y=2\" xmlns:about=\"ns\" isPermaLink = 'false'>");
  XmlToken t;
  REQUIRE(scanner.next(t));
  REQUIRE(t.kind == XmlKind::kStart);
  CHECK(t.name == "item");
  CHECK(t.attr("about") == "https://a/?x=1&y=2");  // not the xmlns:about declaration
  CHECK(t.attr("isPermaLink") == "false");
  CHECK_FALSE(t.attr("missing"));
  // An unquoted value is no XML: the tag is read without its attributes.
  CHECK(tokens("<r><a bare=v>x</a><b c=d/></r>") ==
        std::vector<std::string>{"<r>", "<a>", "'x'", "</a>", "<b/>", "</b>", "</r>"});
}

TEST_CASE("entities: the five, numeric references, others left as written", "[xml]") {
  auto text = [](std::string_view inner) {
    auto t = tokens("<t>" + std::string(inner) + "</t>");
    return t.size() == 3 ? t[1] : "(" + std::to_string(t.size()) + " tokens)";
  };
  CHECK(text("&lt;&gt;&amp;&quot;&apos;") == "'<>&\"''");
  CHECK(text("Ti&#7871;p &#x1EBF;") == "'Tiếp ế'");
  CHECK(text("&nbsp;&xxe;&;&#;&#xZZ;") == "'&nbsp;&xxe;&;&#;&#xZZ;'");  // undeclared, or no reference
  CHECK(text("a & b && c &amp") == "'a & b && c &amp'");
  CHECK(text("&#0;&#xD800;&#x110000;") == "'&#0;&#xD800;&#x110000;'");  // not characters XML allows
  CHECK(text("&amp;lt;") == "'&lt;'");  // decoded once, never again
  CHECK(tokens("<t a='&lt;&#x1EBF;&nbsp;'/>") == std::vector<std::string>{"<t a=<ế/>", "</t>"});
}

TEST_CASE("CDATA is text as written, comments and instructions are skipped", "[xml]") {
  auto t = tokens("<d><![CDATA[<img src=\"a.jpg\"/><br />&amp; x]]><!-- <x> --><?pi <y>?>z</d>");
  std::vector<std::string> want = {"<d>", "'<img src=\"a.jpg\"/><br />&amp; x'", "'z'", "</d>"};
  CHECK(t == want);
}

TEST_CASE("a DOCTYPE with entity declarations is skipped, nothing expanded in text", "[xml]") {
  std::string xml =
      "<?xml version=\"1.0\"?>\n"
      "<!DOCTYPE rss [\n"
      "  <!-- a comment with ] and ' in it -->\n"
      "  <!ENTITY secret SYSTEM \"file:///etc/passwd\">\n"
      "  <!ENTITY lol \"LOL>]\">\n"
      "  <!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n"
      "]>\n"
      "<rss><t>&secret;&lol2;</t></rss>";
  auto t = tokens(xml);
  std::vector<std::string> want = {"'\n'", "'\n'", "<rss>", "<t>", "'&secret;&lol2;'", "</t>", "</rss>"};
  CHECK(t == want);
}

TEST_CASE("billion laughs: no expansion in text, refused in attributes", "[xml]") {
  std::string dtd = "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol0 \"lol\">";
  for (int i = 1; i <= 10; ++i) {
    dtd += "<!ENTITY lol" + std::to_string(i) + " \"";
    for (int j = 0; j < 10; ++j) dtd += "&lol" + std::to_string(i - 1) + ";";
    dtd += "\">";
  }
  dtd += "]>";
  // 10^10 "lol"s, 30 GB, if expanded
  auto start = std::chrono::steady_clock::now();
  CHECK(tokens(dtd + "<lolz><t>&lol10;</t></lolz>") ==
        std::vector<std::string>{"<lolz>", "<t>", "'&lol10;'", "</t>", "</lolz>"});
  // In an attribute expat would expand it: its amplification limit stops the scan.
  CHECK(tokens(dtd + "<lolz><t a=\"&lol10;\">x</t></lolz>") == std::vector<std::string>{"<lolz>"});
  CHECK(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() < 10.0);
  // A parameter entity or an external DTD is never read.
  CHECK(tokens("<!DOCTYPE r SYSTEM \"file:///etc/passwd\"><r>&x;</r>") ==
        std::vector<std::string>{"<r>", "'&x;'", "</r>"});
  CHECK(tokens("<!DOCTYPE r [<!ENTITY % p SYSTEM \"file:///etc/passwd\"> %p;]><r>y</r>") ==
        std::vector<std::string>{"<r>", "'y'", "</r>"});
}

TEST_CASE("broken XML: read on after the break", "[xml]") {
  // Raw HTML in a description: its unclosed tags leave end tags unmatched.
  CHECK(tokens("<i><d><img src='y'><br>lead</d><l>x</l></i>") ==
        std::vector<std::string>{"<i>", "<d>", "<img src=y>", "<br>", "'lead'", "</d>", "<l>", "'x'", "</l>", "</i>"});
  // A raw "&" in a URL is text.
  CHECK(tokens("<l>https://a.vn/?x=1&y=2</l>") == std::vector<std::string>{"<l>", "'https://a.vn/?x=1&y=2'", "</l>"});
  // Garbage after the root, and another element.
  CHECK(tokens("<r>a</r>junk<x/>") == std::vector<std::string>{"<r>", "'a'", "</r>", "'junk'", "<x/>", "</x>"});
  CHECK(tokens("<r/><x/>") == std::vector<std::string>{"<r/>", "</r>", "<x/>", "</x>"});
  // An encoding expat does not know is read as UTF-8.
  CHECK(tokens("<?xml version='1.0' encoding='windows-1258'?><r>x</r>") ==
        std::vector<std::string>{"<r>", "'x'", "</r>"});
}

TEST_CASE("truncated input ends the scan without a partial tag", "[xml]") {
  const std::string xml =
      "<rss><channel><item><title><![CDATA[Hà Tĩnh]]></title>"
      "<link>https://baohatinh.vn/a-post1.html</link><x a=\"1\" b='2'/></item></channel></rss>";
  const auto full = tokens(xml);
  for (size_t n = 0; n <= xml.size(); ++n) {
    auto part = tokens(std::string_view(xml).substr(0, n));
    // Every token of a prefix, but the last (text or CDATA cut short), is
    // a token of the whole document.
    REQUIRE(part.size() <= full.size());
    for (size_t i = 0; i + 1 < part.size(); ++i) REQUIRE(part[i] == full[i]);
  }
  CHECK(tokens("<a href=\"x").empty());
  CHECK(tokens("<a><!-- open").size() == 1);
  CHECK(tokens("<!DOCTYPE x [ <!ENTITY").empty());
}

TEST_CASE("garbage is text or skipped, never a crash", "[xml]") {
  CHECK(tokens("<3 < x a<b>") == std::vector<std::string>{"'<3 < x a'", "<b>"});
  CHECK(tokens("text<b") == std::vector<std::string>{"'text'"});  // a cut tag is dropped
  CHECK(tokens("<a <b>") == std::vector<std::string>{"'<a '", "<b>"});
  CHECK(tokens("</>") == std::vector<std::string>{"</>"});
  std::mt19937 rng(42);
  std::string junk(1 << 20, '\0');
  for (char& c : junk) c = static_cast<char>(rng());
  count_tokens(junk);
  // Markup-heavy junk: the bytes that start and end constructs.
  const char alphabet[] = "<>!?/-[]\"'=&;#x a";
  for (char& c : junk) c = alphabet[rng() % (sizeof alphabet - 1)];
  count_tokens(junk);
}

TEST_CASE("attributes per tag are capped", "[xml]") {
  std::string tag = "<a";
  for (int i = 0; i < 10000; ++i) tag += " k" + std::to_string(i) + "=\"v\"";
  tag += ">";
  XmlScanner scanner(tag);
  XmlToken t;
  REQUIRE(scanner.next(t));
  CHECK(t.kind == XmlKind::kStart);
  CHECK(t.attrs.size() == XmlToken::kMaxAttrs);
  CHECK_FALSE(scanner.next(t));
}

TEST_CASE("pathological inputs scan in linear time", "[xml]") {
  const size_t n = 1 << 20;  // quadratic: ~10^12 steps; linear: ~10^6
  auto repeat = [&](std::string_view unit) {
    std::string s;
    s.reserve(n + unit.size());
    while (s.size() < n) s += unit;
    return s;
  };
  // Each would take hours if the scanner searched again from every '<' or
  // '&'; linear, each takes well under a second (a few under sanitizers).
  for (std::string_view unit : {"<a ", "<!--", "<![CDATA[", "&", "&#", "<!DOCTYPE [", "<x a='", "<", "]]>", "<a/>"}) {
    INFO(unit);
    CHECK(seconds_to_scan(repeat(unit)) < 10.0);
  }
}
