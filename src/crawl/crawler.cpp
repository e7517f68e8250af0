// The crawl loop; see crawler.hpp for the threads and the flow of a page.
#include "crawl/crawler.hpp"

#include "crawl/byte_budget.hpp"
#include "crawl/discovery.hpp"
#include "crawl/frontier.hpp"
#include "crawl/politeness.hpp"
#include "crawl/schedule.hpp"
#include "crawl/scope.hpp"
#include "crawl/work_queue.hpp"
#include "html/prestrip.hpp"
#include "ingest/ingest.hpp"
#include "net/robots.hpp"
#include "net/url.hpp"
#include "site/site.hpp"
#include "store/sqlite.hpp"  // Archive::db(), until this file's SQL moves into store

#include <fmt/chrono.h>
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cmath>
#include <ctime>
#include <set>
#include <map>
#include <random>
#include <thread>
#include <unordered_map>

namespace khobao::crawl {
namespace {

using std::chrono::milliseconds;
using Seconds = std::chrono::duration<double>;

// RFC 9309 2.4: a robots.txt may be cached for up to 24 hours. One that
// answered (2xx, or 4xx: no rules) is reused that long across runs; after an
// error (5xx, no answer) the next run asks again.
constexpr std::time_t kRobotsCacheSeconds = 24 * 3600;

// Extraction parses at most this much of a page's markup, once its scripts,
// styles and comments are gone (the whole page is archived). A news page's
// markup is a tenth of it; past it a page, a hostile one of a million links
// say, would cost a parse tree of up to 20 bytes a byte for nothing the
// archive needs.
constexpr size_t kMaxParsedBytes = 4u << 20;
// And it reads at most this much of the page as served: enough for a page
// whose inline scripts, JSON and data: images come before its article,
// while decoding and pre-stripping a hostile page stay bounded.
constexpr size_t kMaxReadBytes = 4 * kMaxParsedBytes;
// What parsing a byte of HTML costs at the most, for the parse budget:
// gumbo's arena for a page of nothing but links (heaptrack: 134 MB for 8 MB).
constexpr std::int64_t kParseBytesPerByte = 20;

// The CPU seconds the calling thread has used.
double thread_cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

// The archive's time `seconds` from now (rounded up: a retry never comes early).
std::string utc_in(double seconds) {
  return store::utc_time(store::clock_now() + static_cast<std::time_t>(std::ceil(seconds)));
}

// Where on the steady clock a persisted not_before falls.
Clock::time_point steady_of(const std::optional<std::string>& not_before) {
  if (!not_before) return {};
  std::optional<std::time_t> when = store::parse_utc(*not_before);
  if (!when) return {};
  double wait = std::difftime(*when, store::clock_now());
  return wait <= 0 ? Clock::time_point{} : Clock::now() + std::chrono::duration_cast<Clock::duration>(Seconds(wait));
}

// What the archive keeps of one response: a fetch row, with the body (moved
// out of `r`) only when a page arrived (a 304 or a failed transfer has none
// worth keeping).
FetchRecord fetch_record(net::Response& r, const FrontierEntry& entry, const std::string& url,
                                const std::string& fetched_at, std::int64_t crawl_id) {
  FetchRecord f;
  f.crawl_id = crawl_id;
  f.url = url;
  f.fetched_at = fetched_at;
  f.source = "crawl";
  f.page_kind = entry.kind;
  if (r.final_url != r.url) f.final_url = r.final_url;
  f.status = r.status;
  f.headers = r.headers;
  f.duration_ms = r.duration_ms;
  if (r.ok()) {
    if (*r.status != 304) f.body = std::move(r.body);
    f.etag = r.etag;
    f.last_modified = r.last_modified;
  } else {
    f.error = fmt::format("{}: {}", net::fetch_error_name(r.error), r.error_message);
  }
  return f;
}

// What the storage thread is to write for one response.
struct StoreJob {
  enum class Settle { kDone, kRetry, kFailed, kDisallowed, kNone };
  std::optional<ingest::Prepared> prepared;   // nullopt: only the frontier changes
  FrontierEntry entry;                        // the URL as queued
  std::vector<std::string> also_done;         // other URLs this fetch answered (canonical, redirect target)
  std::vector<FrontierEntry> discovered;
  Settle settle = Settle::kDone;
  std::optional<std::string> not_before;      // for kRetry
  bool error = false;
  Clock::time_point retry_at{};               // for kRetry, on the steady clock
  std::string host;
  std::int64_t held_bytes = 0;                // the body's share of the memory budget
};

// What the storage thread tells the crawl's thread back.
struct StoreResult {
  std::vector<FrontierEntry> fresh;           // newly queued, to schedule
  std::optional<store::FetchOutcome> outcome;
  StoreJob::Settle settle = StoreJob::Settle::kNone;
  FrontierEntry entry;
  Clock::time_point retry_at{};
  std::string host;
  std::optional<std::string> fatal;           // the archive cannot be written: stop
  std::int64_t held_bytes = 0;                // given back to the memory budget
};

// A response on its way to the extraction workers.
struct ExtractJob {
  net::Response response;
  FrontierEntry entry;
  std::string host;
  std::string fetched_at;
  StoreJob::Settle settle = StoreJob::Settle::kDone;
  std::optional<std::string> not_before;
  Clock::time_point retry_at{};
  std::int64_t held_bytes = 0;  // the body's share of the memory budget, until stored
};

// A request the fetcher runs: which frontier entry, for which host.
struct InFlight {
  FrontierEntry entry;
  std::string host;
  bool robots = false;  // robots.txt, not a page of the frontier
};

const char* settle_state(StoreJob::Settle s) {
  switch (s) {
    case StoreJob::Settle::kDone: return "done";
    case StoreJob::Settle::kRetry: return "queued";
    case StoreJob::Settle::kFailed: return "failed";
    case StoreJob::Settle::kDisallowed: return "disallowed";
    case StoreJob::Settle::kNone: return "";
  }
  return "";
}

class Run {
 public:
  Run(store::Archive& archive, const site::SiteSet& sites, const CrawlOptions& options,
      std::atomic<bool>& stop)
      : archive_(archive),
        sites_(sites),
        options_(options),
        stop_(stop),
        scope_(sites, options.sites, options.seeds, options.update),
        reader_(archive.path(), store::OpenMode::kReadOnly),
        fetcher_(fetcher_options()) {
    reader_.exec("PRAGMA busy_timeout = 30000");
    int jobs = options.jobs > 0 ? options.jobs : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    jobs_ = jobs;
    HostPolicy default_policy;
    if (options.delay) default_policy.delay_seconds = *options.delay;
    if (options.concurrency) default_policy.concurrency = *options.concurrency;
    queues_.set_default_policy(default_policy);
  }

