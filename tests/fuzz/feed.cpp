// Fuzz target: RSS 2.0, RSS 1.0/RDF and Atom feeds as sites serve them, the
// XML scanner under them, and the sniffing that routes a body to a parser.
#include "fuzz/fuzz_check.hpp"

#include "crawl/discovery.hpp"
#include "crawl/xml_scan.hpp"

namespace khobao::fuzz {

namespace {

constexpr std::string_view kBase = "http://baohatinh.vn/rss/home.rss";

// Every token's views must lie inside the input, and the scan must end.
void scan(std::string_view xml) {
  crawl::XmlScanner scanner(xml);
  crawl::XmlToken token;
  auto inside = [&](std::string_view v) {
    return v.empty() || (v.data() >= xml.data() && v.data() + v.size() <= xml.data() + xml.size());
  };
  for (size_t n = 0; scanner.next(token); ++n) {
    check(n <= xml.size(), "the scanner yields more tokens than there are bytes");
    check(inside(token.name) && inside(token.raw), "a token view outside the input");
    check(token.attrs.size() <= crawl::XmlToken::kMaxAttrs, "too many attributes");
    if (token.kind == crawl::XmlKind::kText) check(token.text().size() <= token.raw.size(), "decoded text grew");
    if (token.kind == crawl::XmlKind::kStart) token.attr("href");
  }
  check(token.kind == crawl::XmlKind::kEof, "next() returned false before the end");
}

}  // namespace

void fuzz_feed(std::string_view bytes) {
  std::vector<crawl::FoundLink> items = crawl::parse_feed(bytes, kBase);
  check(items.size() <= crawl::kMaxFeedItems, "too many feed items");
  for (const auto& item : items)
    if (!is_http_url(item.url)) fail("a feed item that is not http(s): " + item.url);
  scan(bytes);
  crawl::sniff_body("", bytes);
  crawl::sniff_body("application/rss+xml", bytes);
}

}  // namespace khobao::fuzz
