// `khobao search`: full-text search, with or without diacritics.
#include "app/cli.hpp"
#include "app/filters.hpp"
#include "app/inputs.hpp"
#include "app/output.hpp"

#include "store/store.hpp"

#include <fmt/format.h>

#include <iostream>

namespace khobao::app {
namespace {

struct SearchOptions {
  std::vector<std::string> words;
  FilterOptions filter;
  int limit = 20;
  int offset = 0;
  std::string sort = "relevance";
  bool all_versions = false;
  bool json = false;
};

// Matches in bold on a terminal; plain text elsewhere.
std::string render_snippet(const std::vector<store::SnippetPart>& parts, bool terminal) {
  std::string out;
  for (const auto& part : parts) {
    std::string text = terminal_safe(part.text);
    for (char& c : text) if (c == '\n') c = ' ';
    out += part.match && terminal ? "\x1b[1m" + text + "\x1b[0m" : text;
  }
  return out;
}

std::string hit_text(const store::SearchHit& hit, int rank, bool terminal) {
  std::string meta = hit.site;
  if (hit.published_at) meta += " · " + *hit.published_at;
  if (!hit.authors.empty()) meta += " · " + join(hit.authors, ", ");
  return fmt::format("{}. {}\n   {}\n   {}  [page {}, version {}]\n   {}\n", rank,
                     terminal_safe(hit.title.value_or("(no title)")), terminal_safe(meta), terminal_safe(hit.url),
                     hit.page_id, hit.version, render_snippet(hit.snippet, terminal));
}

int run_search(const GlobalOptions& global, const SearchOptions& o) {
  store::SearchRequest request;
  request.query = join(o.words, " ");
  request.filter = to_filter(o.filter);
  request.sort = o.sort == "newest" ? store::SortOrder::kNewest : store::SortOrder::kRelevance;
  request.limit = o.limit;
  request.offset = o.offset;
  request.all_versions = o.all_versions;
  store::Archive archive(global.archive, store::Access::kRead);
  store::ReadSnapshot snapshot(archive);  // one state of the archive throughout
  std::vector<store::SearchHit> hits = store::search(archive, request);
  bool terminal = stdout_is_terminal();
  for (size_t i = 0; i < hits.size(); ++i) {
    if (o.json) std::cout << json_line(store::hit_json(hits[i])) << "\n";
    else std::cout << hit_text(hits[i], o.offset + static_cast<int>(i) + 1, terminal) << "\n";
  }
  if (!o.json && hits.empty() && !global.quiet) std::cerr << "no articles match\n";
  return kOk;
}

}  // namespace

void add_search_command(CLI::App& app, const GlobalOptions& global, int& exit_code) {
  auto options = std::make_shared<SearchOptions>();
  CLI::App* cmd = app.add_subcommand(
      "search", "Search the archive's articles (diacritics optional: \"thach ha\" finds \"Thạch Hà\")");
  cmd->add_option("query", options->words, "Words (FTS5 syntax: \"a phrase\", OR, NOT, prefix*)")->required();
  add_filter_options(*cmd, options->filter);
  cmd->add_option("--limit", options->limit, "At most this many results")->check(CLI::Range(1, 10000))->capture_default_str();
  cmd->add_option("--offset", options->offset, "Skip the first N results")->check(CLI::NonNegativeNumber);
  cmd->add_option("--sort", options->sort, "relevance or newest")
      ->check(CLI::IsMember({"relevance", "newest"}))
      ->capture_default_str();
  cmd->add_flag("--all-versions", options->all_versions, "Also search the text of earlier versions");
  cmd->add_flag("--json", options->json, "One JSON object per result per line");
  cmd->callback([&global, &exit_code, options] {
    exit_code = run_guarded([&] {
      setup_logging(global);
      return run_search(global, *options);
    });
  });
}

}  // namespace khobao::app
