// Fuzz target: sitemaps and sitemap indexes (XML, plain text or gzip'd), and
// the capped gunzip under them.
#include "fuzz/fuzz_check.hpp"

#include "crawl/discovery.hpp"

namespace khobao::fuzz {

void fuzz_sitemap(std::string_view bytes) {
  crawl::Sitemap map = crawl::parse_sitemap(bytes, "http://baohatinh.vn/sitemap.xml");
  check(map.pages.size() + map.sitemaps.size() <= crawl::kMaxSitemapUrls, "too many sitemap URLs");
  for (const auto* links : {&map.pages, &map.sitemaps})
    for (const auto& link : *links)
      if (!is_http_url(link.url)) fail("a sitemap URL that is not http(s): " + link.url);

  // A small cap, so that the cut of a bomb is exercised at every size.
  bool truncated = false;
  std::string inflated = crawl::gunzip_capped(bytes, 4096, &truncated);
  check(inflated.size() <= 4096, "gunzip_capped went past its cap");
}

}  // namespace khobao::fuzz
