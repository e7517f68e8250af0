// Figures for the archive at scale: the ingest rate into an archive of up to a
// million synthetic versions, its size against per-page gzip, search latency by
// query class, and the speed of the JSON Lines export. Prints figures; not a test.
//
//   bench_archive ingest --versions N --archive PATH [--seed S] [--gzip-every K] [--full-bodies M] [--overwrite]
//   bench_archive pages DIR... --archive PATH [--site-url URL] [--selectors DIR] [--overwrite]
//   bench_archive search --archive PATH [--queries N] [--class-budget S] [--seed S]
//   bench_archive export --archive PATH [--all-versions]
//   bench_archive replicate --archive SRC --out DST --versions N [--shift-days D] [--overwrite | --resume]
// (replicate: an archive of N versions in minutes, from copies of a smaller
// one's pages; for figures at a scale whose ingest would take hours.)
// Every mode takes --json (the figures as one JSON object instead of tables)
// and --json-file F (the JSON written to F as well as the tables printed).
#include "gen_articles.hpp"

#include "extract/extract.hpp"
#include "core/unicode.hpp"
#include "ingest/ingest.hpp"
#include "site/site.hpp"
#include "store/store.hpp"
#include "store/testing.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>
#include <sys/resource.h>
#include <zlib.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <streambuf>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;
namespace store = khobao::store;
namespace bench = khobao::bench;
using Clock = std::chrono::steady_clock;
using json = nlohmann::ordered_json;

// ---------------------------------------------------------------------------
// Options

struct Options {
  std::string mode;
  std::string archive = "/tmp/khobao-bench.sqlite";
  std::int64_t versions = 1'000'000;
  std::uint64_t seed = 20261126;
  std::int64_t window = 10'000;
  std::int64_t gzip_every = 25;  // gzip one body in K during ingest: gzip of all would double the CPU
  int queries = 50;
  double class_budget_s = 300;  // a class stops early (after 10 queries at least) past this
  std::string site_url;
  std::string selectors = "selectors";
  std::vector<std::string> dirs;
  bool json = false;
  std::string json_file;  // also write the JSON here
  bool overwrite = false;
  bool all_versions = false;
  bool dbstat = true;
  // Past this many versions each raw body is replaced by a 50-byte stub: the
  // same versions, text, index and rows at a fraction of the cost, for search
  // and export figures at a scale whose raw bodies would take hours to
  // compress. The storage figures are taken when the stubs begin.
  std::int64_t full_bodies = -1;  // -1: all
  // replicate
  std::string out;
  std::int64_t shift_days = -1;  // -1: the source's span of fetch times, so that the copies follow each other
  bool resume = false;           // go on with an --out that an interrupted run left
};

[[noreturn]] void usage(const std::string& why) {
  std::fprintf(stderr,
               "bench_archive: %s\n"
               "usage: bench_archive ingest --versions N --archive PATH [--seed S] [--window N] [--gzip-every K] [--full-bodies M] [--overwrite]\n"
               "       bench_archive pages DIR... --archive PATH [--site-url URL] [--selectors DIR] [--overwrite]\n"
               "       bench_archive search --archive PATH [--queries N] [--class-budget S] [--seed S]\n"
               "       bench_archive export --archive PATH [--all-versions]\n"
               "       bench_archive replicate --archive SRC --out DST --versions N [--shift-days D] [--overwrite | --resume]\n"
               "       any mode: --json, --json-file FILE, --no-dbstat\n",
               why.c_str());
  std::exit(2);
}

Options parse(int argc, char** argv) {
  Options o;
  if (argc < 2) usage("no mode");
  o.mode = argv[1];
  for (int i = 2; i < argc; ++i) {
    std::string a = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) usage(a + " needs a value");
      return argv[++i];
    };
    if (a == "--archive") o.archive = value();
    else if (a == "--versions") o.versions = std::stoll(value());
    else if (a == "--seed") o.seed = std::stoull(value());
    else if (a == "--window") o.window = std::max<std::int64_t>(1, std::stoll(value()));
    else if (a == "--gzip-every") o.gzip_every = std::max<std::int64_t>(1, std::stoll(value()));
    else if (a == "--queries") o.queries = std::stoi(value());
    else if (a == "--class-budget") o.class_budget_s = std::stod(value());
    else if (a == "--site-url") o.site_url = value();
    else if (a == "--selectors") o.selectors = value();
    else if (a == "--json") o.json = true;
    else if (a == "--json-file") o.json_file = value();
    else if (a == "--overwrite") o.overwrite = true;
    else if (a == "--all-versions") o.all_versions = true;
    else if (a == "--no-dbstat") o.dbstat = false;
    else if (a == "--full-bodies") o.full_bodies = std::stoll(value());
    else if (a == "--out") o.out = value();
    else if (a == "--shift-days") o.shift_days = std::stoll(value());
    else if (a == "--resume") o.resume = true;
    else if (a.starts_with("--")) usage("unknown option " + a);
    else o.dirs.push_back(a);
  }
  if (o.mode != "ingest" && o.mode != "pages" && o.mode != "search" && o.mode != "export" &&
      o.mode != "replicate")
    usage("unknown mode " + o.mode);
  if (o.mode == "replicate" && o.out.empty()) usage("replicate needs --out");
  if (o.mode == "pages" && o.dirs.empty()) usage("pages needs a folder");
  return o;
}

// ---------------------------------------------------------------------------
// Clocks, sizes, output

double seconds_since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

