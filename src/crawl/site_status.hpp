// Where each site stands: its selector file, what the archive holds of it,
// its last run and when `khobao update` next has work for it. `khobao sites`
// prints it; the web UI's /sites page shows it.
#pragma once

#include "site/site.hpp"
#include "store/sqlite.hpp"
#include "store/summary.hpp"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace khobao::crawl {

struct SiteStatus {
  bool has_selector_file = false;
  store::SiteSummary summary;            // summary.host is the site's host
  std::optional<std::string> next_due;  // for a site of the archive
};

// Every site that has a selector file or is in the archive (`db`, if given),
// by host. `now` (ISO 8601 UTC) is the time next_due is reckoned from.
std::vector<SiteStatus> site_statuses(store::Connection* db, const site::SiteSet& selectors,
                                      const std::string& now);

// The site's extraction failures as `khobao sites` and /sites show them:
// "0", or "3 (4.2%)", the articles whose latest version is flagged and their
// share of the site's articles.
std::string failures_cell(const store::SiteSummary& summary);

// One site as `khobao sites --json` prints it and `/api/sites` serves it.
nlohmann::ordered_json site_status_json(const SiteStatus& status);

}  // namespace khobao::crawl
