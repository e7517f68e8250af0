// What each page shows, read from the archive: the HTML pages (pages.cpp) and
// the JSON API (api.cpp) are two renderings of these. Each reader runs inside
// the caller's read transaction and throws HttpError 404 for what the archive
// does not have.
#pragma once

#include "store/site_status.hpp"
#include "serve/params.hpp"
#include "site/site.hpp"
#include "store/store.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace khobao::serve {

struct SearchView {
  SearchParams params;
  std::vector<store::SearchHit> hits;  // at most kResultsPerPage
  bool has_next = false;
  std::vector<std::string> sites;      // every host, for the site filter
};
// Throws HttpError 400 for a query FTS5 cannot parse.
SearchView read_search(store::Archive& archive, const SearchParams& params);

struct ArticleView {
  store::PageInfo page;
  store::StoredVersion version;
  // For each related link, the archived page of its URL, if any.
  std::vector<std::optional<std::int64_t>> related_pages;
};
ArticleView read_article(store::Archive& archive, std::int64_t page_id, std::optional<int> version);

struct HistoryView {
  store::PageInfo page;
  std::vector<store::VersionInfo> versions;
  std::vector<store::FetchInfo> fetches;
};
HistoryView read_history(store::Archive& archive, std::int64_t page_id);

struct DiffView {
  store::PageInfo page;
  std::vector<store::VersionInfo> versions;
  store::StoredVersion before, after;
  std::vector<store::FieldDiff> changes;
};
// `to` defaults to the latest version, `from` to the one before `to`.
DiffView read_diff(store::Archive& archive, std::int64_t page_id, std::optional<int> from, std::optional<int> to);

struct SnapshotView {
  std::int64_t page_id = 0;
  int version = 0;
  std::string url;         // the URL fetched
  std::string fetched_at;
  std::string headers;     // the response's header lines as stored
  std::string body;        // the raw bytes as received (decoded from gzip, not from their charset)
};
// The fetch that first showed the version (default: the latest).
SnapshotView read_snapshot(store::Archive& archive, std::int64_t page_id, std::optional<int> version);

struct SitesView {
  std::string now;
  std::vector<store::SiteStatus> sites;
};
SitesView read_sites(store::Archive& archive, const site::SiteSet& selectors);

}  // namespace khobao::serve
