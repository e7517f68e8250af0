// The archive: one SQLite file holding every fetch, every raw body and every
// version of every page. Open it, store fetches into it; search.hpp,
// history.hpp and export.hpp read it.
#pragma once

#include "core/article.hpp"
#include "core/fetch_record.hpp"
#include "store/blob_store.hpp"
#include "store/clock.hpp"
#include "store/schema.hpp"
#include "store/sqlite_error.hpp"

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace khobao::store {

// The archive's SQLite connection. Outside store it is only a handle passed
// back to store's functions inside a transaction (Archive::store_fetch's
// `also`, Archive::in_transaction); store/sqlite.hpp is store's own.
class Connection;
class ReadTransaction;

enum class Access { kRead, kWrite };

enum class FetchOutcome { kNewVersion, kUnchanged, kNotModified, kNoArticle, kGone, kError };

// The outcome's name as the fetch table stores it: "new-version", "unchanged"...
const char* outcome_name(FetchOutcome outcome);

struct StoredFetch {
  FetchOutcome outcome = FetchOutcome::kError;
  std::int64_t page_id = 0;
  std::int64_t fetch_id = 0;
  std::optional<std::int64_t> version_id;  // the version this fetch showed
  int version_number = 0;
};

// The SHA-256 of the fields whose change makes a new version: title, lead,
// body, authors, dates, captions, related links (not tags, not the extractor,
// not the failure flag: see archive.cpp).
Sha256 content_hash(const Article& article);

// Whether a record may become a version: it has a body, or it is flagged as an
// extraction failure (Article::failure), which keeps what was found
// of an article even when its body was not.
bool storable(const Article& article);

class Archive {
 public:
  // Opens the archive at `path`. kWrite creates it (and its folder) if absent;
  // kRead requires it. Older schemas are migrated when the file is writable.
  // Throws ArchiveFormatError for a file that is not a khobao archive, is
  // damaged, or comes from a newer khobao, having written nothing to it.
  Archive(const std::string& path, Access access);
  ~Archive();
  Archive(const Archive&) = delete;
  Archive& operator=(const Archive&) = delete;

  // Stores one fetch and, for an article, its version if the content changed,
  // all in one transaction. The body is compressed before the transaction
  // begins. A fetch older than the page's latest version (an import of an
  // older copy) takes its place in the page's history by time.
  // `also`, if given, runs inside that transaction after the fetch is
  // written, so that a caller's own bookkeeping (the crawler's frontier)
  // commits or rolls back with it.
  // `blob`, if given, is the body already hashed and compressed by
  // prepare_body() (on another thread, with another connection): the writer
  // then only inserts it.
  using InTransaction = std::function<void(Connection& db, const StoredFetch& stored)>;
  StoredFetch store_fetch(const FetchRecord& fetch, const std::optional<Article>& article,
                          const InTransaction& also = {}, std::optional<PreparedBlob> blob = std::nullopt);

  // Hashes and compresses a body of `site` for store_fetch(). Reads the
  // archive, writes nothing: any connection may do it, so that compression,
  // the slow part of storing, runs beside the one writer.
  PreparedBlob prepare_body(const std::string& site, std::string_view body);

  // The successful fetches of a page that kept a body, oldest first: what
  // reextract replays.
  struct StoredBody {
    std::int64_t fetch_id;
    std::string fetched_at;
    std::string url;
    std::int64_t blob_id;
    std::string headers;
  };
  std::vector<StoredBody> bodies_of_page(std::int64_t page_id);
  // The body fetch `fetch_id` kept, if it kept one (a 2xx with a body).
  std::optional<StoredBody> body_of_fetch(std::int64_t fetch_id);

  // Ids of every page (of `site` only, if given), in id order.
  std::vector<std::int64_t> page_ids(const std::optional<std::string>& site);

  // One version as rebuilt from the raw bodies: the fetch that first showed it.
  struct ChainEntry {
    std::int64_t fetch_id;
    std::string fetched_at;
    Article article;
  };
  // What a fetch gives when its body is extracted again.
  struct FetchLabel {
    std::int64_t fetch_id;
    FetchOutcome outcome;
    std::optional<std::string> failure;  // the record's extraction failure, for a version's fetch
  };
  struct RebuildCounts {
    std::int64_t updated = 0, added = 0, removed = 0;
    // Whether the page's latest version was flagged as an extraction failure
    // before and after the rebuild.
    bool flagged_before = false, flagged_after = false;
    bool changed() const { return updated + added + removed > 0; }
  };
  // Makes the page's versions equal `chain` (consecutive distinct contents,
  // oldest first) and labels its fetches with `labels`, in one transaction.
  // Versions whose content, first fetch and failure flag are unchanged are not
  // written.
  RebuildCounts rebuild_versions(std::int64_t page_id, const std::vector<ChainEntry>& chain,
                                 const std::vector<FetchLabel>& labels);

  // Runs `work` in one write transaction on the archive's connection: it
  // commits if `work` returns, rolls back if it throws (and rethrows). For
  // store functions that run in the caller's transaction (enqueue, settle...).
  void in_transaction(const std::function<void(Connection& db)>& work);

  BlobStore& blobs() { return *blobs_; }
  const std::string& path() const { return path_; }

 private:
  friend Connection& connection(Archive& archive);  // store/archive_connection.hpp

  std::string path_;
  std::unique_ptr<Connection> db_;
  std::unique_ptr<BlobStore> blobs_;
};

// A read transaction on an archive: every query in its scope sees the same
// snapshot of the file, whatever writers commit meanwhile (WAL mode), so a
// command or a request that reads with several queries never mixes two
// states of the archive.
class ReadSnapshot {
 public:
  explicit ReadSnapshot(Archive& archive);
  ~ReadSnapshot();
  ReadSnapshot(const ReadSnapshot&) = delete;
  ReadSnapshot& operator=(const ReadSnapshot&) = delete;

 private:
  std::unique_ptr<ReadTransaction> transaction_;
};

// The id of the page named by `url_or_id`: a page id or its (normalized) URL.
// nullopt when the archive has no such page. Reads the page table.
std::optional<std::int64_t> find_page(Archive& archive, std::string_view url_or_id);

}  // namespace khobao::store