double process_cpu() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  return static_cast<double>(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
         static_cast<double>(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

// This thread's CPU: the cost of store_fetch alone, without the generator.
double thread_cpu() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

double peak_rss_mb() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  return static_cast<double>(ru.ru_maxrss) / 1024.0;
}

// What `gzip -6` would write for one page: raw deflate at level 6 plus the
// 18 bytes of gzip header and trailer.
class GzipSizer {
 public:
  GzipSizer() {
    if (deflateInit2(&z_, 6, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) != Z_OK) throw std::runtime_error("zlib init");
  }
  ~GzipSizer() { deflateEnd(&z_); }
  GzipSizer(const GzipSizer&) = delete;
  GzipSizer& operator=(const GzipSizer&) = delete;

  std::int64_t size(std::string_view bytes) {
    deflateReset(&z_);
    out_.resize(deflateBound(&z_, bytes.size()));
    z_.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
    z_.avail_in = static_cast<uInt>(bytes.size());
    z_.next_out = reinterpret_cast<Bytef*>(out_.data());
    z_.avail_out = static_cast<uInt>(out_.size());
    if (deflate(&z_, Z_FINISH) != Z_STREAM_END) throw std::runtime_error("zlib deflate");
    return static_cast<std::int64_t>(z_.total_out) + 18;
  }

 private:
  z_stream z_{};
  std::string out_;
};

// Markdown tables on stdout, or (with --json) one JSON object at the end.
class Report {
 public:
  explicit Report(bool json) : json_(json) {}
  void heading(const std::string& text) {
    if (!json_) std::printf("\n## %s\n\n", text.c_str());
  }
  void table(const std::vector<std::string>& header, const std::vector<std::vector<std::string>>& rows) {
    if (json_) return;
    auto line = [](const std::vector<std::string>& cells) {
      std::string s = "|";
      for (const auto& c : cells) s += " " + c + " |";
      std::printf("%s\n", s.c_str());
    };
    line(header);
    line(std::vector<std::string>(header.size(), "---"));
    for (const auto& r : rows) line(r);
  }
  void note(const std::string& text) {
    if (!json_) std::printf("\n%s\n", text.c_str());
  }
  json& data() { return data_; }
  // Prints the JSON (with --json), and writes it to `json_file` if one was given.
  void finish(const std::string& json_file = "") {
    if (json_) std::printf("%s\n", data_.dump(2).c_str());
    if (!json_file.empty()) std::ofstream(json_file) << data_.dump(2) << '\n';
  }

 private:
  bool json_;
  json data_ = json::object();
};

std::string num(double v, int decimals = 0) { return fmt::format("{:.{}f}", v, decimals); }
std::string count(std::int64_t v) {
  std::string s = std::to_string(v), out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (i && (s.size() - i) % 3 == 0 && s[i - 1] != '-') out += ',';
    out += s[i];
  }
  return out;
}
std::string kb(double bytes) { return num(bytes / 1024.0, 1) + " KB"; }
std::string mb(double bytes) { return num(bytes / 1e6, 1) + " MB"; }

volatile std::sig_atomic_t g_stop = 0;
extern "C" void on_signal(int) { g_stop = 1; }

void remove_archive(const std::string& path, bool overwrite) {
  if (!fs::exists(path)) return;
  if (!overwrite) {
    std::fprintf(stderr, "bench_archive: %s exists; give --overwrite to replace it\n", path.c_str());
    std::exit(2);
  }
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(path + suffix);
}

std::int64_t scalar(store::Connection& db, const char* sql) {
  store::Statement s = db.prepare(sql);
  return s.step() && !s.is_null(0) ? s.int64(0) : 0;
}

// ---------------------------------------------------------------------------
// Storage: the bodies as stored and the whole file, against per-page gzip.

struct GzipFigures {
  std::int64_t bodies = 0;       // bodies fetched (one per fetch)
  std::int64_t raw_bytes = 0;    // their bytes
  std::int64_t sample_bodies = 0, sample_raw = 0, sample_gzip = 0;
  double gzip_total() const {
    return sample_raw ? static_cast<double>(sample_gzip) * static_cast<double>(raw_bytes) / static_cast<double>(sample_raw) : 0;
  }
};

void report_storage(Report& report, store::Archive& archive, const GzipFigures& g, bool dbstat, const std::string& key,
                    const std::string& title) {
  store::Connection& db = store::testing::connection(archive);
  db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
  store::ArchiveStats st = store::archive_stats(archive);
  double file = static_cast<double>(fs::file_size(archive.path()));
  std::int64_t reference_bytes = scalar(db, "SELECT sum(length(data)) FROM blob WHERE reference_id IS NULL");
  std::int64_t referenced = scalar(db, "SELECT count(*) FROM blob WHERE reference_id IS NOT NULL");
  double gz = g.gzip_total();
  double bodies = static_cast<double>(std::max<std::int64_t>(1, g.bodies));
  double pages = static_cast<double>(std::max<std::int64_t>(1, st.pages));
  double stored_ratio = static_cast<double>(st.stored_bytes) / gz;
  double file_ratio = file / gz;
  std::string gz_how = g.sample_bodies == g.bodies ? "every body"
                                                   : fmt::format("estimated from {} bodies (1 in {})", count(g.sample_bodies),
                                                                 g.bodies / std::max<std::int64_t>(1, g.sample_bodies));
  report.heading(title);
  report.table({"what", "total", "per fetched page", "vs gzip -6 one by one"},
               {{"raw bodies", mb(static_cast<double>(g.raw_bytes)), kb(static_cast<double>(g.raw_bytes) / bodies), ""},
                {"gzip -6 each (+18 B framing), " + gz_how, mb(gz), kb(gz / bodies), "1"},
                {"bodies as stored (zstd, reference prefixes)", mb(static_cast<double>(st.stored_bytes)),
                 kb(static_cast<double>(st.stored_bytes) / bodies), fmt::format("1/{:.1f} (target ≤ 1/8)", 1 / stored_ratio)},
                {"whole archive file (text, FTS, indexes)", mb(file), kb(file / bodies),
                 fmt::format("1/{:.2f} (target ≤ 1/4)", 1 / file_ratio)},
                {"text (title, lead, body) of all versions", mb(static_cast<double>(st.text_bytes)),
                 kb(static_cast<double>(st.text_bytes) / bodies), ""}});
  report.note(fmt::format("{} fetched bodies, {} distinct blobs ({} referenced, {} references stored plain: {}); "
                          "{} pages, {} versions, {} sites; file per page {}.",
                          count(g.bodies), count(st.blobs), count(referenced), count(st.references),
                          mb(static_cast<double>(reference_bytes)), count(st.pages), count(st.versions), count(st.sites),
                          kb(file / pages)));
  json& j = report.data()[key];
  j = {{"bodies", g.bodies}, {"raw_bytes", g.raw_bytes}, {"gzip_bytes", gz}, {"gzip_sample_bodies", g.sample_bodies},
       {"stored_bytes", st.stored_bytes}, {"file_bytes", file}, {"text_bytes", st.text_bytes},
       {"blobs", st.blobs}, {"referenced_blobs", referenced}, {"references", st.references},
       {"reference_bytes", reference_bytes}, {"pages", st.pages}, {"versions", st.versions}, {"sites", st.sites},
       {"stored_over_gzip", stored_ratio}, {"file_over_gzip", file_ratio}};
  if (!dbstat) return;
  // Where the file's bytes go, by table and index (SQLite's dbstat).
  store::Statement s = db.prepare("SELECT name, sum(pgsize) AS bytes FROM dbstat GROUP BY name ORDER BY bytes DESC");
  std::vector<std::vector<std::string>> rows;
  double small = 0;
  int smalls = 0;
  while (s.step()) {
    double bytes = static_cast<double>(s.int64(1));
    j["dbstat"][s.text(0)] = s.int64(1);
    if (bytes / file < 0.01) {
      small += bytes;
      ++smalls;
      continue;
    }
    rows.push_back({s.text(0), mb(bytes), kb(bytes / bodies), num(100 * bytes / file, 1) + "%"});
  }
  rows.push_back({fmt::format("{} others, under 1% each", smalls), mb(small), kb(small / bodies), num(100 * small / file, 1) + "%"});
  report.heading("Where the file's bytes go (dbstat)");
  report.table({"object", "bytes", "per fetched page", "share"}, rows);
}

