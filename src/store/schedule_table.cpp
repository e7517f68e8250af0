// The schedule's columns of the page table; see schedule_table.hpp.
#include "store/schedule_table.hpp"

#include "store/archive_connection.hpp"
#include "store/clock.hpp"

#include <algorithm>

namespace khobao::store {

std::optional<VisitState> visit_state(Connection& db, std::int64_t page_id) {
  Statement s = db.prepare("SELECT state, unchanged_visits FROM page WHERE id = ?1");
  s.bind(1, page_id);
  if (!s.step()) return std::nullopt;
  return VisitState{s.text(0), s.int64(1)};
}

void set_next_visit(Connection& db, std::int64_t page_id, const std::optional<std::string>& next_visit_at,
                    std::int64_t unchanged_visits) {
  db.prepare("UPDATE page SET next_visit_at = ?2, unchanged_visits = ?3 WHERE id = ?1")
      .bind(1, page_id)
      .bind(2, next_visit_at)
      .bind(3, unchanged_visits)
      .run();
}

std::vector<DuePage> due_pages(Archive& archive, const std::string& site, const std::string& now) {
  Statement s = connection(archive).prepare(
      "SELECT p.url, p.kind FROM page p JOIN site ON site.id = p.site_id "
      "LEFT JOIN version v ON v.id = p.latest_version_id "
      "WHERE site.host = ?1 AND p.kind IN ('article', 'unknown') AND p.state != 'gone' "
      "  AND (p.next_visit_at IS NULL OR p.next_visit_at <= ?2) "
      "ORDER BY coalesce(v.published_at, p.discovered_at) DESC, p.id DESC");
  s.bind(1, site).bind(2, now);
  std::vector<DuePage> due;
  while (s.step()) due.push_back({s.text(0), s.text(1)});
  return due;
}

std::optional<std::string> last_listings_fetch(Archive& archive, const std::string& site) {
  Statement s = connection(archive).prepare(
      "SELECT max(f.fetched_at) FROM fetch f JOIN page p ON p.id = f.page_id JOIN site ON site.id = p.site_id "
      "WHERE site.host = ?1 AND p.kind IN ('listing', 'feed', 'sitemap') AND f.source = 'crawl'");
  s.bind(1, site);
  s.step();
  return s.optional_text(0);
}

std::string next_due(Archive& archive, const std::string& site, std::int64_t listings_every, const std::string& now) {
  std::optional<std::string> listings = last_listings_fetch(archive, site);
  std::string due = listings ? utc_later(*listings, listings_every) : now;
  Statement s = connection(archive).prepare(
      "SELECT min(coalesce(p.next_visit_at, '')) FROM page p JOIN site ON site.id = p.site_id "
      "WHERE site.host = ?1 AND p.kind IN ('article', 'unknown') AND p.state != 'gone'");
  s.bind(1, site);
  if (s.step())
    if (std::optional<std::string> page = s.optional_text(0)) due = std::min(due, page->empty() ? now : *page);
  return due;
}

std::optional<std::string> newest_page_url(Archive& archive, const std::string& site) {
  Statement s = connection(archive).prepare(
      "SELECT p.url FROM page p JOIN site ON site.id = p.site_id WHERE site.host = ?1 "
      "ORDER BY p.last_fetched_at DESC LIMIT 1");
  s.bind(1, site);
  if (!s.step()) return std::nullopt;
  return s.text(0);
}

}  // namespace khobao::store
