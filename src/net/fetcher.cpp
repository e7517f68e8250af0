// The fetcher on libcurl's multi interface. Redirects are followed here, not
// by libcurl, so that every hop is checked (loops, schemes, scope) before a
// connection is opened to where it points.
//
// One response, one URL: an HTTP/1.x connection carries one request and its
// response, then is closed. HTTP/1 has no framing a client can trust: a
// server (or anything between) can send bytes after a response, at once or
// later, and whatever reads the connection next takes them for its own
// answer. Checking a pooled socket for pending bytes before reuse cannot
// close that hole (the bytes may still be on their way when the next request
// goes out), so keep-alive is given up for HTTP/1.x; the politeness delay
// between two requests to a host dwarfs a new handshake, and TLS sessions are
// resumed (a shared session cache). HTTP/2 streams are framed and numbered,
// so an origin known to answer in HTTP/2 keeps its one multiplexed
// connection.
#include "net/fetcher.hpp"

#include "core/text.hpp"
#include "url/url.hpp"

#include <sys/socket.h>

#include <curl/curl.h>
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <ctime>
#include <set>
#include <stdexcept>
#include <unordered_map>

namespace khobao::net {
namespace {

struct EasyDeleter {
  void operator()(CURL* e) const { curl_easy_cleanup(e); }
};
struct MultiDeleter {
  void operator()(CURLM* m) const { curl_multi_cleanup(m); }
};
struct ShareDeleter {
  void operator()(CURLSH* s) const { curl_share_cleanup(s); }
};
struct SlistDeleter {
  void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};
using EasyPtr = std::unique_ptr<CURL, EasyDeleter>;
using MultiPtr = std::unique_ptr<CURLM, MultiDeleter>;
using SlistPtr = std::unique_ptr<curl_slist, SlistDeleter>;
using SharePtr = std::unique_ptr<CURLSH, ShareDeleter>;

// libcurl's global state must be set up once per process before any thread
// uses it; a function-local static does that exactly once.
void global_init() {
  static const CURLcode code = curl_global_init(CURL_GLOBAL_DEFAULT);
  if (code != CURLE_OK) throw std::runtime_error(fmt::format("libcurl: {}", curl_easy_strerror(code)));
}

SlistPtr make_slist(const std::vector<std::string>& items) {
  curl_slist* list = nullptr;
  for (const std::string& item : items) {
    curl_slist* grown = curl_slist_append(list, item.c_str());
    if (!grown) {
      curl_slist_free_all(list);
      throw std::bad_alloc();
    }
    list = grown;
  }
  return SlistPtr(list);
}

// Header lines reach the callback with their CR LF, which goes with HTTP's
// own white space (space and tab, text::trim_space_tab).
std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.back() == '\r' || s.back() == '\n')) s.remove_suffix(1);
  return text::trim_space_tab(s);
}

bool is_http_url(std::string_view url) {
  std::string head = text::ascii_lower(url.substr(0, 8));
  return head.rfind("http://", 0) == 0 || head.rfind("https://", 0) == 0;
}

bool type_accepted(std::string_view content_type, const std::vector<std::string>& accepted) {
  std::string type = text::ascii_lower(trim(content_type.substr(0, content_type.find(';'))));
  if (type.empty()) return true;
  return std::any_of(accepted.begin(), accepted.end(), [&](const std::string& a) { return type == a; });
}

}  // namespace

const char* fetch_error_name(FetchError e) {
  switch (e) {
    case FetchError::kNone: return "none";
    case FetchError::kDns: return "dns";
    case FetchError::kConnect: return "connect";
    case FetchError::kTimeout: return "timeout";
    case FetchError::kStalled: return "stalled";
    case FetchError::kReset: return "reset";
    case FetchError::kTooLarge: return "too-large";
    case FetchError::kDecodedTooLarge: return "decoded-too-large";
    case FetchError::kBadEncoding: return "bad-encoding";
    case FetchError::kContentType: return "content-type";
    case FetchError::kRedirectLimit: return "redirect-limit";
    case FetchError::kRedirectLoop: return "redirect-loop";
    case FetchError::kRedirectRefused: return "redirect-refused";
    case FetchError::kProtocol: return "protocol";
    case FetchError::kOther: return "other";
  }
  return "other";
}

bool Response::retryable() const {
  switch (error) {
    case FetchError::kDns:  // a resolver hiccup; a name that never resolves fails every attempt
    case FetchError::kConnect:
    case FetchError::kTimeout:
    case FetchError::kStalled:
    case FetchError::kReset:
    case FetchError::kProtocol:
      return true;
    case FetchError::kNone:
      return status && (*status == 429 || (*status >= 500 && *status <= 599));
    default:
      return false;
  }
}

