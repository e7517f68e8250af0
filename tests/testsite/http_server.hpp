// A small HTTP/1.1 server on 127.0.0.1 whose handlers write the bytes
// themselves, malformed ones included: the test site's faults need that
// control (resets, stalls, conflicting headers), which a library hides.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

namespace khobao::testsite {

struct HttpRequest {
  std::string method;   // "GET"
  std::string target;   // "/path?query"
  std::string version;  // "HTTP/1.1"
  std::vector<std::pair<std::string, std::string>> headers;
  // The first value of header `name` (any case), or "".
  std::string header(std::string_view name) const;
};

class HttpServer;

// One client connection, as a handler sees it.
class HttpConnection {
 public:
  HttpConnection(HttpServer& server, int fd) : server_(server), fd_(fd) {}
  // Sends all of `bytes`. False once the client has gone or the server stops.
  bool send(std::string_view bytes);
  // Waits `d`, or less if the server stops. False if it stopped.
  bool wait(std::chrono::milliseconds d);
  // Drops the connection with a TCP reset and no response.
  void reset();
  bool broken() const { return broken_; }

 private:
  HttpServer& server_;
  int fd_;
  bool broken_ = false;
};

// Answers one request. Returns true to keep the connection for another one.
using HttpHandler = std::function<bool(const HttpRequest&, HttpConnection&)>;

class HttpServer {
 public:
  explicit HttpServer(HttpHandler handler);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds 127.0.0.1:`port` (0: the OS picks), serves on background threads
  // and returns the port. Throws std::runtime_error if it cannot bind.
  int start(int port);
  // Stops accepting, breaks every open connection and joins all threads.
  void stop();
  int port() const { return port_; }
  bool stopping() const { return stopping_; }

 private:
  friend class HttpConnection;
  struct Conn {
    int fd;
    std::thread thread;
    std::atomic<bool> done{false};
  };
  void accept_loop();
  void serve(Conn& conn);
  void close_conn(Conn& conn, bool reset);
  void reap(bool all);

  HttpHandler handler_;
  int listen_fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stopping_{false};
  std::thread acceptor_;
  std::mutex mu_;  // guards conns_ and each Conn::fd
  std::list<std::unique_ptr<Conn>> conns_;
  std::mutex wait_mu_;
  std::condition_variable wake_;
};

}  // namespace khobao::testsite