// ---------------------------------------------------------------------------
// ingest: the synthetic stream through store_fetch

struct Window {
  std::int64_t end = 0;          // versions stored when it closed
  double wall = 0;               // of the whole loop in this window
  double store_wall = 0, store_cpu = 0;
};

std::string outcome_list(const std::map<store::FetchOutcome, std::int64_t>& outcomes) {
  std::string s;
  for (const auto& [o, n] : outcomes) s += fmt::format("{}{} {}", s.empty() ? "" : ", ", store::outcome_name(o), count(n));
  return s;
}

// The rate figures of windows [from, to): versions/s of the loop and of
// store_fetch alone, and store_fetch's CPU and waiting per version.
std::vector<std::string> rate_row(const std::string& label, const std::vector<Window>& windows, std::size_t from,
                                  std::size_t to) {
  double n = 0, wall = 0, store_wall = 0, store_cpu = 0;
  for (std::size_t i = from; i < to && i < windows.size(); ++i) {
    n += static_cast<double>(windows[i].end - (i ? windows[i - 1].end : 0));
    wall += windows[i].wall;
    store_wall += windows[i].store_wall;
    store_cpu += windows[i].store_cpu;
  }
  if (n == 0) return {label, "", "", "", ""};
  return {label, num(n / wall), num(n / store_wall), num(1000 * store_cpu / n, 2),
          num(1000 * (store_wall - store_cpu) / n, 2)};
}

// The index of the first window that ends at or after `version`.
std::size_t window_at(const std::vector<Window>& windows, std::int64_t version) {
  for (std::size_t i = 0; i < windows.size(); ++i)
    if (windows[i].end >= version) return i;
  return windows.empty() ? 0 : windows.size() - 1;
}

void report_rates(Report& report, const Options& o, const std::vector<Window>& windows, std::int64_t stored,
                  std::int64_t full) {
  const std::vector<std::string> header = {"versions", "versions/s (loop)", "versions/s (store_fetch)",
                                           "store_fetch CPU ms/version", "store_fetch waiting ms/version (fsync, I/O)"};
  std::size_t nw = windows.size();
  if (nw == 0) return;
  std::vector<std::vector<std::string>> rows;
  auto add = [&](const std::string& label, std::size_t from, std::size_t to) {
    rows.push_back(rate_row(label, windows, from, to));
  };
  auto span = [&](std::size_t i) {
    return fmt::format("{} to {}", count(i ? windows[i - 1].end + 1 : 1), count(windows[i].end));
  };
  add(span(0) + " (first)", 0, 1);
  std::size_t full_end = window_at(windows, full);
  if (full < stored) {
    add(span(full_end) + " (last with full pages)", full_end, full_end + 1);
    add(span(full_end + 1) + " (first with stubs)", full_end + 1, full_end + 2);
  }
  std::size_t mid = window_at(windows, stored / 2);
  if (mid > 0 && mid + 1 < nw) add(span(mid) + " (middle)", mid, mid + 1);
  if (nw > 1) add(span(nw - 1) + " (last)", nw - 1, nw);
  if (full < stored) {
    add(fmt::format("all with full pages (1 to {})", count(full)), 0, full_end + 1);
    add(fmt::format("all with stubs ({} to {})", count(full + 1), count(stored)), full_end + 1, nw);
  } else {
    add("all", 0, nw);
  }
  report.table(header, rows);
  // Every tenth of the run, to show growth.
  std::vector<std::vector<std::string>> curve;
  for (std::size_t d = 1; d <= 10; ++d) {
    std::size_t i = std::max<std::size_t>(1, nw * d / 10) - 1;
    if (curve.empty() || curve.back()[0] != span(i)) curve.push_back(rate_row(span(i), windows, i, i + 1));
  }
  report.heading(fmt::format("Ingest rate through the run ({}-version windows, one every tenth of the run)", count(o.window)));
  report.table(header, curve);
}

// A page's raw body, or past --full-bodies a stub of its own (distinct
// bodies, as distinct pages have).
void maybe_stub(bench::GeneratedFetch& f, std::int64_t position, std::int64_t full) {
  if (position > full) f.fetch.body = fmt::format("<!DOCTYPE html><title>{} {}</title>", f.page, f.edit ? 2 : 1);
}