std::optional<double> parse_retry_after(std::string_view value, std::chrono::system_clock::time_point now) {
  value = trim(value);
  if (value.empty()) return std::nullopt;
  if (std::all_of(value.begin(), value.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); })) {
    if (value.size() > 9) return 1e9;  // absurd, and capped by the caller
    return static_cast<double>(std::stol(std::string(value)));
  }
  std::string date(value);
  time_t when = curl_getdate(date.c_str(), nullptr);
  if (when == -1) return std::nullopt;
  double seconds = std::difftime(when, std::chrono::system_clock::to_time_t(now));
  return std::max(0.0, seconds);
}

// One transfer, possibly over several redirect hops.
struct Transfer {
  Request request;
  EasyPtr easy;
  SlistPtr request_headers;
  std::string current_url;
  std::set<std::string> visited;
  int redirects = 0;
  std::chrono::steady_clock::time_point started;

  // The response being received; reset at every hop and every status line.
  std::string headers, body, content_type;
  std::optional<std::string> etag, last_modified, retry_after;
  bool type_checked = false;
  bool truncated = false;  // cut at request.keep_bytes: a success
  FetchError abort_reason = FetchError::kNone;
  std::string abort_message;

  const FetcherOptions* options = nullptr;
};

namespace {

size_t on_header(char* data, size_t size, size_t count, void* user) {
  auto* t = static_cast<Transfer*>(user);
  std::string_view line(data, size * count);
  if (line.rfind("HTTP/", 0) == 0) {  // a new response (after 100 Continue, say)
    t->headers.clear();
    t->content_type.clear();
    t->etag.reset();
    t->last_modified.reset();
    t->retry_after.reset();
    return size * count;
  }
  std::string_view content = trim(line);
  if (content.empty()) return size * count;
  if (t->headers.size() + content.size() > 256 * 1024) {  // a header flood
    t->abort_reason = FetchError::kProtocol;
    t->abort_message = "response headers over 256 KiB";
    return 0;
  }
  t->headers.append(content).append("\r\n");
  size_t colon = content.find(':');
  if (colon == std::string_view::npos) return size * count;
  std::string name = text::ascii_lower(trim(content.substr(0, colon)));
  std::string value(trim(content.substr(colon + 1)));
  // The first of conflicting headers counts: that is what libcurl acts on too.
  if (name == "content-type" && t->content_type.empty()) t->content_type = value;
  else if (name == "etag" && !t->etag) t->etag = value;
  else if (name == "last-modified" && !t->last_modified) t->last_modified = value;
  else if (name == "retry-after" && !t->retry_after) t->retry_after = value;
  return size * count;
}

long response_code(CURL* easy) {
  long code = 0;
  curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &code);
  return code;
}

size_t on_body(char* data, size_t size, size_t count, void* user) {
  auto* t = static_cast<Transfer*>(user);
  size_t n = size * count;
  long code = response_code(t->easy.get());
  if (code >= 300 && code < 400) return n;  // a redirect's body is never kept
  if (!t->type_checked) {
    t->type_checked = true;
    if (code >= 200 && code < 300 && !type_accepted(t->content_type, t->options->limits.content_types)) {
      t->abort_reason = FetchError::kContentType;
      t->abort_message = fmt::format("content type '{}' is not a page khobao reads", t->content_type);
      return 0;
    }
  }
  if (t->request.keep_bytes && static_cast<std::int64_t>(t->body.size() + n) >= *t->request.keep_bytes) {
    t->body.append(data, static_cast<size_t>(*t->request.keep_bytes) - t->body.size());
    t->truncated = true;
    return 0;  // ends the transfer; finish_hop reads it as a success
  }
  if (static_cast<std::int64_t>(t->body.size() + n) > t->options->limits.max_decoded_bytes) {
    t->abort_reason = FetchError::kDecodedTooLarge;
    t->abort_message = fmt::format("body over {} bytes once decoded", t->options->limits.max_decoded_bytes);
    return 0;
  }
  t->body.append(data, n);
  return n;
}

int on_progress(void* user, curl_off_t, curl_off_t received, curl_off_t, curl_off_t) {
  auto* t = static_cast<Transfer*>(user);
  if (received > t->options->limits.max_received_bytes) {
    t->abort_reason = FetchError::kTooLarge;
    t->abort_message = fmt::format("over {} bytes received", t->options->limits.max_received_bytes);
    return 1;
  }
  return 0;
}

