// The crawl module: discovery, politeness and the crawl loop. Start here:
// crawler.hpp (the loop and its threads: engine.hpp, page_pipeline.hpp,
// writer.hpp, and the plain data between them, run_parts.hpp); scope.hpp
// (which sites and URLs a crawl covers); the frontier, the queue kept in the
// archive, is store's (store/frontier_table.hpp); politeness.hpp (per-host
// delays and caps); discovery.hpp (links from pages, feeds and sitemaps);
// schedule.hpp (when a page is visited again); update.hpp (what cron runs:
// whatever is due).
#pragma once

#include "crawl/crawler.hpp"
#include "crawl/discovery.hpp"
#include "crawl/politeness.hpp"
#include "crawl/schedule.hpp"
#include "crawl/scope.hpp"
#include "crawl/update.hpp"
#include "store/frontier_table.hpp"
