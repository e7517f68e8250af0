// Fuzz target: sitemaps and sitemap indexes (XML, plain text or gzip'd), and
// the capped inflater under them (core/gzip.hpp).
#include "fuzz/fuzz_check.hpp"

#include "core/gzip.hpp"
#include "crawl/discovery.hpp"

namespace khobao::fuzz {

void fuzz_sitemap(std::string_view bytes) {
  crawl::Sitemap map = crawl::parse_sitemap(bytes, "http://baohatinh.vn/sitemap.xml");
  check(map.pages.size() + map.sitemaps.size() <= crawl::kMaxSitemapUrls, "too many sitemap URLs");
  for (const auto* links : {&map.pages, &map.sitemaps})
    for (const auto& link : *links)
      if (!is_http_url(link.url)) fail("a sitemap URL that is not http(s): " + link.url);

  // A small cap, so that the cut of a bomb is exercised at every size.
  Inflated inflated = inflate_capped(bytes, {.cap = 4096});
  check(inflated.data.size() <= 4096 && inflated.data.capacity() <= 4096, "inflate_capped went past its cap");
  check(inflated.complete() == inflated.error().empty(), "an inflate error without a message, or a message without one");
}

}  // namespace khobao::fuzz
