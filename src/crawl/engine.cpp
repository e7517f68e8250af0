// The crawl's engine: one thread drives every transfer (net::Fetcher), the
// politeness rules, robots.txt and retries, hands responses to the page
// pipeline and schedules what the writer reports back; see engine.hpp.
#include "crawl/engine.hpp"

#include "store/frontier_table.hpp"
#include "crawl/page_pipeline.hpp"
#include "crawl/politeness.hpp"
#include "crawl/scope.hpp"
#include "crawl/writer.hpp"
#include "ingest/page_identity.hpp"
#include "net/robots.hpp"
#include "url/url.hpp"
#include "store/page_lookup.hpp"

#include <fmt/chrono.h>
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cmath>
#include <ctime>
#include <random>
#include <set>
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

// A request the fetcher runs: which frontier entry, for which host.
struct InFlight {
  store::FrontierEntry entry;
  std::string host;
  bool robots = false;  // robots.txt, not a page of the frontier
};

class Engine {
 public:
  Engine(store::Archive& archive, const site::SiteSet& sites, const CrawlOptions& options,
         const RunPolicy& policy, std::atomic<bool>& stop)
      : archive_(archive),
        sites_(sites),
        options_(options),
        policy_(policy),
        stop_(stop),
        scope_(sites, options.sites, options.seeds, policy.update_scope),
        door_(sites, scope_.folding(), [this](std::string_view url) { return scope_.site_of(url) != nullptr; }),
        reader_(archive.path(), store::Access::kRead),
        fetcher_(fetcher_options()) {
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
        policy_.update_scope ? scope_.describe_update() : scope_.describe(options_.max_depth);
    store::CrawlRun run = store::open_run(archive_, scope_text, store::utc_now(), options_.fresh);
    crawl_id_ = run.id;
    result.crawl_id = run.id;
    result.resumed = run.resumed;
    if (run.resumed)
      spdlog::info("crawl {}: resuming an unfinished crawl ({} fetched before)", run.id, run.fetched);
    conditional_listings_ = policy_.conditional_listings && !store::any_unfinished_crawl(reader_);
    load_frontier(run);

    writer_.emplace(archive_, sites_, policy_, crawl_id_, [this] { fetcher_.wakeup(); });
    pipeline_.emplace(scope_, door_, options_.max_depth, options_.memory_budget, crawl_id_, *writer_);
    writer_->start();
    // On every way out, an exception from the loop too: joinable threads must
    // not be destroyed (that is std::terminate), and what they hold is stored.
    auto join_threads = [&] {
      pipeline_->close();
      writer_->close();
    };
    double cpu_at_start = thread_cpu_seconds();
    try {
      pipeline_->start(jobs_, archive_.path());
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
    result.budget_stopped = ended && queues_.size() > 0 && budget_spent() && policy_.resumes_after_budget;
    result.finished = ended && (queues_.size() == 0 || (policy_.budget_finishes && budget_spent()));
    if (writer_->error()) std::rethrow_exception(writer_->error());  // its type says what went wrong (a full disk)
    if (result.finished) store::finish_run(archive_, crawl_id_, store::utc_now(), policy_.update_scope);
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
      std::optional<std::string> url = url::normalize(to, scope_.folding());
      if (!url || !scope_.site_of(*url)) return fmt::format("a redirect out of the crawl's sites, to {}", to);
      return std::nullopt;
    };
    return o;
  }

  // Seeds into the run's frontier, then everything still queued into the
  // per-host queues (all of it, on a resumed run).
  void load_frontier(const store::CrawlRun& run) {
    std::vector<store::FrontierEntry> queued;
    archive_.in_transaction([&](store::Connection& db) {
      store::enqueue(db, run.id, scope_.seeds(), store::utc_now());
      store::enqueue(db, run.id, options_.revisits, store::utc_now());
      queued = store::queued_entries(db, run.id);
    });
    for (store::FrontierEntry& e : queued) schedule(std::move(e));
  }

