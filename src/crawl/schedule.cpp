// Revisit schedules; see schedule.hpp.
#include "crawl/schedule.hpp"
#include "site/site.hpp"

#include <algorithm>

namespace khobao::crawl {
namespace {

bool is_listing_kind(const std::string& kind) { return kind == "listing" || kind == "feed" || kind == "sitemap"; }

std::string later_by(const std::string& utc, std::int64_t seconds) {
  std::optional<std::time_t> t = store::parse_utc(utc);
  return store::utc_time((t ? *t : store::clock_now()) + static_cast<std::time_t>(seconds));
}

}  // namespace

Schedule schedule_for(const site::Site* rules) {
  Schedule s;
  s.revisits = kDefaultRevisits;
  if (rules) {
    s.listings_every = rules->listings_every_seconds;
    if (!rules->revisit_seconds.empty()) s.revisits = rules->revisit_seconds;
  }
  return s;
}

std::int64_t revisit_interval(const Schedule& schedule, std::int64_t unchanged_visits) {
  size_t last = schedule.revisits.size() - 1;
  size_t step = static_cast<size_t>(std::clamp<std::int64_t>(unchanged_visits, 0, static_cast<std::int64_t>(last)));
  return schedule.revisits[step];
}

void reschedule(store::Connection& db, const store::StoredFetch& stored, const std::string& kind,
                const std::string& fetched_at, const Schedule& schedule) {
  store::Statement page = db.prepare("SELECT state, unchanged_visits FROM page WHERE id = ?1");
  page.bind(1, stored.page_id);
  if (!page.step()) return;
  std::string state = page.text(0);
  std::int64_t unchanged = page.int64(1);

  std::optional<std::string> next;
  if (state == "gone") {
    next = std::nullopt;  // never again
  } else if (is_listing_kind(kind)) {
    next = later_by(fetched_at, schedule.listings_every);
  } else {
    switch (stored.outcome) {
      case store::FetchOutcome::kNewVersion: unchanged = 0; break;
      case store::FetchOutcome::kUnchanged:
      case store::FetchOutcome::kNotModified:
      case store::FetchOutcome::kNoArticle: ++unchanged; break;
      case store::FetchOutcome::kGone:
      case store::FetchOutcome::kError: break;  // nothing learnt: the same step again
    }
    next = later_by(fetched_at, revisit_interval(schedule, unchanged));
  }
  db.prepare("UPDATE page SET next_visit_at = ?2, unchanged_visits = ?3 WHERE id = ?1")
      .bind(1, stored.page_id)
      .bind(2, next)
      .bind(3, unchanged)
      .run();
}

std::vector<FrontierEntry> due_pages(store::Connection& db, const std::string& site, const std::string& now,
                                     int depth) {
  store::Statement s = db.prepare(
      "SELECT p.url, p.kind FROM page p JOIN site ON site.id = p.site_id "
      "LEFT JOIN version v ON v.id = p.latest_version_id "
      "WHERE site.host = ?1 AND p.kind IN ('article', 'unknown') AND p.state != 'gone' "
      "  AND (p.next_visit_at IS NULL OR p.next_visit_at <= ?2) "
      "ORDER BY coalesce(v.published_at, p.discovered_at) DESC, p.id DESC");
  s.bind(1, site).bind(2, now);
  std::vector<FrontierEntry> due;
  while (s.step()) due.push_back({s.text(0), depth, s.text(1), 0, std::nullopt, std::nullopt});
  return due;
}

std::optional<std::string> last_listings_fetch(store::Connection& db, const std::string& site) {
  store::Statement s = db.prepare(
      "SELECT max(f.fetched_at) FROM fetch f JOIN page p ON p.id = f.page_id JOIN site ON site.id = p.site_id "
      "WHERE site.host = ?1 AND p.kind IN ('listing', 'feed', 'sitemap') AND f.source = 'crawl'");
  s.bind(1, site);
  s.step();
  return s.optional_text(0);
}

std::string next_due(store::Connection& db, const std::string& site, const Schedule& schedule,
                     const std::string& now) {
  std::optional<std::string> listings = last_listings_fetch(db, site);
  std::string due = listings ? later_by(*listings, schedule.listings_every) : now;
  store::Statement s = db.prepare(
      "SELECT min(coalesce(p.next_visit_at, '')) FROM page p JOIN site ON site.id = p.site_id "
      "WHERE site.host = ?1 AND p.kind IN ('article', 'unknown') AND p.state != 'gone'");
  s.bind(1, site);
  if (s.step())
    if (std::optional<std::string> page = s.optional_text(0)) due = std::min(due, page->empty() ? now : *page);
  return due;
}

}  // namespace khobao::crawl
