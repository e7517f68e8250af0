// What the commands print about extraction failures (articles kept with what
// was found when their body came out empty or short): the counts as a phrase
// and as JSON, and a run's failed URLs for the crawl and update summaries.
#pragma once

#include "store/store.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>

namespace khobao::app {

// A run's summary lists at most this many failed URLs; the log and
// `khobao sites --failures` have them all.
inline constexpr std::int64_t kFailedUrlsShown = 20;

// "0 extraction failures", "3 extraction failures (no body 2, short 1)".
std::string failures_text(const store::FailureCounts& counts);

// {"extraction_failures": N, "no_body": M, "short_body": K}, to merge into a summary object.
nlohmann::ordered_json failure_counts_json(const store::FailureCounts& counts);

// One failed article: site, url, reason, title, version, fetched_at, page_id.
nlohmann::ordered_json failed_page_json(const store::FailedPage& page);

// The failed URLs of run `crawl_id` for a --json summary: {"failed_urls":
// [first kFailedUrlsShown], "failed_urls_more": how many more}; `total` is
// the run's count.
nlohmann::ordered_json run_failed_urls_json(store::Archive& archive, std::int64_t crawl_id,
                                            const store::FailureCounts& total);

}  // namespace khobao::app
