// `khobao reextract`: versions rebuilt from the stored raw bodies, after a
// selector file or the extractor improved; nothing is fetched.
#include "app/cli.hpp"
#include "app/inputs.hpp"
#include "app/output.hpp"

#include "ingest/ingest.hpp"
#include "site/site.hpp"

#include <fmt/format.h>

#include <iostream>

namespace khobao::app {
namespace {

int run_reextract(const GlobalOptions& global, const std::string& site) {
  std::optional<site::SiteSet> sites = load_selectors(global);
  if (!sites) return kBadInput;
  store::Archive archive(global.archive, store::Access::kWrite);
  Progress progress("re-extracting pages", global.quiet);
  ingest::ReextractSummary s = ingest::reextract(
      archive, *sites, site.empty() ? std::nullopt : std::optional<std::string>(site),
      [&](std::int64_t done, std::int64_t total) { progress.update(done, total); });
  progress.finish();
  if (!global.quiet)
    std::cerr << fmt::format("re-extracted {} pages: {} changed ({} versions updated, {} added, {} removed), "
                             "{} errors; extraction failures: {} fixed, {} new, {} remain\n",
                             s.pages, s.pages_changed, s.versions_updated, s.versions_added, s.versions_removed,
                             s.errors, s.failures_fixed, s.failures_new, s.failures_left);
  return s.errors ? kFailure : kOk;
}

}  // namespace

void add_reextract_command(CLI::App& app, const GlobalOptions& global, int& exit_code) {
  auto site = std::make_shared<std::string>();
  CLI::App* cmd = app.add_subcommand("reextract", "Rebuild versions from the stored raw pages (after a selector change)");
  cmd->add_option("--site", *site, "Only this site (host)");
  cmd->callback([&global, &exit_code, site] {
    exit_code = run_guarded([&] {
      setup_logging(global);
      return run_reextract(global, *site);
    });
  });
}

}  // namespace khobao::app