  void schedule(store::FrontierEntry e) {
    std::string host = url::host_key(e.url);
    origin_of_host_.try_emplace(host, url::origin(e.url));
    if (!robots_.count(host) && !queues_.held(host)) queues_.hold(host, true);
    Clock::time_point at = steady_of(e.not_before);
    // A crawl fetches the articles it knows of before more listings, so that a
    // budget (--max-pages) is spent on what the archive is for and every run
    // adds articles; an update keeps its order (seeds, then the newest revisits).
    bool ahead = policy_.articles_first && (e.kind == "article" || e.kind == "unknown");
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
      if (!robots_[host].allowed(url::path_and_query(item.entry.url))) {
        queues_.finished(host);
        spdlog::info("robots.txt of {} disallows {}", host, item.entry.url);
        ++stats_.disallowed;
        StoreJob job;
        job.entry = std::move(item.entry);
        job.settle = Settle::kDisallowed;
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
    store::Validators v = store::page_validators(reader_, request.url);
    request.etag = std::move(v.etag);
    request.last_modified = std::move(v.last_modified);
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
    std::optional<store::CrawlFetch> last = store::last_crawl_fetch(reader_, url);
    if (!last || !last->status) return std::nullopt;
    int status = *last->status;
    std::optional<std::time_t> at = store::parse_utc(last->fetched_at);
    std::time_t now = store::clock_now();
    if ((status < 200 || status >= 500) || !at || *at > now || now - *at >= kRobotsCacheSeconds) return std::nullopt;
    std::string body;
    if (status < 300) {
      std::optional<store::Archive::StoredBody> stored = reader_.body_of_fetch(last->fetch_id);
      if (!stored) return std::nullopt;
      body = reader_.blobs().read(stored->blob_id);
    }
    spdlog::info("{}: the archive's copy, fetched {} (robots.txt is kept up to 24 hours)", url, last->fetched_at);
    return net::robots_for_status(status, body, kRobotsToken);
  }

  void handle_robots(const InFlight& flight, net::Response r) {
    net::RobotsRules rules = net::robots_for_status(r.ok() ? r.status : std::nullopt, r.body, kRobotsToken);
    if (!r.ok()) spdlog::warn("{}: robots.txt unreachable ({}: {}); nothing is fetched from it for now",
                              flight.host, net::fetch_error_name(r.error), r.error_message);
    else if (*r.status >= 500) spdlog::warn("{}: robots.txt answered {}; nothing is fetched from it for now",
                                           flight.host, *r.status);
    if (r.truncated)
      pipeline_->limit_hit(flight.entry.url, fmt::format("robots.txt over {0} KiB: its first {0} KiB parsed, the rest ignored",
                                              net::kRobotsMaxBytes / 1024));
    // robots.txt is archived too (what the crawl obeyed), outside the frontier.
    ingest::PrepareOptions options;
    options.content_type = r.content_type;
    apply_robots(flight.host, std::move(rules),
                 ingest::prepare(door_, fetch_record(r, flight.entry, flight.entry.url, store::utc_now(), crawl_id_),
                                 options));
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
      if (std::optional<std::string> url = url::normalize(s, scope_.folding()); url && scope_.site_of(*url))
        job.discovered.push_back({*url, 1, "sitemap", 0, std::nullopt, std::nullopt});
    robots_[host] = std::move(rules);
    queues_.hold(host, false);
    if (!fetched && job.discovered.empty()) return;
    job.host = host;
    job.settle = Settle::kNone;
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
        job.settle = Settle::kRetry;
        job.not_before = utc_in(*wait);
        job.retry_at = Clock::now() + std::chrono::duration_cast<Clock::duration>(Seconds(*wait));
        spdlog::info("{}: retry {} of {} in {:.1f} s", flight.entry.url, attempts, options_.max_attempts - 1, *wait);
      } else {
        job.settle = Settle::kFailed;
        spdlog::warn("{}: gave up after {} attempt(s)", flight.entry.url, attempts);
      }
    }
    flight.entry.attempts = attempts;
    job.entry = std::move(flight.entry);
    job.held_bytes = static_cast<std::int64_t>(r.body.capacity());
    held_bytes_ += job.held_bytes;
    job.response = std::move(r);
    ++pending_;
    pipeline_->push(std::move(job));
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