  CrawlResult run(const std::function<void(const CrawlStats&)>& progress) {
    CrawlResult result;
    auto started = started_;
    std::string scope_text =
        options_.update ? scope_.describe_update() : scope_.describe(options_.max_depth);
    CrawlRun run = open_run(archive_.db(), scope_text, store::utc_now(), options_.fresh);
    crawl_id_ = run.id;
    result.crawl_id = run.id;
    result.resumed = run.resumed;
    if (run.resumed)
      spdlog::info("crawl {}: resuming an unfinished crawl ({} fetched before)", run.id, run.fetched);
    conditional_listings_ = options_.update && !unfinished_crawl(archive_.db());
    load_frontier(run);

    // Each worker compresses bodies with its own read connection (WAL), so the
    // one writer only inserts. Opened here, so that a failure to open is the
    // run's error, not a worker's.
    std::vector<std::unique_ptr<store::Archive>> readers;
    for (int i = 0; i < jobs_; ++i)
      readers.push_back(std::make_unique<store::Archive>(archive_.path(), store::Access::kRead));
    std::vector<std::thread> workers;
    for (int i = 0; i < jobs_; ++i) workers.emplace_back([this, &readers, i] { extract_loop(*readers[i]); });
    std::thread storage([this] { storage_loop(); });
    // On every way out, an exception from the loop too: joinable threads must
    // not be destroyed (that is std::terminate), and what they hold is stored.
    auto join_threads = [&] {
      extract_jobs_.close();
      for (std::thread& w : workers) w.join();
      store_jobs_.close();
      storage.join();
    };
    double cpu_at_start = thread_cpu_seconds();
    try {
      io_loop(started, progress);
    } catch (...) {
      fatal_ = "the crawl loop failed";
      join_threads();
      throw;
    }
    join_threads();
    drain_results();
    cpu_fetch_ = thread_cpu_seconds() - cpu_at_start;

    result.interrupted = stop_.load() && !fatal_;
    // A crawl cut by its budget stays open, so that the next run goes on
    // where it stopped; an update decides afresh every hour what is due.
    bool ended = !fatal_ && !result.interrupted;
    result.budget_stopped = ended && queues_.size() > 0 && budget_spent() && !options_.update;
    result.finished = ended && (queues_.size() == 0 || (options_.update && budget_spent()));
    if (storage_error_) std::rethrow_exception(storage_error_);  // its type says what went wrong (a full disk)
    if (result.finished) finish_run(archive_.db(), crawl_id_, store::utc_now(), options_.update);
    result.stats = snapshot(started);
    return result;
  }

 private:
  // The crawl thread's loop: results in, requests out, responses to the
  // workers, until the work is done, stopped or failed.
  void io_loop(Clock::time_point started, const std::function<void(const CrawlStats&)>& progress) {
    auto last_progress = Clock::now();
    while (true) {
      drain_results();
      // Interrupted or failing: transfers in flight are dropped (their URLs stay
      // queued for the next run); at the page budget they are finished.
      bool abandon = stop_.load() || fatal_;
      if (abandon && pending_ == 0) break;
      bool stopping = abandon || budget_spent();
      if (!stopping) start_requests();
      if (fetcher_.active() == 0 && pending_ == 0 && (stopping || queues_.size() == 0)) break;
      handle_responses(fetcher_.poll(poll_wait()));
      if (progress && Clock::now() - last_progress > milliseconds(500)) {
        last_progress = Clock::now();
        progress(snapshot(started));
      }
    }
  }

