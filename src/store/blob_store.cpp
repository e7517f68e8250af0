// Storing and reading raw bodies; see blob_store.hpp for the scheme.
#include "store/blob_store.hpp"

#include "store/sqlite.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <bit>
#include <memory>
#include <stdexcept>

namespace khobao::store {
namespace {

// Below this size a body is stored plain: a reference would cost more to find
// than it saves (robots.txt, redirects, error pages).
constexpr std::size_t kMinReferencedSize = 4096;
// A page less similar than this to every reference of its site starts a new
// reference: another template, or the site after a redesign.
constexpr double kMinSimilarity = 0.25;
// Bounds the search for a reference; past it, the best existing one is used.
constexpr int kMaxReferencesPerSite = 64;
constexpr std::size_t kReferenceCacheSize = 32;
// Pages compressed against a reference are small and many, and compressed on
// the crawler's hot path: the reference does the work, and level 3 costs a
// third of level 12's CPU for a fifth more bytes (3.9 KB against 3.1 KB a page
// on the generated news site). References and pages without one get level
// 12: on a 466 KB page level 19 saved 3% over 12 for 36 times the CPU (0.36 s
// against 0.01 s), and a crawl creates up to 64 references per site.
constexpr int kLevelWithReference = 3;
constexpr int kLevelPlain = 12;
// Past this size a body gets level 3 whatever it is: level 12's tables for a
// big input take 48 MB (kept by the context after) and seconds of CPU, for
// pages that are hostile or freak (a million links) more often than news.
constexpr std::size_t kMaxSizeForHighLevel = 4u << 20;
constexpr int kMaxWindowLog = 27;  // 128 MiB, zstd's default decoding limit
constexpr int kMinWindowLog = 20;  // 1 MiB: what zstd picks for these levels anyway

void check_zstd(size_t rc, const char* doing) {
  if (ZSTD_isError(rc)) throw std::runtime_error(fmt::format("zstd {}: {}", doing, ZSTD_getErrorName(rc)));
}

// A window that covers prefix and page, so matches can reach back into the prefix.
int window_log_for(std::size_t total) {
  int log = std::max(kMinWindowLog, static_cast<int>(std::bit_width(total)));
  return std::min(log, kMaxWindowLog);
}

std::int64_t count_references(Connection& db, std::int64_t site_id) {
  Statement s = db.prepare("SELECT count(*) FROM reference WHERE site_id = ?1");
  s.bind(1, site_id).step();
  return s.int64(0);
}

}  // namespace

BlobStore::BlobStore(Connection& db) : db_(db), cctx_(ZSTD_createCCtx()), dctx_(ZSTD_createDCtx()) {
  if (!cctx_ || !dctx_) throw std::bad_alloc();
  check_zstd(ZSTD_DCtx_setParameter(dctx_.get(), ZSTD_d_windowLogMax, kMaxWindowLog), "window");
}

std::string BlobStore::compress(std::string_view bytes, std::string_view prefix, int level) {
  ZSTD_CCtx* c = cctx_.get();
  check_zstd(ZSTD_CCtx_reset(c, ZSTD_reset_session_and_parameters), "reset");
  check_zstd(ZSTD_CCtx_setParameter(c, ZSTD_c_compressionLevel, level), "level");
  check_zstd(ZSTD_CCtx_setParameter(c, ZSTD_c_checksumFlag, 1), "checksum");
  if (!prefix.empty()) {
    check_zstd(ZSTD_CCtx_setParameter(c, ZSTD_c_windowLog, window_log_for(prefix.size() + bytes.size())),
               "window");
    check_zstd(ZSTD_CCtx_refPrefix(c, prefix.data(), prefix.size()), "prefix");
  }
  // Uninitialized: the bound is the page's size again, and pages never
  // written to never take memory (a 58 MB page compresses to a few MB).
  size_t bound = ZSTD_compressBound(bytes.size());
  std::unique_ptr<char[]> out(new char[bound]);
  size_t n = ZSTD_compress2(c, out.get(), bound, bytes.data(), bytes.size());
  check_zstd(n, "compress");
  return std::string(out.get(), n);
}

// Whether `data` decompresses to exactly `bytes`, a piece at a time, so that
// checking a big page costs no second copy of it.
bool BlobStore::round_trips(std::string_view data, std::string_view bytes, std::string_view prefix) {
  ZSTD_DCtx* d = dctx_.get();
  check_zstd(ZSTD_DCtx_reset(d, ZSTD_reset_session_only), "reset");
  if (!prefix.empty()) check_zstd(ZSTD_DCtx_refPrefix(d, prefix.data(), prefix.size()), "prefix");
  std::string piece(1 << 20, '\0');
  ZSTD_inBuffer in{data.data(), data.size(), 0};
  size_t at = 0;
  while (true) {
    ZSTD_outBuffer out{piece.data(), piece.size(), 0};
    size_t rc = ZSTD_decompressStream(d, &out, &in);
    if (ZSTD_isError(rc) || at + out.pos > bytes.size() ||
        bytes.substr(at, out.pos) != std::string_view(piece.data(), out.pos))
      return false;
    at += out.pos;
    if (rc == 0) return at == bytes.size() && in.pos == in.size;
    if (out.pos == 0 && in.pos == in.size) return false;  // truncated
  }
}

std::string BlobStore::decompress(std::string_view data, std::size_t size, std::string_view prefix) {
  ZSTD_DCtx* d = dctx_.get();
  check_zstd(ZSTD_DCtx_reset(d, ZSTD_reset_session_only), "reset");
  if (!prefix.empty()) check_zstd(ZSTD_DCtx_refPrefix(d, prefix.data(), prefix.size()), "prefix");
  std::string out(size, '\0');
  size_t n = ZSTD_decompressDCtx(d, out.data(), out.size(), data.data(), data.size());
  if (ZSTD_isError(n) || n != size)
    throw BlobCorruptError(fmt::format("blob does not decompress: {}",
                                       ZSTD_isError(n) ? ZSTD_getErrorName(n) : "wrong size"));
  return out;
}

std::optional<BlobStore::Candidate> BlobStore::best_reference(std::int64_t site_id, const Sketch& sketch) {
  Statement s = db_.prepare("SELECT blob_id, sketch FROM reference WHERE site_id = ?1");
  s.bind(1, site_id);
  std::optional<Candidate> best;
  while (s.step()) {
    double sim = similarity(sketch, decode_sketch(s.blob(1)));
    if (!best || sim > best->similarity) best = Candidate{s.int64(0), sim};
  }
  return best;
}

PreparedBlob BlobStore::prepare(std::optional<std::int64_t> site_id, std::string_view bytes) {
  PreparedBlob blob;
  blob.sha256 = sha256(bytes);
  blob.size = bytes.size();
  {
    Statement s = db_.prepare("SELECT id FROM blob WHERE sha256 = ?1");
    s.bind_blob(1, std::string_view(reinterpret_cast<const char*>(blob.sha256.data()), blob.sha256.size()));
    if (s.step()) {
      blob.existing_id = s.int64(0);
      return blob;
    }
  }
  if (bytes.size() >= kMinReferencedSize) {
    Sketch sketch = sketch_of(bytes);
    std::optional<Candidate> best;
    if (site_id) best = best_reference(*site_id, sketch);
    bool room = !site_id || count_references(db_, *site_id) < kMaxReferencesPerSite;
    if (best && (best->similarity >= kMinSimilarity || !room)) {
      blob.reference_id = best->blob_id;
    } else {
      blob.new_reference = true;
      blob.sketch = encode_sketch(sketch);
    }
  }
  std::shared_ptr<const std::string> prefix;
  if (blob.reference_id) prefix = reference_bytes(*blob.reference_id);
  int level = blob.reference_id || bytes.size() > kMaxSizeForHighLevel ? kLevelWithReference : kLevelPlain;
  blob.data = compress(bytes, prefix ? *prefix : std::string_view(), level);
  // Read it back before it is trusted with the only copy of the page.
  if (!round_trips(blob.data, bytes, prefix ? *prefix : std::string_view()))
    throw std::runtime_error("zstd round trip failed; nothing stored");
  return blob;
}

std::int64_t BlobStore::insert(const PreparedBlob& blob, std::int64_t site_id, std::string_view now) {
  if (blob.existing_id) return *blob.existing_id;
  std::string_view sha(reinterpret_cast<const char*>(blob.sha256.data()), blob.sha256.size());
  Statement ins = db_.prepare(
      "INSERT INTO blob (sha256, size, codec, reference_id, data) VALUES (?1, ?2, ?3, ?4, ?5) "
      "ON CONFLICT (sha256) DO NOTHING");
  ins.bind_blob(1, sha)
      .bind(2, static_cast<std::int64_t>(blob.size))
      .bind(3, blob.reference_id ? "zstd+ref" : "zstd")
      .bind(4, blob.reference_id)
      .bind_blob(5, blob.data)
      .run();
  if (db_.changes() == 0) {
    Statement s = db_.prepare("SELECT id FROM blob WHERE sha256 = ?1");
    s.bind_blob(1, sha).step();
    return s.int64(0);
  }
  std::int64_t id = db_.last_insert_id();
  if (blob.new_reference) {
    db_.prepare("INSERT INTO reference (blob_id, site_id, sketch, created_at) VALUES (?1, ?2, ?3, ?4)")
        .bind(1, id)
        .bind(2, site_id)
        .bind_blob(3, blob.sketch)
        .bind(4, now)
        .run();
  }
  return id;
}

std::shared_ptr<const std::string> BlobStore::reference_bytes(std::int64_t blob_id) {
  for (auto it = reference_cache_.begin(); it != reference_cache_.end(); ++it) {
    if (it->first != blob_id) continue;
    reference_cache_.splice(reference_cache_.begin(), reference_cache_, it);
    return it->second;
  }
  auto bytes = std::make_shared<const std::string>(read_checked(blob_id, false));
  reference_cache_.emplace_front(blob_id, bytes);
  if (reference_cache_.size() > kReferenceCacheSize) reference_cache_.pop_back();
  return bytes;
}

std::string BlobStore::read(std::int64_t id) { return read_checked(id, true); }

std::string BlobStore::read_checked(std::int64_t id, bool may_have_reference) {
  Statement s = db_.prepare("SELECT sha256, size, reference_id, data FROM blob WHERE id = ?1");
  s.bind(1, id);
  if (!s.step()) throw std::out_of_range(fmt::format("no blob {}", id));
  std::optional<std::int64_t> reference = s.optional_int64(2);
  std::shared_ptr<const std::string> prefix;
  if (reference) {
    // References are stored plain; anything else would be a chain, or a cycle.
    if (!may_have_reference) throw BlobCorruptError(fmt::format("reference blob {} has a reference itself", id));
    prefix = reference_bytes(*reference);
  }
  std::string bytes = decompress(s.blob(3), static_cast<std::size_t>(s.int64(1)),
                                 prefix ? *prefix : std::string_view());
  Sha256 digest = sha256(bytes);
  std::string_view stored = s.blob(0);
  if (stored.size() != digest.size() || !std::equal(digest.begin(), digest.end(), stored.begin(),
                                                     [](unsigned char a, char b) { return a == static_cast<unsigned char>(b); }))
    throw BlobCorruptError(fmt::format("blob {} does not match its SHA-256", id));
  return bytes;
}

}  // namespace khobao::store