void check(CURLcode code, const char* what) {
  if (code != CURLE_OK) throw std::runtime_error(fmt::format("libcurl: {}: {}", what, curl_easy_strerror(code)));
}

void check(CURLMcode code, const char* what) {
  if (code != CURLM_OK) throw std::runtime_error(fmt::format("libcurl: {}: {}", what, curl_multi_strerror(code)));
}

FetchError classify(CURLcode code, const Transfer& t, std::chrono::milliseconds elapsed) {
  if (t.abort_reason != FetchError::kNone) return t.abort_reason;
  switch (code) {
    case CURLE_COULDNT_RESOLVE_HOST: return FetchError::kDns;
    case CURLE_COULDNT_CONNECT: return FetchError::kConnect;
    case CURLE_OPERATION_TIMEDOUT:
      return elapsed.count() + 1000 >= t.options->limits.total_timeout_ms ? FetchError::kTimeout
                                                                           : FetchError::kStalled;
    case CURLE_FILESIZE_EXCEEDED: return FetchError::kTooLarge;
    case CURLE_BAD_CONTENT_ENCODING: return FetchError::kBadEncoding;
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE: return FetchError::kReset;
    case CURLE_WEIRD_SERVER_REPLY:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
    case CURLE_UNSUPPORTED_PROTOCOL: return FetchError::kProtocol;
    default: return FetchError::kOther;
  }
}

}  // namespace

struct Fetcher::Impl {
  FetcherOptions options;
  SharePtr share;  // TLS sessions, for the handshakes of fresh connections; outlives every handle
  MultiPtr multi;
  SlistPtr connect_to;
  std::unordered_map<CURL*, std::unique_ptr<Transfer>> transfers;
  std::unordered_map<std::string, bool> multiplexed;  // origin -> its last answer was HTTP/2 or later

  // A transfer to an origin not known to speak HTTP/2 gets a connection of
  // its own, closed after its response (see the top of this file).
  void set_connection_reuse(CURL* e, const std::string& url) {
    auto it = multiplexed.find(url::origin(url));
    long own = it != multiplexed.end() && it->second ? 0L : 1L;
    check(curl_easy_setopt(e, CURLOPT_FRESH_CONNECT, own), "fresh connect");
    check(curl_easy_setopt(e, CURLOPT_FORBID_REUSE, own), "forbid reuse");
  }

  // After a hop: learns whether its origin multiplexes. An HTTP/1.x answer
  // on a connection that was allowed to stay open (the origin had spoken
  // HTTP/2 before) has that connection shut now, before anything can reuse it.
  void note_protocol(Transfer& t) {
    long version = 0;
    curl_easy_getinfo(t.easy.get(), CURLINFO_HTTP_VERSION, &version);
    if (version == 0) return;  // no response arrived
    bool h2 = version >= CURL_HTTP_VERSION_2_0;
    bool& known = multiplexed[url::origin(t.current_url)];
    if (!h2 && known) {
      curl_socket_t sock = CURL_SOCKET_BAD;
      if (curl_easy_getinfo(t.easy.get(), CURLINFO_ACTIVESOCKET, &sock) == CURLE_OK && sock != CURL_SOCKET_BAD)
        ::shutdown(sock, SHUT_RDWR);  // libcurl finds it dead and closes it
    }
    known = h2;
  }