int run_ingest(const Options& o) {
  remove_archive(o.archive, o.overwrite);
  Report report(o.json);
  const std::int64_t full = o.full_bodies < 0 ? o.versions : std::min(o.full_bodies, o.versions);
  bench::ArticleGenerator gen(o.seed, o.versions);
  store::Archive archive(o.archive, store::Access::kWrite);
  GzipSizer gzip;
  GzipFigures g;
  std::map<store::FetchOutcome, std::int64_t> outcomes;
  std::vector<Window> windows;
  Window w;
  double gen_wall = 0, store_wall = 0, store_cpu = 0, report_wall = 0, report_cpu = 0;
  std::int64_t edits = 0;
  bool storage_done = false;
  auto t0 = Clock::now(), window_t0 = t0;
  double cpu0 = process_cpu();
  while (!gen.done() && !g_stop) {
    auto tg = Clock::now();
    bench::GeneratedFetch f = gen.next();
    std::int64_t done = gen.position();
    maybe_stub(f, done, full);
    gen_wall += seconds_since(tg);
    auto ts = Clock::now();
    double c0 = thread_cpu();
    store::StoredFetch stored = archive.store_fetch(f.fetch, f.article);
    double sw = seconds_since(ts), sc = thread_cpu() - c0;
    store_wall += sw;
    store_cpu += sc;
    w.store_wall += sw;
    w.store_cpu += sc;
    ++outcomes[stored.outcome];
    edits += f.edit;
    if (done <= full) {
      std::int64_t size = static_cast<std::int64_t>(f.fetch.body->size());
      ++g.bodies;
      g.raw_bytes += size;
      if ((done - 1) % o.gzip_every == 0) {
        ++g.sample_bodies;
        g.sample_raw += size;
        g.sample_gzip += gzip.size(*f.fetch.body);
      }
    }
    if (done % o.window == 0 || done == full || gen.done()) {
      w.end = done;
      w.wall = seconds_since(window_t0);
      double n = static_cast<double>(done - (windows.empty() ? 0 : windows.back().end));
      double elapsed = seconds_since(t0) - report_wall;
      std::fprintf(stderr, "%9lld versions  window %6.0f/s (store_fetch alone %6.0f/s, %.2f ms CPU each)  elapsed %6.0f s\n",
                   static_cast<long long>(done), n / w.wall, n / w.store_wall, 1000 * w.store_cpu / n, elapsed);
      windows.push_back(w);
      w = Window{};
      if (done == full && !storage_done) {
        // The raw bodies end here: their figures now, before stubs dilute them.
        auto tr = Clock::now();
        double cr = process_cpu();
        report_storage(report, archive, g, o.dbstat, "storage",
                       fmt::format("Storage after {} versions of full pages", count(full)));
        storage_done = true;
        report_wall += seconds_since(tr);
        report_cpu += process_cpu() - cr;
        std::fprintf(stderr, "storage figures took %.0f s\n", seconds_since(tr));
      }
      window_t0 = Clock::now();
    }
  }
  double wall = seconds_since(t0) - report_wall, cpu = process_cpu() - cpu0 - report_cpu;
  std::int64_t stored_versions = gen.position();
  if (g_stop) std::fprintf(stderr, "stopped by a signal after %lld versions\n", static_cast<long long>(stored_versions));
  if (!storage_done)
    report_storage(report, archive, g, o.dbstat, "storage", fmt::format("Storage after {} versions", count(stored_versions)));

  report.heading(fmt::format("Ingest: {} versions through store_fetch (seed {}, one transaction each{})",
                             count(stored_versions), o.seed,
                             full < stored_versions ? fmt::format("; full pages up to {}, stub bodies after", count(full)) : ""));
  report_rates(report, o, windows, stored_versions, full);
  report.note(fmt::format(
      "wall {:.0f} s ({:.1f} min), process CPU {:.0f} s (storage figures excluded); store_fetch {:.0f} s wall, {:.0f} s CPU; "
      "generator {:.0f} s; gzip sampling and the rest {:.0f} s. {} pages ({} second versions). Outcomes: {}. "
      "Peak RSS {:.0f} MB.",
      wall, wall / 60, cpu, store_wall, store_cpu, gen_wall, wall - store_wall - gen_wall, count(gen.pages()),
      count(edits), outcome_list(outcomes), peak_rss_mb()));
  json& j = report.data()["ingest"];
  j = {{"versions", stored_versions}, {"full_bodies", full}, {"pages", gen.pages()}, {"edits", edits},
       {"seed", o.seed}, {"wall_s", wall}, {"cpu_s", cpu}, {"store_wall_s", store_wall}, {"store_cpu_s", store_cpu},
       {"generator_s", gen_wall}, {"peak_rss_mb", peak_rss_mb()}, {"stopped_early", g_stop != 0}};
  for (const auto& [oc, n] : outcomes) j["outcomes"][store::outcome_name(oc)] = n;
  for (const Window& x : windows)
    j["windows"].push_back({{"end", x.end}, {"wall_s", x.wall}, {"store_wall_s", x.store_wall}, {"store_cpu_s", x.store_cpu}});
  if (full < stored_versions) {
    store::testing::connection(archive).exec("PRAGMA wal_checkpoint(TRUNCATE)");
    double file = static_cast<double>(fs::file_size(archive.path()));
    report.note(fmt::format("Archive file at the end: {} ({} per version), stub bodies past {}.", mb(file),
                            kb(file / static_cast<double>(stored_versions)), count(full)));
    j["final_file_bytes"] = file;
  }
  report.finish(o.json_file);
  return 0;
}

// ---------------------------------------------------------------------------
// pages: a folder of saved HTML through ingest::ingest (extraction included)

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

struct PageFile {
  fs::path path;
  std::string url;
};

// The page's URL: under --site-url, from the file's place in the folder;
// else the "url" of its ground-truth record beside html/ (the eval sets);
// else the file's path.
std::string url_of(const fs::path& root, const fs::path& file, const std::string& site_url) {
  if (!site_url.empty()) {
    std::string rel = fs::relative(file, root).generic_string();
    if (rel == "index.html") rel = "";
    else if (rel.ends_with("/index.html")) rel.resize(rel.size() - std::string_view("index.html").size());
    std::string base = site_url;
    while (base.ends_with('/')) base.pop_back();
    return base + "/" + rel;
  }
  fs::path truth = root.parent_path() / "ground-truth" / (file.stem().string() + ".json");
  if (fs::exists(truth)) {
    json t = json::parse(read_file(truth), nullptr, false);
    if (t.is_object() && t.contains("url") && t["url"].is_string()) return t["url"].get<std::string>();
  }
  return "file://" + fs::absolute(file).generic_string();
}

std::vector<PageFile> collect_pages(const std::vector<std::string>& dirs, const std::string& site_url) {
  std::vector<PageFile> files;
  for (const std::string& d : dirs) {
    fs::path root = fs::path(d).lexically_normal();
    if (root.filename().empty()) root = root.parent_path();
    for (auto it = fs::recursive_directory_iterator(root); it != fs::recursive_directory_iterator(); ++it) {
      std::string name = it->path().filename().string();
      // gen-site.py keeps its own records under _bench/.
      if (it->is_directory() && (name.starts_with("_") || name.starts_with("."))) {
        it.disable_recursion_pending();
        continue;
      }
      std::string ext = it->path().extension().string();
      if (it->is_regular_file() && (ext == ".html" || ext == ".htm"))
        files.push_back({it->path(), url_of(root, it->path(), site_url)});
    }
  }
  std::sort(files.begin(), files.end(), [](const PageFile& a, const PageFile& b) { return a.path < b.path; });
  return files;
}

