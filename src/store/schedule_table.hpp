// The revisit schedule's columns of the page table (page.next_visit_at,
// page.unchanged_visits) and the queries over them: which pages of a site
// are due, when its listings were last fetched. The policy (what interval
// follows what visit) is crawl/schedule.hpp's; this is only its storage.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace khobao::store {

class Archive;
class Connection;

// What the schedule of a page starts from.
struct VisitState {
  std::string state;                  // page.state: "gone" for a 404/410 page
  std::int64_t unchanged_visits = 0;  // visits in a row that found no change
};

// The page's state and unchanged visits; nullopt for an unknown page. Reads
// the page table in the caller's transaction (the one storing the visit).
std::optional<VisitState> visit_state(Connection& db, std::int64_t page_id);

// Sets the page's next visit (nullopt: never) and its unchanged visits.
// Writes the page table in the caller's transaction.
void set_next_visit(Connection& db, std::int64_t page_id, const std::optional<std::string>& next_visit_at,
                    std::int64_t unchanged_visits);

struct DuePage {
  std::string url;
  std::string kind;  // page.kind: "article" or "unknown"
};

// The pages of `site` (its host as the site table files it) due for a visit
// at `now`, newest article first (by publication time, else discovery):
// articles and pages of unknown kind, not gone, with a next visit at or
// before `now` or none yet (pages archived before schedules existed).
// Reads page, site and version.
std::vector<DuePage> due_pages(Archive& archive, const std::string& site, const std::string& now);

// When the listings, feeds or sitemaps of `site` were last fetched by a
// crawl (not an import); nullopt if never. Reads fetch, page and site.
std::optional<std::string> last_listings_fetch(Archive& archive, const std::string& site);

// When `site` is next due: its listings (last fetch plus `listings_every`
// seconds; `now` if never fetched) or its first due page (`now` for a page
// with no next visit yet), whichever comes first. Reads as the two above.
std::string next_due(Archive& archive, const std::string& site, std::int64_t listings_every, const std::string& now);

// The URL of the site's most recently fetched page; nullopt for a site
// without pages. Reads page and site.
std::optional<std::string> newest_page_url(Archive& archive, const std::string& site);

}  // namespace khobao::store
