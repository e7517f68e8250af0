// The crawl's writer: one storage thread that writes each fetch, its version
// and the frontier's changes in one transaction, and reports each job back.
#pragma once

#include "crawl/run_parts.hpp"
#include "crawl/work_queue.hpp"
#include "site/site.hpp"
#include "store/archive.hpp"

#include <atomic>
#include <deque>
#include <exception>
#include <functional>
#include <thread>

namespace khobao::crawl {

class Writer {
 public:
  // Writes for run `crawl_id` of `archive`; `wake` is called after each
  // result (from the storage thread), to wake the engine's loop.
  Writer(store::Archive& archive, const site::SiteSet& sites, const RunPolicy& policy, std::int64_t crawl_id,
         std::function<void()> wake);
  // Closes and joins, if close() was not called.
  ~Writer();
  Writer(const Writer&) = delete;
  Writer& operator=(const Writer&) = delete;

  // Starts the storage thread.
  void start();
  // A job to store; every job yields one StoreResult. Any thread.
  void push(StoreJob job) { jobs_.push(std::move(job)); }
  // No more jobs: waits until those queued are stored (or dropped after a
  // failure) and the thread has ended.
  void close();
  // The results so far, in order. Any thread.
  std::deque<StoreResult> take_results() { return results_.take_all(); }
  // After close(): what made storing fail (a full disk: store::SqliteError), if anything.
  std::exception_ptr error() const { return error_; }
  // CPU seconds the storage thread used (complete after close()).
  double cpu_seconds() const { return cpu_.load(); }

 private:
  void loop();
  void store_one(StoreJob& job, StoreResult& result);

  store::Archive& archive_;
  const site::SiteSet& sites_;
  RunPolicy policy_;
  std::int64_t crawl_id_;
  std::function<void()> wake_;
  WorkQueue<StoreJob> jobs_;
  WorkQueue<StoreResult> results_;
  std::thread thread_;
  std::atomic<double> cpu_{0};
  bool failed_ = false;          // the storage thread's own
  std::exception_ptr error_;     // written by the storage thread, read after it ended
};

}  // namespace khobao::crawl
