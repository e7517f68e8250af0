// The schema, as a list of migrations: migration N brings an archive from
// user_version N-1 to N. Never edit a migration that has shipped; add one.
#include "store/schema.hpp"

#include "store/sqlite.hpp"

#include <fmt/format.h>

#include <array>

namespace khobao::store {
namespace {

// Version 1: sites, pages, fetches, raw bodies, versions and their authors and links.
constexpr const char* kMigration1 = R"sql(
CREATE TABLE site (
  id          INTEGER PRIMARY KEY,
  host        TEXT NOT NULL UNIQUE,      -- lower case, "www." folded: baohatinh.vn
  first_seen  TEXT NOT NULL              -- ISO 8601 UTC
);

CREATE TABLE page (
  id                INTEGER PRIMARY KEY,
  site_id           INTEGER NOT NULL REFERENCES site(id),
  url               TEXT NOT NULL UNIQUE,  -- normalized: one article, one page
  kind              TEXT NOT NULL DEFAULT 'unknown'
                    CHECK (kind IN ('article', 'listing', 'feed', 'sitemap', 'other', 'unknown')),
  state             TEXT NOT NULL DEFAULT 'new'
                    CHECK (state IN ('new', 'fetched', 'failed', 'gone')),
  discovered_at     TEXT NOT NULL,
  last_fetched_at   TEXT,
  last_status       INTEGER,
  etag              TEXT,                  -- for conditional GET
  last_modified     TEXT,
  next_visit_at     TEXT,
  gone_at           TEXT,                  -- first 404/410 after it existed
  latest_version_id INTEGER REFERENCES version(id)
);
CREATE INDEX page_site ON page(site_id);
CREATE INDEX page_next_visit ON page(next_visit_at);

-- Raw bodies, once per SHA-256, zstd-compressed. codec 'zstd+ref' was
-- compressed with the blob reference_id as zstd's prefix (a similar page of the
-- same site); that blob is itself plain 'zstd'.
CREATE TABLE blob (
  id            INTEGER PRIMARY KEY,
  sha256        BLOB NOT NULL UNIQUE CHECK (length(sha256) = 32),
  size          INTEGER NOT NULL,         -- bytes before compression
  codec         TEXT NOT NULL CHECK (codec IN ('zstd', 'zstd+ref')),
  reference_id  INTEGER REFERENCES blob(id),
  data          BLOB NOT NULL,
  CHECK ((codec = 'zstd+ref') = (reference_id IS NOT NULL))
);
CREATE INDEX blob_reference ON blob(reference_id);

-- Blobs chosen as compression references, per site, with a sketch of their
-- bytes to find the most similar reference for a new page.
CREATE TABLE reference (
  blob_id     INTEGER PRIMARY KEY REFERENCES blob(id),
  site_id     INTEGER NOT NULL REFERENCES site(id),
  sketch      BLOB NOT NULL,
  created_at  TEXT NOT NULL
);
CREATE INDEX reference_site ON reference(site_id);

-- Raw bodies are the source of truth: never changed, never deleted.
CREATE TRIGGER blob_immutable BEFORE UPDATE ON blob
BEGIN SELECT RAISE(ABORT, 'blobs are immutable'); END;
CREATE TRIGGER blob_undeletable BEFORE DELETE ON blob
BEGIN SELECT RAISE(ABORT, 'blobs are never deleted'); END;
CREATE TRIGGER reference_immutable BEFORE UPDATE ON reference
BEGIN SELECT RAISE(ABORT, 'references are immutable'); END;
CREATE TRIGGER reference_undeletable BEFORE DELETE ON reference
BEGIN SELECT RAISE(ABORT, 'references are never deleted'); END;

-- Every attempt to fetch a page, and every page imported.
CREATE TABLE fetch (
  id           INTEGER PRIMARY KEY,
  page_id      INTEGER NOT NULL REFERENCES page(id),
  fetched_at   TEXT NOT NULL,              -- ISO 8601 UTC
  source       TEXT NOT NULL CHECK (source IN ('crawl', 'import')),
  url          TEXT NOT NULL,              -- as requested
  final_url    TEXT,                       -- after redirects
  status       INTEGER,                    -- HTTP status; NULL when there was no response
  headers      TEXT,                       -- response header lines as received
  blob_id      INTEGER REFERENCES blob(id),
  bytes        INTEGER,                    -- body size, decoded
  duration_ms  INTEGER,
  outcome      TEXT NOT NULL CHECK (outcome IN
               ('new-version', 'unchanged', 'not-modified', 'no-article', 'gone', 'error')),
  error        TEXT
);
CREATE INDEX fetch_page ON fetch(page_id, fetched_at);
CREATE INDEX fetch_blob ON fetch(blob_id);

-- Versions of an article: a new one only when the content changed.
CREATE TABLE version (
  id            INTEGER PRIMARY KEY,
  page_id       INTEGER NOT NULL REFERENCES page(id),
  number        INTEGER NOT NULL,           -- 1, 2, ... per page
  fetch_id      INTEGER NOT NULL REFERENCES fetch(id),  -- the fetch that first showed it
  created_at    TEXT NOT NULL,              -- that fetch's time
  content_hash  BLOB NOT NULL,              -- SHA-256 of the content fields
  url           TEXT,                       -- the record's fields (DESIGN.md)
  site          TEXT,
  title         TEXT,
  lead          TEXT,
  body          TEXT NOT NULL,
  captions      TEXT NOT NULL DEFAULT '[]', -- JSON [{"text", "image"}]
  source        TEXT,
  published_at  TEXT,
  updated_at    TEXT,
  tags          TEXT NOT NULL DEFAULT '[]', -- JSON ["..."]
  language      TEXT,
  extractor     TEXT NOT NULL,
  UNIQUE (page_id, number)
);
CREATE INDEX version_published ON version(published_at);

CREATE TABLE author (
  id    INTEGER PRIMARY KEY,
  name  TEXT NOT NULL UNIQUE
);

CREATE TABLE version_author (
  version_id  INTEGER NOT NULL REFERENCES version(id),
  position    INTEGER NOT NULL,
  author_id   INTEGER NOT NULL REFERENCES author(id),
  PRIMARY KEY (version_id, position)
);
CREATE INDEX version_author_author ON version_author(author_id);

-- Links out of a page: an article's related links (with the version that
-- carries them) and, later, links the crawler discovered.
CREATE TABLE link (
  id          INTEGER PRIMARY KEY,
  page_id     INTEGER NOT NULL REFERENCES page(id),
  version_id  INTEGER REFERENCES version(id),
  kind        TEXT NOT NULL CHECK (kind IN ('related', 'discovered')),
  position    INTEGER NOT NULL,
  url         TEXT NOT NULL,
  title       TEXT,
  summary     TEXT
);
CREATE INDEX link_version ON link(version_id);
CREATE INDEX link_url ON link(url);
)sql";

