// The loopback HTTP server: one thread accepts, one thread per connection
// reads requests and runs the handler; stop() breaks every connection.
#include "testsite/http_server.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace khobao::testsite {
namespace {

constexpr size_t kMaxHead = 64 * 1024;
constexpr auto kIdle = std::chrono::seconds(10);  // an idle keep-alive connection is closed after this

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
  return true;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

// Parses "GET /x HTTP/1.1\r\nName: value\r\n..." (without the blank line).
bool parse_head(std::string_view head, HttpRequest& req) {
  size_t eol = head.find("\r\n");
  std::string_view line = head.substr(0, eol);
  size_t sp1 = line.find(' '), sp2 = line.rfind(' ');
  if (sp1 == std::string_view::npos || sp2 == sp1) return false;
  req.method = std::string(line.substr(0, sp1));
  req.target = std::string(line.substr(sp1 + 1, sp2 - sp1 - 1));
  req.version = std::string(line.substr(sp2 + 1));
  while (eol != std::string_view::npos) {
    size_t start = eol + 2;
    eol = head.find("\r\n", start);
    std::string_view h = head.substr(start, eol == std::string_view::npos ? std::string_view::npos : eol - start);
    size_t colon = h.find(':');
    if (colon == std::string_view::npos) continue;
    req.headers.emplace_back(std::string(trim(h.substr(0, colon))), std::string(trim(h.substr(colon + 1))));
  }
  return true;
}

}  // namespace

std::string HttpRequest::header(std::string_view name) const {
  for (const auto& [k, v] : headers)
    if (iequals(k, name)) return v;
  return "";
}

bool HttpConnection::send(std::string_view bytes) {
  while (!bytes.empty() && !broken_) {
    if (server_.stopping()) broken_ = true;
    if (broken_) break;
    ssize_t n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      broken_ = true;
      break;
    }
    bytes.remove_prefix(static_cast<size_t>(n));
  }
  return !broken_;
}

bool HttpConnection::wait(std::chrono::milliseconds d) {
  std::unique_lock lk(server_.wait_mu_);
  server_.wake_.wait_for(lk, d, [&] { return server_.stopping(); });
  return !server_.stopping();
}

void HttpConnection::reset() {
  struct linger lg {1, 0};  // close() then sends RST instead of FIN
  ::setsockopt(fd_, SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
  broken_ = true;
}

HttpServer::HttpServer(HttpHandler handler) : handler_(std::move(handler)) {}

HttpServer::~HttpServer() { stop(); }

int HttpServer::start(int port) {
  listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (listen_fd_ < 0) throw std::runtime_error(std::string("socket: ") + std::strerror(errno));
  int one = 1;
  ::setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);  // never anything but loopback
  if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) < 0 || ::listen(listen_fd_, 128) < 0) {
    std::string why = std::strerror(errno);
    ::close(listen_fd_);
    listen_fd_ = -1;
    throw std::runtime_error("cannot listen on 127.0.0.1:" + std::to_string(port) + ": " + why);
  }
  socklen_t len = sizeof addr;
  ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len);
  port_ = ntohs(addr.sin_port);
  acceptor_ = std::thread([this] { accept_loop(); });
  return port_;
}

void HttpServer::stop() {
  if (!acceptor_.joinable()) return;
  {
    std::lock_guard lk(wait_mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  acceptor_.join();
  ::close(listen_fd_);
  listen_fd_ = -1;
  reap(true);
}

void HttpServer::accept_loop() {
  while (!stopping_) {
    pollfd p{listen_fd_, POLLIN, 0};
    int ready = ::poll(&p, 1, 100);
    reap(false);
    if (ready <= 0) continue;
    int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) continue;
    int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    std::lock_guard lk(mu_);
    auto conn = std::make_unique<Conn>();
    conn->fd = fd;
    Conn* raw = conn.get();
    conns_.push_back(std::move(conn));
    raw->thread = std::thread([this, raw] {
      serve(*raw);
      raw->done = true;
    });
  }
}

void HttpServer::serve(Conn& conn) {
  HttpConnection client(*this, conn.fd);
  std::string buf;
  char chunk[16384];
  while (!stopping_ && !client.broken()) {
    auto deadline = std::chrono::steady_clock::now() + kIdle;
    size_t end;
    bool open = true;
    while (open && (end = buf.find("\r\n\r\n")) == std::string::npos) {
      pollfd p{conn.fd, POLLIN, 0};
      int ready = ::poll(&p, 1, 100);
      if (stopping_ || buf.size() > kMaxHead || std::chrono::steady_clock::now() > deadline) open = false;
      if (!open || ready <= 0) continue;
      ssize_t n = ::recv(conn.fd, chunk, sizeof chunk, 0);
      if (n <= 0) open = false;
      else buf.append(chunk, static_cast<size_t>(n));
    }
    if (!open) break;
    HttpRequest req;
    bool ok = parse_head(std::string_view(buf).substr(0, end), req);
    buf.erase(0, end + 4);
    if (!ok) {
      client.send("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
      break;
    }
    // A request body is never used: skip it.
    size_t body = static_cast<size_t>(std::strtoull(req.header("Content-Length").c_str(), nullptr, 10));
    while (buf.size() < body && !stopping_) {
      ssize_t n = ::recv(conn.fd, chunk, sizeof chunk, 0);
      if (n <= 0) break;
      buf.append(chunk, static_cast<size_t>(n));
    }
    buf.erase(0, std::min(body, buf.size()));
    if (!handler_(req, client)) break;
  }
  close_conn(conn, client.broken());
}

void HttpServer::close_conn(Conn& conn, bool /*broken*/) {
  std::lock_guard lk(mu_);
  if (conn.fd >= 0) ::close(conn.fd);
  conn.fd = -1;
}

void HttpServer::reap(bool all) {
  std::list<std::unique_ptr<Conn>> finished;
  {
    std::lock_guard lk(mu_);
    for (auto it = conns_.begin(); it != conns_.end();) {
      if (all && (*it)->fd >= 0) ::shutdown((*it)->fd, SHUT_RDWR);  // wakes blocked recv/send
      if (all || (*it)->done) {
        finished.splice(finished.end(), conns_, it++);
      } else {
        ++it;
      }
    }
  }
  for (auto& c : finished)
    if (c->thread.joinable()) c->thread.join();
}

}  // namespace khobao::testsite
