// The crawl's shared pieces of plain data; see run_parts.hpp.
#include "crawl/run_parts.hpp"

#include "crawl/crawler.hpp"

#include <fmt/format.h>

#include <ctime>

namespace khobao::crawl {

RunPolicy RunPolicy::of(const CrawlOptions& options) { return options.update ? update() : crawl(); }

const char* settle_state(Settle s) {
  switch (s) {
    case Settle::kDone: return "done";
    case Settle::kRetry: return "queued";
    case Settle::kFailed: return "failed";
    case Settle::kDisallowed: return "disallowed";
    case Settle::kNone: return "";
  }
  return "";
}

FetchRecord fetch_record(net::Response& r, const store::FrontierEntry& entry, const std::string& url,
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

double thread_cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

}  // namespace khobao::crawl
