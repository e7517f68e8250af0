// Routing: a path to its handler, errors to error pages, and the headers
// every response carries.
#include "serve/serve.hpp"

#include "serve/templates.hpp"
#include "store/store.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <charconv>
#include <chrono>
#include <filesystem>

namespace khobao::serve {
namespace {

// The UI's own pages: styles from /static only, no script, no images, no
// frames, forms to this server only. Escaping keeps archive text out of the
// markup; this keeps it harmless if a bug ever let it in.
constexpr const char* kPagePolicy =
    "default-src 'none'; style-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

// The path's segments: "/article/12/history" -> {"article", "12", "history"}.
std::vector<std::string_view> segments(std::string_view path) {
  std::vector<std::string_view> out;
  while (!path.empty()) {
    if (path.front() == '/') {
      path.remove_prefix(1);
      continue;
    }
    size_t end = path.find('/');
    out.push_back(path.substr(0, end));
    path = end == std::string_view::npos ? std::string_view() : path.substr(end);
  }
  return out;
}

// A page id from the path, or nullopt when it is not one (then a 404).
std::optional<std::int64_t> page_id(std::string_view s) {
  std::int64_t id = 0;
  if (s.empty() || s.size() > 18 || s.front() == '0') return std::nullopt;
  auto [end, error] = std::from_chars(s.data(), s.data() + s.size(), id);
  if (error != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return id;
}

Response static_file(const std::string& name, const char* content_type) {
  Response r;
  r.content_type = content_type;
  r.body = std::string(embedded_file(name));
  r.headers.push_back({"Cache-Control", "max-age=3600"});
  return r;
}

}  // namespace

WebUi::WebUi(ServeConfig config)
    : config_(std::move(config)), archives_(config_.archive),
      context_{archives_, config_.selectors, std::filesystem::path(config_.archive).filename().string()} {
  // Every template parses: a broken one fails here, at startup, not on a reader.
  for (const char* name : {"layout", "search_form", "hits", "home", "search", "article", "history", "diff",
                           "sites", "error"})
    render(name, Data());
}

Response WebUi::route(const Request& request) {
  std::vector<std::string_view> parts = segments(request.path);
  bool api = !parts.empty() && parts[0] == "api";
  if (api) parts.erase(parts.begin());
  size_t n = parts.size();
  if (!api && n == 2 && parts[0] == "static" && parts[1] == "style.css") return static_file("style.css", "text/css; charset=utf-8");
  if (n == 0) return api ? home_api(context_, request) : home_page(context_, request);
  if (n == 1 && parts[0] == "search") return api ? search_api(context_, request) : search_page(context_, request);
  if (n == 1 && parts[0] == "sites") return api ? sites_api(context_, request) : sites_page(context_, request);
  if ((n == 2 || n == 3) && parts[0] == "article") {
    std::optional<std::int64_t> id = page_id(parts[1]);
    if (!id) throw HttpError(404, "There is no such page: an article's address is /article/ followed by its number.");
    if (n == 2) return api ? article_api(context_, request, *id) : article_page(context_, request, *id);
    if (parts[2] == "history") return api ? history_api(context_, request, *id) : history_page(context_, request, *id);
    if (parts[2] == "diff") return api ? diff_api(context_, request, *id) : diff_page(context_, request, *id);
    if (parts[2] == "snapshot" && !api) return snapshot_page(context_, request, *id);
  }
  throw HttpError(404, "There is no such page here.");
}

Response WebUi::error_response(int status, const std::string& message, bool api) {
  Response r;
  try {
    r = api ? error_api(status, message) : error_page(context_, status, message);
  } catch (const std::exception& e) {  // an error page that cannot render: plain text
    spdlog::error("serve: the error page for {} failed: {}", status, e.what());
    r.status = status;
    r.content_type = "text/plain; charset=utf-8";
    r.body = message + "\n";
  }
  return with_safety_headers(std::move(r));
}

Response WebUi::with_safety_headers(Response response) {
  if (response.header("Content-Security-Policy").empty())
    response.headers.push_back({"Content-Security-Policy", kPagePolicy});
  response.headers.push_back({"X-Content-Type-Options", "nosniff"});
  response.headers.push_back({"Referrer-Policy", "no-referrer"});
  if (response.header("Cache-Control").empty()) response.headers.push_back({"Cache-Control", "no-cache"});
  return response;
}

Response WebUi::handle(const Request& request) {
  auto started = std::chrono::steady_clock::now();
  bool api = request.path == "/api" || request.path.starts_with("/api/");
  Response response;
  try {
    if (request.method != "GET" && request.method != "HEAD") {
      response = error_response(405, fmt::format("{} is not served here: the archive is read-only (GET and HEAD only).",
                                                 request.method.size() <= 16 ? request.method : "This method"),
                                api);
      response.headers.push_back({"Allow", "GET, HEAD"});
    } else {
      response = with_safety_headers(route(request));
    }
  } catch (const HttpError& e) {
    response = error_response(e.status(), e.what(), api);
  } catch (const store::ArchiveFormatError& e) {
    spdlog::error("serve: {}", e.what());
    response = error_response(503, fmt::format("The archive cannot be read: {}", e.what()), api);
  } catch (const store::SqliteError& e) {
    spdlog::error("serve: {} {}: {}", request.method, request.path, e.what());
    response = error_response(503, fmt::format("The archive cannot be read right now: {}", e.what()), api);
  } catch (const std::exception& e) {
    spdlog::error("serve: {} {}: {}", request.method, request.path, e.what());
    response = error_response(500, "Something went wrong on this page; the server's log says what.", api);
  }
  spdlog::debug("serve: {} {} {} {:.1f} ms", request.method, request.path, response.status,
                std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count());
  return response;
}

std::pair<std::string, int> parse_listen_address(const std::string& address) {
  size_t colon = address.rfind(':');
  if (colon == std::string::npos || colon == 0)
    throw std::invalid_argument("--listen must be ADDRESS:PORT, like 127.0.0.1:8080; got '" + address + "'");
  std::string host = address.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  std::string_view port_text = std::string_view(address).substr(colon + 1);
  int port = -1;
  auto [end, error] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (error != std::errc() || end != port_text.data() + port_text.size() || port < 0 || port > 65535)
    throw std::invalid_argument("--listen: the port must be a number from 0 to 65535; got '" + address + "'");
  return {host, port};
}

}  // namespace khobao::serve
