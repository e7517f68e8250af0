// cpp-httplib under the WebUi: requests converted to plain data and back.
// httplib answers some requests itself (a malformed request line, an
// address longer than it reads); the error handler gives those our pages.
#include "serve/serve.hpp"

#include <httplib.h>
#include <sys/socket.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <chrono>
#include <stdexcept>
#include <thread>

namespace khobao::serve {

struct WebServer::Impl {
  httplib::Server server;
  // httplib's stop() does nothing before its listen loop has started; these
  // let a stop() that comes first (a quick Ctrl-C, a short test) still win.
  std::atomic<bool> stop_requested{false}, entered{false}, exited{false};
};

namespace {

void send(const Response& from, httplib::Response& to) {
  to.status = from.status;
  for (const auto& [name, value] : from.headers) to.set_header(name, value);
  to.set_content(from.body, from.content_type);
}

}  // namespace

WebServer::WebServer(WebUi& ui, int threads) : impl_(std::make_unique<Impl>()) {
  httplib::Server& server = impl_->server;
  server.new_task_queue = [threads] { return new httplib::ThreadPool(static_cast<size_t>(threads)); };
  // Nothing here takes a body: a request with one is refused before it is read.
  server.set_payload_max_length(64 * 1024);
  server.set_read_timeout(10);
  server.set_write_timeout(30);
  server.set_keep_alive_timeout(5);
  // Without it, each response on a kept-alive connection waits ~40 ms for the
  // client's delayed ACK (Nagle): half the throughput, and every browser
  // keeps connections alive.
  server.set_tcp_nodelay(true);
  // httplib's default also sets SO_REUSEPORT, with which a second server on
  // the same port starts too and takes half the requests: refuse it instead.
  server.set_socket_options([](int sock) {
    int on = 1;  // a restart binds at once, past the old socket's TIME_WAIT
    if (setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on) != 0)
      spdlog::warn("serve: SO_REUSEADDR: {}", std::strerror(errno));
  });
  auto serve = [&ui](const httplib::Request& req, httplib::Response& res) {
    Request request;
    request.method = req.method;
    request.path = req.path;
    for (const auto& [name, value] : req.params) request.params.emplace(name, value);
    send(ui.handle(request), res);
  };
  // Every method reaches the WebUi, which answers all but GET and HEAD with 405.
  server.set_pre_routing_handler([serve](const httplib::Request& req, httplib::Response& res) {
    if (req.method == "GET" || req.method == "HEAD") return httplib::Server::HandlerResponse::Unhandled;
    serve(req, res);
    return httplib::Server::HandlerResponse::Handled;
  });
  server.Get(".*", serve);
  server.set_error_handler(httplib::Server::HandlerWithResponse([&ui](const httplib::Request& req,
                                                                     httplib::Response& res) {
    if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;  // a response of ours
    // httplib's own 414 (an address over 8 KB) is a bad request to a reader.
    bool too_long = res.status == 414;
    std::string message = too_long ? "The address is too long: more than 8192 bytes."
                          : res.status == 400 ? "The request could not be read."
                                              : "The request could not be served.";
    bool api = req.path == "/api" || req.path.starts_with("/api/");
    send(ui.error_response(too_long ? 400 : res.status, message, api), res);
    return httplib::Server::HandlerResponse::Handled;
  }));
  server.set_exception_handler([](const httplib::Request& req, httplib::Response& res, std::exception_ptr ep) {
    try {
      if (ep) std::rethrow_exception(ep);
    } catch (const std::exception& e) {
      spdlog::error("serve: {} {}: {}", req.method, req.path, e.what());
    } catch (...) {
      spdlog::error("serve: {} {}: an unknown exception", req.method, req.path);
    }
    res.status = 500;
    res.set_content("Something went wrong on this page; the server's log says what.\n", "text/plain; charset=utf-8");
  });
}

WebServer::~WebServer() { stop(); }

int WebServer::bind(const std::string& host, int port) {
  httplib::Server& server = impl_->server;
  if (port == 0) {
    int bound = server.bind_to_any_port(host);
    if (bound < 0) throw std::runtime_error("cannot listen on " + host + " (any port)");
    return bound;
  }
  if (!server.bind_to_port(host, port))
    throw std::runtime_error("cannot listen on " + host + ":" + std::to_string(port) +
                             " (in use, or not an address of this machine)");
  return port;
}

void WebServer::run() {
  impl_->entered = true;
  if (impl_->stop_requested) return;
  bool clean = impl_->server.listen_after_bind();
  impl_->exited = true;
  if (!clean && !impl_->stop_requested) throw std::runtime_error("the web server stopped on an error");
}

void WebServer::stop() {
  if (!impl_) return;
  impl_->stop_requested = true;
  // run() may be between its check and httplib's loop: wait for the loop.
  while (impl_->entered && !impl_->exited && !impl_->server.is_running())
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  impl_->server.stop();
}

}  // namespace khobao::serve
