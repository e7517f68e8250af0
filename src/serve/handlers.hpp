// The web UI's handlers, one per page and one per JSON twin, as web_ui.cpp
// routes them. Each reads the archive in one read transaction and returns a
// whole response, or throws HttpError.
#pragma once

#include "site/site.hpp"
#include "serve/archive_pool.hpp"
#include "serve/http.hpp"

#include <cstdint>
#include <string>

namespace khobao::serve {

struct Context {
  ArchivePool& archives;
  const site::SiteSet& selectors;
  std::string archive_name;  // shown in the footer
};

// HTML (pages.cpp).
Response home_page(Context& ctx, const Request& request);
Response search_page(Context& ctx, const Request& request);
Response article_page(Context& ctx, const Request& request, std::int64_t page_id);
Response history_page(Context& ctx, const Request& request, std::int64_t page_id);
Response diff_page(Context& ctx, const Request& request, std::int64_t page_id);
Response sites_page(Context& ctx, const Request& request);
Response error_page(Context& ctx, int status, const std::string& message);

// The page as fetched, sandboxed (snapshot.cpp).
Response snapshot_page(Context& ctx, const Request& request, std::int64_t page_id);

// JSON, in the shapes of the CLI's --json (api.cpp).
Response home_api(Context& ctx, const Request& request);
Response search_api(Context& ctx, const Request& request);
Response article_api(Context& ctx, const Request& request, std::int64_t page_id);
Response history_api(Context& ctx, const Request& request, std::int64_t page_id);
Response diff_api(Context& ctx, const Request& request, std::int64_t page_id);
Response sites_api(Context& ctx, const Request& request);
Response error_api(int status, const std::string& message);

// The reason phrase of an HTTP status: "Bad Request".
const char* reason_phrase(int status);

}  // namespace khobao::serve
