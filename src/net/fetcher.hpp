// The fetcher: many HTTP transfers at once on one thread, on libcurl's multi
// interface. It knows nothing of politeness or retries (crawl/ decides when
// to ask for what); it enforces what one transfer may cost: redirects, bytes
// before and after decompression, time, stalls and content types.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace khobao::net {

// What one transfer may cost. A server that exceeds a limit gets its
// transfer cut, and the response says which limit it hit.
struct FetchLimits {
  int max_redirects = 10;
  std::int64_t max_received_bytes = 32ll << 20;  // as sent, before decompression
  std::int64_t max_decoded_bytes = 64ll << 20;   // after decompression (gzip bombs)
  long connect_timeout_ms = 15'000;
  long total_timeout_ms = 120'000;
  long low_speed_bytes_per_s = 512;              // slower than this...
  long low_speed_seconds = 30;                   // ...for this long is a stall
  // Media types accepted (a prefix match on the Content-Type's type/subtype);
  // a response without a Content-Type is accepted and sniffed later.
  std::vector<std::string> content_types = {
      "text/html", "application/xhtml+xml", "application/rss+xml", "application/atom+xml",
      "application/rdf+xml", "application/xml", "text/xml", "text/plain",
      "application/gzip", "application/x-gzip", "application/octet-stream"};
};

struct FetcherOptions {
  std::string user_agent;                  // names khobao and a contact URL
  std::vector<std::string> connect_to;     // CURLOPT_CONNECT_TO entries, HOST:PORT:HOST2:PORT2
  FetchLimits limits;
  // Asked before following a redirect from `from` to `to` (absolute http(s));
  // returns why it must not be followed, or nullopt to follow it.
  std::function<std::optional<std::string>(std::string_view from, std::string_view to)> redirect_check;
};

struct Request {
  std::uint64_t id = 0;                      // the caller's; returned in the Response
  std::string url;                           // absolute http(s)
  std::optional<std::string> etag;           // sent as If-None-Match
  std::optional<std::string> last_modified;  // sent as If-Modified-Since
  // Keep only this many bytes of the decoded body and end the transfer there,
  // as a success with Response::truncated set (robots.txt: its first 500 KiB).
  // Without it, a body over the limits is an error.
  std::optional<std::int64_t> keep_bytes;
};

// Why a transfer gave no usable response. kNone with a status is an HTTP
// answer, whatever its code.
enum class FetchError {
  kNone,
  kDns,             // the host name did not resolve
  kConnect,         // refused, unreachable
  kTimeout,         // the whole transfer took too long
  kStalled,         // slower than the low-speed limit for too long
  kReset,           // the connection broke mid-transfer
  kTooLarge,        // over max_received_bytes (announced or received)
  kDecodedTooLarge, // decompressed over max_decoded_bytes
  kBadEncoding,     // a Content-Encoding that does not decode
  kContentType,     // a media type not in the accepted list
  kRedirectLimit,   // more than max_redirects
  kRedirectLoop,    // a redirect back to a URL already visited
  kRedirectRefused, // to another scheme, out of scope, no Location
  kProtocol,        // a malformed response
  kOther,
};

// The name used in logs and in the archive's fetch.error: "timeout", ...
const char* fetch_error_name(FetchError e);

struct Response {
  std::uint64_t id = 0;
  std::string url;                 // as requested
  std::string final_url;           // after redirects
  std::optional<int> status;       // of the final response; nullopt: none arrived
  std::string headers;             // the final response's header lines, "Name: value\r\n"
  std::string body;                // decoded; empty on error
  std::string content_type;        // the Content-Type header, as sent
  std::optional<std::string> etag, last_modified;
  std::optional<double> retry_after_seconds;  // from Retry-After (seconds or an HTTP date)
  FetchError error = FetchError::kNone;
  std::string error_message;       // for logs: what exactly went wrong
  std::int64_t duration_ms = 0;
  std::int64_t received_bytes = 0; // body bytes as sent, before decoding
  int redirects = 0;
  bool truncated = false;          // the body was cut at Request::keep_bytes

  bool ok() const { return error == FetchError::kNone && status.has_value(); }
  // Worth trying again later: timeouts, stalls, connection errors, 5xx, 429.
  bool retryable() const;
};

// Runs transfers. Not thread-safe: one thread starts and polls.
class Fetcher {
 public:
  explicit Fetcher(FetcherOptions options);
  ~Fetcher();
  Fetcher(const Fetcher&) = delete;
  Fetcher& operator=(const Fetcher&) = delete;

  // Begins a transfer now. Throws std::invalid_argument for a URL that is
  // not absolute http(s).
  void start(const Request& request);

  // Drives the transfers for up to `wait` (less if one finishes), and
  // returns every transfer that finished, in no particular order.
  std::vector<Response> poll(std::chrono::milliseconds wait);

  // Transfers started and not yet returned by poll().
  size_t active() const;

  // Ends a poll() that is waiting, from any thread: new work has arrived.
  void wakeup();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// The value of an HTTP Retry-After header in seconds from `now`: a number
// of seconds, or an HTTP date. nullopt when it is neither.
std::optional<double> parse_retry_after(std::string_view value, std::chrono::system_clock::time_point now);

}  // namespace khobao::net