// Version 2: the full-text index over title, lead and body of every version.
// unicode61 with remove_diacritics 2 folds case and Vietnamese tone and vowel
// marks, so "thach ha" finds "Thạch Hà" even from a plain sqlite3 shell; đ has
// no decomposition, and khobao's search expands d to đ in queries itself.
// External content: the text lives once, in version; triggers keep the index.
constexpr const char* kMigration2 = R"sql(
CREATE VIRTUAL TABLE version_fts USING fts5(
  title, lead, body,
  content = 'version', content_rowid = 'id',
  tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER version_fts_insert AFTER INSERT ON version BEGIN
  INSERT INTO version_fts (rowid, title, lead, body) VALUES (new.id, new.title, new.lead, new.body);
END;
CREATE TRIGGER version_fts_delete AFTER DELETE ON version BEGIN
  INSERT INTO version_fts (version_fts, rowid, title, lead, body)
  VALUES ('delete', old.id, old.title, old.lead, old.body);
END;
CREATE TRIGGER version_fts_update AFTER UPDATE OF title, lead, body ON version BEGIN
  INSERT INTO version_fts (version_fts, rowid, title, lead, body)
  VALUES ('delete', old.id, old.title, old.lead, old.body);
  INSERT INTO version_fts (rowid, title, lead, body) VALUES (new.id, new.title, new.lead, new.body);
END;
INSERT INTO version_fts (version_fts) VALUES ('rebuild');
)sql";

