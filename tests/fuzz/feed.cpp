// Fuzz target: RSS 2.0, RSS 1.0/RDF and Atom feeds as sites serve them, the
// XML token stream (libexpat) under them, and the sniffing that routes a body to a parser.
#include "fuzz/fuzz_check.hpp"

#include "crawl/discovery.hpp"
#include "crawl/xml_scan.hpp"

namespace khobao::fuzz {

namespace {

constexpr std::string_view kBase = "http://baohatinh.vn/rss/home.rss";

// The scan must end, each token taking a byte of input at least.
void scan(std::string_view xml) {
  crawl::XmlScanner scanner(xml);
  crawl::XmlToken token;
  for (size_t n = 0; scanner.next(token); ++n) {
    check(n <= xml.size(), "the scanner yields more tokens than there are bytes");
    check(token.attrs.size() <= crawl::XmlToken::kMaxAttrs, "too many attributes");
    if (token.kind == crawl::XmlKind::kText) check(!token.raw.empty(), "an empty text token");
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