  // Sets up the easy handle for the transfer's current URL and adds it.
  void begin_hop(Transfer& t) {
    t.headers.clear();
    t.body.clear();
    t.content_type.clear();
    t.etag.reset();
    t.last_modified.reset();
    t.retry_after.reset();
    t.type_checked = false;
    t.truncated = false;
    t.abort_reason = FetchError::kNone;
    t.abort_message.clear();
    t.visited.insert(t.current_url);

    CURL* e = t.easy.get();
    check(curl_easy_setopt(e, CURLOPT_URL, t.current_url.c_str()), "URL");
    set_connection_reuse(e, t.current_url);
    auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t.started);
    long left = std::max<long>(1, options.limits.total_timeout_ms - static_cast<long>(elapsed.count()));
    check(curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, left), "timeout");
    // Validators belong to the URL they came from, not to a redirect's target.
    std::vector<std::string> headers;
    if (t.redirects == 0 && t.request.etag) headers.push_back("If-None-Match: " + *t.request.etag);
    if (t.redirects == 0 && t.request.last_modified)
      headers.push_back("If-Modified-Since: " + *t.request.last_modified);
    t.request_headers = make_slist(headers);
    check(curl_easy_setopt(e, CURLOPT_HTTPHEADER, t.request_headers.get()), "headers");
    check(curl_multi_add_handle(multi.get(), e), "add handle");
  }

  EasyPtr make_easy(Transfer& t) {
    EasyPtr easy(curl_easy_init());
    if (!easy) throw std::runtime_error("libcurl: cannot create a transfer");
    CURL* e = easy.get();
    const FetchLimits& l = options.limits;
    check(curl_easy_setopt(e, CURLOPT_PRIVATE, &t), "private");
    check(curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L), "nosignal");
    // Only the web: a link or redirect to file://, ftp:// or anything else is never opened.
    check(curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https"), "protocols");
    check(curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L), "followlocation");
    check(curl_easy_setopt(e, CURLOPT_USERAGENT, options.user_agent.c_str()), "user agent");
    check(curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, ""), "accept encoding");  // every decoder libcurl has
    check(curl_easy_setopt(e, CURLOPT_HTTP_VERSION, static_cast<long>(CURL_HTTP_VERSION_2TLS)), "http version");
    check(curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, l.connect_timeout_ms), "connect timeout");
    check(curl_easy_setopt(e, CURLOPT_LOW_SPEED_LIMIT, l.low_speed_bytes_per_s), "low speed");
    check(curl_easy_setopt(e, CURLOPT_LOW_SPEED_TIME, l.low_speed_seconds), "low speed time");
    // With keep_bytes, an announced size over the limit is no reason to refuse: the body is cut anyway.
    curl_off_t max_size = t.request.keep_bytes ? 0 : static_cast<curl_off_t>(l.max_received_bytes);
    check(curl_easy_setopt(e, CURLOPT_MAXFILESIZE_LARGE, max_size), "max size");
    check(curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, on_header), "header function");
    check(curl_easy_setopt(e, CURLOPT_HEADERDATA, &t), "header data");
    check(curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_body), "write function");
    check(curl_easy_setopt(e, CURLOPT_WRITEDATA, &t), "write data");
    check(curl_easy_setopt(e, CURLOPT_XFERINFOFUNCTION, on_progress), "progress function");
    check(curl_easy_setopt(e, CURLOPT_XFERINFODATA, &t), "progress data");
    check(curl_easy_setopt(e, CURLOPT_NOPROGRESS, 0L), "progress");
    if (connect_to) check(curl_easy_setopt(e, CURLOPT_CONNECT_TO, connect_to.get()), "connect to");
    if (share) check(curl_easy_setopt(e, CURLOPT_SHARE, share.get()), "share");
    return easy;
  }

  // After a hop ended: either start the next hop (and return nullopt) or
  // give the transfer's response.
  std::optional<Response> finish_hop(Transfer& t, CURLcode code) {
    auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t.started);
    Response r;
    r.id = t.request.id;
    r.url = t.request.url;
    r.final_url = t.current_url;
    r.redirects = t.redirects;
    r.duration_ms = elapsed.count();
    curl_off_t received = 0;
    curl_easy_getinfo(t.easy.get(), CURLINFO_SIZE_DOWNLOAD_T, &received);
    r.received_bytes = received;
    long status = response_code(t.easy.get());
    if (code == CURLE_WRITE_ERROR && t.truncated) code = CURLE_OK;
    r.truncated = t.truncated;
    if (code != CURLE_OK) {
      r.error = classify(code, t, elapsed);
      r.error_message = t.abort_message.empty() ? curl_easy_strerror(code) : t.abort_message;
      if (status > 0) r.status = static_cast<int>(status);
      r.headers = std::move(t.headers);
      r.content_type = std::move(t.content_type);
      return r;
    }
    r.status = static_cast<int>(status);
    if (status >= 300 && status < 400 && status != 304) {
      char* location = nullptr;
      curl_easy_getinfo(t.easy.get(), CURLINFO_REDIRECT_URL, &location);
      std::string target = location ? location : "";
      std::optional<std::string> refused;
      FetchError error = FetchError::kRedirectRefused;
      if (target.empty()) {
        // libcurl gives no URL for a Location it cannot use (ftp:, file:, garbage).
        refused = "a redirect without a usable http(s) Location";
      } else if (!is_http_url(target)) {
        refused = fmt::format("a redirect to '{}', not http(s)", target);
      } else if (t.redirects >= options.limits.max_redirects) {
        error = FetchError::kRedirectLimit;
        refused = fmt::format("more than {} redirects", options.limits.max_redirects);
      } else if (t.visited.count(target)) {
        error = FetchError::kRedirectLoop;
        refused = fmt::format("a redirect loop back to {}", target);
      } else if (options.redirect_check) {
        refused = options.redirect_check(t.current_url, target);
      }
      if (!refused) {
        ++t.redirects;
        t.current_url = target;
        begin_hop(t);
        return std::nullopt;
      }
      r.error = error;
      r.error_message = *refused;
      r.headers = std::move(t.headers);
      return r;
    }
    r.headers = std::move(t.headers);
    r.body = std::move(t.body);
    r.content_type = std::move(t.content_type);
    r.etag = std::move(t.etag);
    r.last_modified = std::move(t.last_modified);
    if (t.retry_after) r.retry_after_seconds = parse_retry_after(*t.retry_after, std::chrono::system_clock::now());
    return r;
  }
};

