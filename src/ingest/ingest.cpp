// Pages into the archive through the extraction core; stored bodies through it again.
#include "ingest/ingest.hpp"

#include "core/text.hpp"
#include "core/unicode.hpp"
#include "html/url.hpp"
#include "site/site.hpp"
#include "store/sqlite.hpp"  // Archive::db(), until this file's SQL moves into store
#include "store/warc.hpp"

#include <spdlog/spdlog.h>

#include <map>

namespace khobao::ingest {
namespace {

// Pages of these kinds hold links to articles, never an article.
bool holds_no_article(std::string_view page_kind) {
  return page_kind == "listing" || page_kind == "feed" || page_kind == "sitemap" || page_kind == "other";
}

// Whether a record becomes a version. One with a body does. One without
// (an extraction failure: the extractor misread the page) does only when the
// site's rules or the URL's shape call the page an article and something of
// it was found, a title or a lead: that article is then kept, flagged, rather
// than lost silently. A page of unknown kind without a body is no article.
bool worth_keeping(const Article& a, std::string_view page_kind) {
  if (!a.body.empty()) return true;
  bool found_something = (a.title && !a.title->empty()) || (a.lead && !a.lead->empty());
  return page_kind == "article" && found_something && store::storable(a);
}

std::optional<Article> extract_or_explain(const FetchRecord& fetch, std::string_view content_type,
                                                   const site::SiteSet& sites, std::string& error,
                                                   html::PageLinks* links = nullptr, size_t max_markup = 0) {
  if (!fetch.body || !is_html(content_type, *fetch.body)) return std::nullopt;
  // An error page (404, 503...) is kept as it came, but it is not the article.
  if (fetch.status && (*fetch.status < 200 || *fetch.status > 299)) return std::nullopt;
  try {
    extract::PageInput page{*fetch.body, fetch.url, std::string(content_type), "", max_markup};
    if (holds_no_article(fetch.page_kind)) {
      if (links) *links = extract::page_links(page);
      return std::nullopt;
    }
    Article article = extract::extract_article(page, sites, links);
    if (!worth_keeping(article, fetch.page_kind)) {
      error = "no article text";
      return std::nullopt;
    }
    return article;
  } catch (const extract::ExtractError& e) {
    error = e.what();
    return std::nullopt;
  }
}

}  // namespace

std::string site_of(std::string_view url, const site::SiteSet& sites) {
  std::string host = html::url_host(url);
  if (const site::Site* rules = sites.find(host)) return rules->host;
  if (host.starts_with("www.")) host.erase(0, 4);
  return host;
}

std::string header_value(std::string_view lines, std::string_view name) {
  return std::string(store::warc::header_value(store::warc::parse_header_lines(lines), name));
}

bool is_html(std::string_view content_type, std::string_view body) {
  std::string type = text::ascii_lower(content_type);
  if (!type.empty()) return type.find("html") != std::string::npos;
  std::string head = text::ascii_lower(body.substr(0, 1024));
  return head.find("<html") != std::string::npos || head.find("<!doctype html") != std::string::npos ||
         head.find("<body") != std::string::npos || head.find("<p") != std::string::npos;
}

Prepared prepare(const site::SiteSet& sites, FetchRecord fetch, bool want_links, size_t max_markup) {
  Prepared p;
  std::string content_type = header_value(fetch.headers, "Content-Type");
  std::string error;
  p.article = extract_or_explain(fetch, content_type, sites, error, want_links ? &p.links : nullptr, max_markup);
  // A saved page without a known URL is filed under its own canonical link.
  if (fetch.url.empty() && p.article && p.article->url) fetch.url = *p.article->url;
  if (fetch.url.empty())
    throw NoUrlError("no URL: the page names none (no canonical link); give its URL");
  // One page per article: a fragment never names another page. (The crawler
  // normalizes its URLs in net/ before they reach here.)
  if (size_t hash = fetch.url.find('#'); hash != std::string::npos) fetch.url.resize(hash);
  fetch.site = site_of(fetch.url, sites);
  if (p.article && fetch.page_kind == "unknown") fetch.page_kind = "article";
  if (!error.empty()) p.extract_error = error;
  p.fetch = std::move(fetch);
  return p;
}

IngestResult commit(store::Archive& archive, const Prepared& prepared, const store::Archive::InTransaction& also) {
  IngestResult result;
  result.extract_error = prepared.extract_error;
  result.stored = archive.store_fetch(prepared.fetch, prepared.article, also, prepared.blob);
  if (result.stored.version_id) result.failure = prepared.article->failure;
  if (result.failure)
    spdlog::warn("{}: extraction failure: {}; kept as version {} with what was found (khobao sites --failures)",
                 prepared.fetch.url, *prepared.article->failure, result.stored.version_number);
  return result;
}

IngestResult ingest(store::Archive& archive, const site::SiteSet& sites, FetchRecord fetch) {
  return commit(archive, prepare(sites, std::move(fetch)));
}

namespace {

// Replays the stored bodies of one page through extraction: the chain of
// distinct contents and what each fetch would have given.
struct Replay {
  std::vector<store::Archive::ChainEntry> chain;
  std::vector<store::Archive::FetchLabel> labels;
};

Replay replay_page(store::Archive& archive, const site::SiteSet& sites, std::int64_t page_id) {
  Replay replay;
  std::map<std::int64_t, std::optional<Article>> by_blob;  // one extraction per distinct body
  std::optional<store::Sha256> last_hash;
  std::string kind;  // a listing stays a listing: no version out of it
  {
    store::Statement s = archive.db().prepare("SELECT kind FROM page WHERE id = ?1");
    s.bind(1, page_id);
    if (s.step()) kind = s.text(0);
  }
  for (const auto& body : archive.bodies_of_page(page_id)) {
    auto it = by_blob.find(body.blob_id);
    if (it == by_blob.end()) {
      FetchRecord fetch;
      fetch.url = body.url;
      fetch.page_kind = kind;
      fetch.body = archive.blobs().read(body.blob_id);
      std::string error;
      it = by_blob.emplace(body.blob_id, extract_or_explain(fetch, header_value(body.headers, "Content-Type"),
                                                            sites, error)).first;
    }
    const std::optional<Article>& article = it->second;
    if (!article) {
      replay.labels.push_back({body.fetch_id, store::FetchOutcome::kNoArticle, std::nullopt});
      continue;
    }
    store::Sha256 hash = store::content_hash(*article);
    bool changed = !last_hash || *last_hash != hash;
    replay.labels.push_back({body.fetch_id, changed ? store::FetchOutcome::kNewVersion : store::FetchOutcome::kUnchanged,
                             article->failure});
    if (changed) replay.chain.push_back({body.fetch_id, body.fetched_at, *article});
    // The same text read again: its flag is the newest reading's, as store_fetch keeps it.
    else replay.chain.back().article.failure = article->failure;
    last_hash = hash;
  }
  return replay;
}

}  // namespace

ReextractSummary reextract(store::Archive& archive, const site::SiteSet& sites,
                           const std::optional<std::string>& site,
                           const std::function<void(std::int64_t, std::int64_t)>& progress) {
  ReextractSummary summary;
  std::vector<std::int64_t> pages = archive.page_ids(site);
  for (std::int64_t page_id : pages) {
    ++summary.pages;
    try {
      Replay replay = replay_page(archive, sites, page_id);
      store::Archive::RebuildCounts counts = archive.rebuild_versions(page_id, replay.chain, replay.labels);
      if (counts.changed()) ++summary.pages_changed;
      summary.failures_fixed += counts.flagged_before && !counts.flagged_after;
      summary.failures_new += !counts.flagged_before && counts.flagged_after;
      summary.failures_left += counts.flagged_after;
      summary.versions_updated += counts.updated;
      summary.versions_added += counts.added;
      summary.versions_removed += counts.removed;
    } catch (const std::exception& e) {
      // A damaged body spoils one page, not the run; the page keeps its versions.
      spdlog::error("reextract: page {}: {}", page_id, e.what());
      ++summary.errors;
    }
    if (progress) progress(summary.pages, static_cast<std::int64_t>(pages.size()));
  }
  return summary;
}

}  // namespace khobao::ingest
