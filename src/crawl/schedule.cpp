// Revisit schedules; see schedule.hpp.
#include "crawl/schedule.hpp"
#include "site/site.hpp"

#include "store/schedule_table.hpp"

#include <algorithm>

namespace khobao::crawl {
namespace {

bool is_listing_kind(const std::string& kind) { return kind == "listing" || kind == "feed" || kind == "sitemap"; }

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
  std::optional<store::VisitState> page = store::visit_state(db, stored.page_id);
  if (!page) return;
  std::int64_t unchanged = page->unchanged_visits;

  std::optional<std::string> next;
  if (page->state == "gone") {
    next = std::nullopt;  // never again
  } else if (is_listing_kind(kind)) {
    next = store::utc_later(fetched_at, schedule.listings_every);
  } else {
    switch (stored.outcome) {
      case store::FetchOutcome::kNewVersion: unchanged = 0; break;
      case store::FetchOutcome::kUnchanged:
      case store::FetchOutcome::kNotModified:
      case store::FetchOutcome::kNoArticle: ++unchanged; break;
      case store::FetchOutcome::kGone:
      case store::FetchOutcome::kError: break;  // nothing learnt: the same step again
    }
    next = store::utc_later(fetched_at, revisit_interval(schedule, unchanged));
  }
  store::set_next_visit(db, stored.page_id, next, unchanged);
}

std::vector<store::FrontierEntry> due_pages(store::Archive& archive, const std::string& site, const std::string& now,
                                     int depth) {
  std::vector<store::FrontierEntry> due;
  for (store::DuePage& p : store::due_pages(archive, site, now))
    due.push_back({std::move(p.url), depth, std::move(p.kind), 0, std::nullopt, std::nullopt});
  return due;
}

bool listings_due(store::Archive& archive, const std::string& site, const Schedule& schedule, const std::string& now) {
  std::optional<std::string> last = store::last_listings_fetch(archive, site);
  if (!last || schedule.listings_every == 0) return true;
  std::optional<std::time_t> last_t = store::parse_utc(*last), now_t = store::parse_utc(now);
  return !last_t || !now_t || *now_t - *last_t >= schedule.listings_every;
}

}  // namespace khobao::crawl