Fetcher::Fetcher(FetcherOptions options) : impl_(std::make_unique<Impl>()) {
  global_init();
  impl_->options = std::move(options);
  impl_->multi.reset(curl_multi_init());
  if (!impl_->multi) throw std::runtime_error("libcurl: cannot create a multi handle");
  // HTTP/2 streams share one connection per host where the server offers it.
  check(curl_multi_setopt(impl_->multi.get(), CURLMOPT_PIPELINING, CURLPIPE_MULTIPLEX), "multiplex");
  if (!impl_->options.connect_to.empty()) impl_->connect_to = make_slist(impl_->options.connect_to);
  // One thread uses every handle, so the share needs no lock callbacks.
  // Without a share, each fresh connection makes a full TLS handshake: slower, not wrong.
  impl_->share.reset(curl_share_init());
  if (impl_->share &&
      curl_share_setopt(impl_->share.get(), CURLSHOPT_SHARE, CURL_LOCK_DATA_SSL_SESSION) != CURLSHE_OK)
    impl_->share.reset();
}

Fetcher::~Fetcher() {
  for (auto& [easy, transfer] : impl_->transfers) curl_multi_remove_handle(impl_->multi.get(), easy);
}

void Fetcher::start(const Request& request) {
  if (!is_http_url(request.url)) throw std::invalid_argument(fmt::format("not an http(s) URL: {}", request.url));
  auto t = std::make_unique<Transfer>();
  t->request = request;
  t->current_url = request.url;
  t->started = std::chrono::steady_clock::now();
  t->options = &impl_->options;
  t->easy = impl_->make_easy(*t);
  CURL* easy = t->easy.get();
  Transfer& ref = *t;
  impl_->transfers.emplace(easy, std::move(t));
  try {
    impl_->begin_hop(ref);
  } catch (...) {
    impl_->transfers.erase(easy);
    throw;
  }
}

std::vector<Response> Fetcher::poll(std::chrono::milliseconds wait) {
  std::vector<Response> done;
  int running = 0;
  check(curl_multi_perform(impl_->multi.get(), &running), "perform");
  // With no transfer, curl_multi_poll still sleeps (unlike curl_multi_wait)
  // until the timeout or a wakeup(): the caller's loop does not spin.
  check(curl_multi_poll(impl_->multi.get(), nullptr, 0, static_cast<int>(wait.count()), nullptr), "poll");
  check(curl_multi_perform(impl_->multi.get(), &running), "perform");
  int left = 0;
  while (CURLMsg* msg = curl_multi_info_read(impl_->multi.get(), &left)) {
    if (msg->msg != CURLMSG_DONE) continue;
    CURL* easy = msg->easy_handle;
    CURLcode code = msg->data.result;
    auto it = impl_->transfers.find(easy);
    if (it != impl_->transfers.end()) impl_->note_protocol(*it->second);  // while its connection is known
    check(curl_multi_remove_handle(impl_->multi.get(), easy), "remove handle");
    if (it == impl_->transfers.end()) continue;
    std::optional<Response> r;
    try {
      r = impl_->finish_hop(*it->second, code);
    } catch (const std::exception& e) {  // the next hop could not start
      r = Response{};
      r->id = it->second->request.id;
      r->url = it->second->request.url;
      r->final_url = it->second->current_url;
      r->error = FetchError::kOther;
      r->error_message = e.what();
    }
    if (r) {
      done.push_back(std::move(*r));
      impl_->transfers.erase(it);
    }
  }
  return done;
}

size_t Fetcher::active() const { return impl_->transfers.size(); }

void Fetcher::wakeup() { curl_multi_wakeup(impl_->multi.get()); }

}  // namespace khobao::net
