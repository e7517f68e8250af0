// `khobao sites`: the selector files, and what the archive holds of each site.
#include "app/cli.hpp"
#include "app/inputs.hpp"
#include "app/output.hpp"

#include "store/store.hpp"

#include <filesystem>
#include <fmt/format.h>

#include <iostream>
#include <map>

namespace khobao::app {
namespace {

struct SiteRow {
  bool has_selector_file = false;
  store::SiteSummary summary;
};

nlohmann::ordered_json row_json(const SiteRow& row) {
  const store::SiteSummary& s = row.summary;
  return {{"site", s.host}, {"selector_file", row.has_selector_file}, {"pages", s.pages},
          {"articles", s.articles}, {"versions", s.versions}, {"fetches", s.fetches}, {"errors", s.errors},
          {"gone", s.gone}, {"first_fetch", s.first_fetch ? nlohmann::ordered_json(*s.first_fetch) : nullptr},
          {"last_fetch", s.last_fetch ? nlohmann::ordered_json(*s.last_fetch) : nullptr}};
}

int run_sites(const GlobalOptions& global, bool json) {
  std::optional<extract::SiteRulesSet> selectors = load_selectors(global);
  if (!selectors) return kBadInput;
  std::map<std::string, SiteRow> rows;
  for (const auto& host : selectors->hosts()) {
    rows[host].has_selector_file = true;
    rows[host].summary.host = host;
  }
  if (std::filesystem::exists(global.archive)) {
    store::Archive archive(global.archive, store::Access::kRead);
    store::ReadTransaction snapshot(archive.db());  // one state of the archive throughout
    for (auto& s : store::site_summaries(archive.db())) {
      SiteRow& row = rows[s.host];
      row.summary = std::move(s);
    }
  }
  if (json) {
    for (const auto& [host, row] : rows) std::cout << json_line(row_json(row)) << "\n";
    return kOk;
  }
  std::cout << fmt::format("{:<28} {:>9} {:>9} {:>9} {:>8} {:>6}  {}\n", "site", "pages", "articles", "versions",
                           "errors", "file", "last fetch");
  for (const auto& [host, row] : rows) {
    const store::SiteSummary& s = row.summary;
    std::cout << terminal_safe(fmt::format("{:<28} {:>9} {:>9} {:>9} {:>8} {:>6}  {}\n", host, s.pages, s.articles,
                                           s.versions, s.errors, row.has_selector_file ? "yes" : "no",
                                           s.last_fetch.value_or("never")));
  }
  return kOk;
}

}  // namespace

void add_sites_command(CLI::App& app, const GlobalOptions& global, int& exit_code) {
  auto json = std::make_shared<bool>(false);
  CLI::App* cmd = app.add_subcommand("sites", "List the selector files and what is archived of each site");
  cmd->add_flag("--json", *json, "One JSON object per site per line");
  cmd->callback([&global, &exit_code, json] {
    setup_logging(global);
    exit_code = run_guarded([&] { return run_sites(global, *json); });
  });
}

}  // namespace khobao::app