  net::FetcherOptions fetcher_options() const {
    net::FetcherOptions o;
    o.user_agent = user_agent(options_.contact);
    o.connect_to = options_.connect_to;
    o.limits = options_.limits;
    // A redirect may leave the site only to come back: its target must be in scope.
    o.redirect_check = [this](std::string_view, std::string_view to) -> std::optional<std::string> {
      std::optional<std::string> url = net::normalize(to, scope_.folding());
      if (!url || !scope_.site_of(*url)) return fmt::format("a redirect out of the crawl's sites, to {}", to);
      return std::nullopt;
    };
    return o;
  }

  // Seeds into the run's frontier, then everything still queued into the
  // per-host queues (all of it, on a resumed run).
  void load_frontier(const CrawlRun& run) {
    {
      store::Transaction t(archive_.db());
      enqueue(archive_.db(), run.id, scope_.seeds(), store::utc_now());
      enqueue(archive_.db(), run.id, options_.revisits, store::utc_now());
      t.commit();
    }
    for (FrontierEntry& e : queued_entries(archive_.db(), run.id)) schedule(std::move(e));
  }

  void schedule(FrontierEntry e) {
    std::string host = net::host_key(e.url);
    origin_of_host_.try_emplace(host, net::origin(e.url));
    if (!robots_.count(host) && !queues_.held(host)) queues_.hold(host, true);
    Clock::time_point at = steady_of(e.not_before);
    // A crawl fetches the articles it knows of before more listings, so that a
    // budget (--max-pages) is spent on what the archive is for and every run
    // adds articles; an update keeps its order (seeds, then the newest revisits).
    bool ahead = !options_.update && (e.kind == "article" || e.kind == "unknown");
    queues_.push(host, {std::move(e), at}, ahead);
  }

  // Every page request this run starts counts against --max-pages, retries
  // too, so that the budget is never overshot; each run has the whole budget,
  // a resumed one too. --max-time ends the starting of requests too.
  bool budget_spent() const {
    if (options_.max_seconds && Seconds(Clock::now() - started_).count() >= *options_.max_seconds) return true;
    return options_.max_pages && pages_started_ >= *options_.max_pages;
  }

  // How long the I/O loop may sleep: until a waiting request may start, at
  // most 200 ms. While the workers are full, new requests wait for their
  // results, which wake the loop (Fetcher::wakeup), so there is no spinning.
  milliseconds poll_wait() const {
    auto now = Clock::now();
    milliseconds wait(200);
    if (!room_for_more() || budget_spent()) return wait;
    if (std::optional<Clock::time_point> next = queues_.next_time(now))
      wait = std::min(wait, std::chrono::ceil<milliseconds>(*next - now));
    return std::max(wait, milliseconds(0));
  }

  // Responses waiting for extraction or storage, at most: this bounds the
  // bodies held in memory, whatever the concurrency.
  size_t max_pending() const { return static_cast<size_t>(jobs_) * 4 + 8; }

  // Whether a new request may start: fewer responses waiting than
  // max_pending(), and their bodies within the memory budget.
  bool room_for_more() const { return pending_ < max_pending() && held_bytes_ < options_.memory_budget; }

  // robots.txt first for every host that waits for it; then whatever the
  // politeness rules let go now.
  void start_requests() {
    for (const std::string& host : queues_.hosts_waiting())
      if (queues_.held(host) && !robots_requested_.count(host)) request_robots(host);
    auto now = Clock::now();
    while (room_for_more() && !budget_spent()) {
      auto ready = queues_.pop_ready(now);
      if (!ready) break;
      auto& [host, item] = *ready;
      if (!robots_[host].allowed(net::path_and_query(item.entry.url))) {
        queues_.finished(host);
        spdlog::info("robots.txt of {} disallows {}", host, item.entry.url);
        ++stats_.disallowed;
        StoreJob job;
        job.entry = std::move(item.entry);
        job.settle = StoreJob::Settle::kDisallowed;
        job.host = host;
        to_storage(std::move(job));
        continue;
      }
      net::Request request{next_id_++, item.entry.url, std::nullopt, std::nullopt, std::nullopt};
      // Listings, feeds and sitemaps are asked for with validators only by an
      // update once no crawl is left unfinished: a 304 (not parsed again) then
      // says "nothing new here"; during a cut-short crawl it would hide links
      // to articles that were never fetched.
      if (item.entry.kind == "article" || item.entry.kind == "unknown" || conditional_listings_)
        load_validators(request);
      fetcher_.start(request);
      ++pages_started_;
      in_flight_.emplace(request.id, InFlight{std::move(item.entry), host, false});
    }
  }

