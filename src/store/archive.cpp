// Opening the archive and storing fetches and versions.
#include "store/archive.hpp"

#include "store/archive_connection.hpp"

#include <fmt/format.h>
#include <unistd.h>
#include <nlohmann/json.hpp>

#include <filesystem>

namespace khobao::store {
namespace {

namespace fs = std::filesystem;

std::string_view sha_bytes(const Sha256& digest) {
  return {reinterpret_cast<const char*>(digest.data()), digest.size()};
}

// Whether this process may write the archive file. No file is opened to
// find out: closing any other descriptor of the archive would drop the
// POSIX locks SQLite holds on it through its own (sqlite.org/howtocorrupt.html,
// 2.2), and another process could then take the archive for unused and
// delete its WAL under this one's connections.
bool writable(const std::string& path) { return ::access(path.c_str(), W_OK) == 0; }

Connection open_connection(const std::string& path, Access access) {
  bool exists = fs::exists(path);
  if (!exists && access == Access::kRead)
    throw ArchiveFormatError(fmt::format("no archive at {} (crawl or import first, or give --archive)", path));
  if (exists) {
    if (fs::is_directory(path)) throw ArchiveFormatError(fmt::format("{} is a directory, not an archive", path));
  } else if (fs::path parent = fs::path(path).parent_path(); !parent.empty()) {
    fs::create_directories(parent);
  }
  bool read_only = exists && !writable(path);
  if (read_only && access == Access::kWrite)
    throw ArchiveFormatError(fmt::format("the archive {} is read-only", path));
  try {
    Connection db(path, read_only ? OpenMode::kReadOnly : OpenMode::kCreate);
    // A writer holds the lock for one fetch's transaction: milliseconds. Wait
    // for it rather than fail (readers never wait in WAL mode).
    db.exec("PRAGMA busy_timeout = 30000");
    int version = checked_schema_version(db);
    if (read_only && version < kSchemaVersion)
      throw ArchiveFormatError(fmt::format("the archive {} has schema {} and is read-only; open it once "
                                           "with write access to migrate it",
                                           path, version));
    if (!read_only) {
      db.exec("PRAGMA journal_mode = WAL");
      // FULL: a commit survives a power cut, not only a crash of khobao.
      db.exec("PRAGMA synchronous = FULL");
      migrate(db);
    }
    db.exec("PRAGMA foreign_keys = ON");
    if (access == Access::kRead) db.exec("PRAGMA query_only = 1");
    return db;
  } catch (const SqliteError& e) {
    // SQLite reads the header before it writes anything: a file that is not
    // an archive is left as it was.
    if ((e.code() & 0xFF) == SQLITE_NOTADB)
      throw ArchiveFormatError(fmt::format("{} is not an SQLite database (not a khobao archive)", path));
    if ((e.code() & 0xFF) == SQLITE_CORRUPT)
      throw ArchiveFormatError(fmt::format("{} is damaged: {}", path, e.what()));
    throw;
  }
}

bool valid_utc_time(const std::string& t) { return parse_utc(t).has_value(); }

std::string json_text(const nlohmann::json& j) {
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

nlohmann::json captions_json(const Article& a) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& c : a.captions) out.push_back({{"text", c.text}, {"image", c.image ? nlohmann::json(*c.image) : nlohmann::json()}});
  return out;
}

nlohmann::json related_json(const Article& a) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& r : a.related)
    out.push_back({{"url", r.url}, {"title", r.title}, {"summary", r.summary ? nlohmann::json(*r.summary) : nlohmann::json()}});
  return out;
}

std::int64_t upsert_site(Connection& db, const std::string& host, const std::string& now) {
  db.prepare("INSERT INTO site (host, first_seen) VALUES (?1, ?2) ON CONFLICT (host) DO NOTHING")
      .bind(1, host)
      .bind(2, now)
      .run();
  Statement s = db.prepare("SELECT id FROM site WHERE host = ?1");
  s.bind(1, host).step();
  return s.int64(0);
}

std::optional<std::int64_t> find_site(Connection& db, const std::string& host) {
  Statement s = db.prepare("SELECT id FROM site WHERE host = ?1");
  s.bind(1, host);
  if (!s.step()) return std::nullopt;
  return s.int64(0);
}

