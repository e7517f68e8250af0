// The crawl and frontier tables; see frontier_table.hpp.
#include "store/frontier_table.hpp"

#include "store/archive_connection.hpp"

namespace khobao::store {

CrawlRun open_run(Archive& archive, const std::string& scope, const std::string& now, bool fresh) {
  Connection& db = connection(archive);
  Transaction t(db);
  CrawlRun run;
  if (fresh)
    db.prepare("UPDATE crawl SET finished_at = ?2 WHERE scope = ?1 AND finished_at IS NULL").bind(1, scope).bind(2, now).run();
  {
    Statement s = db.prepare(
        "SELECT id, fetched, errors FROM crawl WHERE scope = ?1 AND finished_at IS NULL ORDER BY id DESC LIMIT 1");
    s.bind(1, scope);
    if (s.step()) {
      run = {s.int64(0), true, s.int64(1), s.int64(2)};
      t.commit();
      return run;
    }
  }
  db.prepare("INSERT INTO crawl (scope, started_at) VALUES (?1, ?2)").bind(1, scope).bind(2, now).run();
  run.id = db.last_insert_id();
  t.commit();
  return run;
}

void finish_run(Archive& archive, std::int64_t crawl_id, const std::string& now, bool prune) {
  Connection& db = connection(archive);
  Transaction t(db);
  db.prepare("UPDATE crawl SET finished_at = ?2 WHERE id = ?1").bind(1, crawl_id).bind(2, now).run();
  if (prune) db.prepare("DELETE FROM frontier WHERE crawl_id = ?1 AND depth > 0").bind(1, crawl_id).run();
  t.commit();
}

std::vector<FrontierEntry> queued_entries(Connection& db, std::int64_t crawl_id) {
  Statement s = db.prepare(
      "SELECT url, depth, kind, attempts, not_before FROM frontier WHERE crawl_id = ?1 AND state = 'queued' "
      "ORDER BY queued_at, depth");
  s.bind(1, crawl_id);
  std::vector<FrontierEntry> entries;
  while (s.step()) {
    entries.push_back({s.text(0), static_cast<int>(s.int64(1)), s.text(2), static_cast<int>(s.int64(3)),
                       s.optional_text(4), std::nullopt});
  }
  return entries;
}

std::vector<FrontierEntry> queued_entries(Archive& archive, std::int64_t crawl_id) {
  return queued_entries(connection(archive), crawl_id);
}

std::vector<FrontierEntry> enqueue(Connection& db, std::int64_t crawl_id, const std::vector<FrontierEntry>& entries,
                                   const std::string& now, bool only_due) {
  std::vector<FrontierEntry> fresh;
  // A <lastmod> compares by its text: the site writes the same one for the
  // same state, so a different text means the page changed there.
  Statement s = db.prepare(
      only_due ? "INSERT INTO frontier (crawl_id, url, depth, kind, queued_at) SELECT ?1, ?2, ?3, ?4, ?5 "
                 "WHERE NOT EXISTS (SELECT 1 FROM page WHERE url = ?2 AND last_fetched_at IS NOT NULL "
                 "  AND (state = 'gone' OR (coalesce(next_visit_at, '') > ?5 "
                 "                          AND (?6 IS NULL OR coalesce(listed_modified, ?6) = ?6)))) "
                 "ON CONFLICT (crawl_id, url) DO NOTHING"
               : "INSERT INTO frontier (crawl_id, url, depth, kind, queued_at) VALUES (?1, ?2, ?3, ?4, ?5) "
                 "ON CONFLICT (crawl_id, url) DO NOTHING");
  // The <lastmod> now goes with the page when this run fetches (or fetched)
  // it, whichever link queued it first; a first one seen is the baseline.
  Statement seen = db.prepare(
      "UPDATE page SET listed_modified = ?2 WHERE url = ?1 AND (listed_modified IS NULL "
      "  OR EXISTS (SELECT 1 FROM frontier WHERE crawl_id = ?3 AND url = ?1))");
  for (const FrontierEntry& e : entries) {
    s.reset();
    s.bind(1, crawl_id).bind(2, e.url).bind(3, e.depth).bind(4, e.kind).bind(5, now);
    if (only_due) s.bind(6, e.listed_modified);
    s.run();
    if (db.changes() > 0) fresh.push_back(e);
    if (e.listed_modified) {
      seen.reset();
      seen.bind(1, e.url).bind(2, *e.listed_modified).bind(3, crawl_id).run();
    }
  }
  return fresh;
}

void settle(Connection& db, std::int64_t crawl_id, const std::string& url, const std::string& state, int attempts,
            const std::optional<std::string>& not_before, bool fetched, bool error) {
  db.prepare("UPDATE frontier SET state = ?3, attempts = ?4, not_before = ?5 WHERE crawl_id = ?1 AND url = ?2")
      .bind(1, crawl_id)
      .bind(2, url)
      .bind(3, state)
      .bind(4, attempts)
      .bind(5, not_before)
      .run();
  if (fetched || error)
    db.prepare("UPDATE crawl SET fetched = fetched + ?2, errors = errors + ?3 WHERE id = ?1")
        .bind(1, crawl_id)
        .bind(2, fetched ? 1 : 0)
        .bind(3, error ? 1 : 0)
        .run();
}

std::vector<std::string> earlier_seeds(Archive& archive) {
  Statement s = connection(archive).prepare("SELECT DISTINCT url FROM frontier WHERE depth = 0 ORDER BY url");
  std::vector<std::string> urls;
  while (s.step()) urls.push_back(s.text(0));
  return urls;
}

RunCounts run_counts(Archive& archive, std::int64_t crawl_id) {
  Statement s = connection(archive).prepare("SELECT state, count(*) FROM frontier WHERE crawl_id = ?1 GROUP BY state");
  s.bind(1, crawl_id);
  RunCounts c;
  while (s.step()) {
    std::string state = s.text(0);
    std::int64_t n = s.int64(1);
    if (state == "queued") c.queued = n;
    else if (state == "done") c.done = n;
    else if (state == "failed") c.failed = n;
    else if (state == "disallowed") c.disallowed = n;
  }
  return c;
}

}  // namespace khobao::store
