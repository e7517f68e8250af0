// Aggregate queries for `sites` and `stats`.
#include "store/summary.hpp"

namespace khobao::store {
namespace {

std::int64_t scalar(Connection& db, const char* sql) {
  Statement s = db.prepare(sql);
  return s.step() ? s.int64(0) : 0;
}

}  // namespace

std::vector<std::string> site_hosts(Connection& db) {
  Statement s = db.prepare("SELECT host FROM site ORDER BY host");
  std::vector<std::string> hosts;
  while (s.step()) hosts.push_back(s.text(0));
  return hosts;
}

std::vector<SiteSummary> site_summaries(Connection& db) {
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

std::vector<SiteRunCounts> run_counts_by_site(Connection& db, std::int64_t crawl_id) {
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
  return out;
}

ArchiveStats archive_stats(Connection& db) {
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
  return st;
}

}  // namespace khobao::store