std::int64_t upsert_page(Connection& db, const FetchRecord& f, std::int64_t site_id) {
  db.prepare(
        "INSERT INTO page (site_id, url, kind, discovered_at) VALUES (?1, ?2, ?3, ?4) "
        "ON CONFLICT (url) DO UPDATE SET kind = CASE WHEN excluded.kind = 'unknown' THEN kind "
        "ELSE excluded.kind END")
      .bind(1, site_id)
      .bind(2, f.url)
      .bind(3, f.page_kind)
      .bind(4, f.fetched_at)
      .run();
  Statement s = db.prepare("SELECT id FROM page WHERE url = ?1");
  s.bind(1, f.url).step();
  return s.int64(0);
}

struct NearVersion {
  std::int64_t id;
  int number;
  bool same_content;
};

// The page's version current at `time` (before) or the first after it.
std::optional<NearVersion> near_version(Connection& db, std::int64_t page_id, const std::string& time,
                                        const Sha256& hash, bool after) {
  Statement s = db.prepare(after ? "SELECT id, number, content_hash FROM version WHERE page_id = ?1 AND "
                                   "created_at > ?2 ORDER BY number ASC LIMIT 1"
                                 : "SELECT id, number, content_hash FROM version WHERE page_id = ?1 AND "
                                   "created_at <= ?2 ORDER BY number DESC LIMIT 1");
  s.bind(1, page_id).bind(2, time);
  if (!s.step()) return std::nullopt;
  return NearVersion{s.int64(0), static_cast<int>(s.int64(1)), s.blob(2) == sha_bytes(hash)};
}

bool has_versions(Connection& db, std::int64_t page_id) {
  Statement s = db.prepare("SELECT 1 FROM version WHERE page_id = ?1 LIMIT 1");
  s.bind(1, page_id);
  return s.step();
}

// What the fetch means for the page, before any version logic.
FetchOutcome classify(const FetchRecord& f, const std::optional<Article>& article, bool had_versions) {
  if (f.error || !f.status) return FetchOutcome::kError;
  int status = *f.status;
  if (status == 304) return FetchOutcome::kNotModified;
  if ((status == 404 || status == 410) && had_versions) return FetchOutcome::kGone;
  if (status < 200 || status >= 300 || !f.body) return FetchOutcome::kError;
  if (!article || !storable(*article)) return FetchOutcome::kNoArticle;
  return FetchOutcome::kNewVersion;  // or unchanged: decided against the versions
}

std::int64_t author_id(Connection& db, const std::string& name) {
  db.prepare("INSERT INTO author (name) VALUES (?1) ON CONFLICT (name) DO NOTHING").bind(1, name).run();
  Statement s = db.prepare("SELECT id FROM author WHERE name = ?1");
  s.bind(1, name).step();
  return s.int64(0);
}

void insert_authors_and_links(Connection& db, std::int64_t version_id, const Article& a) {
  Statement add_author = db.prepare("INSERT INTO version_author (version_id, position, author_id) VALUES (?1, ?2, ?3)");
  for (size_t i = 0; i < a.authors.size(); ++i) {
    add_author.reset();
    add_author.bind(1, version_id).bind(2, static_cast<std::int64_t>(i)).bind(3, author_id(db, a.authors[i])).run();
  }
  Statement add_link = db.prepare(
      "INSERT INTO link (page_id, version_id, kind, position, url, title, summary) "
      "SELECT page_id, id, 'related', ?2, ?3, ?4, ?5 FROM version WHERE id = ?1");
  for (size_t i = 0; i < a.related.size(); ++i) {
    const auto& r = a.related[i];
    add_link.reset();
    add_link.bind(1, version_id).bind(2, static_cast<std::int64_t>(i)).bind(3, r.url).bind(4, r.title)
        .bind(5, r.summary).run();
  }
}

// The columns of a version written from its record, in the order both
// statements below list them, bound from parameter `first` on.
constexpr const char* kContentColumns =
    "content_hash, url, site, title, lead, body, captions, source, published_at, updated_at, tags, language, "
    "extractor, failure";
constexpr int kContentColumnCount = 14;

