// `khobao stats`: the archive in numbers, storage included.
#include "app/cli.hpp"
#include "app/failures.hpp"
#include "app/inputs.hpp"
#include "app/output.hpp"

#include "store/store.hpp"

#include <fmt/format.h>

#include <iostream>

namespace khobao::app {
namespace {

std::string megabytes(std::int64_t bytes) { return fmt::format("{:.1f} MB", static_cast<double>(bytes) / 1e6); }

// "baohatinh.vn 3, baonghean.vn 1": the sites with articles whose latest version is flagged.
std::string failing_sites(const std::vector<std::pair<std::string, store::FailureCounts>>& by_site) {
  std::vector<std::string> parts;
  for (const auto& [host, counts] : by_site) parts.push_back(fmt::format("{} {}", host, counts.total));
  return join(parts, ", ");
}

int run_stats(const GlobalOptions& global, bool json) {
  store::Archive archive(global.archive, store::Access::kRead);
  store::ReadSnapshot snapshot(archive);  // one state of the archive throughout
  store::ArchiveStats s = store::archive_stats(archive);
  std::vector<std::pair<std::string, store::FailureCounts>> failures = store::failures_by_site(archive);
  double ratio = s.raw_bytes ? static_cast<double>(s.stored_bytes) / static_cast<double>(s.raw_bytes) : 0;
  if (json) {
    nlohmann::ordered_json j = {{"archive", archive.path()}, {"schema_version", s.schema_version}, {"sites", s.sites},
                                {"pages", s.pages}, {"articles", s.articles}, {"versions", s.versions},
                                {"fetches", s.fetches}, {"authors", s.authors}, {"blobs", s.blobs},
                                {"references", s.references}, {"raw_bytes", s.raw_bytes},
                                {"stored_bytes", s.stored_bytes}, {"text_bytes", s.text_bytes},
                                {"file_bytes", s.file_bytes},
                                {"first_fetch", s.first_fetch ? nlohmann::ordered_json(*s.first_fetch) : nullptr},
                                {"last_fetch", s.last_fetch ? nlohmann::ordered_json(*s.last_fetch) : nullptr}};
    j.update(failure_counts_json(s.extraction_failures));
    nlohmann::ordered_json by_site = nlohmann::ordered_json::object();
    for (const auto& [host, counts] : failures) by_site[host] = counts.total;
    j["extraction_failures_by_site"] = std::move(by_site);
    std::cout << json_line(j) << "\n";
    return kOk;
  }
  std::cout << fmt::format(
      "archive      {} (schema {})\n"
      "sites        {}\n"
      "pages        {} ({} articles)\n"
      "versions     {}\n"
      "fetches      {} ({} to {})\n"
      "authors      {}\n"
      "raw pages    {} distinct bodies, {} as fetched, {} stored ({:.1f}%; {} reference pages)\n"
      "text         {}\n"
      "file         {}\n"
      "failures     {} among latest versions{}\n",
      terminal_safe(archive.path()), s.schema_version, s.sites, s.pages, s.articles, s.versions, s.fetches,
      s.first_fetch.value_or("-"), s.last_fetch.value_or("-"), s.authors, s.blobs, megabytes(s.raw_bytes),
      megabytes(s.stored_bytes), 100 * ratio, s.references, megabytes(s.text_bytes), megabytes(s.file_bytes),
      failures_text(s.extraction_failures),
      failures.empty() ? "" : terminal_safe(": " + failing_sites(failures) + " (khobao sites --failures lists them)"));
  return kOk;
}

}  // namespace

void add_stats_command(CLI::App& app, const GlobalOptions& global, int& exit_code) {
  auto json = std::make_shared<bool>(false);
  CLI::App* cmd = app.add_subcommand("stats", "The archive in numbers: pages, versions, storage");
  cmd->add_flag("--json", *json, "As one JSON object");
  cmd->callback([&global, &exit_code, json] {
    exit_code = run_guarded([&] {
      setup_logging(global);
      return run_stats(global, *json);
    });
  });
}

}  // namespace khobao::app
