// The page pipeline's workers; see page_pipeline.hpp.
#include "crawl/page_pipeline.hpp"

#include "html/prestrip.hpp"
#include "store/page_lookup.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>

namespace khobao::crawl {
namespace {

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

}  // namespace

PagePipeline::PagePipeline(const Scope& scope, const ingest::Door& door, std::optional<int> max_depth,
                           std::int64_t memory_budget, std::int64_t crawl_id, Writer& writer)
    : scope_(scope),
      door_(door),
      max_depth_(max_depth),
      crawl_id_(crawl_id),
      writer_(writer),
      parse_budget_(memory_budget) {}

PagePipeline::~PagePipeline() { close(); }

void PagePipeline::start(int jobs, const std::string& archive_path) {
  // Each worker compresses bodies with its own read connection (WAL), so the
  // one writer only inserts. All opened first, so that a failure to open is
  // the run's error, not a worker's.
  for (int i = 0; i < jobs; ++i)
    readers_.push_back(std::make_unique<store::Archive>(archive_path, store::Access::kRead));
  for (int i = 0; i < jobs; ++i) workers_.emplace_back([this, i] { loop(*readers_[i]); });
}

void PagePipeline::close() {
  jobs_.close();
  for (std::thread& w : workers_)
    if (w.joinable()) w.join();
}

// Worker threads: extraction and link discovery, then on to storage.
void PagePipeline::loop(store::Archive& reader) {
  ThreadCpuAdder cpu(cpu_);
  while (std::optional<ExtractJob> job = jobs_.pop()) {
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
    writer_.push(std::move(s));
  }
}

// The response's body moves on into the StoreJob. `reader` is the worker's
// own connection to the archive.
StoreJob PagePipeline::prepare_job(ExtractJob& job, store::Archive& reader) {
  StoreJob s;
  s.entry = job.entry;
  s.host = job.host;
  s.settle = job.settle;
  s.not_before = job.not_before;
  s.retry_at = job.retry_at;
  net::Response& r = job.response;
  s.error = !r.ok() || *r.status >= 400;

  // The door names the page: where redirects ended, if that is in scope
  // and the page arrived (a failed redirect is the requested URL's
  // failure); then its canonical link, if in scope and it is an article.
  ingest::PrepareOptions options;
  options.content_type = r.content_type;
  if (r.final_url != r.url && r.ok() && *r.status < 300) options.redirected_to = r.final_url;
  s.prepared = prepare_page(fetch_record(r, job.entry, job.entry.url, job.fetched_at, crawl_id_), std::move(options));
  ingest::Prepared& p = *s.prepared;
  s.also_done = p.identity.also;
  const std::string& url = p.fetch.url;
  BodyKind body_kind = p.identity.kind;
  std::string_view body = p.fetch.body ? std::string_view(*p.fetch.body) : std::string_view();

  if (body_kind == BodyKind::kHtml) {
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
    if (std::optional<std::string> stored = store::last_body(reader, url))
      for (const FoundLink& l : parse_sitemap(*stored, url).sitemaps)
        follow(l.url, PageKind::kSitemap, job.entry, s.discovered, l.modified);
  }
  p.links = {};  // not needed past here; frees memory before the storage queue
  return s;
}

// A response through ingest's door and, for an HTML page, extraction and
// its links within the parse budget: of its first kMaxReadBytes, and of
// those at most kMaxParsedBytes of markup (each said in the log); the
// whole page is archived.
ingest::Prepared PagePipeline::prepare_page(FetchRecord f, ingest::PrepareOptions options) {
  options.want_links = true;
  options.max_markup = kMaxParsedBytes;
  bool answered = f.status && *f.status >= 200 && *f.status < 300;
  // The budget is taken for what the door will call HTML (the same rule, read here first).
  if (!answered || !f.body || ingest::body_kind(*options.content_type, *f.body) != BodyKind::kHtml)
    return ingest::prepare(door_, std::move(f), options);
  std::optional<std::string> whole;
  if (f.body->size() > kMaxReadBytes) {
    limit_hit(f.url, fmt::format("page of {:.1f} MB: only its first {} MB extracted and read for links",
                                 static_cast<double>(f.body->size()) / (1 << 20), kMaxReadBytes >> 20));
    whole = std::move(f.body);
    f.body = whole->substr(0, kMaxReadBytes);
  }
  std::int64_t parsed = static_cast<std::int64_t>(std::min(f.body->size(), kMaxParsedBytes));
  ingest::Prepared p;
  size_t flattened = html::pages_flattened_on_this_thread();
  size_t cut = extract::markup_cuts_on_this_thread();
  {
    ByteBudget::Lease lease(parse_budget_, parsed * kParseBytesPerByte);
    p = ingest::prepare(door_, std::move(f), options);
  }
  // Extraction has said so in the log, with the page; here it is counted.
  if (html::pages_flattened_on_this_thread() != flattened) limits_hit_.fetch_add(1);
  if (extract::markup_cuts_on_this_thread() != cut) limits_hit_.fetch_add(1);
  if (whole) p.fetch.body = std::move(whole);
  return p;
}

void PagePipeline::discover_html(const ingest::Prepared& p, const store::FrontierEntry& from, std::vector<store::FrontierEntry>& out) {
  for (const std::string& a : p.links.next) follow(a, PageKind::kListing, from, out);
  for (const std::string& a : p.links.feeds) follow(a, PageKind::kFeed, from, out);
  for (const std::string& a : p.links.anchors) follow(a, PageKind::kUnknown, from, out);
}

// Queues `link` (absolute, as found) if it is a page of the crawl worth
// fetching; `forced` is its kind when the context says (a next-page link,
// a sitemap index's entry), else kUnknown and the site's URL patterns decide.
// `listed_modified` is a sitemap's <lastmod> for it.
void PagePipeline::follow(const std::string& link, PageKind forced, const store::FrontierEntry& from, std::vector<store::FrontierEntry>& out,
            const std::optional<std::string>& listed_modified) {
  if (max_depth_ && from.depth + 1 > *max_depth_) return;
  std::optional<std::string> url = url::normalize(link, scope_.folding());
  if (!url || *url == from.url) return;
  // The context outranks the URL's shape: a sitemap index's entry is a
  // sitemap even when its name says .xml.gz and not "sitemap".
  PageKind kind = forced != PageKind::kUnknown ? forced : scope_.kind_of(*url);
  if (!scope_.worth_following(*url, kind)) return;
  out.push_back({*url, from.depth + 1, page_kind_name(kind), 0, std::nullopt, listed_modified});
}

// A page cut at one of the caps that bound what a page may cost: said in
// the log and counted in the run's summary. Any thread.
void PagePipeline::limit_hit(const std::string& url, const std::string& what) {
  spdlog::warn("{}: limit: {}", url, what);
  limits_hit_.fetch_add(1);
}

}  // namespace khobao::crawl
