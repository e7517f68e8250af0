// Serving the generated sites: virtual hosting, conditional requests, gzip,
// the request log, and the faults that a crawler has to survive.
#include "testsite/site_server.hpp"

#include "testsite/text_gen.hpp"

#include <curl/curl.h>
#include <zlib.h>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <stdexcept>

namespace khobao::testsite {
namespace {

using Headers = std::vector<std::pair<std::string, std::string>>;

const char* reason(int status) {
  switch (status) {
    case 200: return "OK";
    case 301: return "Moved Permanently";
    case 302: return "Found";
    case 304: return "Not Modified";
    case 400: return "Bad Request";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 410: return "Gone";
    case 429: return "Too Many Requests";
    case 500: return "Internal Server Error";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    default: return "Status";
  }
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string hex64(uint64_t v) {
  char buf[20];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(v));
  return buf;
}

std::string url_encode(std::string_view s) {
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '/' || c == '~') {
      out += static_cast<char>(c);
    } else {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", c);
      out += buf;
    }
  }
  return out;
}

std::string url_decode(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size()) {
      out += static_cast<char>(std::stoi(std::string(s.substr(i + 1, 2)), nullptr, 16));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

std::string query_param(std::string_view target, std::string_view name) {
  size_t q = target.find('?');
  if (q == std::string_view::npos) return "";
  std::string_view rest = target.substr(q + 1);
  while (!rest.empty()) {
    std::string_view pair = rest.substr(0, rest.find('&'));
    if (pair.starts_with(name) && pair.size() > name.size() && pair[name.size()] == '=')
      return url_decode(pair.substr(name.size() + 1));
    rest.remove_prefix(std::min(rest.size(), pair.size() + 1));
  }
  return "";
}

// Raw deflate of `data` from a fresh stream, ended by `flush`.
std::string raw_deflate(std::string_view data, int flush) {
  z_stream z{};
  deflateInit2(&z, 9, Z_DEFLATED, -15, 9, Z_DEFAULT_STRATEGY);
  std::string out(deflateBound(&z, static_cast<uLong>(data.size())) + 64, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  deflate(&z, flush);
  out.resize(out.size() - z.avail_out);
  deflateEnd(&z);
  return out;
}

// 1 GiB of zeros as gzip (about 1 MB), built once. Deflating a whole GiB
// takes seconds, so one MiB is deflated with a full flush (which resets the
// window: the same bytes are valid for every MiB) and repeated 1024 times,
// then a final empty block and the gzip trailer are appended.
const std::string& gzip_bomb() {
  static const std::string bomb = [] {
    const std::string mib(1 << 20, '\0');
    const std::string segment = raw_deflate(mib, Z_FULL_FLUSH);
    std::string out = {'\x1f', '\x8b', '\x08', '\0', '\0', '\0', '\0', '\0', '\0', '\x03'};
    out.reserve(out.size() + segment.size() * 1024 + 16);
    uLong crc_mib = crc32(0, reinterpret_cast<const Bytef*>(mib.data()), static_cast<uInt>(mib.size()));
    uLong crc = crc32(0, nullptr, 0);
    for (int i = 0; i < 1024; ++i) {
      out += segment;
      crc = crc32_combine(crc, crc_mib, static_cast<z_off_t>(mib.size()));
    }
    out += raw_deflate("", Z_FINISH);
    uint32_t isize = static_cast<uint32_t>((uint64_t{1} << 30) & 0xFFFFFFFFu);
    for (uint32_t v : {static_cast<uint32_t>(crc), isize})
      for (int b = 0; b < 4; ++b) out += static_cast<char>((v >> (8 * b)) & 0xFF);
    return out;
  }();
  return bomb;
}

const std::string& nested_tags_page() {
  static const std::string page = [] {
    std::string s = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Lồng nhau</title></head><body>";
    s.reserve(s.size() + 5 * 1000000 + 64);
    for (int i = 0; i < 1000000; ++i) s += "<div>";
    return s + "Sâu quá</body></html>";
  }();
  return page;
}

// A page of `links` links, plain or gzip'd, built once per kind and shared
// by every connection's thread.
std::shared_ptr<const std::string> many_links_page(size_t links, bool gzipped) {
  static std::mutex mu;
  static std::map<std::pair<size_t, bool>, std::shared_ptr<const std::string>> pages;
  std::lock_guard lk(mu);
  auto& page = pages[{links, gzipped}];
  if (page) return page;
  std::string s = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Liên kết</title></head><body>\n";
  for (size_t i = 0; i < links; ++i) {
    std::string n = std::to_string(i);
    s += "<a href=\"/lien-ket/" + n + ".html\">Liên kết số " + n + "</a>\n";
  }
  s += "</body></html>\n";
  page = std::make_shared<const std::string>(gzipped ? gzip(s) : std::move(s));
  return page;
}

std::string response_head(int status, const Headers& headers) {
  std::string out = "HTTP/1.1 " + std::to_string(status) + " " + reason(status) + "\r\n";
  out += "Date: " + http_date(std::time(nullptr)) + "\r\nServer: khobao-testsite\r\n";
  for (const auto& [k, v] : headers) out += k + ": " + v + "\r\n";
  return out + "\r\n";
}

bool keep_alive(const HttpRequest& req) {
  return req.version == "HTTP/1.1" && lower(req.header("Connection")) != "close";
}

bool etag_matches(std::string_view header, std::string_view etag) {
  return header.find(etag) != std::string_view::npos || header == "*";
}

}  // namespace

SiteServer::SiteServer(SiteOptions options) : options_(std::move(options)), sites_(generate_sites(options_)) {}

SiteServer::~SiteServer() { stop(); }

int SiteServer::start() {
  if (http_) return http_->port();
  http_ = std::make_unique<HttpServer>([this](const HttpRequest& r, HttpConnection& c) { return handle(r, c); });
  return http_->start(options_.port);
}

void SiteServer::stop() {
  if (http_) http_->stop();
}

int SiteServer::port() const { return http_ ? http_->port() : 0; }

Site* SiteServer::site(std::string_view host) {
  for (auto& s : sites_)
    if (s.host == host) return &s;
  return nullptr;
}

const Site* SiteServer::site(std::string_view host) const { return const_cast<SiteServer*>(this)->site(host); }

const std::vector<ArticleTruth>& SiteServer::articles(const std::string& host) const {
  const Site* s = site(host);
  if (!s) throw std::out_of_range("no demo site " + host);
  return s->articles;
}

std::vector<std::string> SiteServer::hosts() const {
  std::vector<std::string> out;
  for (const auto& s : sites_) out.push_back(s.host);
  return out;
}

std::vector<std::string> SiteServer::listings(const std::string& host) const {
  const Site* s = site(host);
  if (!s) throw std::out_of_range("no demo site " + host);
  std::vector<std::string> out = {"/"};
  for (const auto& c : s->categories) out.push_back(c.path);
  return out;
}

std::vector<RequestLogEntry> SiteServer::requests() const {
  std::lock_guard lk(log_mu_);
  return log_;
}

size_t SiteServer::count_requests(std::string_view host, std::string_view path) const {
  std::lock_guard lk(log_mu_);
  return static_cast<size_t>(std::count_if(log_.begin(), log_.end(), [&](const RequestLogEntry& e) {
    return e.host == host && e.target == path;
  }));
}

void SiteServer::clear_log() {
  std::lock_guard lk(log_mu_);
  log_.clear();
}

void SiteServer::record(RequestLogEntry entry) {
  std::lock_guard lk(log_mu_);
  log_.push_back(std::move(entry));
}

void SiteServer::set_fault(std::string host, std::string path, Fault fault) {
  std::lock_guard lk(mu_);
  std::erase_if(faults_, [&](const FaultRule& r) { return r.host == host && r.path == path; });
  faults_.push_back({std::move(host), std::move(path), std::move(fault), 0});
}

void SiteServer::clear_faults() {
  std::lock_guard lk(mu_);
  faults_.clear();
}

void SiteServer::edit_article(const std::string& host, const std::string& url_path, const ArticleEdit& edit) {
  std::lock_guard lk(mu_);
  Site* s = site(host);
  ArticleTruth* a = s ? s->find(url_path) : nullptr;
  if (!a) throw std::out_of_range("no article " + host + url_path);
  apply_edit(*a, edit);
}

void SiteServer::set_volatile_furniture(bool on) {
  std::lock_guard lk(mu_);
  volatile_ = on;
}

void SiteServer::remove_article(const std::string& host, const std::string& url_path, int status) {
  std::lock_guard lk(mu_);
  Site* s = site(host);
  ArticleTruth* a = s ? s->find(url_path) : nullptr;
  if (!a) throw std::out_of_range("no article " + host + url_path);
  a->gone_status = status;
}

std::optional<Fault> SiteServer::match_fault(const std::string& host, const std::string& target) {
  std::string path = target.substr(0, target.find('?'));
  std::lock_guard lk(mu_);
  for (auto it = faults_.rbegin(); it != faults_.rend(); ++it) {
    if (it->host != "*" && it->host != host) continue;
    const std::string& p = it->path;
    bool hit = p.ends_with('*')                        ? target.starts_with(std::string_view(p).substr(0, p.size() - 1))
               : p.find('?') != std::string::npos      ? p == target
                                                       : p == path;
    if (!hit) continue;
    if (it->fault.times >= 0 && it->used >= it->fault.times) return std::nullopt;
    ++it->used;
    return it->fault;
  }
  return std::nullopt;
}

bool SiteServer::handle(const HttpRequest& req, HttpConnection& conn) {
  std::string host_header = req.header("Host");
  std::string host = lower(host_header.substr(0, host_header.find(':')));
  std::string port_part = host_header.find(':') == std::string::npos ? "" : host_header.substr(host_header.find(':'));
  std::string target = req.target;
  if (target.starts_with("http://")) {  // absolute form, as sent to a proxy
    size_t slash = target.find('/', 7);
    target = slash == std::string::npos ? "/" : target.substr(slash);
  }
  RequestLogEntry log{req.method, host, target, req.header("If-None-Match"), req.header("If-Modified-Since"),
                      req.header("User-Agent"), req.header("Accept-Encoding"), 0, std::chrono::system_clock::now()};
  auto simple = [&](int status, Headers headers, const std::string& body) {
    log.status = status;
    record(log);
    headers.emplace_back("Content-Length", std::to_string(body.size()));
    return conn.send(response_head(status, headers) + (req.method == "HEAD" ? "" : body)) && keep_alive(req);
  };
  if (host.starts_with("www.") && site(host.substr(4)))
    return simple(301, {{"Location", "http://" + host.substr(4) + port_part + target}}, "");
  if (!site(host)) {
    std::string body = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>khobao-testsite</title></head><body><ul>";
    for (const auto& h : hosts()) body += "<li>" + h + "</li>";
    return simple(host == "127.0.0.1" || host == "localhost" ? 200 : 404,
                  {{"Content-Type", "text/html; charset=utf-8"}}, body + "</ul></body></html>");
  }
  if (target.starts_with("/hop/")) {  // the middle of a kRedirectChain
    std::string to = query_param(target, "to");
    int k = std::atoi(target.c_str() + 5);
    int hops = 0;
    {
      std::lock_guard lk(mu_);
      for (const auto& r : faults_)
        if ((r.host == "*" || r.host == host) && r.path == to.substr(0, to.find('?')) &&
            r.fault.kind == FaultKind::kRedirectChain)
          hops = r.fault.hops;
    }
    if (hops == 0) return simple(404, {{"Content-Type", "text/plain"}}, "no such chain\n");
    if (k < hops)
      return simple(302, {{"Location", "/hop/" + std::to_string(k + 1) + "?to=" + url_encode(to)}}, "");
    return serve_page(req, conn, log, to, {}, nullptr);
  }
  if (auto fault = match_fault(host, target)) return run_fault(req, conn, log, *fault, host_header, target);
  return serve_page(req, conn, log, target, {}, nullptr);
}

bool SiteServer::serve_page(const HttpRequest& req, HttpConnection& conn, RequestLogEntry& log, const std::string& target,
                            const RenderExtras& extras_in, const Fault* fault) {
  RenderExtras extras = extras_in;
  Rendered page;
  {
    std::lock_guard lk(mu_);
    uint64_t visit = ++visits_;
    if (volatile_) {
      extras.furniture = "<div class=\"volatile\"><span class=\"view-count\">Lượt xem: " + std::to_string(1000 + visit * 7) +
                         "</span> <span class=\"time-ago\">" + std::to_string(visit % 59 + 1) +
                         " phút trước</span><input type=\"hidden\" name=\"__RequestVerificationToken\" value=\"" +
                         hex64(fnv1a(std::to_string(visit))) + "\"></div>";
    }
    if (fault && fault->kind == FaultKind::kChangeEachVisit) extras.change_note = "(Cập nhật lần " + std::to_string(visit) + ")";
    page = render_page(*site(log.host), target, extras);
  }
  Headers h;
  std::string body = std::move(page.body);
  std::string etag = "\"" + hex64(fnv1a(body)) + "\"";
  int status = page.status;
  h.emplace_back("Content-Type", fault && fault->kind == FaultKind::kWrongType ? "image/png" : page.content_type);
  if (status == 200) {
    h.emplace_back("ETag", etag);
    if (page.last_modified) h.emplace_back("Last-Modified", http_date(page.last_modified));
    std::string inm = req.header("If-None-Match"), ims = req.header("If-Modified-Since");
    bool not_modified = !inm.empty() ? etag_matches(inm, etag)
                                     : !ims.empty() && page.last_modified &&
                                           curl_getdate(ims.c_str(), nullptr) >= page.last_modified;
    if (not_modified) {
      status = 304;
      body.clear();
      h.erase(h.begin());  // no Content-Type on a 304
    }
  }
  h.emplace_back("Vary", "Accept-Encoding");
  if (!body.empty() && page.content_type != "application/gzip" && req.header("Accept-Encoding").find("gzip") != std::string::npos) {
    body = gzip(body);
    h.emplace_back("Content-Encoding", "gzip");
  }
  if (fault && fault->kind == FaultKind::kBadHeaders) {
    h = {{"Content-Type", "text/html; charset=x-khong-ro-8"},
         {"Content-Length", std::to_string(body.size())},
         {"Content-Length", std::to_string(body.size() + 7)},
         {"Content-Type", "text/plain; charset=utf-8"}};
    log.status = status;
    record(log);
    std::string head = response_head(status, h);
    head.insert(head.size() - 2, "This header line has no colon\r\n");
    conn.send(head + body);
    return false;
  }
  h.emplace_back("Content-Length", std::to_string(body.size()));
  bool alive = keep_alive(req);
  h.emplace_back("Connection", alive ? "keep-alive" : "close");
  log.status = status;
  record(log);
  if (req.method == "HEAD") body.clear();
  if (fault && fault->kind == FaultKind::kStall) {
    conn.send(response_head(status, h));
    conn.wait(fault->delay);
    return false;
  }
  if (fault && fault->kind == FaultKind::kSlow) {
    if (!conn.send(response_head(status, h))) return false;
    for (size_t at = 0; at < body.size(); at += fault->chunk) {
      if (at && !conn.wait(fault->delay)) return false;
      if (!conn.send(std::string_view(body).substr(at, fault->chunk))) return false;
    }
    return alive;
  }
  return conn.send(response_head(status, h) + body) && alive;
}

bool SiteServer::run_fault(const HttpRequest& req, HttpConnection& conn, RequestLogEntry& log, const Fault& fault,
                           const std::string& host_header, const std::string& target) {
  auto send = [&](int status, Headers headers, const std::string& body, bool length = true) {
    log.status = status;
    record(log);
    if (length) headers.emplace_back("Content-Length", std::to_string(body.size()));
    return conn.send(response_head(status, headers) + (req.method == "HEAD" ? "" : body));
  };
  const std::string here = "http://" + host_header;
  switch (fault.kind) {
    case FaultKind::kSlow:
    case FaultKind::kStall:
    case FaultKind::kWrongType:
    case FaultKind::kBadHeaders:
    case FaultKind::kChangeEachVisit:
      return serve_page(req, conn, log, target, {}, &fault);
    case FaultKind::kReset:
      log.status = 0;
      record(log);
      conn.reset();
      return false;
    case FaultKind::kStatus: {
      Headers h = {{"Content-Type", "text/html; charset=utf-8"}};
      if (!fault.retry_after.empty()) h.emplace_back("Retry-After", fault.retry_after);
      std::string body = fault.body.empty() ? "<html><body><h1>" + std::to_string(fault.status) + " " +
                                                  reason(fault.status) + "</h1></body></html>\n"
                                            : fault.body;
      return send(fault.status, h, body) && keep_alive(req);
    }
    case FaultKind::kBody:
      return send(fault.status, {{"Content-Type", fault.content_type}}, fault.body) && keep_alive(req);
    case FaultKind::kRedirect:
      return send(302, {{"Location", fault.location}}, "") && keep_alive(req);
    case FaultKind::kRedirectLoop: {
      std::string path = target.substr(0, target.find('?'));
      bool at_b = query_param(target, "loop") == "b";
      return send(302, {{"Location", here + (at_b ? path : path + "?loop=b")}}, "") && keep_alive(req);
    }
    case FaultKind::kRedirectChain:
      return send(302, {{"Location", here + "/hop/1?to=" + url_encode(target)}}, "") && keep_alive(req);
    case FaultKind::kGzipBomb:
      return send(200, {{"Content-Type", "text/html; charset=utf-8"}, {"Content-Encoding", "gzip"}}, gzip_bomb()) &&
             keep_alive(req);
    case FaultKind::kNestedTags:
      return send(200, {{"Content-Type", "text/html; charset=utf-8"}}, nested_tags_page()) && keep_alive(req);
    case FaultKind::kManyLinks: {
      bool gzipped = fault.gzip && req.header("Accept-Encoding").find("gzip") != std::string::npos;
      Headers h = {{"Content-Type", "text/html; charset=utf-8"}};
      if (gzipped) h.emplace_back("Content-Encoding", "gzip");
      return send(200, h, *many_links_page(fault.links, gzipped)) && keep_alive(req);
    }
    case FaultKind::kHuge: {
      if (!send(200, {{"Content-Type", "text/html; charset=utf-8"}, {"Content-Length", "10737418240"}}, "", false))
        return false;
      std::string filler(64 * 1024, 'a');
      while (req.method != "HEAD" && conn.send(filler)) {
      }
      return false;
    }
    case FaultKind::kSmuggle: {
      // A keep-alive answer whose framing is exact, then bytes no request
      // asked for: whoever reads this connection next gets `smuggled` first.
      log.status = 200;
      record(log);
      std::string first = response_head(200, {{"Content-Type", "text/html; charset=utf-8"},
                                              {"Content-Length", std::to_string(fault.body.size())},
                                              {"Connection", "keep-alive"}}) +
                          fault.body;
      if (fault.delay.count() == 0) return conn.send(first + fault.smuggled);
      return conn.send(first) && conn.wait(fault.delay) && conn.send(fault.smuggled);
    }
    case FaultKind::kEndless: {
      if (!send(200, {{"Content-Type", "text/html; charset=utf-8"}, {"Transfer-Encoding", "chunked"}}, "", false))
        return false;
      std::string piece = "<p>" + std::string(4096, 'x') + "</p>\n";
      char size[16];
      std::snprintf(size, sizeof size, "%zx\r\n", piece.size());
      std::string chunk = size + piece + "\r\n";
      while (conn.send(chunk) && conn.wait(std::chrono::milliseconds(2))) {
      }
      return false;
    }
  }
  return false;
}

}  // namespace khobao::testsite
