// Checking the web UI's query parameters.
#include "serve/params.hpp"

#include "core/text.hpp"
#include "core/unicode.hpp"

#include <fmt/format.h>

#include <charconv>
#include <regex>

namespace khobao::serve {
namespace {

// Parameter `name`: valid UTF-8 without control characters, at most
// `max_bytes`, surrounding spaces trimmed.
std::string text_param(const Request& request, const std::string& name, std::size_t max_bytes) {
  std::string value = request.param(name);
  if (value.size() > max_bytes)
    throw HttpError(400, fmt::format("the parameter '{}' is too long ({} bytes; at most {})", name, value.size(),
                                     max_bytes));
  if (!text::is_valid_utf8(value)) throw HttpError(400, fmt::format("the parameter '{}' is not valid UTF-8", name));
  if (text::without_controls(value) != value)
    throw HttpError(400, fmt::format("the parameter '{}' contains control characters", name));
  return std::string(text::trim_ascii(value));
}

// A date or a prefix of one, as the filters compare them: 2024, 2024-05,
// 2024-05-07, or a full ISO 8601 UTC time.
std::string date_param(const Request& request, const std::string& name) {
  static const std::regex kDate(R"(\d{4}(-\d{2}(-\d{2}(T\d{2}:\d{2}(:\d{2})?Z?)?)?)?)");
  std::string value = text_param(request, name, 32);
  if (!value.empty() && !std::regex_match(value, kDate))
    throw HttpError(400, fmt::format("the parameter '{}' is not a date like 2024, 2024-05 or 2024-05-07", name));
  return value;
}

std::optional<std::string> non_empty(const std::string& s) {
  return s.empty() ? std::nullopt : std::optional<std::string>(s);
}

}  // namespace

std::string Request::param(const std::string& name) const {
  auto it = params.find(name);
  return it == params.end() ? std::string() : it->second;
}

std::string Response::header(const std::string& name) const {
  for (const auto& [key, value] : headers)
    if (key == name) return value;
  return {};
}

std::optional<int> int_param(const Request& request, const std::string& name, int min, int max) {
  std::string value = request.param(name);
  if (value.empty()) return std::nullopt;
  int n = 0;
  auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), n);
  if (error != std::errc() || end != value.data() + value.size() || n < min || n > max)
    throw HttpError(400, fmt::format("the parameter '{}' must be a whole number from {} to {}", name, min, max));
  return n;
}

SearchParams search_params(const Request& request) {
  SearchParams p;
  p.q = text_param(request, "q", kMaxQueryBytes);
  p.site = text::ascii_lower(text_param(request, "site", 253));
  p.author = text_param(request, "author", 200);
  p.since = date_param(request, "since");
  p.until = date_param(request, "until");
  p.sort = text_param(request, "sort", 16);
  if (p.sort.empty()) p.sort = p.q.empty() ? "newest" : "relevance";
  if (p.sort != "relevance" && p.sort != "newest")
    throw HttpError(400, "the parameter 'sort' must be 'relevance' or 'newest'");
  p.page = int_param(request, "page", 1, kMaxResultPage).value_or(1);
  return p;
}

store::SearchRequest SearchParams::request() const {
  store::SearchRequest r;
  r.query = q;
  r.filter = {non_empty(site), non_empty(author), non_empty(since), non_empty(until)};
  r.sort = sort == "newest" ? store::SortOrder::kNewest : store::SortOrder::kRelevance;
  r.limit = kResultsPerPage + 1;
  r.offset = (page - 1) * kResultsPerPage;
  return r;
}

std::string SearchParams::query_string(int at_page) const {
  std::string out;
  auto add = [&](const char* name, const std::string& value) {
    if (value.empty()) return;
    out += (out.empty() ? "" : "&") + std::string(name) + "=" + query_encode(value);
  };
  add("q", q);
  add("site", site);
  add("author", author);
  add("since", since);
  add("until", until);
  if (sort != (q.empty() ? "newest" : "relevance")) add("sort", sort);
  if (at_page > 1) add("page", std::to_string(at_page));
  return out;
}

std::string query_encode(std::string_view s) {
  std::string out;
  for (unsigned char c : s) {
    bool unreserved = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
                      c == '_' || c == '.' || c == '~';
    if (unreserved) out += static_cast<char>(c);
    else out += fmt::format("%{:02X}", c);
  }
  return out;
}

}  // namespace khobao::serve
