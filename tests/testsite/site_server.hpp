// The test site server: the generated demo sites on one loopback port,
// virtual-hosted by the Host header, with faults and page changes on demand
// and a log of every request. Used by the tests, scripts/demo.sh
// (khobao-testsite) and the crawl benchmark.
#pragma once

#include "testsite/http_server.hpp"
#include "testsite/site_gen.hpp"

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace khobao::testsite {

enum class FaultKind {
  kSlow,             // the body in `chunk`-byte pieces, `delay` apart
  kStall,            // headers, then nothing for `delay`, then close
  kReset,            // close the connection with a TCP reset and no response
  kStatus,           // `status` (500, 503, 429...) with `retry_after` if set, and `body` if set
  kBody,             // `status` (default 200) with `body` as `content_type`: robots.txt variants
  kRedirect,         // 302 to `location` (out of scope, ftp://, file:///etc/passwd...)
  kRedirectLoop,     // path a -> a?loop=b -> a -> ...
  kRedirectChain,    // `hops` 302s: a -> /hop/1 -> ... -> /hop/N, which serves a's page
  kGzipBomb,         // Content-Encoding: gzip, ~1 MB that inflates to 1 GiB of zeros
  kHuge,             // Content-Length: 10 GB and bytes until the client goes
  kEndless,          // chunked, never ends
  kWrongType,        // the page as image/png
  kNestedTags,       // 1,000,000 nested <div>
  kManyLinks,        // `links` links (100,000; a million make 57 MB), gzip'd if `gzip` and the client accepts it
  kBadHeaders,       // two different Content-Length values, a garbage charset, a line without a colon
  kChangeEachVisit,  // the article's last paragraph differs on every request
  kSmuggle,          // `body` with a true Content-Length, then, `delay` later (0: in the same
                     // write), a whole second response nobody asked for: `smuggled`
};

struct Fault {
  FaultKind kind = FaultKind::kStatus;
  int status = 503;                 // kStatus, kBody
  std::string retry_after{};        // kStatus: "120" or an HTTP date; empty: no header
  std::string body{};               // kStatus, kBody
  std::string content_type = "text/plain; charset=utf-8";  // kBody
  std::string location{};           // kRedirect
  int hops = 3;                     // kRedirectChain
  std::chrono::milliseconds delay{200};  // kSlow: between pieces; kStall: how long
  size_t chunk = 1024;              // kSlow
  int times = -1;                   // only the first `times` matching requests, then normal; -1: all
  std::string smuggled{};           // kSmuggle: the unsolicited second response, status line to body
  size_t links = 100000;            // kManyLinks
  bool gzip = false;                // kManyLinks
};

struct RequestLogEntry {
  std::string method;
  std::string host;    // from the Host header, lower case, no port
  std::string target;  // path and query
  std::string if_none_match;
  std::string if_modified_since;
  std::string user_agent;
  std::string accept_encoding;
  int status = 0;  // 0: no response (reset)
  std::chrono::system_clock::time_point time;
};

class SiteServer {
 public:
  // Generates the sites of `options` (which hosts, articles per site, seed, port).
  explicit SiteServer(SiteOptions options);
  ~SiteServer();
  SiteServer(const SiteServer&) = delete;
  SiteServer& operator=(const SiteServer&) = delete;

  // Binds 127.0.0.1 on options.port (0: the OS picks), serves in background
  // threads and returns the port. Never binds anything but 127.0.0.1.
  int start();
  // Stops serving; open connections are broken. The destructor calls it.
  void stop();
  int port() const;

  // The truth records of a host's articles, newest first. The reference stays
  // valid for the server's life; read it while no edit runs.
  const std::vector<ArticleTruth>& articles(const std::string& host) const;
  std::vector<std::string> hosts() const;
  // Listing and category paths of a host ("/", "/xa-hoi/", ...).
  std::vector<std::string> listings(const std::string& host) const;

  // Every request, in arrival order. Thread-safe.
  std::vector<RequestLogEntry> requests() const;
  // How many requests asked for `path` (path and query, exact) on `host`.
  size_t count_requests(std::string_view host, std::string_view path) const;
  void clear_log();

  // Fault for `host` ("*": any) and `path`: exact (matched against the path,
  // or the path and query if `path` has a '?'), or a prefix ending in '*'.
  // A later fault for the same host and path replaces the earlier one.
  void set_fault(std::string host, std::string path, Fault fault);
  void clear_faults();

  // Changes an article: its page, ETag, Last-Modified and truth record.
  // Throws std::out_of_range for an unknown article.
  void edit_article(const std::string& host, const std::string& url_path, const ArticleEdit& edit);
  // A view counter, "x phút trước" and a CSRF token in every page's header
  // that change on every request, on all hosts: furniture, not content.
  void set_volatile_furniture(bool on);
  // The article's later requests get `status` (404 or 410); it leaves the
  // listings, feeds and sitemaps.
  void remove_article(const std::string& host, const std::string& url_path, int status = 404);

 private:
  struct FaultRule {
    std::string host, path;
    Fault fault;
    int used = 0;
  };
  bool handle(const HttpRequest& req, HttpConnection& conn);
  bool serve_page(const HttpRequest& req, HttpConnection& conn, RequestLogEntry& log, const std::string& target,
                  const RenderExtras& extras, const Fault* fault);
  bool run_fault(const HttpRequest& req, HttpConnection& conn, RequestLogEntry& log, const Fault& fault,
                 const std::string& host_header, const std::string& target);
  std::optional<Fault> match_fault(const std::string& host, const std::string& target);
  Site* site(std::string_view host);
  const Site* site(std::string_view host) const;
  void record(RequestLogEntry entry);

  SiteOptions options_;
  mutable std::mutex mu_;  // guards sites_, faults_, counters
  std::vector<Site> sites_;
  std::vector<FaultRule> faults_;
  bool volatile_ = false;
  uint64_t visits_ = 0;
  mutable std::mutex log_mu_;
  std::vector<RequestLogEntry> log_;
  std::unique_ptr<HttpServer> http_;
};

}  // namespace khobao::testsite