  void request_robots(const std::string& host) {
    robots_requested_.insert(host);
    if (std::optional<net::RobotsRules> cached = cached_robots(origin_of_host_.at(host) + "/robots.txt")) {
      apply_robots(host, std::move(*cached));
      return;
    }
    // The origin of the host's first queued URL: the scheme matters.
    // A bigger robots.txt is read and parsed this far (RFC 9309 2.5).
    net::Request request{next_id_++, origin_of_host_.at(host) + "/robots.txt", std::nullopt, std::nullopt,
                         static_cast<std::int64_t>(net::kRobotsMaxBytes)};
    queues_.started(host, Clock::now());
    fetcher_.start(request);
    in_flight_.emplace(request.id, InFlight{{request.url, 0, "other", 0, std::nullopt, std::nullopt}, host, true});
  }

  void load_validators(net::Request& request) {
    store::Statement s = reader_.prepare("SELECT etag, last_modified FROM page WHERE url = ?1");
    s.bind(1, request.url);
    if (s.step()) {
      request.etag = s.optional_text(0);
      request.last_modified = s.optional_text(1);
    }
  }

  void handle_responses(std::vector<net::Response> responses) {
    for (net::Response& r : responses) {
      auto it = in_flight_.find(r.id);
      if (it == in_flight_.end()) continue;
      InFlight flight = std::move(it->second);
      in_flight_.erase(it);
      queues_.finished(flight.host);
      stats_.bytes += r.received_bytes;
      if (flight.robots) {
        handle_robots(flight, std::move(r));
        continue;
      }
      handle_page(std::move(flight), std::move(r));
    }
  }

  // The rules of a robots.txt this archive fetched less than 24 hours ago
  // (the archive's clock) with an answer (2xx or 4xx); nullopt: ask again.
  std::optional<net::RobotsRules> cached_robots(const std::string& url) {
    store::Statement s = reader_.prepare(
        "SELECT f.id, f.status, f.fetched_at FROM page p JOIN fetch f ON f.page_id = p.id "
        "WHERE p.url = ?1 AND f.source = 'crawl' ORDER BY f.fetched_at DESC, f.id DESC LIMIT 1");
    s.bind(1, url);
    if (!s.step() || s.is_null(1)) return std::nullopt;
    int status = static_cast<int>(s.int64(1));
    std::optional<std::time_t> at = store::parse_utc(s.text(2));
    std::time_t now = store::clock_now();
    if ((status < 200 || status >= 500) || !at || *at > now || now - *at >= kRobotsCacheSeconds) return std::nullopt;
    std::string body;
    if (status < 300) {
      std::optional<store::Archive::StoredBody> stored = reader_archive().body_of_fetch(s.int64(0));
      if (!stored) return std::nullopt;
      body = reader_archive().blobs().read(stored->blob_id);
    }
    spdlog::info("{}: the archive's copy, fetched {} (robots.txt is kept up to 24 hours)", url, s.text(2));
    return net::robots_for_status(status, body, kRobotsToken);
  }

  // The crawl thread's own archive reader, opened when first needed.
  store::Archive& reader_archive() {
    if (!robots_reader_) robots_reader_ = std::make_unique<store::Archive>(archive_.path(), store::Access::kRead);
    return *robots_reader_;
  }

  // Whether any crawl (not an update) is unfinished: interrupted, or cut by its budget.
  static bool unfinished_crawl(store::Connection& db) {
    store::Statement s = db.prepare(
        "SELECT count(*) FROM crawl WHERE finished_at IS NULL AND json_extract(scope, '$.update') IS NULL");
    return s.step() && s.int64(0) > 0;
  }

  void handle_robots(const InFlight& flight, net::Response r) {
    net::RobotsRules rules = net::robots_for_status(r.ok() ? r.status : std::nullopt, r.body, kRobotsToken);
    if (!r.ok()) spdlog::warn("{}: robots.txt unreachable ({}: {}); nothing is fetched from it for now",
                              flight.host, net::fetch_error_name(r.error), r.error_message);
    else if (*r.status >= 500) spdlog::warn("{}: robots.txt answered {}; nothing is fetched from it for now",
                                           flight.host, *r.status);
    if (r.truncated)
      limit_hit(flight.entry.url, fmt::format("robots.txt over {0} KiB: its first {0} KiB parsed, the rest ignored",
                                              net::kRobotsMaxBytes / 1024));
    // robots.txt is archived too (what the crawl obeyed), outside the frontier.
    apply_robots(flight.host, std::move(rules),
                 ingest::prepare(sites_, fetch_record(r, flight.entry, flight.entry.url, store::utc_now(), crawl_id_)));
  }