void bind_content(Statement& s, int first, const Sha256& hash, const Article& a) {
  s.bind_blob(first, sha_bytes(hash))
      .bind(first + 1, a.url)
      .bind(first + 2, a.site)
      .bind(first + 3, a.title)
      .bind(first + 4, a.lead)
      .bind(first + 5, a.body)
      .bind(first + 6, json_text(captions_json(a)))
      .bind(first + 7, a.source)
      .bind(first + 8, a.published_at)
      .bind(first + 9, a.updated_at)
      .bind(first + 10, json_text(nlohmann::json(a.tags)))
      .bind(first + 11, a.language)
      .bind(first + 12, a.extractor)
      .bind(first + 13, a.failure);
}

// "?first, ?first+1, ..." for the content columns.
std::string content_parameters(int first) {
  std::string list;
  for (int i = 0; i < kContentColumnCount; ++i) list += fmt::format("{}?{}", i ? ", " : "", first + i);
  return list;
}

std::int64_t insert_version(Connection& db, std::int64_t page_id, int number, std::int64_t fetch_id,
                            const std::string& time, const Sha256& hash, const Article& a) {
  Statement s = db.prepare(fmt::format(
      "INSERT INTO version (page_id, number, fetch_id, created_at, {}) VALUES (?1, ?2, ?3, ?4, {})",
      kContentColumns, content_parameters(5)));
  s.bind(1, page_id).bind(2, number).bind(3, fetch_id).bind(4, time);
  bind_content(s, 5, hash, a);
  s.run();
  std::int64_t version_id = db.last_insert_id();
  insert_authors_and_links(db, version_id, a);
  return version_id;
}

// Makes room for version `number` by moving the later ones up by one. Two
// steps through negative numbers, because UNIQUE (page_id, number) is checked
// row by row.
void shift_versions(Connection& db, std::int64_t page_id, int number) {
  db.prepare("UPDATE version SET number = -(number + 1) WHERE page_id = ?1 AND number >= ?2")
      .bind(1, page_id).bind(2, number).run();
  db.prepare("UPDATE version SET number = -number WHERE page_id = ?1 AND number < 0").bind(1, page_id).run();
}

void update_latest_version(Connection& db, std::int64_t page_id) {
  db.prepare(
        "UPDATE page SET latest_version_id = (SELECT id FROM version WHERE page_id = ?1 "
        "ORDER BY number DESC LIMIT 1) WHERE id = ?1")
      .bind(1, page_id)
      .run();
}

// The extraction failure a fetch records: its record's, when the fetch
// showed a version (new or unchanged); nothing else was extracted as an article.
std::optional<std::string> extraction_failure(FetchOutcome outcome, const std::optional<Article>& article) {
  bool showed_version = outcome == FetchOutcome::kNewVersion || outcome == FetchOutcome::kUnchanged;
  return showed_version && article ? article->failure : std::nullopt;
}

std::int64_t insert_fetch(Connection& db, const FetchRecord& f, std::int64_t page_id,
                          std::optional<std::int64_t> blob_id, FetchOutcome outcome,
                          const std::optional<std::string>& failure) {
  db.prepare(
        "INSERT INTO fetch (page_id, fetched_at, source, url, final_url, status, headers, blob_id, bytes, "
        "duration_ms, outcome, error, crawl_id, extraction_failure) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)")
      .bind(1, page_id)
      .bind(2, f.fetched_at)
      .bind(3, f.source)
      .bind(4, f.url)
      .bind(5, f.final_url)
      .bind(6, f.status)
      .bind(7, f.headers)
      .bind(8, blob_id)
      .bind(9, f.body ? std::optional<std::int64_t>(static_cast<std::int64_t>(f.body->size())) : std::nullopt)
      .bind(10, f.duration_ms)
      .bind(11, outcome_name(outcome))
      .bind(12, f.error)
      .bind(13, f.crawl_id)
      .bind(14, failure)
      .run();
  return db.last_insert_id();
}

