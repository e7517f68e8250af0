// Reading what the pages show.
#include "serve/views.hpp"
#include "site/site.hpp"

#include <fmt/format.h>

namespace khobao::serve {
namespace {

store::PageInfo page_or_404(store::Archive& archive, std::int64_t page_id) {
  std::optional<store::PageInfo> page = store::page_info(archive, page_id);
  if (!page) throw HttpError(404, fmt::format("The archive has no page {}.", page_id));
  return *page;
}

// The 404 of a page that was fetched but never held an article.
HttpError no_article(const store::PageInfo& page) {
  return HttpError(404, fmt::format("Page {} has no article version: it is a {} page, {} ({} fetches).", page.id,
                                    page.kind, page.state, page.fetches));
}

store::StoredVersion version_or_404(store::Archive& archive, const store::PageInfo& page, std::optional<int> number) {
  std::optional<store::StoredVersion> v = store::load_version(archive, page.id, number);
  if (v) return *v;
  if (number) throw HttpError(404, fmt::format("Page {} has no version {} (it has {}).", page.id, *number, page.versions));
  throw no_article(page);
}

}  // namespace

SearchView read_search(store::Archive& archive, const SearchParams& params) {
  SearchView view{params, {}, false, store::site_hosts(archive)};
  try {
    view.hits = store::search(archive, params.request());
  } catch (const store::SearchSyntaxError& e) {
    throw HttpError(400, e.what());
  }
  if (view.hits.size() > static_cast<std::size_t>(kResultsPerPage)) {
    view.hits.resize(kResultsPerPage);
    view.has_next = true;
  }
  return view;
}

ArticleView read_article(store::Archive& archive, std::int64_t page_id, std::optional<int> version) {
  store::PageInfo page = page_or_404(archive, page_id);
  ArticleView view{page, version_or_404(archive, page, version), {}};
  for (const auto& link : view.version.article.related)
    view.related_pages.push_back(store::find_page(archive, link.url));
  return view;
}

HistoryView read_history(store::Archive& archive, std::int64_t page_id) {
  store::PageInfo page = page_or_404(archive, page_id);
  return {page, store::versions_of(archive, page_id), store::fetches_of(archive, page_id)};
}

DiffView read_diff(store::Archive& archive, std::int64_t page_id, std::optional<int> from, std::optional<int> to) {
  store::PageInfo page = page_or_404(archive, page_id);
  std::vector<store::VersionInfo> versions = store::versions_of(archive, page_id);
  if (versions.empty()) throw no_article(page);
  int latest = versions.back().number;
  int to_number = to.value_or(latest);
  int from_number = from.value_or(std::max(1, to_number - 1));
  store::StoredVersion before = version_or_404(archive, page, from_number);
  store::StoredVersion after = version_or_404(archive, page, to_number);
  std::vector<store::FieldDiff> changes = store::diff_articles(before.article, after.article);
  return {page, std::move(versions), std::move(before), std::move(after), std::move(changes)};
}

SnapshotView read_snapshot(store::Archive& archive, std::int64_t page_id, std::optional<int> version) {
  store::PageInfo page = page_or_404(archive, page_id);
  store::StoredVersion v = version_or_404(archive, page, version);
  std::optional<store::Archive::StoredBody> body = archive.body_of_fetch(v.info.fetch_id);
  if (!body)
    throw HttpError(404, fmt::format("The page as fetched for version {} of page {} was not kept.", v.info.number,
                                     page_id));
  return {page_id, v.info.number, body->url, body->fetched_at, body->headers, archive.blobs().read(body->blob_id)};
}

SitesView read_sites(store::Archive& archive, const site::SiteSet& selectors) {
  std::string now = store::utc_now();
  return {now, store::site_statuses(&archive, selectors, now)};
}

}  // namespace khobao::serve