// Version 3: the crawler's runs and frontier. The frontier lives in the
// archive so that a crawl killed at any moment resumes where it stopped: a
// URL is marked done in the same transaction that stores its fetch, and the
// links a page yields are queued in that transaction too.
constexpr const char* kMigration3 = R"sql(
CREATE TABLE crawl (
  id           INTEGER PRIMARY KEY,
  scope        TEXT NOT NULL,         -- what was asked (sites, seeds, limits) as JSON; a rerun of the same resumes
  started_at   TEXT NOT NULL,
  finished_at  TEXT,                  -- NULL while it runs, or when it was killed
  fetched      INTEGER NOT NULL DEFAULT 0,
  errors       INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX crawl_scope ON crawl(scope, finished_at);

CREATE TABLE frontier (
  crawl_id     INTEGER NOT NULL REFERENCES crawl(id),
  url          TEXT NOT NULL,         -- normalized
  depth        INTEGER NOT NULL,      -- links followed from a seed
  kind         TEXT NOT NULL,         -- what the URL looked like when queued (page.kind values)
  state        TEXT NOT NULL DEFAULT 'queued'
               CHECK (state IN ('queued', 'done', 'failed', 'disallowed')),
  attempts     INTEGER NOT NULL DEFAULT 0,
  not_before   TEXT,                  -- ISO 8601 UTC: a retry waits until then
  queued_at    TEXT NOT NULL,
  PRIMARY KEY (crawl_id, url)
) WITHOUT ROWID;
CREATE INDEX frontier_queued ON frontier(crawl_id, state);
)sql";

// Schedules (khobao update): which run made a fetch, how many visits found an
// article unchanged (the step of its revisit back-off), the sitemap <lastmod>
// that goes with its latest fetch, and a quick way to the seeds of earlier
// crawls.
constexpr const char* kMigration4 = R"sql(
ALTER TABLE fetch ADD COLUMN crawl_id INTEGER REFERENCES crawl(id);  -- NULL for imports
CREATE INDEX fetch_crawl ON fetch(crawl_id);
ALTER TABLE page ADD COLUMN unchanged_visits INTEGER NOT NULL DEFAULT 0;
ALTER TABLE page ADD COLUMN listed_modified TEXT;  -- the <lastmod> of a sitemap when the page was fetched
CREATE INDEX frontier_seed ON frontier(url) WHERE depth = 0;
)sql";

// Extraction failures: an article page whose record is not the whole article
// (Article::failure: "no body", "short body: ...") is kept as a
// version with what was found, flagged in version.failure (NULL: whole), so
// that it is never lost silently and reextract can mend it later. The fetch
// that gave such a record says so too, so that a run's failures are counted
// from its own fetches. The partial index keeps listing the flagged versions
// cheap: few are flagged among millions.
constexpr const char* kMigration5 = R"sql(
ALTER TABLE version ADD COLUMN failure TEXT;
ALTER TABLE fetch ADD COLUMN extraction_failure TEXT;
CREATE INDEX version_failure ON version(page_id) WHERE failure IS NOT NULL;
)sql";

constexpr std::array<const char*, kSchemaVersion> kMigrations = {kMigration1, kMigration2, kMigration3, kMigration4,
                                                                 kMigration5};

int pragma_int(Connection& db, const char* pragma) {
  Statement s = db.prepare(fmt::format("PRAGMA {}", pragma));
  return s.step() ? static_cast<int>(s.int64(0)) : 0;
}

bool has_tables(Connection& db) {
  Statement s = db.prepare("SELECT count(*) FROM sqlite_schema");
  s.step();
  return s.int64(0) > 0;
}

}  // namespace

int checked_schema_version(Connection& db) {
  int application_id = pragma_int(db, "application_id");
  int version = pragma_int(db, "user_version");
  if (application_id == 0 && version == 0 && !has_tables(db)) return 0;  // a new, empty file
  if (application_id != kApplicationId)
    throw ArchiveFormatError("not a khobao archive (an SQLite database of another program)");
  if (version > kSchemaVersion)
    throw ArchiveFormatError(fmt::format(
        "archive schema version {} is newer than this khobao knows ({}); use a newer khobao", version,
        kSchemaVersion));
  return version;
}

void migrate_to(Connection& db, int target) {
  int version = checked_schema_version(db);
  if (version >= target) return;
  Transaction t(db);
  // Another process may have migrated while this one waited for the lock.
  version = checked_schema_version(db);
  for (int v = version; v < target; ++v) db.exec(kMigrations[static_cast<size_t>(v)]);
  db.exec(fmt::format("PRAGMA application_id = {}", kApplicationId).c_str());
  db.exec(fmt::format("PRAGMA user_version = {}", target).c_str());
  t.commit();
}

void migrate(Connection& db) { migrate_to(db, kSchemaVersion); }

}  // namespace khobao::store