  // The host's rules take effect: its Crawl-delay, its sitemaps queued (with
  // the fetch of robots.txt, if there was one, stored), its queue let go.
  void apply_robots(const std::string& host, net::RobotsRules rules, std::optional<ingest::Prepared> fetched = {}) {
    if (rules.crawl_delay) {
      HostPolicy p = queues_.policy(host);
      double delay = std::min(*rules.crawl_delay, options_.max_crawl_delay_seconds);
      if (delay > p.delay_seconds) {
        spdlog::info("{}: robots.txt asks for a Crawl-delay of {} s", host, delay);
        p.delay_seconds = delay;
        queues_.set_policy(host, p);
      }
    }
    StoreJob job;
    for (const std::string& s : rules.sitemaps)
      if (std::optional<std::string> url = net::normalize(s, scope_.folding()); url && scope_.site_of(*url))
        job.discovered.push_back({*url, 1, "sitemap", 0, std::nullopt, std::nullopt});
    robots_[host] = std::move(rules);
    queues_.hold(host, false);
    if (!fetched && job.discovered.empty()) return;
    job.host = host;
    job.settle = StoreJob::Settle::kNone;
    job.prepared = std::move(fetched);
    to_storage(std::move(job));
  }

  void handle_page(InFlight flight, net::Response r) {
    ExtractJob job;
    job.host = flight.host;
    job.fetched_at = store::utc_now();
    int attempts = flight.entry.attempts + 1;
    if (!r.ok() || r.retryable()) {
      ++stats_.errors;
      spdlog::warn("{}: {}", flight.entry.url,
                   r.ok() ? fmt::format("HTTP {}", *r.status)
                          : fmt::format("{}: {}", net::fetch_error_name(r.error), r.error_message));
    }
    if (r.retryable()) {
      std::optional<double> wait = retry_wait(r, attempts);
      if (r.retry_after_seconds && (*r.status == 429 || *r.status == 503))
        queues_.pause(flight.host, Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                                      Seconds(std::min(*r.retry_after_seconds,
                                                                       options_.max_retry_wait_seconds))));
      if (wait) {
        job.settle = StoreJob::Settle::kRetry;
        job.not_before = utc_in(*wait);
        job.retry_at = Clock::now() + std::chrono::duration_cast<Clock::duration>(Seconds(*wait));
        spdlog::info("{}: retry {} of {} in {:.1f} s", flight.entry.url, attempts, options_.max_attempts - 1, *wait);
      } else {
        job.settle = StoreJob::Settle::kFailed;
        spdlog::warn("{}: gave up after {} attempt(s)", flight.entry.url, attempts);
      }
    }
    flight.entry.attempts = attempts;
    job.entry = std::move(flight.entry);
    job.held_bytes = static_cast<std::int64_t>(r.body.capacity());
    held_bytes_ += job.held_bytes;
    job.response = std::move(r);
    ++pending_;
    extract_jobs_.push(std::move(job));
  }

  // How long to wait before the next attempt, or nullopt to give up:
  // exponential backoff with jitter, or the server's Retry-After if longer.
  std::optional<double> retry_wait(const net::Response& r, int attempts) {
    if (attempts >= options_.max_attempts) return std::nullopt;
    std::uniform_real_distribution<double> jitter(0.5, 1.5);
    double backoff = std::min(60.0, std::pow(2.0, attempts - 1)) * jitter(random_);
    if (r.retry_after_seconds) {
      if (*r.retry_after_seconds > options_.max_retry_wait_seconds) return std::nullopt;
      backoff = std::max(backoff, *r.retry_after_seconds);
    }
    return backoff;
  }

  // Worker threads: extraction and link discovery, then on to storage.
  void extract_loop(store::Archive& reader) {
    struct AddCpu {  // on every way out of the loop
      std::atomic<double>& total;
      double start = thread_cpu_seconds();
      ~AddCpu() { total.fetch_add(thread_cpu_seconds() - start); }
    } cpu{cpu_extract_};
    while (std::optional<ExtractJob> job = extract_jobs_.pop()) {
      StoreJob s;
      try {
        s = prepare_job(*job, reader);
        s.held_bytes = job->held_bytes;
        ingest::Prepared& p = *s.prepared;
        if (p.fetch.body) p.blob = reader.prepare_body(p.fetch.site, *p.fetch.body);
      } catch (const std::exception& e) {
        // A page that cannot be prepared is still settled, so that it is not fetched forever.
        spdlog::error("{}: {}", job->entry.url, e.what());
        s = StoreJob{};
        s.entry = job->entry;
        s.host = job->host;
        s.error = true;
        s.held_bytes = job->held_bytes;
      }
      store_jobs_.push(std::move(s));
    }
  }