int run_pages(const Options& o) {
  std::vector<PageFile> files = collect_pages(o.dirs, o.site_url);
  if (files.empty()) usage("no .html or .htm files under the folders given");
  remove_archive(o.archive, o.overwrite);
  Report report(o.json);
  khobao::site::SiteSet sites;
  if (fs::is_directory(o.selectors)) sites = khobao::site::SiteSet::load_dir(o.selectors);
  store::Archive archive(o.archive, store::Access::kWrite);
  GzipSizer gzip;
  GzipFigures g;
  std::map<store::FetchOutcome, std::int64_t> outcomes;
  std::map<std::string, std::int64_t> per_site;
  std::int64_t extract_errors = 0;
  double ingest_wall = 0, ingest_cpu = 0;
  const auto base = std::chrono::sys_days{std::chrono::year{2026} / 3 / 7} + std::chrono::hours(8);
  for (std::size_t i = 0; i < files.size() && !g_stop; ++i) {
    khobao::FetchRecord f;
    f.url = files[i].url;
    f.fetched_at = bench::utc_iso(std::chrono::sys_seconds(base) + std::chrono::seconds(60 * static_cast<std::int64_t>(i)));
    f.source = "import";
    f.status = 200;
    f.headers = "Content-Type: text/html; charset=utf-8\r\n";
    f.body = read_file(files[i].path);
    std::int64_t size = static_cast<std::int64_t>(f.body->size());
    ++g.bodies;
    ++g.sample_bodies;
    g.raw_bytes += size;
    g.sample_raw += size;
    g.sample_gzip += gzip.size(*f.body);
    auto t0 = Clock::now();
    double c0 = thread_cpu();
    khobao::ingest::IngestResult r = khobao::ingest::ingest(archive, sites, std::move(f));
    ingest_wall += seconds_since(t0);
    ingest_cpu += thread_cpu() - c0;
    ++outcomes[r.stored.outcome];
    extract_errors += r.extract_error.has_value();
    ++per_site[khobao::ingest::site_of(files[i].url, sites)];
  }
  std::vector<std::int64_t> counts;
  for (const auto& [site, n] : per_site) counts.push_back(n);
  std::sort(counts.begin(), counts.end());
  double n = static_cast<double>(g.bodies);
  report.heading(fmt::format("Pages: {} HTML files from {} through ingest::ingest", count(g.bodies),
                             fmt::join(o.dirs, ", ")));
  report.table({"pages", "sites", "pages per site (min / median / max)", "pages/s (extract + store)", "CPU ms/page",
                "avg page"},
               {{count(g.bodies), count(static_cast<std::int64_t>(per_site.size())),
                 fmt::format("{} / {} / {}", counts.front(), counts[counts.size() / 2], counts.back()),
                 num(n / ingest_wall, 1), num(1000 * ingest_cpu / n, 2), kb(static_cast<double>(g.raw_bytes) / n)}});
  report.note(fmt::format("Outcomes: {}; {} pages gave no article.", outcome_list(outcomes), extract_errors));
  report.data()["pages"] = {{"files", g.bodies}, {"sites", per_site.size()}, {"ingest_wall_s", ingest_wall},
                            {"ingest_cpu_s", ingest_cpu}, {"extract_errors", extract_errors}};
  for (const auto& [oc, c] : outcomes) report.data()["pages"]["outcomes"][store::outcome_name(oc)] = c;
  report_storage(report, archive, g, o.dbstat, "storage", "Storage");
  report.finish(o.json_file);
  return 0;
}

// ---------------------------------------------------------------------------
// search: latency by query class, with and without diacritics

struct QueryCase {
  std::string text;
  store::Filter filter;
};

struct QueryClass {
  std::string name;
  std::vector<QueryCase> queries;
};

// Words that fill the queries: the generator's vocabulary, by frequency rank.
std::vector<std::string> single_syllables(std::size_t from, std::size_t to) {
  std::vector<std::string> out;
  for (std::size_t i = from; i < std::min(to, std::size(bench::kCommonWords)); ++i)
    if (std::string_view(bench::kCommonWords[i]).find(' ') == std::string_view::npos) out.push_back(bench::kCommonWords[i]);
  return out;
}

template <class T>
const T& pick(bench::Rng& r, const std::vector<T>& items) {
  return items[r.below(items.size())];
}

// 2-3 consecutive words of a random version's body, as a quoted phrase.
std::string body_phrase(store::Connection& db, bench::Rng& r, std::int64_t max_version) {
  store::Statement s = db.prepare("SELECT body FROM version WHERE id = ?1");
  for (int tries = 0; tries < 100; ++tries) {
    s.reset();
    s.bind(1, static_cast<std::int64_t>(1 + r.below(static_cast<std::uint64_t>(max_version))));
    if (!s.step()) continue;
    std::vector<std::string> words;
    std::istringstream in(s.text(0));
    for (std::string w; in >> w;) words.push_back(w);
    if (words.size() < 4) continue;
    std::size_t start = r.below(words.size() - 3), len = 2 + r.below(2);
    std::string phrase;
    bool clean = true;
    for (std::size_t i = start; i < start + len; ++i) {
      std::string w = words[i];
      // A phrase does not cross a sentence or a clause.
      if (i + 1 < start + len && (w.ends_with('.') || w.ends_with(','))) clean = false;
      while (!w.empty() && (w.back() == '.' || w.back() == ',')) w.pop_back();
      phrase += (phrase.empty() ? "" : " ") + w;
    }
    if (clean && phrase.find('"') == std::string::npos) return "\"" + phrase + "\"";
  }
  return "\"kinh tế\"";
}

std::vector<std::string> column(store::Connection& db, const char* sql) {
  std::vector<std::string> out;
  store::Statement s = db.prepare(sql);
  while (s.step()) out.push_back(s.text(0));
  return out;
}

std::vector<QueryClass> build_classes(store::Connection& db, const Options& o) {
  bench::Rng r(o.seed, 0xC0000000ull, 0);
  bench::TextModel text;
  std::int64_t max_version = scalar(db, "SELECT max(id) FROM version");
  std::vector<std::string> hosts = column(db, "SELECT host FROM site ORDER BY id");
  std::vector<std::string> authors = column(db, "SELECT name FROM author ORDER BY id");
  std::vector<std::string> months = column(db, "SELECT DISTINCT substr(published_at, 1, 7) FROM version "
                                               "WHERE published_at IS NOT NULL ORDER BY 1");
  std::vector<std::string> common = single_syllables(0, 60), middle;
  for (std::size_t i = 20; i < 200 && i < std::size(bench::kCommonWords); ++i) middle.push_back(bench::kCommonWords[i]);
  std::vector<std::string> rare(std::begin(bench::kRareSyllables), std::end(bench::kRareSyllables));
  std::vector<std::string> places;
  for (std::size_t s = 0; s < bench::kSiteCount; ++s)
    for (const auto& p : text.places(s)) places.push_back(p);

  std::vector<QueryClass> classes(6);
  classes[0].name = "one word, common";
  classes[1].name = "one word, rare";
  classes[2].name = "phrase";
  classes[3].name = "word + --site";
  classes[4].name = "word + --since/--until";
  classes[5].name = "word + --author";
  for (int i = 0; i < o.queries; ++i) {
    classes[0].queries.push_back({common[static_cast<std::size_t>(i) % common.size()], {}});
    classes[1].queries.push_back({rare[r.below(rare.size())], {}});
    classes[2].queries.push_back({i % 2 ? "\"" + pick(r, places) + "\"" : body_phrase(db, r, max_version), {}});
    store::Filter site, dates, author;
    if (!hosts.empty()) site.site = pick(r, hosts);
    classes[3].queries.push_back({pick(r, middle), site});
    if (!months.empty()) {
      std::size_t from = r.below(months.size()), to = std::min(months.size() - 1, from + r.below(12));
      dates.since = months[from];
      dates.until = months[to];
    }
    classes[4].queries.push_back({pick(r, middle), dates});
    if (!authors.empty()) author.author = pick(r, authors);
    classes[5].queries.push_back({pick(r, middle), author});
  }
  // The same queries as typed without diacritics ("thach ha", "dang"): the
  // filters stay as they were (an author's name must be exact).
  std::vector<QueryClass> all;
  for (const QueryClass& c : classes) {
    all.push_back({c.name + ", with diacritics", c.queries});
    QueryClass ascii{c.name + ", without", c.queries};
    for (QueryCase& q : ascii.queries) q.text = khobao::text::fold_for_match(q.text);
    all.push_back(std::move(ascii));
  }
  return all;
}

double percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  std::size_t rank = static_cast<std::size_t>(std::ceil(p * static_cast<double>(v.size())));
  return v[std::min(v.size() - 1, rank == 0 ? 0 : rank - 1)];
}

int run_search(const Options& o) {
  Report report(o.json);
  store::Archive archive(o.archive, store::Access::kRead);
  store::Connection& db = store::testing::connection(archive);
  std::int64_t versions = scalar(db, "SELECT count(*) FROM version");
  std::vector<QueryClass> classes = build_classes(db, o);
  auto run = [&](const QueryCase& q, int& hits, bool& failed) {
    store::SearchRequest req;
    req.query = q.text;
    req.filter = q.filter;
    req.limit = 20;
    auto t0 = Clock::now();
    try {
      hits = static_cast<int>(store::search(archive, req).size());
    } catch (const store::SearchSyntaxError& e) {
      failed = true;
      std::fprintf(stderr, "query %s: %s\n", q.text.c_str(), e.what());
    }
    return 1000 * seconds_since(t0);
  };
  // Warm-up: the first five queries of every class, untimed, so that the
  // timed runs read the file from the page cache as a busy server would.
  auto tw = Clock::now();
  for (const QueryClass& c : classes)
    for (std::size_t i = 0; i < std::min<std::size_t>(5, c.queries.size()); ++i) {
      int hits = 0;
      bool failed = false;
      run(c.queries[i], hits, failed);
    }
  std::fprintf(stderr, "warm-up took %.1f s\n", seconds_since(tw));
  std::vector<std::vector<std::string>> rows;
  auto t0 = Clock::now();
  double cpu0 = process_cpu();
  for (const QueryClass& c : classes) {
    std::vector<double> ms;
    std::vector<int> hit_counts;
    int failures = 0, empty = 0;
    auto tc = Clock::now();
    for (const QueryCase& q : c.queries) {
      // A class that is this slow has made its point; the rest would only burn the shared CPU.
      if (ms.size() >= 10 && seconds_since(tc) > o.class_budget_s) break;
      int hits = 0;
      bool failed = false;
      ms.push_back(run(q, hits, failed));
      failures += failed;
      empty += hits == 0;
      hit_counts.push_back(hits);
    }
    std::sort(hit_counts.begin(), hit_counts.end());
    double slowest = *std::max_element(ms.begin(), ms.end());
    std::string example = c.queries.front().text;
    const store::Filter& f = c.queries.front().filter;
    if (f.site) example += " --site " + *f.site;
    if (f.since) example += " --since " + *f.since + " --until " + *f.until;
    if (f.author) example += " --author '" + *f.author + "'";
    rows.push_back({c.name, count(static_cast<std::int64_t>(ms.size())), num(percentile(ms, 0.5), 1),
                    num(percentile(ms, 0.95), 1), num(slowest, 1),
                    fmt::format("{} ({} with none)", hit_counts[hit_counts.size() / 2], empty), "`" + example + "`"});
    report.data()["search"]["classes"].push_back({{"class", c.name}, {"queries", ms.size()},
                                                  {"p50_ms", percentile(ms, 0.5)}, {"p95_ms", percentile(ms, 0.95)},
                                                  {"max_ms", slowest}, {"empty", empty}, {"errors", failures},
                                                  {"example", example}});
    std::fprintf(stderr, "%-45s p50 %8.1f ms  p95 %8.1f ms\n", c.name.c_str(), percentile(ms, 0.5), percentile(ms, 0.95));
  }
  report.heading(fmt::format("Search: store::search, limit 20, over {} versions ({} queries per class, after a warm-up)",
                             count(versions), o.queries));
  report.table({"class", "queries", "p50 ms", "p95 ms", "max ms", "median hits", "example"}, rows);
  report.note(fmt::format("{:.1f} s wall, {:.1f} s CPU for the timed queries.", seconds_since(t0), process_cpu() - cpu0));
  report.data()["search"]["versions"] = versions;
  report.finish(o.json_file);
  return 0;
}

// ---------------------------------------------------------------------------
// export: JSON Lines of the whole archive into a byte counter

class CountingBuf : public std::streambuf {
 public:
  std::int64_t bytes = 0;

 protected:
  int_type overflow(int_type c) override {
    if (c != traits_type::eof()) ++bytes;
    return traits_type::not_eof(c);
  }
  std::streamsize xsputn(const char*, std::streamsize n) override {
    bytes += n;
    return n;
  }
};

int run_export(const Options& o) {
  Report report(o.json);
  store::Archive archive(o.archive, store::Access::kRead);
  CountingBuf buf;
  std::ostream out(&buf);
  store::ExportRequest req;
  req.all_versions = o.all_versions;
  auto t0 = Clock::now();
  double cpu0 = process_cpu();
  std::int64_t records = store::export_jsonl(archive, req, out);
  double wall = seconds_since(t0), cpu = process_cpu() - cpu0;
  double bytes = static_cast<double>(buf.bytes);
  report.heading(fmt::format("Export: store::export_jsonl ({}) into a byte counter",
                             o.all_versions ? "every version" : "latest version of each page"));
  report.table({"records", "bytes", "wall s", "CPU s", "MB/s", "records/s"},
               {{count(records), mb(bytes), num(wall, 1), num(cpu, 1), num(bytes / 1e6 / wall, 1),
                 num(static_cast<double>(records) / wall)}});
  report.data()["export"] = {{"records", records}, {"bytes", buf.bytes}, {"wall_s", wall}, {"cpu_s", cpu},
                             {"all_versions", o.all_versions}};
  report.finish(o.json_file);
  return 0;
}

