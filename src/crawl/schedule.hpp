// When khobao visits a page again. Listings, feeds and sitemaps: every
// `listings_every` seconds (0: every run). Articles and every other page: after
// a visit that found no change, the next interval of `revisits` (the last one
// repeats: "then monthly"); a visit that finds a change starts over at the
// first. A page that is gone (404/410) is never visited again. The state
// lives in the archive (page.unchanged_visits, page.next_visit_at) and is
// updated in the transaction that stores the visit's fetch.
#pragma once

#include "store/frontier_table.hpp"
#include "site/site.hpp"
#include "store/archive.hpp"

#include <cstdint>
#include <ctime>
#include <optional>
#include <string>
#include <vector>

namespace khobao::crawl {

struct Schedule {
  std::int64_t listings_every = 0;     // seconds; 0: every run
  std::vector<std::int64_t> revisits;  // seconds; never empty
};

// 1 h, 6 h, 1 d, 7 d, 30 d, then every 30 d: catches the corrections of the
// first hours and the rare late edit, at a few dozen visits per article a year.
inline const std::vector<std::int64_t> kDefaultRevisits = {3600, 6 * 3600, 86400, 7 * 86400, 30 * 86400};

// The schedule of a site: its selector file's [schedule], else the default
// (listings every run, kDefaultRevisits).
Schedule schedule_for(const site::Site* rules);

// Seconds until the next visit of an article after `unchanged_visits`
// visits in a row that found no change.
std::int64_t revisit_interval(const Schedule& schedule, std::int64_t unchanged_visits);

// Updates the schedule of the page `stored` was about, from what the fetch
// found (`kind` is the page's kind as the crawler saw it). Runs inside the
// fetch's transaction (Archive::store_fetch's `also`), on its connection.
void reschedule(store::Connection& db, const store::StoredFetch& stored, const std::string& kind,
                const std::string& fetched_at, const Schedule& schedule);

// The pages of `site` due for a visit at `now`, newest article first (by
// publication time, else discovery): every page but listings, feeds,
// sitemaps and other files, not gone, with a next visit at or before `now`
// (or none yet: pages archived before schedules existed). Queued at `depth`.
std::vector<store::FrontierEntry> due_pages(store::Archive& archive, const std::string& site, const std::string& now,
                                     int depth);

// Whether the listings of `site` are due at `now`: never fetched by a crawl,
// fetched every run, or last fetched at least listings_every ago.
bool listings_due(store::Archive& archive, const std::string& site, const Schedule& schedule, const std::string& now);

}  // namespace khobao::crawl