  // The response's body moves on into the StoreJob. `reader` is the worker's
  // own connection to the archive.
  StoreJob prepare_job(ExtractJob& job, store::Archive& reader) {
    StoreJob s;
    s.entry = job.entry;
    s.host = job.host;
    s.settle = job.settle;
    s.not_before = job.not_before;
    s.retry_at = job.retry_at;
    net::Response& r = job.response;
    s.error = !r.ok() || *r.status >= 400;

    // The page's URL: where redirects ended, if that is in scope and the
    // page arrived (a failed redirect is the requested URL's failure).
    std::string url = job.entry.url;
    if (r.final_url != r.url && r.ok() && *r.status < 300)
      if (std::optional<std::string> final = net::normalize(r.final_url, scope_.folding());
          final && scope_.site_of(*final) && *final != url) {
        s.also_done.push_back(*final);
        url = *final;
      }
    bool ok_body = r.ok() && *r.status >= 200 && *r.status < 300;
    BodyKind body_kind = ok_body ? sniff_body(r.content_type, r.body) : BodyKind::kOther;
    FetchRecord f = fetch_record(r, job.entry, url, job.fetched_at, crawl_id_);
    if (body_kind == BodyKind::kFeed) f.page_kind = "feed";
    if (body_kind == BodyKind::kSitemap) f.page_kind = "sitemap";
    s.prepared = body_kind == BodyKind::kHtml ? prepare_html(std::move(f)) : ingest::prepare(sites_, std::move(f));
    ingest::Prepared& p = *s.prepared;
    std::string_view body = p.fetch.body ? std::string_view(*p.fetch.body) : std::string_view();

    if (body_kind == BodyKind::kHtml) {
      // A canonical link in scope names the page: one article, one page.
      if (p.links.canonical)
        if (std::optional<std::string> c = net::normalize(*p.links.canonical, scope_.folding());
            c && *c != p.fetch.url && scope_.site_of(*c) && p.article) {
          s.also_done.push_back(p.fetch.url);
          p.fetch.url = *c;
          p.fetch.site = ingest::site_of(*c, sites_);
          p.article->url = *c;
        }
      if (p.links.anchors_dropped)
        limit_hit(url, fmt::format("over {} links: the first {} kept, {} more ignored", html::kMaxAnchors,
                                   html::kMaxAnchors, p.links.anchors_dropped));
      if (p.links.small_links_dropped)
        limit_hit(url, fmt::format("over {} next-page or feed links: {} ignored", html::kMaxSmallLinks,
                                   p.links.small_links_dropped));
      if (!p.links.nofollow) discover_html(p, job.entry, s.discovered);
    } else if (body_kind == BodyKind::kFeed) {
      std::vector<FoundLink> items = parse_feed(body, url);
      if (items.size() >= kMaxFeedItems)
        limit_hit(url, fmt::format("feed of {} items or more: the rest ignored", kMaxFeedItems));
      for (const FoundLink& l : items) follow(l.url, PageKind::kUnknown, job.entry, s.discovered);
    } else if (body_kind == BodyKind::kSitemap) {
      Sitemap map = parse_sitemap(body, url);
      if (map.truncated)
        limit_hit(url, fmt::format("sitemap cut at {} MB decompressed (or corrupt): the entries before the cut kept",
                                   kMaxSitemapBytes >> 20));
      if (map.pages.size() + map.sitemaps.size() >= kMaxSitemapUrls)
        limit_hit(url, fmt::format("sitemap of {} entries or more: the rest ignored", kMaxSitemapUrls));
      for (const FoundLink& l : map.sitemaps) follow(l.url, PageKind::kSitemap, job.entry, s.discovered, l.modified);
      for (const FoundLink& l : map.pages) follow(l.url, PageKind::kUnknown, job.entry, s.discovered, l.modified);
    } else if (r.ok() && *r.status == 304 && job.entry.kind == "sitemap") {
      // An unchanged sitemap index says nothing of its sitemaps (an index
      // rarely has a <lastmod>): they are asked for again, each with its own
      // validators, from the archive's copy of the index.
      if (std::optional<std::string> stored = last_body(reader, url))
        for (const FoundLink& l : parse_sitemap(*stored, url).sitemaps)
          follow(l.url, PageKind::kSitemap, job.entry, s.discovered, l.modified);
    }
    p.links = {};  // not needed past here; frees memory before the storage queue
    return s;
  }

  // The body the archive kept last for `url`, if any.
  static std::optional<std::string> last_body(store::Archive& reader, const std::string& url) {
    store::Statement s = reader.db().prepare(
        "SELECT f.blob_id FROM page p JOIN fetch f ON f.page_id = p.id WHERE p.url = ?1 AND f.blob_id IS NOT NULL "
        "ORDER BY f.fetched_at DESC, f.id DESC LIMIT 1");
    s.bind(1, url);
    if (!s.step()) return std::nullopt;
    return reader.blobs().read(s.int64(0));
  }

  // Extraction and links of an HTML page, within the parse budget: of its
  // first kMaxReadBytes, and of those at most kMaxParsedBytes of markup
  // (each said in the log); the whole page is archived.
  ingest::Prepared prepare_html(FetchRecord f) {
    std::optional<std::string> whole;
    if (f.body && f.body->size() > kMaxReadBytes) {
      limit_hit(f.url, fmt::format("page of {:.1f} MB: only its first {} MB extracted and read for links",
                                   static_cast<double>(f.body->size()) / (1 << 20), kMaxReadBytes >> 20));
      whole = std::move(f.body);
      f.body = whole->substr(0, kMaxReadBytes);
    }
    std::int64_t parsed = f.body ? static_cast<std::int64_t>(std::min(f.body->size(), kMaxParsedBytes)) : 0;
    ingest::Prepared p;
    size_t flattened = html::pages_flattened_on_this_thread();
    size_t cut = extract::markup_cuts_on_this_thread();
    {
      ByteBudget::Lease lease(parse_budget_, parsed * kParseBytesPerByte);
      p = ingest::prepare(sites_, std::move(f), true, kMaxParsedBytes);
    }
    // Extraction has said so in the log, with the page; here it is counted.
    if (html::pages_flattened_on_this_thread() != flattened) limits_hit_.fetch_add(1);
    if (extract::markup_cuts_on_this_thread() != cut) limits_hit_.fetch_add(1);
    if (whole) p.fetch.body = std::move(whole);
    return p;
  }