void update_page(Connection& db, const FetchRecord& f, std::int64_t page_id, FetchOutcome outcome) {
  const char* state = outcome == FetchOutcome::kGone    ? "gone"
                      : outcome == FetchOutcome::kError ? nullptr
                                                        : "fetched";
  // Only the newest fetch speaks for the page's current state; an imported
  // older copy adds history and nothing else.
  db.prepare(
        "UPDATE page SET "
        "  state = CASE WHEN last_fetched_at > ?2 THEN state "
        "               WHEN ?3 IS NULL THEN (CASE state WHEN 'new' THEN 'failed' ELSE state END) "
        "               ELSE ?3 END, "
        "  gone_at = CASE WHEN ?3 = 'gone' THEN coalesce(gone_at, ?2) ELSE gone_at END, "
        "  last_status = CASE WHEN last_fetched_at > ?2 THEN last_status ELSE ?4 END, "
        "  etag = CASE WHEN last_fetched_at > ?2 OR ?4 = 304 THEN etag ELSE ?5 END, "
        "  last_modified = CASE WHEN last_fetched_at > ?2 OR ?4 = 304 THEN last_modified ELSE ?6 END, "
        "  last_fetched_at = max(coalesce(last_fetched_at, ''), ?2) "
        "WHERE id = ?1")
      .bind(1, page_id)
      .bind(2, f.fetched_at)
      .bind(3, state ? std::optional<std::string>(state) : std::nullopt)
      .bind(4, f.status)
      .bind(5, f.etag)
      .bind(6, f.last_modified)
      .run();
}

void delete_version_rows(Connection& db, std::int64_t version_id) {
  db.prepare("DELETE FROM version_author WHERE version_id = ?1").bind(1, version_id).run();
  db.prepare("DELETE FROM link WHERE version_id = ?1").bind(1, version_id).run();
}

void delete_version(Connection& db, std::int64_t version_id) {
  delete_version_rows(db, version_id);
  db.prepare("DELETE FROM version WHERE id = ?1").bind(1, version_id).run();
}

// Rewrites version `version_id` in place with a new content: same id and
// number, so links to it stay valid; the triggers update the text index.
void replace_version(Connection& db, std::int64_t version_id, std::int64_t fetch_id, const std::string& time,
                     const Sha256& hash, const Article& a) {
  Statement s = db.prepare(fmt::format(
      "UPDATE version SET fetch_id = ?2, created_at = ?3, ({}) = ({}) WHERE id = ?1", kContentColumns,
      content_parameters(4)));
  s.bind(1, version_id).bind(2, fetch_id).bind(3, time);
  bind_content(s, 4, hash, a);
  s.run();
  delete_version_rows(db, version_id);
  insert_authors_and_links(db, version_id, a);
}

}  // namespace

const char* outcome_name(FetchOutcome outcome) {
  switch (outcome) {
    case FetchOutcome::kNewVersion: return "new-version";
    case FetchOutcome::kUnchanged: return "unchanged";
    case FetchOutcome::kNotModified: return "not-modified";
    case FetchOutcome::kNoArticle: return "no-article";
    case FetchOutcome::kGone: return "gone";
    case FetchOutcome::kError: return "error";
  }
  return "error";
}

Sha256 content_hash(const Article& a) {
  nlohmann::json content = {
      {"title", a.title ? nlohmann::json(*a.title) : nlohmann::json()},
      {"lead", a.lead ? nlohmann::json(*a.lead) : nlohmann::json()},
      {"body", a.body},
      {"authors", a.authors},
      {"published_at", a.published_at ? nlohmann::json(*a.published_at) : nlohmann::json()},
      {"updated_at", a.updated_at ? nlohmann::json(*a.updated_at) : nlohmann::json()},
      {"captions", captions_json(a)},
      {"related", related_json(a)},
  };
  // The failure flag is left out on purpose: it says how well khobao read the
  // page, not what the publisher wrote. A flag that comes or goes while the
  // text stays the same (a better extractor deciding that a body is short
  // after all) must not make a version the publisher never wrote; it is
  // updated on the version in place instead (store_fetch, rebuild_versions).
  // A reextract that turns a failure into a whole article changes the body,
  // and so the hash, anyway.
  return sha256(json_text(content));  // keys sorted: the same content, the same hash
}

bool storable(const Article& a) { return !a.body.empty() || a.failure.has_value(); }

Archive::Archive(const std::string& path, Access access)
    : path_(path),
      db_(std::make_unique<Connection>(open_connection(path, access))),
      blobs_(std::make_unique<BlobStore>(*db_)) {}

