// The archive's answers about one page for the crawler and ingest.
#include "store/page_lookup.hpp"

#include "store/archive_connection.hpp"

namespace khobao::store {

Validators page_validators(Archive& archive, std::string_view url) {
  Connection& db = connection(archive);
  Statement s = db.prepare("SELECT etag, last_modified FROM page WHERE url = ?1");
  s.bind(1, url);
  Validators v;
  if (s.step()) {
    v.etag = s.optional_text(0);
    v.last_modified = s.optional_text(1);
  }
  return v;
}

std::optional<CrawlFetch> last_crawl_fetch(Archive& archive, std::string_view url) {
  Connection& db = connection(archive);
  Statement s = db.prepare(
      "SELECT f.id, f.status, f.fetched_at FROM page p JOIN fetch f ON f.page_id = p.id "
      "WHERE p.url = ?1 AND f.source = 'crawl' ORDER BY f.fetched_at DESC, f.id DESC LIMIT 1");
  s.bind(1, url);
  if (!s.step()) return std::nullopt;
  CrawlFetch f;
  f.fetch_id = s.int64(0);
  if (!s.is_null(1)) f.status = static_cast<int>(s.int64(1));
  f.fetched_at = s.text(2);
  return f;
}

std::optional<std::string> last_body(Archive& archive, std::string_view url) {
  Statement s = connection(archive).prepare(
      "SELECT f.blob_id FROM page p JOIN fetch f ON f.page_id = p.id WHERE p.url = ?1 AND f.blob_id IS NOT NULL "
      "ORDER BY f.fetched_at DESC, f.id DESC LIMIT 1");
  s.bind(1, url);
  if (!s.step()) return std::nullopt;
  return archive.blobs().read(s.int64(0));
}

std::string page_kind(Archive& archive, std::int64_t page_id) {
  Statement s = connection(archive).prepare("SELECT kind FROM page WHERE id = ?1");
  s.bind(1, page_id);
  return s.step() ? s.text(0) : std::string();
}

void set_listed_modified(Connection& db, std::int64_t page_id, std::string_view listed_modified) {
  db.prepare("UPDATE page SET listed_modified = ?2 WHERE id = ?1").bind(1, page_id).bind(2, listed_modified).run();
}

bool any_unfinished_crawl(Archive& archive) {
  Connection& db = connection(archive);
  Statement s = db.prepare(
      "SELECT count(*) FROM crawl WHERE finished_at IS NULL AND json_extract(scope, '$.update') IS NULL");
  return s.step() && s.int64(0) > 0;
}

}  // namespace khobao::store