  void discover_html(const ingest::Prepared& p, const FrontierEntry& from, std::vector<FrontierEntry>& out) {
    for (const std::string& a : p.links.next) follow(a, PageKind::kListing, from, out);
    for (const std::string& a : p.links.feeds) follow(a, PageKind::kFeed, from, out);
    for (const std::string& a : p.links.anchors) follow(a, PageKind::kUnknown, from, out);
  }

  // Queues `link` (absolute, as found) if it is a page of the crawl worth
  // fetching; `forced` is its kind when the context says (a next-page link,
  // a sitemap index's entry), else kUnknown and the site's URL patterns decide.
  // `listed_modified` is a sitemap's <lastmod> for it.
  void follow(const std::string& link, PageKind forced, const FrontierEntry& from, std::vector<FrontierEntry>& out,
              const std::optional<std::string>& listed_modified = std::nullopt) {
    if (options_.max_depth && from.depth + 1 > *options_.max_depth) return;
    std::optional<std::string> url = net::normalize(link, scope_.folding());
    if (!url || *url == from.url) return;
    // The context outranks the URL's shape: a sitemap index's entry is a
    // sitemap even when its name says .xml.gz and not "sitemap".
    PageKind kind = forced != PageKind::kUnknown ? forced : scope_.kind_of(*url);
    if (!scope_.worth_following(*url, kind)) return;
    out.push_back({*url, from.depth + 1, page_kind_name(kind), 0, std::nullopt, listed_modified});
  }

  // A page cut at one of the caps that bound what a page may cost: said in
  // the log and counted in the run's summary. Any thread.
  void limit_hit(const std::string& url, const std::string& what) {
    spdlog::warn("{}: limit: {}", url, what);
    limits_hit_.fetch_add(1);
  }

  // From the crawl's thread: every job sent on yields one StoreResult.
  void to_storage(StoreJob job) {
    ++pending_;
    store_jobs_.push(std::move(job));
  }

  // The storage thread: one transaction per job.
  void storage_loop() {
    double cpu_at_start = thread_cpu_seconds();
    struct AddCpu {
      std::atomic<double>& total;
      double start;
      ~AddCpu() { total.fetch_add(thread_cpu_seconds() - start); }
    } cpu{cpu_store_, cpu_at_start};
    while (std::optional<StoreJob> job = store_jobs_.pop()) {
      StoreResult result;
      result.entry = job->entry;
      result.settle = job->settle;
      result.retry_at = job->retry_at;
      result.host = job->host;
      result.held_bytes = job->held_bytes;
      if (!storage_failed_) {
        try {
          store_one(*job, result);
        } catch (const std::exception& e) {
          // Most likely a full disk: the transaction rolled back, nothing is half-written.
          storage_failed_ = true;
          storage_error_ = std::current_exception();
          result.fatal = fmt::format("cannot write to the archive {}: {}", archive_.path(), e.what());
        }
      }
      results_.push(std::move(result));
      fetcher_.wakeup();
    }
  }

  void store_one(StoreJob& job, StoreResult& result) {
    std::string now = store::utc_now();
    auto frontier = [&](store::Connection& db) {
      if (job.settle != StoreJob::Settle::kNone) {
        settle(db, crawl_id_, job.entry.url, settle_state(job.settle), job.entry.attempts, job.not_before,
               job.prepared.has_value(), job.error);
        for (const std::string& also : job.also_done) {
          enqueue(db, crawl_id_, {{also, job.entry.depth, job.entry.kind, 0, std::nullopt, std::nullopt}}, now);
          settle(db, crawl_id_, also, "done", 0, std::nullopt, false, false);
        }
      }
      result.fresh = enqueue(db, crawl_id_, job.discovered, now, options_.update);
    };
    if (job.prepared) {
      const FetchRecord& f = job.prepared->fetch;
      bool page = job.settle != StoreJob::Settle::kNone;  // robots.txt is not on any schedule
      ingest::IngestResult r = ingest::commit(archive_, *job.prepared, [&](store::Connection& db, const store::StoredFetch& stored) {
        frontier(db);
        if (!page) return;
        reschedule(db, stored, f.page_kind, f.fetched_at, schedule_for(sites_.find(f.site)));
        if (job.entry.listed_modified)
          db.prepare("UPDATE page SET listed_modified = ?2 WHERE id = ?1")
              .bind(1, stored.page_id)
              .bind(2, *job.entry.listed_modified)
              .run();
      });
      result.outcome = r.stored.outcome;
      if (spdlog::should_log(spdlog::level::debug))  // a line per fetch: built only when it is logged
        spdlog::debug("{} {}: {}", f.url, f.status ? std::to_string(*f.status) : std::string("-"),
                      store::outcome_name(r.stored.outcome));
    } else {
      store::Transaction t(archive_.db());
      frontier(archive_.db());
      t.commit();
    }
  }

