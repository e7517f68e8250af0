// What the subcommands share: global options, exit codes, logging setup.
#pragma once

#include <CLI/CLI.hpp>

#include <string>

namespace khobao::app {

// DESIGN.md, "Command line".
enum ExitCode : int { kOk = 0, kFailure = 1, kBadInput = 2, kLocked = 3 };

struct GlobalOptions {
  std::string archive;    // --archive, default $KHOBAO_ARCHIVE or archive/khobao.sqlite
  std::string selectors = "selectors";
  bool selectors_given = false;  // --selectors on the command line: it must exist
  std::string log_level = "warn";
  std::string log_file;
  bool quiet = false;
};

// Logs to stderr (or --log-file) at --log-level; --quiet keeps errors only.
void setup_logging(const GlobalOptions& options);

// Each subcommand adds itself to the app and runs when chosen; the returned
// int is the process's exit code.
void add_extract_command(CLI::App& app, const GlobalOptions& options, int& exit_code);
void add_import_command(CLI::App& app, const GlobalOptions& options, int& exit_code);
void add_reextract_command(CLI::App& app, const GlobalOptions& options, int& exit_code);
void add_search_command(CLI::App& app, const GlobalOptions& options, int& exit_code);
void add_show_command(CLI::App& app, const GlobalOptions& options, int& exit_code);
void add_history_command(CLI::App& app, const GlobalOptions& options, int& exit_code);
void add_diff_command(CLI::App& app, const GlobalOptions& options, int& exit_code);
void add_export_command(CLI::App& app, const GlobalOptions& options, int& exit_code);
void add_sites_command(CLI::App& app, const GlobalOptions& options, int& exit_code);
void add_stats_command(CLI::App& app, const GlobalOptions& options, int& exit_code);
void add_crawl_command(CLI::App& app, const GlobalOptions& options, int& exit_code);

}  // namespace khobao::app
