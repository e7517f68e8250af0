// What the update tests share: a crawl and updates of the test site at
// chosen times on the archive's clock (store::pretend_now), so that hours
// and days of schedule pass in milliseconds.
#pragma once

#include "crawl_support.hpp"

#include <catch2/catch.hpp>

#include <functional>

namespace khobao::test {

// Puts the archive's clock back to the system clock when a test ends.
struct ClockGuard {
  ClockGuard() = default;
  ClockGuard(const ClockGuard&) = delete;
  ClockGuard& operator=(const ClockGuard&) = delete;
  ~ClockGuard() { store::use_system_clock(); }
};

inline constexpr std::time_t kMinute = 60, kHour = 3600, kDay = 86400;

// A first crawl of `hosts` at time `t`.
inline crawl::CrawlResult crawl_at(store::Archive& archive, const testsite::SiteServer& server,
                                   const std::vector<std::string>& hosts, std::time_t t) {
  store::pretend_now(t);
  crawl::Crawler crawler(archive, selector_files(), crawl_options(server, hosts));
  return crawler.run();
}

// `khobao update` of `hosts` at time `t`, with the crawl tests' fast options.
inline crawl::UpdateResult update_at(store::Archive& archive, const testsite::SiteServer& server,
                                     const std::vector<std::string>& hosts, std::time_t t,
                                     std::optional<std::int64_t> max_pages = std::nullopt) {
  store::pretend_now(t);
  crawl::UpdateOptions o;
  o.crawl = crawl_options(server, {});
  o.crawl.sites = hosts;
  o.crawl.max_pages = max_pages;
  crawl::Updater updater(archive, selector_files(), o);
  return updater.run();
}

// The test site with `hosts`, crawled once at t0 into a fresh archive; the
// clock goes back to the system's when it goes. `prepare` runs on the server
// before the crawl (volatile furniture, faults).
struct CrawledSites {
  CrawledSites(int articles, const std::vector<std::string>& hosts,
               const std::function<void(testsite::SiteServer&)>& prepare = {})
      : server(start_site(articles, hosts)), archive((dir / "k.sqlite").string(), store::Access::kWrite) {
    if (prepare) prepare(*server);
    t0 = store::clock_now();
    REQUIRE(crawl_at(archive, *server, hosts, t0).finished);
  }

  ClockGuard clock;
  std::unique_ptr<testsite::SiteServer> server;
  TempDir dir;
  store::Archive archive;
  std::time_t t0 = 0;
};

// The run's counts for `host` (all zero if the run did not touch it).
inline store::SiteRunCounts counts_for(const crawl::UpdateResult& r, const std::string& host) {
  for (const store::SiteRunCounts& c : r.by_site)
    if (c.host == host) return c;
  return {host};
}

// Requests for the articles of `host` in the server's log.
inline std::size_t article_requests(const testsite::SiteServer& server, const std::string& host) {
  std::size_t n = 0;
  for (const testsite::ArticleTruth& a : server.articles(host)) n += server.count_requests(host, a.path);
  return n;
}

inline std::int64_t page_id_of(store::Archive& archive, const std::string& url) {
  std::optional<std::int64_t> id = store::find_page(archive, url);
  REQUIRE(id);
  return *id;
}

}  // namespace khobao::test
