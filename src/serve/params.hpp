// The query parameters of the web UI, checked: anything out of range, too
// long or not UTF-8 is an HttpError 400 naming the parameter, never a 500.
#pragma once

#include "serve/http.hpp"
#include "store/search.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace khobao::serve {

// Longest search query accepted, in bytes: a sentence of Vietnamese is a few
// hundred; FTS5 on a 10 KB query is work nobody meant.
inline constexpr std::size_t kMaxQueryBytes = 1000;
inline constexpr int kResultsPerPage = 20;
inline constexpr int kMaxResultPage = 500;

// A search as the URL holds it: /search?q=&site=&author=&since=&until=&sort=&page=
struct SearchParams {
  std::string q;
  std::string site, author, since, until;
  std::string sort;  // "relevance" or "newest"; newest when q is blank
  int page = 1;

  // The store request for this page of results, asking one hit more than
  // shown so that the page knows whether a next one exists.
  store::SearchRequest request() const;
  // The query string that gives this search at `page` ("q=...&page=2"):
  // empty parameters left out, the rest percent-encoded.
  std::string query_string(int page) const;
};

SearchParams search_params(const Request& request);

// Parameter `name` as an integer in [min, max], nullopt when absent or empty.
std::optional<int> int_param(const Request& request, const std::string& name, int min, int max);

// `s` percent-encoded for a URL's query: everything but unreserved ASCII.
std::string query_encode(std::string_view s);

}  // namespace khobao::serve
