// The serve module: `khobao serve`, a read-only web UI and JSON API over an
// archive, safe to run while a crawl writes to it (every request reads one
// SQLite snapshot; WAL readers never block the writer). Start here:
//   WebUi       routes a Request to its handler and never throws (web_ui.cpp);
//   WebServer   puts a WebUi on a socket with cpp-httplib (http_server.cpp);
//   handlers.hpp  the pages (pages.cpp), the page as fetched (snapshot.cpp)
//                 and the JSON API (api.cpp), all reading through views.hpp;
//   params.hpp  the query parameters, checked; templates.hpp  the templates.
#pragma once

#include "site/site.hpp"
#include "serve/archive_pool.hpp"
#include "serve/handlers.hpp"
#include "serve/http.hpp"

#include <memory>
#include <string>

namespace khobao::serve {

struct ServeConfig {
  std::string archive;               // the SQLite file, opened read-only per request
  site::SiteSet selectors;   // for the sites page: which sites have a file, their schedules
};

class WebUi {
 public:
  explicit WebUi(ServeConfig config);

  // The response to `request`. Only GET and HEAD are served (405 otherwise);
  // a bad parameter is a 400 page, a missing page or version a 404, an
  // archive that cannot be read a 503; anything else is logged and a 500.
  // Every response carries headers that keep the page's content from
  // running: a strict Content-Security-Policy (a sandbox for the page as
  // fetched), nosniff, no referrer.
  Response handle(const Request& request);

  // The error page (or, for an /api/ path, the JSON error) for `status`,
  // with the safety headers: also for the requests the HTTP layer refuses
  // before they reach handle().
  Response error_response(int status, const std::string& message, bool api);

 private:
  Response route(const Request& request);
  static Response with_safety_headers(Response response);

  ServeConfig config_;
  ArchivePool archives_;
  Context context_;
};

// cpp-httplib's server, hidden here so that its header (and its compile
// flags) stay in http_server.cpp.
class WebServer {
 public:
  // Serves `ui` with `threads` worker threads; each request is one call of
  // WebUi::handle.
  WebServer(WebUi& ui, int threads);
  ~WebServer();
  WebServer(const WebServer&) = delete;
  WebServer& operator=(const WebServer&) = delete;

  // Binds `host`:`port` (port 0: the OS picks) and returns the port. Throws
  // std::runtime_error naming the address when it cannot.
  int bind(const std::string& host, int port);
  // Serves until stop() is called (from another thread or a signal handler's
  // watcher). Throws std::runtime_error if the server fails.
  void run();
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// "127.0.0.1:8080" or "[::1]:8080" as host and port. Throws
// std::invalid_argument naming what is wrong.
std::pair<std::string, int> parse_listen_address(const std::string& address);

}  // namespace khobao::serve
