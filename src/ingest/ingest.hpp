// The ingest module: a page that arrived (fetched by the crawler, or saved by
// another tool and imported) goes through the extraction core into the
// archive; and `reextract` sends stored raw bodies through it again. It is the
// one place where extract and store meet, so that neither knows the other's
// internals: app -> crawl -> ingest -> (extract, store) -> html.
#pragma once

#include "extract/extract.hpp"
#include "html/links.hpp"
#include "site/site.hpp"
#include "store/store.hpp"

#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace khobao::ingest {

// The site a URL belongs to: the selector file's host when one covers it
// (aliases and "www." folded), else the URL's host without "www.".
std::string site_of(std::string_view url, const site::SiteSet& sites);

// The value of header `name` (case-insensitive) in "Name: value" lines; "" if absent.
std::string header_value(std::string_view header_lines, std::string_view name);

// True for a body that should go through extraction: an HTML content type, or
// no content type and bytes that look like HTML.
bool is_html(std::string_view content_type, std::string_view body);

struct IngestResult {
  store::StoredFetch stored;
  std::optional<std::string> extract_error;  // why an HTML page gave no article
  std::optional<std::string> failure;        // the extraction failure of the version it showed (logged)
};

// A page that cannot be filed: no URL given, and none in the page.
class NoUrlError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A fetch made ready for the archive: extracted, nothing written yet.
struct Prepared {
  FetchRecord fetch;                  // url and site filled in
  std::optional<Article> article;
  std::optional<std::string> extract_error;  // why an HTML page gave no article
  html::PageLinks links;                     // when asked for, for an HTML page
  std::optional<store::PreparedBlob> blob;   // the body compressed beforehand (Archive::prepare_body), if done
};

// Extracts the article from `fetch.body` when it is HTML and its page kind
// may hold one (not a listing, feed or sitemap), and, if `want_links`, the
// page's links (for every HTML page). fetch.site is filled from the URL; an
// empty fetch.url is taken from the page's canonical link, else NoUrlError.
// Touches no archive: safe on any thread.
// `max_markup` is passed on to the extractor (extract::PageInput).
Prepared prepare(const site::SiteSet& sites, FetchRecord fetch, bool want_links = false,
                 size_t max_markup = 0);

// Stores a prepared fetch (and a version if the content changed); `also`
// runs in the same transaction (store::Archive::store_fetch).
IngestResult commit(store::Archive& archive, const Prepared& prepared,
                    const store::Archive::InTransaction& also = {});

// prepare() then commit(): one page in, with no links wanted.
IngestResult ingest(store::Archive& archive, const site::SiteSet& sites, FetchRecord fetch);

struct ReextractSummary {
  std::int64_t pages = 0;           // pages looked at
  std::int64_t pages_changed = 0;   // pages whose versions were rebuilt
  std::int64_t versions_updated = 0;
  std::int64_t versions_added = 0;
  std::int64_t versions_removed = 0;
  std::int64_t errors = 0;          // pages left as they were, for an error (logged)
  // Extraction failures (pages whose latest version is flagged): mended by
  // this run, flagged by it that were whole before, and flagged after it.
  std::int64_t failures_fixed = 0;
  std::int64_t failures_new = 0;
  std::int64_t failures_left = 0;
};

// Rebuilds the versions of every page (of `site` only, if given) from its
// stored raw bodies with the current selector files, one transaction per
// page. Versions whose content comes out the same stay as they are; raw
// bodies and fetches are never touched. `progress` is called after each page.
ReextractSummary reextract(store::Archive& archive, const site::SiteSet& sites,
                           const std::optional<std::string>& site,
                           const std::function<void(std::int64_t done, std::int64_t total)>& progress = {});

}  // namespace khobao::ingest
