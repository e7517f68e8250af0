// The crawl's engine: the I/O loop on the calling thread (every transfer,
// through net::Fetcher), politeness, robots.txt and retries. It owns the run:
// it opens it in the frontier, starts the page pipeline (page_pipeline.hpp)
// and the writer (writer.hpp), and closes it. Crawler (crawler.hpp) is its
// public face.
#pragma once

#include "crawl/crawler.hpp"
#include "crawl/run_parts.hpp"

#include <atomic>
#include <functional>

namespace khobao::crawl {

// One run of `options` under `policy` until its frontier is empty, its
// budget spent or `stop` set; the contract of Crawler::run.
CrawlResult run_engine(store::Archive& archive, const site::SiteSet& sites, const CrawlOptions& options,
                       const RunPolicy& policy, std::atomic<bool>& stop,
                       const std::function<void(const CrawlStats&)>& progress);

}  // namespace khobao::crawl
