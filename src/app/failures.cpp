// Extraction failures as the commands print them.
#include "app/failures.hpp"

#include <fmt/format.h>

namespace khobao::app {

std::string failures_text(const store::FailureCounts& c) {
  if (c.total == 0) return "0 extraction failures";
  return fmt::format("{} extraction failure{} (no body {}, short {})", c.total, c.total == 1 ? "" : "s", c.no_body,
                     c.short_body);
}

nlohmann::ordered_json failure_counts_json(const store::FailureCounts& c) {
  return {{"extraction_failures", c.total}, {"no_body", c.no_body}, {"short_body", c.short_body}};
}

nlohmann::ordered_json failed_page_json(const store::FailedPage& p) {
  return {{"site", p.site},
          {"url", p.url},
          {"reason", p.reason},
          {"title", p.title ? nlohmann::ordered_json(*p.title) : nullptr},
          {"version", p.version},
          {"fetched_at", p.fetched_at},
          {"page_id", p.page_id}};
}

nlohmann::ordered_json run_failed_urls_json(store::Archive& archive, std::int64_t crawl_id,
                                            const store::FailureCounts& total) {
  nlohmann::ordered_json urls = nlohmann::ordered_json::array();
  for (const store::FailedPage& p : store::run_failed_pages(archive, crawl_id, kFailedUrlsShown))
    urls.push_back({{"url", p.url}, {"site", p.site}, {"reason", p.reason}});
  std::int64_t more = std::max<std::int64_t>(0, total.total - static_cast<std::int64_t>(urls.size()));
  return {{"failed_urls", std::move(urls)}, {"failed_urls_more", more}};
}

}  // namespace khobao::app
