// Aggregate queries for `sites` and `stats`.
#include "store/summary.hpp"

#include "store/archive_connection.hpp"

#include <fmt/format.h>

namespace khobao::store {
namespace {

std::int64_t scalar(Connection& db, const char* sql) {
  Statement s = db.prepare(sql);
  return s.step() ? s.int64(0) : 0;
}

// The three sums of FailureCounts over a column of failure reasons, for a
// SELECT list: the one place that knows how reasons are spelt.
std::string failure_sums(const char* column) {
  return fmt::format("count({0}), coalesce(sum({0} = 'no body'), 0), coalesce(sum({0} LIKE 'short body%'), 0)",
                     column);
}

FailureCounts read_failure_sums(const Statement& s, int first) {
  return {s.int64(first), s.int64(first + 1), s.int64(first + 2)};
}

FailedPage read_failed_page(const Statement& s) {
  return {s.text(0), s.text(1), s.int64(2), s.text(3), s.optional_text(4), static_cast<int>(s.int64(5)), s.text(6)};
}

}  // namespace

FailureCounts& FailureCounts::operator+=(const FailureCounts& o) {
  total += o.total;
  no_body += o.no_body;
  short_body += o.short_body;
  return *this;
}

double SiteSummary::failure_share() const {
  return articles ? static_cast<double>(extraction_failures.total) / static_cast<double>(articles) : 0;
}

std::vector<std::pair<std::string, FailureCounts>> failures_by_site(Archive& archive) {
  Connection& db = connection(archive);
  // From the few flagged versions (partial index) to their pages: cheap on a large archive.
  Statement s = db.prepare(fmt::format(
      "SELECT site.host, {} FROM version v JOIN page p ON p.id = v.page_id AND p.latest_version_id = v.id "
      "JOIN site ON site.id = p.site_id WHERE v.failure IS NOT NULL GROUP BY site.host ORDER BY site.host",
      failure_sums("v.failure")));
  std::vector<std::pair<std::string, FailureCounts>> out;
  while (s.step()) out.emplace_back(s.text(0), read_failure_sums(s, 1));
  return out;
}

std::vector<FailedPage> failed_pages(Archive& archive, const std::optional<std::string>& site) {
  Connection& db = connection(archive);
  Statement s = db.prepare(
      "SELECT site.host, p.url, p.id, v.failure, v.title, v.number, v.created_at "
      "FROM version v JOIN page p ON p.id = v.page_id AND p.latest_version_id = v.id "
      "JOIN site ON site.id = p.site_id WHERE v.failure IS NOT NULL AND (?1 IS NULL OR site.host = ?1) "
      "ORDER BY site.host, p.url");
  s.bind(1, site);
  std::vector<FailedPage> out;
  while (s.step()) out.push_back(read_failed_page(s));
  return out;
}

std::vector<FailedPage> run_failed_pages(Archive& archive, std::int64_t crawl_id, std::int64_t limit) {
  Connection& db = connection(archive);
  // max(f.id) makes SQLite take the other columns from the page's newest fetch of the run.
  Statement s = db.prepare(
      "SELECT site.host, p.url, p.id, f.extraction_failure, v.title, coalesce(v.number, 0), f.fetched_at, max(f.id) "
      "FROM fetch f JOIN page p ON p.id = f.page_id JOIN site ON site.id = p.site_id "
      "LEFT JOIN version v ON v.id = p.latest_version_id "
      "WHERE f.crawl_id = ?1 AND f.extraction_failure IS NOT NULL GROUP BY p.id ORDER BY p.url LIMIT ?2");
  s.bind(1, crawl_id).bind(2, limit);
  std::vector<FailedPage> out;
  while (s.step()) out.push_back(read_failed_page(s));
  return out;
}

std::vector<std::string> site_hosts(Archive& archive) {
  Connection& db = connection(archive);
  Statement s = db.prepare("SELECT host FROM site ORDER BY host");
  std::vector<std::string> hosts;
  while (s.step()) hosts.push_back(s.text(0));
  return hosts;
}

std::vector<SiteSummary> site_summaries(Archive& archive) {
  Connection& db = connection(archive);
  Statement s = db.prepare(
      "SELECT s.host, "
      "  (SELECT count(*) FROM page p WHERE p.site_id = s.id), "
      "  (SELECT count(*) FROM page p WHERE p.site_id = s.id AND p.latest_version_id IS NOT NULL), "
      "  (SELECT count(*) FROM version v JOIN page p ON p.id = v.page_id WHERE p.site_id = s.id), "
      "  (SELECT count(*) FROM fetch f JOIN page p ON p.id = f.page_id WHERE p.site_id = s.id), "
      "  (SELECT count(*) FROM fetch f JOIN page p ON p.id = f.page_id WHERE p.site_id = s.id AND f.outcome = 'error'), "
      "  (SELECT count(*) FROM page p WHERE p.site_id = s.id AND p.state = 'gone'), "
      "  (SELECT min(f.fetched_at) FROM fetch f JOIN page p ON p.id = f.page_id WHERE p.site_id = s.id), "
      "  (SELECT max(f.fetched_at) FROM fetch f JOIN page p ON p.id = f.page_id WHERE p.site_id = s.id) "
      "FROM site s ORDER BY s.host");
  std::vector<SiteSummary> sites;
  while (s.step())
    sites.push_back({s.text(0), s.int64(1), s.int64(2), s.int64(3), s.int64(4), s.int64(5), s.int64(6),
                     s.optional_text(7), s.optional_text(8), std::nullopt, std::nullopt, 0});
  Statement last = db.prepare(
      "SELECT c.id, c.started_at, "
      "  (SELECT count(*) FROM fetch f JOIN page p ON p.id = f.page_id JOIN site ON site.id = p.site_id "
      "   WHERE f.crawl_id = c.id AND site.host = ?1 AND f.outcome = 'error') "
      "FROM crawl c WHERE c.id = (SELECT max(f.crawl_id) FROM fetch f JOIN page p ON p.id = f.page_id "
      "                           JOIN site ON site.id = p.site_id WHERE site.host = ?1)");
  for (auto& [host, counts] : failures_by_site(archive))
    for (SiteSummary& site : sites)
      if (site.host == host) site.extraction_failures = counts;
  for (SiteSummary& site : sites) {
    last.reset();
    last.bind(1, site.host);
    if (!last.step()) continue;
    site.last_run = last.int64(0);
    site.last_run_started = last.text(1);
    site.last_run_errors = last.int64(2);
  }
  return sites;
}

std::vector<SiteRunCounts> run_counts_by_site(Archive& archive, std::int64_t crawl_id) {
  Connection& db = connection(archive);
  Statement s = db.prepare(
      "SELECT site.host, count(*), "
      "  coalesce(sum(f.outcome = 'new-version' AND v.number = 1), 0), "
      "  coalesce(sum(f.outcome = 'new-version'), 0), "
      "  coalesce(sum(f.outcome = 'not-modified'), 0), "
      "  coalesce(sum(f.outcome = 'unchanged'), 0), "
      "  coalesce(sum(f.outcome = 'gone'), 0), "
      "  coalesce(sum(f.outcome = 'error'), 0) "
      "FROM fetch f JOIN page p ON p.id = f.page_id JOIN site ON site.id = p.site_id "
      "LEFT JOIN version v ON v.page_id = f.page_id AND v.fetch_id = f.id "
      "WHERE f.crawl_id = ?1 GROUP BY site.host ORDER BY site.host");
  s.bind(1, crawl_id);
  std::vector<SiteRunCounts> out;
  while (s.step())
    out.push_back({s.text(0), s.int64(1), s.int64(2), s.int64(3), s.int64(4), s.int64(5), s.int64(6), s.int64(7)});
  // A page fetched twice in the run with a failed extraction is one failure:
  // its newest fetch's reason counts.
  Statement failed = db.prepare(fmt::format(
      "SELECT host, {} FROM (SELECT site.host AS host, f.extraction_failure AS reason, max(f.id) "
      "  FROM fetch f JOIN page p ON p.id = f.page_id JOIN site ON site.id = p.site_id "
      "  WHERE f.crawl_id = ?1 AND f.extraction_failure IS NOT NULL GROUP BY f.page_id) GROUP BY host",
      failure_sums("reason")));
  failed.bind(1, crawl_id);
  while (failed.step())
    for (SiteRunCounts& c : out)
      if (c.host == failed.text(0)) c.extraction_failures = read_failure_sums(failed, 1);
  return out;
}

SiteRunCounts run_totals(const std::vector<SiteRunCounts>& by_site) {
  SiteRunCounts t;
  for (const SiteRunCounts& s : by_site) {
    t.fetched += s.fetched;
    t.new_articles += s.new_articles;
    t.new_versions += s.new_versions;
    t.not_modified += s.not_modified;
    t.unchanged += s.unchanged;
    t.gone += s.gone;
    t.errors += s.errors;
    t.extraction_failures += s.extraction_failures;
  }
  return t;
}

ArchiveStats archive_stats(Archive& archive) {
  Connection& db = connection(archive);
  ArchiveStats st;
  st.schema_version = static_cast<int>(scalar(db, "PRAGMA user_version"));
  st.sites = scalar(db, "SELECT count(*) FROM site");
  st.pages = scalar(db, "SELECT count(*) FROM page");
  st.articles = scalar(db, "SELECT count(*) FROM page WHERE latest_version_id IS NOT NULL");
  st.versions = scalar(db, "SELECT count(*) FROM version");
  st.fetches = scalar(db, "SELECT count(*) FROM fetch");
  st.authors = scalar(db, "SELECT count(*) FROM author");
  st.blobs = scalar(db, "SELECT count(*) FROM blob");
  st.references = scalar(db, "SELECT count(*) FROM reference");
  st.raw_bytes = scalar(db, "SELECT coalesce(sum(size), 0) FROM blob");
  st.stored_bytes = scalar(db, "SELECT coalesce(sum(length(data)), 0) FROM blob");
  st.text_bytes = scalar(db, "SELECT coalesce(sum(length(coalesce(title, '')) + length(coalesce(lead, '')) + "
                             "length(body)), 0) FROM version");
  st.file_bytes = scalar(db, "SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()");
  Statement range = db.prepare("SELECT min(fetched_at), max(fetched_at) FROM fetch");
  if (range.step()) {
    st.first_fetch = range.optional_text(0);
    st.last_fetch = range.optional_text(1);
  }
  for (const auto& [host, counts] : failures_by_site(archive)) st.extraction_failures += counts;
  return st;
}

}  // namespace khobao::store