  // Results from the storage thread, on the crawl's thread.
  void drain_results() {
    for (StoreResult& r : results_.take_all()) {
      --pending_;
      held_bytes_ -= r.held_bytes;
      if (r.fatal && !fatal_) {
        fatal_ = r.fatal;
        spdlog::error("{}", *r.fatal);
      }
      if (r.outcome) {
        ++stats_.fetched;
        switch (*r.outcome) {
          case store::FetchOutcome::kNewVersion: ++stats_.new_versions; break;
          case store::FetchOutcome::kUnchanged: ++stats_.unchanged; break;
          case store::FetchOutcome::kNotModified: ++stats_.not_modified; break;
          case store::FetchOutcome::kGone: ++stats_.gone; break;
          default: break;
        }
      }
      if (r.settle == StoreJob::Settle::kRetry) {
        ++stats_.retries;
        FrontierEntry e = r.entry;
        std::string host = r.host;
        queues_.push(host, {std::move(e), r.retry_at});
      }
      if (r.settle == StoreJob::Settle::kFailed) ++stats_.failed;
      for (FrontierEntry& e : r.fresh) schedule(std::move(e));
    }
  }

  // The running counts, with what is measured only when asked for.
  CrawlStats snapshot(Clock::time_point started) const {
    CrawlStats s = stats_;
    s.queued = static_cast<std::int64_t>(queues_.size());
    s.in_flight = static_cast<std::int64_t>(fetcher_.active());
    s.seconds = std::chrono::duration<double>(Clock::now() - started).count();
    s.cpu_fetch = cpu_fetch_;
    s.cpu_extract = cpu_extract_.load();
    s.cpu_store = cpu_store_.load();
    s.limits_hit = limits_hit_.load();
    return s;
  }


  store::Archive& archive_;
  const site::SiteSet& sites_;
  const CrawlOptions& options_;
  std::atomic<bool>& stop_;
  Scope scope_;
  store::Connection reader_;  // the crawl thread's own, for validators; WAL lets it read beside the writer
  net::Fetcher fetcher_;
  HostQueues queues_;
  int jobs_ = 1;
  std::int64_t crawl_id_ = 0;
  Clock::time_point started_ = Clock::now();

  std::unique_ptr<store::Archive> robots_reader_;  // see reader_archive()
  bool conditional_listings_ = false;  // listings, feeds and sitemaps asked for with validators
  std::unordered_map<std::string, net::RobotsRules> robots_;
  std::set<std::string> robots_requested_;
  std::unordered_map<std::string, std::string> origin_of_host_;
  std::unordered_map<std::uint64_t, InFlight> in_flight_;
  std::uint64_t next_id_ = 1;
  size_t pending_ = 0;               // jobs sent to workers or storage, not yet back
  std::int64_t held_bytes_ = 0;      // their bodies' bytes (capacity), on the crawl's thread
  ByteBudget parse_budget_{options_.memory_budget};  // the parse trees built at once
  std::int64_t pages_started_ = 0;   // page requests started by this run
  CrawlStats stats_;  // counted on the crawl's thread
  std::optional<std::string> fatal_;
  std::mt19937_64 random_{std::random_device{}()};

  WorkQueue<ExtractJob> extract_jobs_;
  WorkQueue<StoreJob> store_jobs_;
  WorkQueue<StoreResult> results_;
  double cpu_fetch_ = 0;
  std::atomic<double> cpu_extract_{0}, cpu_store_{0};
  std::atomic<std::int64_t> limits_hit_{0};  // counted by the workers and the crawl's thread
  bool storage_failed_ = false;         // the storage thread's own
  std::exception_ptr storage_error_;    // written by the storage thread, read after it ended
};

}  // namespace

std::string user_agent(const std::string& contact) { return fmt::format("khobao/0.5 (+{})", contact); }

Crawler::Crawler(store::Archive& archive, const site::SiteSet& sites, CrawlOptions options)
    : archive_(archive), sites_(sites), options_(std::move(options)) {}

Crawler::Crawler(store::Archive& archive, const site::SiteSet& sites, CrawlOptions options,
                 std::atomic<bool>& stop_flag)
    : archive_(archive), sites_(sites), options_(std::move(options)), stop_(&stop_flag) {}

CrawlResult Crawler::run(const std::function<void(const CrawlStats&)>& progress) {
  Run run(archive_, sites_, options_, *stop_);
  return run.run(progress);
}

}  // namespace khobao::crawl
