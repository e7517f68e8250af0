// The storage thread: one transaction per job; see writer.hpp.
#include "crawl/writer.hpp"

#include "crawl/schedule.hpp"
#include "store/page_lookup.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

namespace khobao::crawl {

Writer::Writer(store::Archive& archive, const site::SiteSet& sites, const RunPolicy& policy,
               std::int64_t crawl_id, std::function<void()> wake)
    : archive_(archive), sites_(sites), policy_(policy), crawl_id_(crawl_id), wake_(std::move(wake)) {}

Writer::~Writer() { close(); }

void Writer::start() { thread_ = std::thread([this] { loop(); }); }

void Writer::close() {
  jobs_.close();
  if (thread_.joinable()) thread_.join();
}

void Writer::loop() {
  ThreadCpuAdder cpu(cpu_);
  while (std::optional<StoreJob> job = jobs_.pop()) {
    StoreResult result;
    result.entry = job->entry;
    result.settle = job->settle;
    result.retry_at = job->retry_at;
    result.host = job->host;
    result.held_bytes = job->held_bytes;
    if (!failed_) {
      try {
        store_one(*job, result);
      } catch (const std::exception& e) {
        // Most likely a full disk: the transaction rolled back, nothing is half-written.
        failed_ = true;
        error_ = std::current_exception();
        result.fatal = fmt::format("cannot write to the archive {}: {}", archive_.path(), e.what());
      }
    }
    results_.push(std::move(result));
    if (wake_) wake_();
  }
}

void Writer::store_one(StoreJob& job, StoreResult& result) {
  std::string now = store::utc_now();
  auto frontier = [&](store::Connection& db) {
    if (job.settle != Settle::kNone) {
      store::settle(db, crawl_id_, job.entry.url, settle_state(job.settle), job.entry.attempts, job.not_before,
             job.prepared.has_value(), job.error);
      for (const std::string& also : job.also_done) {
        store::enqueue(db, crawl_id_, {{also, job.entry.depth, job.entry.kind, 0, std::nullopt, std::nullopt}}, now);
        store::settle(db, crawl_id_, also, "done", 0, std::nullopt, false, false);
      }
    }
    result.fresh = store::enqueue(db, crawl_id_, job.discovered, now, policy_.follow_only_due);
  };
  if (!job.prepared) {
    archive_.in_transaction(frontier);
    return;
  }
  const FetchRecord& f = job.prepared->fetch;
  bool page = job.settle != Settle::kNone;  // robots.txt is not on any schedule
  ingest::IngestResult r =
      ingest::commit(archive_, *job.prepared, [&](store::Connection& db, const store::StoredFetch& stored) {
        frontier(db);
        if (!page) return;
        reschedule(db, stored, f.page_kind, f.fetched_at, schedule_for(sites_.find(f.site)));
        if (job.entry.listed_modified) store::set_listed_modified(db, stored.page_id, *job.entry.listed_modified);
      });
  result.outcome = r.stored.outcome;
  if (spdlog::should_log(spdlog::level::debug))  // a line per fetch: built only when it is logged
    spdlog::debug("{} {}: {}", f.url, f.status ? std::to_string(*f.status) : std::string("-"),
                  store::outcome_name(r.stored.outcome));
}

}  // namespace khobao::crawl
