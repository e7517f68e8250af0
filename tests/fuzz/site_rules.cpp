// Fuzz target: the selector-file loader (TOML through toml11, then every
// key checked), as a file named baohatinh.vn.toml; and the URL classifier
// the crawler builds from the rules it accepts.
#include "fuzz/fuzz_check.hpp"

#include "crawl/discovery.hpp"
#include "site/site.hpp"

#include <cmath>

namespace khobao::fuzz {

namespace {

// What the loader promises of the rules it returns (site/site.hpp).
void check_rules(const site::Site& rules) {
  check(site::fold_host(rules.host) == "baohatinh.vn", "site.host does not match the file name");
  check(std::isfinite(rules.delay_seconds) && rules.delay_seconds >= 0 && rules.delay_seconds <= 3600,
        "politeness.delay out of range: " + std::to_string(rules.delay_seconds));
  check(rules.concurrency >= 1 && rules.concurrency <= 64, "politeness.concurrency out of range");
  check(rules.listings_every_seconds >= 0, "a negative listings interval");
  for (std::int64_t s : rules.revisit_seconds) check(s > 0, "a revisit interval that is not positive");
  // The loader has compiled every pattern already: the classifier must accept them.
  try {
    crawl::UrlClassifier classifier(&rules);
  } catch (const site::SiteFileError& e) {
    fail(std::string("UrlClassifier refuses rules the loader accepted: ") + e.what());
  }
}

}  // namespace

void fuzz_site_rules(std::string_view bytes) {
  try {
    check_rules(site::parse_site(bytes, "selectors/baohatinh.vn.toml"));
  } catch (const site::SiteFileError&) {
    // A file the archivist must fix: the loader said where.
  }
}

}  // namespace khobao::fuzz