Archive::~Archive() = default;

Connection& connection(Archive& archive) { return *archive.db_; }

void Archive::in_transaction(const std::function<void(Connection& db)>& work) {
  Transaction t(*db_);
  work(*db_);
  t.commit();
}

ReadSnapshot::ReadSnapshot(Archive& archive) : transaction_(std::make_unique<ReadTransaction>(connection(archive))) {}

ReadSnapshot::~ReadSnapshot() = default;

PreparedBlob Archive::prepare_body(const std::string& site, std::string_view body) {
  return blobs_->prepare(find_site(*db_, site), body);
}

StoredFetch Archive::store_fetch(const FetchRecord& f, const std::optional<Article>& article,
                                 const InTransaction& also, std::optional<PreparedBlob> blob) {
  if (!valid_utc_time(f.fetched_at))
    throw std::invalid_argument(fmt::format("fetch time '{}' is not ISO 8601 UTC (YYYY-MM-DDTHH:MM:SSZ)", f.fetched_at));
  if (!f.body) blob.reset();
  else if (!blob) blob = prepare_body(f.site, *f.body);

  Transaction t(*db_);
  StoredFetch stored;
  std::string now = utc_now();
  std::int64_t site_id = upsert_site(*db_, f.site, f.fetched_at < now ? f.fetched_at : now);
  stored.page_id = upsert_page(*db_, f, site_id);
  std::optional<std::int64_t> blob_id;
  if (blob) blob_id = blobs_->insert(*blob, site_id, now);
  stored.outcome = classify(f, article, has_versions(*db_, stored.page_id));

  std::optional<Sha256> hash;
  std::optional<NearVersion> before, after;
  if (stored.outcome == FetchOutcome::kNewVersion) {
    hash = content_hash(*article);
    before = near_version(*db_, stored.page_id, f.fetched_at, *hash, false);
    after = near_version(*db_, stored.page_id, f.fetched_at, *hash, true);
    if ((before && before->same_content) || (after && after->same_content))
      stored.outcome = FetchOutcome::kUnchanged;
  }
  stored.fetch_id = insert_fetch(*db_, f, stored.page_id, blob_id, stored.outcome,
                                 extraction_failure(stored.outcome, article));

  if (stored.outcome == FetchOutcome::kNewVersion) {
    int number = before ? before->number + 1 : 1;
    if (after) shift_versions(*db_, stored.page_id, number);
    stored.version_id = insert_version(*db_, stored.page_id, number, stored.fetch_id, f.fetched_at, *hash, *article);
    stored.version_number = number;
    update_latest_version(*db_, stored.page_id);
  } else if (stored.outcome == FetchOutcome::kUnchanged) {
    bool seen_before = before && before->same_content;
    const NearVersion& same = seen_before ? *before : *after;
    if (!seen_before) {
      // An older copy of the next version: that content was first seen now.
      db_->prepare("UPDATE version SET fetch_id = ?1, created_at = ?2 WHERE id = ?3")
          .bind(1, stored.fetch_id).bind(2, f.fetched_at).bind(3, same.id).run();
    }
    // The same text, read again: the flag follows the newest reading of it.
    db_->prepare("UPDATE version SET failure = ?1 WHERE id = ?2 AND failure IS NOT ?1")
        .bind(1, article->failure).bind(2, same.id).run();
    stored.version_id = same.id;
    stored.version_number = same.number;
  }
  update_page(*db_, f, stored.page_id, stored.outcome);
  if (also) also(*db_, stored);
  t.commit();
  return stored;
}

std::vector<Archive::StoredBody> Archive::bodies_of_page(std::int64_t page_id) {
  Statement s = db_->prepare(
      "SELECT id, fetched_at, url, blob_id, coalesce(headers, '') FROM fetch WHERE page_id = ?1 "
      "AND blob_id IS NOT NULL AND status BETWEEN 200 AND 299 ORDER BY fetched_at, id");
  s.bind(1, page_id);
  std::vector<StoredBody> bodies;
  while (s.step()) bodies.push_back({s.int64(0), s.text(1), s.text(2), s.int64(3), s.text(4)});
  return bodies;
}