// ---------------------------------------------------------------------------
// replicate: copies of a smaller archive's pages until N versions
//
// The source is copied whole (VACUUM INTO), then its pages are copied again
// and again, with every fetch, version, version author and link of each, in
// one transaction per copy. Copy k gets ids old + k * (the source's largest
// id) in each table, page URLs with "copy=k" in their query (and the links to
// the source's pages the same), and every time shifted by k * D days (D: the
// source's span of fetch times, so that the copies follow each other in time
// as a longer crawl's would). Versions go through the version insert trigger,
// so the full-text index grows as it would; raw bodies are shared (the same
// blob ids: identical bodies are stored once). The last copy takes the first
// pages only, as many as N needs. Crawl runs and the frontier are not copied.

// SQL for a copied page URL: "copy=k" (?4 is "copy=k") added to the query.
// Column names only: every value is bound.
std::string copied_url(const std::string& column) {
  return fmt::format("({0} || CASE WHEN instr({0}, '?') > 0 THEN '&' ELSE '?' END || ?4)", column);
}
// SQL for an ISO 8601 time shifted by ?3 ("+N days"); NULL stays NULL. The
// date part moves, the time and its zone ("T01:11:28+07:00", "Z") stay.
std::string shifted(const std::string& column) {
  return fmt::format("(date(substr({0}, 1, 10), ?3) || substr({0}, 11))", column);
}

