// Raw bodies, stored once per SHA-256 and zstd-compressed. A page is
// compressed with a similar page of the same site as zstd's prefix (what
// `zstd --patch-from` does): pages of one site share their scripts, styles and
// menus, so most of a page becomes references into the other. The reference
// pages are chosen here, per site, by a sketch of their bytes; each is itself
// stored plain, so any page reads back with at most two decompressions.
#pragma once

#include "store/digest.hpp"
#include "store/sketch.hpp"

#include <zstd.h>

#include <cstdint>
#include <list>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

namespace khobao::store {

class Connection;

// A stored blob that does not decompress to its SHA-256: the archive file was
// damaged outside khobao.
class BlobCorruptError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A body ready to insert: hashed, compressed and checked, before the write
// transaction starts (compression is the slow part; it must not hold the lock).
struct PreparedBlob {
  Sha256 sha256{};
  std::size_t size = 0;
  std::optional<std::int64_t> existing_id;  // already stored: nothing to insert
  std::optional<std::int64_t> reference_id;  // compressed against this blob
  bool new_reference = false;                // stored plain, and becomes a reference of its site
  std::string sketch;                        // encoded, for a new reference
  std::string data;                          // compressed bytes
};

struct ZstdCCtxFree {
  void operator()(ZSTD_CCtx* c) const { ZSTD_freeCCtx(c); }
};
struct ZstdDCtxFree {
  void operator()(ZSTD_DCtx* d) const { ZSTD_freeDCtx(d); }
};

class BlobStore {
 public:
  explicit BlobStore(Connection& db);

  // Hashes and compresses `bytes` for site `site_id` (nullopt: a site not yet
  // in the archive). Reads the archive; writes nothing.
  PreparedBlob prepare(std::optional<std::int64_t> site_id, std::string_view bytes);

  // Inserts a prepared blob inside the caller's transaction (and its reference
  // row if it is a new reference) and returns the blob's id. Another writer may
  // have stored the same bytes meanwhile: then that blob's id.
  std::int64_t insert(const PreparedBlob& blob, std::int64_t site_id, std::string_view now);

  // The bytes of blob `id`, checked against its SHA-256. Throws
  // BlobCorruptError for a damaged blob, std::out_of_range for an unknown id.
  std::string read(std::int64_t id);

 private:
  struct Candidate {
    std::int64_t blob_id;
    double similarity;
  };
  std::optional<Candidate> best_reference(std::int64_t site_id, const Sketch& sketch);
  std::string read_checked(std::int64_t id, bool may_have_reference);
  std::shared_ptr<const std::string> reference_bytes(std::int64_t blob_id);
  std::string compress(std::string_view bytes, std::string_view prefix, int level);
  std::string decompress(std::string_view data, std::size_t size, std::string_view prefix);
  bool round_trips(std::string_view data, std::string_view bytes, std::string_view prefix);

  Connection& db_;
  std::unique_ptr<ZSTD_CCtx, ZstdCCtxFree> cctx_;
  std::unique_ptr<ZSTD_DCtx, ZstdDCtxFree> dctx_;
  // Decompressed references, most recently used first: every page of a site
  // needs one of a few, and decompressing them again would double the cost.
  std::list<std::pair<std::int64_t, std::shared_ptr<const std::string>>> reference_cache_;
};

}  // namespace khobao::store
