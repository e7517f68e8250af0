// `khobao update`, the run cron starts: every site the archive knows (or the
// sites asked for) that is due. A site's listings, feeds and sitemaps are
// fetched when its schedule says (schedule.hpp), from the seeds its crawls
// started from; its articles are revisited when due, newest first; links
// lead only to pages the archive lacks or that are due. One update is one
// crawl run (Crawler with CrawlOptions::update): a killed update is resumed
// by the next one.
#pragma once

#include "crawl/crawler.hpp"
#include "store/frontier_table.hpp"
#include "site/site.hpp"
#include "store/summary.hpp"

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace khobao::crawl {

struct UpdateOptions {
  CrawlOptions crawl;  // network, politeness, jobs and budget; crawl.sites: only these sites
  int max_depth = 2;   // seed -> category -> article
};

// What one site gets in an update.
struct SitePlan {
  std::string host;
  bool listings_due = false;
  std::vector<std::string> seeds;  // fetched when the listings are due
  std::int64_t due_pages = 0;      // revisits
};

struct UpdatePlan {
  std::string now;                      // the time the plan was made for
  std::vector<SitePlan> sites;
  std::vector<store::FrontierEntry> revisits;  // every site's due pages, newest first per site
  bool empty() const;                   // nothing is due
};

// What is due at `now` (the archive's clock). Sites: `only` (hosts, "www."
// and a selector file's aliases folded), else every site of the archive.
// A site's seeds are those its earlier crawls started from plus its selector
// file's, on the scheme its crawls used; for a site with neither, its home.
UpdatePlan plan_update(store::Archive& archive, const site::SiteSet& rules, const std::vector<std::string>& only,
                       const std::string& now, int max_depth);

struct UpdateResult {
  UpdatePlan plan;
  CrawlResult crawl;                          // all zero when nothing was due
  std::vector<store::SiteRunCounts> by_site;  // this run's fetches per site
};

class Updater {
 public:
  Updater(store::Archive& archive, const site::SiteSet& sites, UpdateOptions options);

  // Plans at the archive's clock, then crawls what is due. Throws what
  // Crawler::run throws.
  UpdateResult run(const std::function<void(const CrawlStats&)>& progress = {});

  // Stops a running update as Crawler::stop does. Safe from a signal handler.
  void stop() { stop_.store(true); }
  // The flag stop() sets, for a signal handler.
  std::atomic<bool>& stop_flag() { return stop_; }

 private:
  store::Archive& archive_;
  const site::SiteSet& sites_;
  UpdateOptions options_;
  std::atomic<bool> stop_{false};
};

}  // namespace khobao::crawl
