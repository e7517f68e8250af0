// The HTML pages: what views.cpp read, put into the templates. Every text
// from the archive is hostile: it reaches the page only through {{...}}
// (escaped), after its control characters are replaced, and a URL becomes a
// link only when it is http(s).
#include "serve/handlers.hpp"
#include "serve/templates.hpp"
#include "serve/views.hpp"

#include "core/text.hpp"
#include "core/unicode.hpp"

#include <fmt/format.h>

namespace khobao::serve {
namespace {

// Archive text as shown: valid UTF-8, no control characters.
std::string shown(std::string_view s) { return text::without_controls(text::repair_utf8(s)); }

Data shown_or_false(const std::optional<std::string>& s) {
  if (!s || s->empty()) return Data(false);
  return Data(shown(*s));
}

// `url` if it is safe as an href (http or https, nothing that could break
// out of the attribute once escaped), else "": shown as text instead.
std::string safe_href(std::string_view url) {
  std::string lower = text::ascii_lower(url.substr(0, 8));
  if (!lower.starts_with("http://") && !lower.starts_with("https://")) return {};
  for (unsigned char c : url)
    if (c <= 0x20 || c == 0x7F) return {};
  return text::is_valid_utf8(url) ? std::string(url) : std::string();
}

Data href_or_false(std::string_view url) {
  std::string href = safe_href(url);
  return href.empty() ? Data(false) : Data(href);
}

// "2026-11-27T08:00:00Z" as "2026-11-27 08:00"; other text as it is.
std::string short_time(const std::string& t) {
  if (t.size() >= 16 && t[10] == 'T') return t.substr(0, 10) + " " + t.substr(11, 5);
  return shown(t);
}

std::string article_href(std::int64_t page_id, std::optional<int> version = std::nullopt) {
  return version ? fmt::format("/article/{}?version={}", page_id, *version) : fmt::format("/article/{}", page_id);
}

std::string author_href(const std::string& name) { return "/search?author=" + query_encode(name); }
std::string site_href(const std::string& host) { return "/search?site=" + query_encode(host); }

Response html_response(Context& ctx, const std::string& title, const std::string& content,
                       const std::string& api_href, int status = 200) {
  Response r;
  r.status = status;
  r.body = render_page(shown(title), content, api_href, ctx.archive_name);
  return r;
}

// The API twin of a page: /api + the same path and query.
std::string api_href(const Request& request, const std::string& query = {}) {
  return "/api" + (request.path == "/" ? std::string("/") : request.path) + (query.empty() ? "" : "?" + query);
}

Data search_form(const SearchParams& p, const std::vector<std::string>& hosts) {
  Data form;
  form.set("q", p.q);
  form.set("author", p.author);
  form.set("since", p.since);
  form.set("until", p.until);
  form.set("max_query", std::to_string(kMaxQueryBytes));
  form.set("by_relevance", p.sort == "relevance");
  form.set("by_date", p.sort == "newest");
  form.set("filters_open", !p.site.empty() || !p.author.empty() || !p.since.empty() || !p.until.empty() ||
                               (p.sort == "newest" && !p.q.empty()));
  List sites;
  for (const auto& host : hosts) {
    Data site;
    site.set("host", shown(host));
    site.set("selected", host == p.site);
    sites.push_back(site);
  }
  form.set("sites", sites);
  return form;
}

std::string hits_html(const std::vector<store::SearchHit>& hits, int first_rank) {
  List items;
  for (const auto& hit : hits) {
    Data item;
    item.set("href", article_href(hit.page_id));
    item.set("title", hit.title ? shown(*hit.title) : "(no title)");
    item.set("site", shown(hit.site));
    item.set("site_href", site_href(hit.site));
    item.set("date", shown_or_false(hit.published_at));
    item.set("date_text", hit.published_at ? short_time(*hit.published_at) : "");
    List authors;
    for (const auto& name : hit.authors) {
      Data a;
      a.set("name", shown(name));
      a.set("author_href", author_href(name));
      authors.push_back(a);
    }
    item.set("authors", authors);
    List parts;
    for (const auto& part : hit.snippet) {
      Data d;
      std::string text = shown(part.text);
      for (char& c : text)
        if (c == '\n') c = ' ';
      d.set("text", text);
      d.set("match", part.match);
      parts.push_back(d);
    }
    item.set("has_snippet", !parts.empty());
    item.set("snippet", parts);
    items.push_back(item);
  }
  Data data;
  data.set("hits", items);
  data.set("start", std::to_string(first_rank));
  return render("hits", data);
}

std::string search_summary(const SearchView& view) {
  const SearchParams& p = view.params;
  std::string what = p.q.empty() ? "Articles" : "Articles matching “" + p.q + "”";
  std::vector<std::string> filters;
  if (!p.site.empty()) filters.push_back("on " + p.site);
  if (!p.author.empty()) filters.push_back("by " + p.author);
  if (!p.since.empty()) filters.push_back("since " + p.since);
  if (!p.until.empty()) filters.push_back("until " + p.until);
  for (const auto& f : filters) what += " " + f;
  if (view.hits.empty()) return what + ": none" + (p.page > 1 ? " on this page" : "");
  int first = (p.page - 1) * kResultsPerPage + 1;
  return fmt::format("{}: {}–{}{}", what, first, first + static_cast<int>(view.hits.size()) - 1,
                     view.has_next ? " and more" : "");
}

}  // namespace

Response home_page(Context& ctx, const Request& request) {
  SearchParams params;
  params.sort = "newest";
  auto archive = ctx.archives.lease();
  store::ReadSnapshot snapshot(*archive);
  SearchView view = read_search(*archive, params);
  Data data;
  data.set("search_form", render("search_form", search_form(params, view.sites)));
  data.set("hits", hits_html(view.hits, 1));
  data.set("empty", view.hits.empty());
  data.set("more", view.has_next ? Data("/search?page=2") : Data(false));
  return html_response(ctx, "Search the archive", render("home", data), api_href(request));
}

Response search_page(Context& ctx, const Request& request) {
  SearchParams params = search_params(request);
  auto archive = ctx.archives.lease();
  store::ReadSnapshot snapshot(*archive);
  SearchView view = read_search(*archive, params);
  Data data;
  data.set("search_form", render("search_form", search_form(params, view.sites)));
  data.set("summary", shown(search_summary(view)));
  data.set("hits", hits_html(view.hits, (params.page - 1) * kResultsPerPage + 1));
  data.set("page", std::to_string(params.page));
  data.set("prev", params.page > 1 ? Data("/search?" + params.query_string(params.page - 1)) : Data(false));
  data.set("next", view.has_next ? Data("/search?" + params.query_string(params.page + 1)) : Data(false));
  std::string title = params.q.empty() ? "Articles" : params.q + " · search";
  return html_response(ctx, title, render("search", data), api_href(request, params.query_string(params.page)));
}

Response article_page(Context& ctx, const Request& request, std::int64_t page_id) {
  std::optional<int> version = int_param(request, "version", 1, 1'000'000);
  auto archive = ctx.archives.lease();
  store::ReadSnapshot snapshot(*archive);
  ArticleView view = read_article(*archive, page_id, version);
  const Article& a = view.version.article;
  const store::VersionInfo& info = view.version.info;
  Data data;
  data.set("gone", view.page.state == "gone");
  data.set("gone_at", view.page.gone_at ? short_time(*view.page.gone_at) : "");
  data.set("older", info.number < view.page.versions);
  data.set("latest_href", article_href(page_id));
  data.set("number", std::to_string(info.number));
  data.set("versions", std::to_string(view.page.versions));
  data.set("fetched_at", shown(info.created_at));
  data.set("language", a.language && !a.language->empty() ? shown(*a.language) : "vi");
  data.set("title", a.title ? shown(*a.title) : "(no title)");
  List authors;
  for (size_t i = 0; i < a.authors.size(); ++i) {
    Data d;
    d.set("name", shown(a.authors[i]));
    d.set("author_href", author_href(a.authors[i]));
    d.set("last", i + 1 == a.authors.size());
    authors.push_back(d);
  }
  data.set("authors", authors);
  data.set("source", shown_or_false(a.source));
  data.set("published", shown_or_false(a.published_at));
  data.set("published_text", a.published_at ? short_time(*a.published_at) : "");
  data.set("updated", shown_or_false(a.updated_at));
  data.set("updated_text", a.updated_at ? short_time(*a.updated_at) : "");
  data.set("lead", shown_or_false(a.lead));
  List paragraphs;
  std::string_view body = a.body;
  while (!body.empty()) {
    size_t end = body.find("\n\n");
    std::string_view p = body.substr(0, end);
    if (!text::trim_ascii(p).empty()) {
      Data d;
      d.set("text", shown(p));
      paragraphs.push_back(d);
    }
    body = end == std::string_view::npos ? std::string_view() : body.substr(end + 2);
  }
  data.set("paragraphs", paragraphs);
  List captions;
  for (const auto& c : a.captions) {
    Data d;
    d.set("text", shown(c.text));
    d.set("image", shown_or_false(c.image));
    d.set("image_href", c.image ? href_or_false(*c.image) : Data(false));
    captions.push_back(d);
  }
  data.set("has_captions", !captions.empty());
  data.set("captions", captions);
  List tags;
  for (const auto& t : a.tags) {
    Data d;
    d.set("name", shown(t));
    d.set("tag_href", "/search?q=" + query_encode("\"" + t + "\""));
    tags.push_back(d);
  }
  data.set("has_tags", !tags.empty());
  data.set("tags", tags);
  List related;
  for (size_t i = 0; i < a.related.size(); ++i) {
    const RelatedLink& r = a.related[i];
    Data d;
    d.set("title", r.title.empty() ? shown(r.url) : shown(r.title));
    std::optional<std::int64_t> archived = view.related_pages[i];
    std::string original = safe_href(r.url);
    d.set("link_href", archived ? Data(article_href(*archived)) : original.empty() ? Data(false) : Data(original));
    d.set("where", archived          ? "archived copy"
                   : original.empty() ? "not a web address, not linked"
                                      : "original, not archived");
    d.set("summary", shown_or_false(r.summary));
    related.push_back(d);
  }
  data.set("has_related", !related.empty());
  data.set("related", related);
  std::string url = a.url.value_or(view.page.url);
  data.set("url", shown(url));
  data.set("url_href", href_or_false(url));
  data.set("site", shown(view.page.site));
  data.set("site_href", site_href(view.page.site));
  data.set("history_href", fmt::format("/article/{}/history", page_id));
  data.set("snapshot_href", fmt::format("/article/{}/snapshot?version={}", page_id, info.number));
  data.set("extractor", shown(a.extractor));
  std::string query = version ? fmt::format("version={}", *version) : "";
  return html_response(ctx, a.title.value_or("(no title)"), render("article", data), api_href(request, query));
}

Response history_page(Context& ctx, const Request& request, std::int64_t page_id) {
  auto archive = ctx.archives.lease();
  store::ReadSnapshot snapshot(*archive);
  HistoryView view = read_history(*archive, page_id);
  std::optional<std::string> title = view.versions.empty() ? std::nullopt : view.versions.back().title;
  Data data;
  data.set("title", title ? shown(*title) : shown(view.page.url));
  data.set("article_href", article_href(page_id));
  data.set("url", shown(view.page.url));
  data.set("state", shown(view.page.state));
  data.set("gone_at", view.page.gone_at ? Data(short_time(*view.page.gone_at)) : Data(false));
  data.set("version_count", fmt::format("{} version{}", view.versions.size(), view.versions.size() == 1 ? "" : "s"));
  data.set("fetch_count", fmt::format("{} fetch{}", view.fetches.size(), view.fetches.size() == 1 ? "" : "es"));
  data.set("can_compare", view.versions.size() > 1);
  data.set("diff_action", fmt::format("/article/{}/diff", page_id));
  List versions;
  int latest = view.versions.empty() ? 0 : view.versions.back().number;
  for (const auto& v : view.versions) {
    Data d;
    d.set("number", std::to_string(v.number));
    d.set("href", article_href(page_id, v.number));
    d.set("snapshot_href", fmt::format("/article/{}/snapshot?version={}", page_id, v.number));
    d.set("fetched_at", shown(v.created_at));
    d.set("title", v.title ? shown(*v.title) : "(no title)");
    d.set("chars", std::to_string(v.body_chars));
    d.set("extractor", shown(v.extractor));
    d.set("is_from", v.number == latest - 1);
    d.set("is_to", v.number == latest);
    versions.push_back(d);
  }
  data.set("versions", versions);
  List fetches;
  for (const auto& f : view.fetches) {
    Data d;
    d.set("fetched_at", shown(f.fetched_at));
    d.set("status", f.status ? std::to_string(*f.status) : "—");
    d.set("outcome", shown(f.outcome));
    d.set("source", shown(f.source));
    d.set("bytes", f.bytes ? std::to_string(*f.bytes) : "");
    d.set("error", f.error ? shown(*f.error) : "");
    fetches.push_back(d);
  }
  data.set("fetches", fetches);
  return html_response(ctx, "History · " + title.value_or(view.page.url), render("history", data),
                       api_href(request));
}

Response diff_page(Context& ctx, const Request& request, std::int64_t page_id) {
  std::optional<int> from = int_param(request, "from", 1, 1'000'000);
  std::optional<int> to = int_param(request, "to", 1, 1'000'000);
  auto archive = ctx.archives.lease();
  store::ReadSnapshot snapshot(*archive);
  DiffView view = read_diff(*archive, page_id, from, to);
  Data data;
  const auto& title = view.after.article.title;
  data.set("title", title ? shown(*title) : shown(view.page.url));
  data.set("article_href", article_href(page_id, view.after.info.number));
  data.set("history_href", fmt::format("/article/{}/history", page_id));
  data.set("diff_action", fmt::format("/article/{}/diff", page_id));
  data.set("from", std::to_string(view.before.info.number));
  data.set("to", std::to_string(view.after.info.number));
  data.set("from_time", shown(view.before.info.created_at));
  data.set("to_time", shown(view.after.info.created_at));
  auto options = [&](int selected) {
    List list;
    for (const auto& v : view.versions) {
      Data d;
      d.set("number", std::to_string(v.number));
      d.set("fetched_at", short_time(v.created_at));
      d.set("selected", v.number == selected);
      list.push_back(d);
    }
    return list;
  };
  data.set("from_options", options(view.before.info.number));
  data.set("to_options", options(view.after.info.number));
  List fields;
  for (const auto& change : view.changes) {
    Data field;
    field.set("name", change.field);
    List chunks;
    for (const auto& chunk : change.chunks) {
      Data c;
      c.set("text", shown(chunk.text));
      c.set("is_insert", chunk.op == store::DiffOp::kInsert);
      c.set("is_delete", chunk.op == store::DiffOp::kDelete);
      c.set("is_equal", chunk.op == store::DiffOp::kEqual);
      chunks.push_back(c);
    }
    field.set("chunks", chunks);
    fields.push_back(field);
  }
  data.set("fields", fields);
  std::string query = fmt::format("from={}&to={}", view.before.info.number, view.after.info.number);
  return html_response(ctx, "Changes · " + title.value_or(view.page.url), render("diff", data),
                       api_href(request, query));
}

Response sites_page(Context& ctx, const Request& request) {
  auto archive = ctx.archives.lease();
  store::ReadSnapshot snapshot(*archive);
  SitesView view = read_sites(*archive, ctx.selectors);
  Data data;
  data.set("now", view.now);
  List sites;
  for (const auto& status : view.sites) {
    const store::SiteSummary& s = status.summary;
    Data d;
    d.set("host", shown(s.host));
    d.set("href", site_href(s.host));
    d.set("archived", s.pages > 0);
    d.set("selector_file", status.has_selector_file ? "yes" : "no");
    d.set("pages", std::to_string(s.pages));
    d.set("articles", std::to_string(s.articles));
    d.set("versions", std::to_string(s.versions));
    d.set("fetches", std::to_string(s.fetches));
    d.set("errors", std::to_string(s.errors));
    d.set("gone", std::to_string(s.gone));
    d.set("extraction_failures", store::failures_cell(s));
    d.set("last_run", s.last_run_started ? short_time(*s.last_run_started) : "never");
    d.set("last_run_errors", std::to_string(s.last_run_errors));
    d.set("next_due", !status.next_due ? "—" : *status.next_due <= view.now ? "now" : short_time(*status.next_due));
    sites.push_back(d);
  }
  data.set("sites", sites);
  return html_response(ctx, "Sites", render("sites", data), api_href(request));
}

Response error_page(Context& ctx, int status, const std::string& message) {
  Data data;
  data.set("status", std::to_string(status));
  data.set("reason", reason_phrase(status));
  data.set("message", shown(message));
  return html_response(ctx, reason_phrase(status), render("error", data), "/api/", status);
}

const char* reason_phrase(int status) {
  switch (status) {
    case 200: return "OK";
    case 400: return "Bad Request";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 414: return "URI Too Long";
    case 500: return "Internal Server Error";
    case 503: return "Service Unavailable";
    default: return "Error";
  }
}

}  // namespace khobao::serve
