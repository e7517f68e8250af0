// The JSON API: /api + a page's path gives what the page shows, in the
// shapes of the CLI's --json (one array element per line the CLI prints).
#include "serve/handlers.hpp"
#include "serve/params.hpp"
#include "serve/views.hpp"

#include <nlohmann/json.hpp>

namespace khobao::serve {
namespace {

Response json_response(const nlohmann::ordered_json& j, int status = 200) {
  Response r;
  r.status = status;
  r.content_type = "application/json; charset=utf-8";
  // Archive text may hold invalid UTF-8; replaced, never thrown on.
  r.body = j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
  return r;
}

Response hits_json(const SearchView& view, const std::string& next_href) {
  nlohmann::ordered_json hits = nlohmann::ordered_json::array();
  for (const auto& hit : view.hits) hits.push_back(store::hit_json(hit));
  Response r = json_response(hits);
  if (view.has_next) r.headers.push_back({"Link", "<" + next_href + ">; rel=\"next\""});
  return r;
}

}  // namespace

Response home_api(Context& ctx, const Request&) {
  SearchParams params;
  params.sort = "newest";
  auto archive = ctx.archives.lease();
  store::ReadSnapshot snapshot(*archive);
  return hits_json(read_search(*archive, params), "/api/search?page=2");
}

Response search_api(Context& ctx, const Request& request) {
  SearchParams params = search_params(request);
  auto archive = ctx.archives.lease();
  store::ReadSnapshot snapshot(*archive);
  return hits_json(read_search(*archive, params), "/api/search?" + params.query_string(params.page + 1));
}

Response article_api(Context& ctx, const Request& request, std::int64_t page_id) {
  std::optional<int> version = int_param(request, "version", 1, 1'000'000);
  auto archive = ctx.archives.lease();
  store::ReadSnapshot snapshot(*archive);
  ArticleView view = read_article(*archive, page_id, version);
  return json_response(store::article_json(view.page, view.version));
}

Response history_api(Context& ctx, const Request&, std::int64_t page_id) {
  auto archive = ctx.archives.lease();
  store::ReadSnapshot snapshot(*archive);
  HistoryView view = read_history(*archive, page_id);
  return json_response(store::history_json(view.page, view.versions, view.fetches));
}

Response diff_api(Context& ctx, const Request& request, std::int64_t page_id) {
  std::optional<int> from = int_param(request, "from", 1, 1'000'000);
  std::optional<int> to = int_param(request, "to", 1, 1'000'000);
  auto archive = ctx.archives.lease();
  store::ReadSnapshot snapshot(*archive);
  DiffView view = read_diff(*archive, page_id, from, to);
  return json_response(store::diff_json(page_id, view.before.info.number, view.after.info.number, view.changes));
}

Response sites_api(Context& ctx, const Request&) {
  auto archive = ctx.archives.lease();
  store::ReadSnapshot snapshot(*archive);
  nlohmann::ordered_json sites = nlohmann::ordered_json::array();
  for (const auto& status : read_sites(*archive, ctx.selectors).sites)
    sites.push_back(store::site_status_json(status));
  return json_response(sites);
}

Response error_api(int status, const std::string& message) {
  return json_response({{"error", message}, {"status", status}}, status);
}

}  // namespace khobao::serve
