// The crawl's public face; the engine (engine.hpp), the page pipeline
// (page_pipeline.hpp) and the writer (writer.hpp) do the work.
#include "crawl/crawler.hpp"

#include "crawl/engine.hpp"

#include <fmt/format.h>

namespace khobao::crawl {

std::string user_agent(const std::string& contact) { return fmt::format("khobao/0.5 (+{})", contact); }

Crawler::Crawler(store::Archive& archive, const site::SiteSet& sites, CrawlOptions options)
    : archive_(archive), sites_(sites), options_(std::move(options)) {}

Crawler::Crawler(store::Archive& archive, const site::SiteSet& sites, CrawlOptions options,
                 std::atomic<bool>& stop_flag)
    : archive_(archive), sites_(sites), options_(std::move(options)), stop_(&stop_flag) {}

CrawlResult Crawler::run(const std::function<void(const CrawlStats&)>& progress) {
  // The run's ways are fixed here, once: a crawl's, or an update's.
  return run_engine(archive_, sites_, options_, RunPolicy::of(options_), *stop_, progress);
}

}  // namespace khobao::crawl
