// The frontier: the URLs one crawl has still to fetch. It lives in the
// archive's crawl and frontier tables, and every change to it happens in the
// transaction that stores the fetch it follows from, so a crawl killed at any
// moment resumes with nothing committed fetched twice and nothing lost. Its
// rows and their functions are store's (store/frontier_table.hpp, where each
// says what it reads and writes); the crawler knows them by these names.
#pragma once

#include "store/frontier_table.hpp"

namespace khobao::crawl {

using store::CrawlRun;
using store::FrontierEntry;
using store::RunCounts;

using store::earlier_seeds;
using store::enqueue;
using store::finish_run;
using store::open_run;
using store::queued_entries;
using store::run_counts;
using store::settle;

}  // namespace khobao::crawl