std::optional<Archive::StoredBody> Archive::body_of_fetch(std::int64_t fetch_id) {
  Statement s = db_->prepare(
      "SELECT id, fetched_at, url, blob_id, coalesce(headers, '') FROM fetch WHERE id = ?1 "
      "AND blob_id IS NOT NULL AND status BETWEEN 200 AND 299");
  s.bind(1, fetch_id);
  if (!s.step()) return std::nullopt;
  return StoredBody{s.int64(0), s.text(1), s.text(2), s.int64(3), s.text(4)};
}

std::vector<std::int64_t> Archive::page_ids(const std::optional<std::string>& site) {
  Statement s = db_->prepare(site ? "SELECT page.id FROM page JOIN site ON site.id = page.site_id "
                                   "WHERE site.host = ?1 ORDER BY page.id"
                                 : "SELECT id FROM page ORDER BY id");
  if (site) s.bind(1, *site);
  std::vector<std::int64_t> ids;
  while (s.step()) ids.push_back(s.int64(0));
  return ids;
}

Archive::RebuildCounts Archive::rebuild_versions(std::int64_t page_id, const std::vector<ChainEntry>& chain,
                                                 const std::vector<FetchLabel>& labels) {
  struct Old {
    std::int64_t id;
    std::int64_t fetch_id;
    std::string hash;
    std::optional<std::string> failure;
  };
  Transaction t(*db_);
  std::vector<Old> old;
  {
    Statement s = db_->prepare(
        "SELECT id, fetch_id, content_hash, failure FROM version WHERE page_id = ?1 ORDER BY number");
    s.bind(1, page_id);
    while (s.step()) old.push_back({s.int64(0), s.int64(1), s.text(2), s.optional_text(3)});
  }
  RebuildCounts counts;
  counts.flagged_before = !old.empty() && old.back().failure.has_value();
  counts.flagged_after = !chain.empty() && chain.back().article.failure.has_value();
  // The page must not point at a version while versions are rewritten.
  db_->prepare("UPDATE page SET latest_version_id = NULL WHERE id = ?1").bind(1, page_id).run();
  for (size_t i = 0; i < std::max(old.size(), chain.size()); ++i) {
    int number = static_cast<int>(i) + 1;
    if (i >= chain.size()) {
      delete_version(*db_, old[i].id);
      ++counts.removed;
      continue;
    }
    const ChainEntry& entry = chain[i];
    Sha256 hash = content_hash(entry.article);
    if (i >= old.size()) {
      insert_version(*db_, page_id, number, entry.fetch_id, entry.fetched_at, hash, entry.article);
      ++counts.added;
    } else if (old[i].hash != sha_bytes(hash) || old[i].fetch_id != entry.fetch_id) {
      replace_version(*db_, old[i].id, entry.fetch_id, entry.fetched_at, hash, entry.article);
      ++counts.updated;
    } else if (old[i].failure != entry.article.failure) {
      // The same text, read better (or worse): only the flag changes.
      db_->prepare("UPDATE version SET failure = ?1 WHERE id = ?2")
          .bind(1, entry.article.failure).bind(2, old[i].id).run();
      ++counts.updated;
    }
  }
  Statement label = db_->prepare("UPDATE fetch SET outcome = ?1, extraction_failure = ?2 WHERE id = ?3 AND page_id = ?4");
  for (const FetchLabel& l : labels) {
    label.reset();
    label.bind(1, outcome_name(l.outcome)).bind(2, l.failure).bind(3, l.fetch_id).bind(4, page_id).run();
  }
  update_latest_version(*db_, page_id);
  t.commit();
  return counts;
}

std::optional<std::int64_t> find_page(Archive& archive, std::string_view url_or_id) {
  Connection& db = connection(archive);
  bool numeric = !url_or_id.empty() && url_or_id.size() < 19 &&
                 url_or_id.find_first_not_of("0123456789") == std::string_view::npos;
  Statement s = db.prepare(numeric ? "SELECT id FROM page WHERE id = ?1" : "SELECT id FROM page WHERE url = ?1");
  if (numeric) s.bind(1, static_cast<std::int64_t>(std::stoll(std::string(url_or_id))));
  else s.bind(1, url_or_id);
  if (!s.step()) return std::nullopt;
  return s.int64(0);
}

}  // namespace khobao::store
