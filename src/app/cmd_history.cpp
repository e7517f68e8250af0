// `khobao history`: the versions of one page, and every fetch of it.
#include "app/cli.hpp"
#include "app/inputs.hpp"
#include "app/output.hpp"
#include "app/page_arg.hpp"

#include "store/store.hpp"

#include <fmt/format.h>

#include <iostream>

namespace khobao::app {
namespace {

struct HistoryOptions {
  std::string page;
  bool fetches = false;
  bool json = false;
};

std::string history_text(const store::PageInfo& page, const std::vector<store::VersionInfo>& versions,
                         const std::vector<store::FetchInfo>& fetches, bool list_fetches) {
  std::string out = fmt::format("{}\n[page {}, {}, {} versions, {} fetches]\n", page.url, page.id, page.state,
                                versions.size(), fetches.size());
  if (page.gone_at) out += fmt::format("gone: the site answered 404/410 from {}\n", *page.gone_at);
  for (const auto& v : versions)
    out += fmt::format("  v{}  {}  {}  ({} bytes of text, {}{})\n", v.number, v.created_at,
                       v.title.value_or("(no title)"), v.body_chars, v.extractor,
                       v.failure ? ", extraction failure: " + *v.failure : "");
  if (list_fetches) {
    out += "fetches:\n";
    for (const auto& f : fetches)
      out += fmt::format("  {}  {}  {}  {}{}\n", f.fetched_at, f.status ? std::to_string(*f.status) : "---",
                         f.outcome, f.source, f.error ? "  " + *f.error : "");
  }
  return terminal_safe(out);
}

int run_history(const GlobalOptions& global, const HistoryOptions& o) {
  store::Archive archive(global.archive, store::Access::kRead);
  store::ReadSnapshot snapshot(archive);  // one state of the archive throughout
  std::optional<std::int64_t> page_id = find_page_or_explain(archive, o.page);
  if (!page_id) return kBadInput;
  store::PageInfo page = *store::page_info(archive, *page_id);
  auto versions = store::versions_of(archive, *page_id);
  auto fetches = store::fetches_of(archive, *page_id);
  if (o.json) std::cout << json_line(store::history_json(page, versions, fetches)) << "\n";
  else std::cout << history_text(page, versions, fetches, o.fetches);
  return kOk;
}

}  // namespace

void add_history_command(CLI::App& app, const GlobalOptions& global, int& exit_code) {
  auto options = std::make_shared<HistoryOptions>();
  CLI::App* cmd = app.add_subcommand("history", "List the versions of one archived page");
  cmd->add_option("page", options->page, "The page's URL or id")->required();
  cmd->add_flag("--fetches", options->fetches, "Also list every fetch of the page");
  cmd->add_flag("--json", options->json, "Versions and fetches as one JSON object");
  cmd->callback([&global, &exit_code, options] {
    exit_code = run_guarded([&] {
      setup_logging(global);
      return run_history(global, *options);
    });
  });
}

}  // namespace khobao::app
