// The crawl's page pipeline: worker threads take each response through
// ingest's door and extraction (within the parse budget), find the links it
// holds that the crawl follows, and hand the result to the writer.
#pragma once

#include "crawl/byte_budget.hpp"
#include "crawl/run_parts.hpp"
#include "crawl/scope.hpp"
#include "crawl/work_queue.hpp"
#include "crawl/writer.hpp"
#include "ingest/page_identity.hpp"
#include "store/archive.hpp"

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace khobao::crawl {

class PagePipeline {
 public:
  // Pages of run `crawl_id`, named by `door`, followed within `scope` up to
  // `max_depth` links from a seed; parse trees held at once within
  // `memory_budget` bytes. Every job goes on to `writer`.
  PagePipeline(const Scope& scope, const ingest::Door& door, std::optional<int> max_depth,
               std::int64_t memory_budget, std::int64_t crawl_id, Writer& writer);
  // Closes and joins, if close() was not called.
  ~PagePipeline();
  PagePipeline(const PagePipeline&) = delete;
  PagePipeline& operator=(const PagePipeline&) = delete;

  // Opens a read connection to `archive_path` for each of `jobs` workers
  // (throws if one cannot be opened: the run's error) and starts them.
  void start(int jobs, const std::string& archive_path);
  // A response to prepare; it reaches the writer as one StoreJob.
  void push(ExtractJob job) { jobs_.push(std::move(job)); }
  // No more responses: waits until those queued went to the writer.
  void close();

  // A page cut at one of the caps that bound what a page may cost: said in
  // the log and counted. Any thread.
  void limit_hit(const std::string& url, const std::string& what);
  std::int64_t limits_hit() const { return limits_hit_.load(); }
  // CPU seconds the workers used (complete after close()).
  double cpu_seconds() const { return cpu_.load(); }

 private:
  void loop(store::Archive& reader);
  StoreJob prepare_job(ExtractJob& job, store::Archive& reader);
  ingest::Prepared prepare_page(FetchRecord f, ingest::PrepareOptions options);
  void discover_html(const ingest::Prepared& p, const store::FrontierEntry& from, std::vector<store::FrontierEntry>& out);
  void follow(const std::string& link, PageKind forced, const store::FrontierEntry& from, std::vector<store::FrontierEntry>& out,
              const std::optional<std::string>& listed_modified = std::nullopt);

  const Scope& scope_;
  const ingest::Door& door_;
  std::optional<int> max_depth_;
  std::int64_t crawl_id_;
  Writer& writer_;
  ByteBudget parse_budget_;  // the parse trees built at once
  WorkQueue<ExtractJob> jobs_;
  std::vector<std::unique_ptr<store::Archive>> readers_;
  std::vector<std::thread> workers_;
  std::atomic<double> cpu_{0};
  std::atomic<std::int64_t> limits_hit_{0};
};

}  // namespace khobao::crawl