  // From the crawl's thread: every job sent on yields one StoreResult.
  void to_storage(StoreJob job) {
    ++pending_;
    writer_->push(std::move(job));
  }

  // Results from the storage thread, on the crawl's thread.
  void drain_results() {
    if (!writer_) return;
    for (StoreResult& r : writer_->take_results()) {
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
      if (r.settle == Settle::kRetry) {
        ++stats_.retries;
        store::FrontierEntry e = r.entry;
        std::string host = r.host;
        queues_.push(host, {std::move(e), r.retry_at});
      }
      if (r.settle == Settle::kFailed) ++stats_.failed;
      for (store::FrontierEntry& e : r.fresh) schedule(std::move(e));
    }
  }

  // The running counts, with what is measured only when asked for.
  CrawlStats snapshot(Clock::time_point started) const {
    CrawlStats s = stats_;
    s.queued = static_cast<std::int64_t>(queues_.size());
    s.in_flight = static_cast<std::int64_t>(fetcher_.active());
    s.seconds = std::chrono::duration<double>(Clock::now() - started).count();
    s.cpu_fetch = cpu_fetch_;
    s.cpu_extract = pipeline_ ? pipeline_->cpu_seconds() : 0;
    s.cpu_store = writer_ ? writer_->cpu_seconds() : 0;
    s.limits_hit = pipeline_ ? pipeline_->limits_hit() : 0;
    return s;
  }


  store::Archive& archive_;
  const site::SiteSet& sites_;
  const CrawlOptions& options_;
  RunPolicy policy_;
  std::atomic<bool>& stop_;
  Scope scope_;
  ingest::Door door_;  // names every page: the scope's folding, its sites
  store::Archive reader_;  // the crawl thread's own, for validators and robots.txt; WAL lets it read beside the writer
  net::Fetcher fetcher_;
  HostQueues queues_;
  int jobs_ = 1;
  std::int64_t crawl_id_ = 0;
  Clock::time_point started_ = Clock::now();

  bool conditional_listings_ = false;  // listings, feeds and sitemaps asked for with validators
  std::unordered_map<std::string, net::RobotsRules> robots_;
  std::set<std::string> robots_requested_;
  std::unordered_map<std::string, std::string> origin_of_host_;
  std::unordered_map<std::uint64_t, InFlight> in_flight_;
  std::uint64_t next_id_ = 1;
  size_t pending_ = 0;               // jobs sent to workers or storage, not yet back
  std::int64_t held_bytes_ = 0;      // their bodies' bytes (capacity), on the crawl's thread
  std::int64_t pages_started_ = 0;   // page requests started by this run
  CrawlStats stats_;  // counted on the crawl's thread
  std::optional<std::string> fatal_;
  std::mt19937_64 random_{std::random_device{}()};

  double cpu_fetch_ = 0;
  // Made once the run has its id; the pipeline feeds the writer, so it is
  // declared after it and destroyed (joined) first.
  std::optional<Writer> writer_;
  std::optional<PagePipeline> pipeline_;
};

}  // namespace

CrawlResult run_engine(store::Archive& archive, const site::SiteSet& sites, const CrawlOptions& options,
                       const RunPolicy& policy, std::atomic<bool>& stop,
                       const std::function<void(const CrawlStats&)>& progress) {
  Engine engine(archive, sites, options, policy, stop);
  return engine.run(progress);
}

}  // namespace khobao::crawl
