// Where each site stands: its selector file, what the archive holds of it,
// its last run and when `khobao update` next has work for it. `khobao sites`
// prints it; the web UI's /sites page shows it.
#pragma once

#include "store/summary.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <functional>
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

// What the report needs of the selector files (site/), given by the caller
// so that store does not depend on them.
struct SelectorFiles {
  std::vector<std::string> hosts;  // the host of every selector file
  // The listings interval of the site of `host`, in seconds (its file's
  // [schedule] listings); 0, every run, for a site without a file.
  std::function<std::int64_t(const std::string& host)> listings_every;
};

// Every site that has a selector file or is in `archive` (if given), by
// host. `now` (ISO 8601 UTC) is the time next_due is reckoned from. Reads
// the whole archive: call it inside a ReadSnapshot.
std::vector<SiteStatus> site_statuses(Archive* archive, const SelectorFiles& selectors, const std::string& now);

// The same for a set of selector files as site/ loads them (site::SiteSet):
// anything with hosts() and find(host), which gives a pointer to a site with
// listings_every_seconds, or nullptr.
template <class Files>
std::vector<SiteStatus> site_statuses(Archive* archive, const Files& files, const std::string& now) {
  SelectorFiles selectors{files.hosts(), [&files](const std::string& host) -> std::int64_t {
                            const auto* site = files.find(host);
                            return site ? site->listings_every_seconds : 0;
                          }};
  return site_statuses(archive, selectors, now);
}

// The site's extraction failures as `khobao sites` and /sites show them:
// "0", or "3 (4.2%)", the articles whose latest version is flagged and their
// share of the site's articles.
std::string failures_cell(const SiteSummary& summary);

// One site as `khobao sites --json` prints it and `/api/sites` serves it.
nlohmann::ordered_json site_status_json(const SiteStatus& status);

}  // namespace khobao::store
