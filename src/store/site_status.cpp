// Per-site status: selector files joined with the archive's summaries.
#include "store/site_status.hpp"

#include "store/schedule_table.hpp"

#include <fmt/format.h>

#include <map>

namespace khobao::store {

std::vector<SiteStatus> site_statuses(Archive* archive, const SelectorFiles& selectors, const std::string& now) {
  std::map<std::string, SiteStatus> rows;
  for (const auto& host : selectors.hosts) {
    rows[host].has_selector_file = true;
    rows[host].summary.host = host;
  }
  if (archive) {
    for (auto& s : site_summaries(*archive)) {
      SiteStatus& row = rows[s.host];
      std::int64_t listings_every = selectors.listings_every ? selectors.listings_every(s.host) : 0;
      row.next_due = next_due(*archive, s.host, listings_every, now);
      row.summary = std::move(s);
    }
  }
  std::vector<SiteStatus> out;
  for (auto& [host, row] : rows) out.push_back(std::move(row));
  return out;
}

std::string failures_cell(const SiteSummary& s) {
  if (s.extraction_failures.total == 0) return "0";
  return fmt::format("{} ({:.1f}%)", s.extraction_failures.total, 100 * s.failure_share());
}

nlohmann::ordered_json site_status_json(const SiteStatus& row) {
  auto optional = [](const auto& value) { return value ? nlohmann::ordered_json(*value) : nullptr; };
  const SiteSummary& s = row.summary;
  return {{"site", s.host},
          {"selector_file", row.has_selector_file},
          {"pages", s.pages},
          {"articles", s.articles},
          {"versions", s.versions},
          {"fetches", s.fetches},
          {"errors", s.errors},
          {"gone", s.gone},
          {"extraction_failures", s.extraction_failures.total},
          {"no_body", s.extraction_failures.no_body},
          {"short_body", s.extraction_failures.short_body},
          {"extraction_failure_share", s.failure_share()},
          {"first_fetch", optional(s.first_fetch)},
          {"last_fetch", optional(s.last_fetch)},
          {"last_run", optional(s.last_run)},
          {"last_run_started", optional(s.last_run_started)},
          {"last_run_errors", s.last_run_errors},
          {"next_due", optional(row.next_due)}};
}

}  // namespace khobao::store
