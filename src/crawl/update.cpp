// Planning and running an update; see update.hpp.
#include "crawl/update.hpp"

#include "crawl/schedule.hpp"
#include "site/site.hpp"
#include "url/url.hpp"
#include "store/schedule_table.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <set>

namespace khobao::crawl {
namespace {

// The site's name as the archive files it: a selector file's host, or the
// host folded.
std::string site_name(const site::SiteSet& rules, const std::string& host) {
  const site::Site* r = rules.find(host);
  return r ? r->host : url::fold_host(host);
}

// The scheme of the site's newest fetched page; https if it has none.
std::string archived_scheme(store::Archive& archive, const std::string& site) {
  std::optional<std::string> url = store::newest_page_url(archive, site);
  return url && url->starts_with("http://") ? "http" : "https";
}

std::string with_scheme(const std::string& url, const std::string& scheme) {
  size_t colon = url.find("://");
  return colon == std::string::npos ? url : scheme + url.substr(colon);
}

// The site's seeds: where its crawls started, then its selector file's, all
// on the scheme of its crawls (a site crawled over http is not fetched over
// https behind the archivist's back).
std::vector<std::string> site_seeds(store::Archive& archive, const site::Site* rules, const std::string& site,
                                    const std::vector<std::string>& earlier) {
  std::vector<std::string> seeds;
  for (const std::string& url : earlier) {
    std::string host = url::host_of(url);
    if (rules ? rules->serves(host) : url::fold_host(host) == site) seeds.push_back(url);
  }
  std::string scheme = !seeds.empty() ? seeds.front().substr(0, seeds.front().find("://"))
                                      : archived_scheme(archive, site);
  if (rules) {
    std::vector<std::string> file = {rules->home};
    for (const auto* list : {&rules->categories, &rules->feeds, &rules->sitemaps})
      file.insert(file.end(), list->begin(), list->end());
    for (const std::string& url : file)
      if (!url.empty()) seeds.push_back(with_scheme(url, scheme));
  }
  if (seeds.empty()) seeds.push_back(scheme + "://" + site + "/");
  std::vector<std::string> unique;
  std::set<std::string> seen;
  for (std::string& url : seeds)
    if (seen.insert(url).second) unique.push_back(std::move(url));
  return unique;
}

}  // namespace

bool UpdatePlan::empty() const {
  return revisits.empty() &&
         std::none_of(sites.begin(), sites.end(), [](const SitePlan& s) { return s.listings_due; });
}

UpdatePlan plan_update(store::Archive& archive, const site::SiteSet& rules, const std::vector<std::string>& only,
                       const std::string& now, int max_depth) {
  UpdatePlan plan;
  plan.now = now;
  std::vector<std::string> hosts;
  if (only.empty()) {
    hosts = store::site_hosts(archive);
  } else {
    for (const std::string& h : only) hosts.push_back(site_name(rules, h));
    std::sort(hosts.begin(), hosts.end());
    hosts.erase(std::unique(hosts.begin(), hosts.end()), hosts.end());
  }
  std::vector<std::string> earlier = store::earlier_seeds(archive);
  for (const std::string& host : hosts) {
    const site::Site* r = rules.find(host);
    Schedule schedule = schedule_for(r);
    SitePlan site;
    site.host = host;
    site.listings_due = listings_due(archive, host, schedule, now);
    if (site.listings_due) site.seeds = site_seeds(archive, r, host, earlier);
    std::vector<store::FrontierEntry> due = due_pages(archive, host, now, max_depth);
    site.due_pages = static_cast<std::int64_t>(due.size());
    std::move(due.begin(), due.end(), std::back_inserter(plan.revisits));
    plan.sites.push_back(std::move(site));
  }
  return plan;
}

Updater::Updater(store::Archive& archive, const site::SiteSet& sites, UpdateOptions options)
    : archive_(archive), sites_(sites), options_(std::move(options)) {}

UpdateResult Updater::run(const std::function<void(const CrawlStats&)>& progress) {
  UpdateResult result;
  result.plan = plan_update(archive_, sites_, options_.crawl.sites, store::utc_now(), options_.max_depth);
  for (const SitePlan& s : result.plan.sites)
    spdlog::info("update: {}: listings {}, {} page(s) due", s.host, s.listings_due ? "due" : "not due", s.due_pages);
  if (result.plan.empty() || stop_.load()) return result;

  CrawlOptions o = options_.crawl;
  o.update = true;
  o.max_depth = options_.max_depth;
  o.sites.clear();
  o.seeds.clear();
  for (const SitePlan& s : result.plan.sites) {
    o.sites.push_back(s.host);
    o.seeds.insert(o.seeds.end(), s.seeds.begin(), s.seeds.end());
  }
  o.revisits = result.plan.revisits;
  Crawler crawler(archive_, sites_, std::move(o), stop_);
  result.crawl = crawler.run(progress);
  result.by_site = store::run_counts_by_site(archive_, result.crawl.crawl_id);
  return result;
}

}  // namespace khobao::crawl