int run_replicate(const Options& o) {
  if (fs::absolute(o.archive) == fs::absolute(o.out)) usage("--out must differ from --archive");
  if (!fs::exists(o.archive)) usage(o.archive + " does not exist");
  if (o.resume && !fs::exists(o.out)) usage("--resume: " + o.out + " does not exist");
  if (!o.resume) remove_archive(o.out, o.overwrite);
  auto t0 = Clock::now();
  double copy_s = 0;
  if (!o.resume) {
    store::Connection src(o.archive, store::OpenMode::kReadOnly);
    src.exec("PRAGMA busy_timeout = 30000");
    if (store::checked_schema_version(src) != store::kSchemaVersion)
      throw std::runtime_error("the source archive's schema is not this khobao's; open it with khobao once");
    src.prepare("VACUUM INTO ?1").bind(1, o.out).run();
    copy_s = seconds_since(t0);
    std::fprintf(stderr, "copied %s to %s (VACUUM INTO) in %.1f s, %s\n", o.archive.c_str(), o.out.c_str(), copy_s,
                 mb(static_cast<double>(fs::file_size(o.out))).c_str());
  }

  store::Connection db(o.out, store::OpenMode::kReadWrite);
  db.exec("PRAGMA busy_timeout = 30000");
  db.exec("PRAGMA journal_mode = WAL");  // as khobao keeps its archives
  // A file this program makes from scratch: a crash means running it again.
  db.exec("PRAGMA synchronous = OFF");
  db.exec("PRAGMA cache_size = -1048576");  // 1 GiB: the indexes of a copy stay in memory
  db.exec("PRAGMA temp_store = MEMORY");
  db.exec("PRAGMA foreign_keys = ON");  // every copied row checked against its parents

  // The source's figures, from the source file: with --resume the copy
  // already holds more. Its rows keep their ids in the copy.
  store::Connection src(o.archive, store::OpenMode::kReadOnly);
  src.exec("PRAGMA busy_timeout = 30000");
  const std::int64_t max_page = scalar(src, "SELECT max(id) FROM page");
  const std::int64_t max_fetch = scalar(src, "SELECT max(id) FROM fetch");
  const std::int64_t max_version = scalar(src, "SELECT max(id) FROM version");
  const std::int64_t max_link = scalar(src, "SELECT max(id) FROM link");
  const std::int64_t source_versions = scalar(src, "SELECT count(*) FROM version");
  const std::int64_t source_fetches = scalar(src, "SELECT count(*) FROM fetch");
  if (source_versions == 0) throw std::runtime_error("the source archive has no versions");
  std::int64_t shift_days = o.shift_days;
  if (shift_days < 0)
    shift_days = 1 + scalar(src, "SELECT CAST(julianday(max(fetched_at)) - julianday(min(fetched_at)) AS INTEGER) FROM fetch");
  // After an interrupted run: the next copy is the one after the last whole
  // one (a failed copy was rolled back).
  const std::int64_t first_copy = o.resume ? scalar(db, "SELECT max(id) FROM page") / max_page : 1;
  if (o.resume) std::fprintf(stderr, "resuming at copy %lld\n", static_cast<long long>(first_copy));
  std::fprintf(stderr, "source: %s pages, %s fetches, %s versions; copy k: ids + k * (%lld, %lld, %lld, %lld), "
               "times + k * %lld days\n",
               count(max_page).c_str(), count(source_fetches).c_str(), count(source_versions).c_str(),
               static_cast<long long>(max_page), static_cast<long long>(max_fetch), static_cast<long long>(max_version),
               static_cast<long long>(max_link), static_cast<long long>(shift_days));

  // Parameters: ?1 the page offset, ?2 the last source page copied, ?3 the
  // time shift, ?4 the "copy=k" of URLs, ?5 fetch, ?6 version, ?7 link offsets.
  store::Statement pages = db.prepare(fmt::format(
      "INSERT INTO page (id, site_id, url, kind, state, discovered_at, last_fetched_at, last_status, etag, "
      "last_modified, next_visit_at, gone_at, latest_version_id, unchanged_visits, listed_modified) "
      "SELECT id + ?1, site_id, {}, kind, state, {}, {}, last_status, etag, last_modified, {}, {}, NULL, "
      "unchanged_visits, listed_modified FROM page WHERE id <= ?2 ORDER BY id",
      copied_url("url"), shifted("discovered_at"), shifted("last_fetched_at"), shifted("next_visit_at"),
      shifted("gone_at")));
  store::Statement fetches = db.prepare(fmt::format(
      "INSERT INTO fetch (id, page_id, fetched_at, source, url, final_url, status, headers, blob_id, bytes, "
      "duration_ms, outcome, error, crawl_id) "
      "SELECT id + ?5, page_id + ?1, {}, source, {}, {}, status, headers, blob_id, bytes, duration_ms, outcome, "
      "error, crawl_id FROM fetch WHERE id <= ?6 AND page_id <= ?2 ORDER BY id",
      shifted("fetched_at"), copied_url("url"), copied_url("final_url")));
  store::Statement versions = db.prepare(fmt::format(
      "INSERT INTO version (id, page_id, number, fetch_id, created_at, content_hash, url, site, title, lead, body, "
      "captions, source, published_at, updated_at, tags, language, extractor) "
      "SELECT id + ?6, page_id + ?1, number, fetch_id + ?5, {}, content_hash, {}, site, title, lead, body, captions, "
      "source, {}, {}, tags, language, extractor FROM version WHERE id <= ?7 AND page_id <= ?2 ORDER BY id",
      shifted("created_at"), copied_url("url"), shifted("published_at"), shifted("updated_at")));
  store::Statement authors = db.prepare(
      "INSERT INTO version_author (version_id, position, author_id) "
      "SELECT va.version_id + ?1, va.position, va.author_id FROM version v "
      "JOIN version_author va ON va.version_id = v.id WHERE v.id <= ?2 AND v.page_id <= ?3 "
      "ORDER BY va.version_id, va.position");
  // A link to a page of the source goes to that page's copy.
  store::Statement links = db.prepare(fmt::format(
      "INSERT INTO link (id, page_id, version_id, kind, position, url, title, summary) "
      "SELECT id + ?5, page_id + ?1, version_id + ?6, kind, position, "
      "CASE WHEN EXISTS (SELECT 1 FROM page p WHERE p.url = link.url AND p.id <= ?7) THEN {} ELSE url END, "
      "title, summary FROM link WHERE id <= ?8 AND page_id <= ?2 ORDER BY id",
      copied_url("url")));
  store::Statement latest = db.prepare(
      "UPDATE page SET latest_version_id = (SELECT s.latest_version_id + ?2 FROM page s WHERE s.id = page.id - ?1) "
      "WHERE id > ?1 AND id <= ?1 + ?3");
  // The last source page to copy for `want` more versions: that many versions
  // of the first pages.
  store::Statement last_page = db.prepare(
      "SELECT page_id FROM version WHERE id <= ?1 ORDER BY page_id LIMIT 1 OFFSET ?2");

  std::int64_t total = scalar(db, "SELECT count(*) FROM version");
  auto tc = Clock::now();
  std::int64_t added = 0;
  int copies = 0;
  for (std::int64_t k = first_copy; total < o.versions && !g_stop; ++k) {
    auto tk = Clock::now();
    std::int64_t want = o.versions - total;
    std::int64_t limit = max_page;
    if (want < source_versions) {
      last_page.reset();
      last_page.bind(1, max_version).bind(2, want - 1);
      if (last_page.step()) limit = last_page.int64(0);
      last_page.reset();  // no read left open on version while the copy writes it
    }
    const std::int64_t page_off = k * max_page, fetch_off = k * max_fetch, version_off = k * max_version,
                       link_off = k * max_link;
    const std::string shift = fmt::format("+{} days", k * shift_days), suffix = fmt::format("copy={}", k);
    store::Transaction t(db);
    pages.reset();
    pages.bind(1, page_off).bind(2, limit).bind(3, shift).bind(4, suffix).run();
    std::int64_t n_pages = db.changes();
    fetches.reset();
    fetches.bind(1, page_off).bind(2, limit).bind(3, shift).bind(4, suffix).bind(5, fetch_off).bind(6, max_fetch).run();
    std::int64_t n_fetches = db.changes();
    versions.reset();
    versions.bind(1, page_off).bind(2, limit).bind(3, shift).bind(4, suffix).bind(5, fetch_off).bind(6, version_off)
        .bind(7, max_version).run();
    std::int64_t n_versions = db.changes();
    authors.reset();
    authors.bind(1, version_off).bind(2, max_version).bind(3, limit).run();
    links.reset();
    links.bind(1, page_off).bind(2, limit).bind(4, suffix).bind(5, link_off).bind(6, version_off).bind(7, max_page)
        .bind(8, max_link).run();
    std::int64_t n_links = db.changes();
    latest.reset();
    latest.bind(1, page_off).bind(2, version_off).bind(3, limit).run();
    t.commit();
    db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
    total += n_versions;
    added += n_versions;
    ++copies;
    double s = seconds_since(tk);
    std::fprintf(stderr, "copy %2lld: %s pages, %s fetches, %s versions, %s links in %.1f s (%.0f versions/s); "
                 "%s versions, elapsed %.0f s, file %s\n",
                 static_cast<long long>(k), count(n_pages).c_str(), count(n_fetches).c_str(), count(n_versions).c_str(),
                 count(n_links).c_str(), s, static_cast<double>(n_versions) / s, count(total).c_str(),
                 seconds_since(t0), mb(static_cast<double>(fs::file_size(o.out))).c_str());
  }
  if (g_stop) std::fprintf(stderr, "stopped by a signal after %s versions\n", count(total).c_str());
  double copies_s = seconds_since(tc);
  db.exec("PRAGMA optimize");
  db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
  double wall = seconds_since(t0);
  double file = static_cast<double>(fs::file_size(o.out));
  std::int64_t pages_total = scalar(db, "SELECT count(*) FROM page");
  Report report(o.json);
  report.heading(fmt::format("Replicate: {} into {} versions", o.archive, count(total)));
  report.table({"versions", "pages", "copies", "whole copy s", "copies s", "versions/s (copies)", "total s", "file"},
               {{count(total), count(pages_total), count(copies), num(copy_s, 1), num(copies_s, 1),
                 num(static_cast<double>(added) / copies_s), num(wall, 1), mb(file)}});
  report.note(fmt::format("{} per version; time shift {} days per copy.", kb(file / static_cast<double>(total)),
                          shift_days));
  report.data()["replicate"] = {{"source", o.archive}, {"out", o.out}, {"versions", total}, {"pages", pages_total},
                                {"copies", copies}, {"vacuum_into_s", copy_s}, {"copies_s", copies_s}, {"wall_s", wall},
                                {"file_bytes", file}, {"shift_days", shift_days}, {"stopped_early", g_stop != 0}};
  report.finish(o.json_file);
  return g_stop ? 1 : 0;
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  try {
    o = parse(argc, argv);
  } catch (const std::logic_error&) {  // std::stoll and friends on a bad number
    usage("a number was expected");
  }
  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
  try {
    if (o.mode == "ingest") return run_ingest(o);
    if (o.mode == "pages") return run_pages(o);
    if (o.mode == "search") return run_search(o);
    if (o.mode == "replicate") return run_replicate(o);
    return run_export(o);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "bench_archive: %s\n", e.what());
    return 1;
  }
}
