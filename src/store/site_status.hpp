// Where each site stands: its selector file, what the archive holds of it,
// its last run and when `khobao update` next has work for it. `khobao sites`
// prints it; the web UI's /sites page shows it.
#pragma once

#include "extract/site_rules.hpp"
#include "store/summary.hpp"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace khobao::store {

class Archive;

struct SiteStatus {
  bool has_selector_file = false;
  SiteSummary summary;                  // summary.host is the site's host
  std::optional<std::string> next_due;  // for a site of the archive
};

// Every site that has a selector file or is in `archive` (if given), by
// host. `now` (ISO 8601 UTC) is the time next_due is reckoned from, with the
// listings interval of the site's selector file (every run without one).
// Reads the whole archive: call it inside a ReadSnapshot.
std::vector<SiteStatus> site_statuses(Archive* archive, const extract::SiteRulesSet& selectors,
                                      const std::string& now);

// The site's extraction failures as `khobao sites` and /sites show them:
// "0", or "3 (4.2%)", the articles whose latest version is flagged and their
// share of the site's articles.
std::string failures_cell(const SiteSummary& summary);

// One site as `khobao sites --json` prints it and `/api/sites` serves it.
nlohmann::ordered_json site_status_json(const SiteStatus& status);

}  // namespace khobao::store
