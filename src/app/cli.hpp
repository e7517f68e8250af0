// What the subcommands share: global options, exit codes, logging setup.
#pragma once

#include <CLI/CLI.hpp>

#include <cstdint>
#include <string>

namespace khobao::app {

// DESIGN.md, "Command line".
enum ExitCode : int { kOk = 0, kFailure = 1, kBadInput = 2, kLocked = 3 };

struct GlobalOptions {
  std::string archive;    // --archive, default $KHOBAO_ARCHIVE or archive/khobao.sqlite
  std::string selectors = "selectors";
  bool selectors_given = false;  // --selectors on the command line: it must exist
  std::string log_level = "warn";
  bool log_level_given = false;       // --log-level on the command line
  std::string log_file;
  std::int64_t log_rotate_bytes = 10 << 20;  // a log file is rotated at this size, 5 kept
  bool quiet = false;
};

// Logs to stderr at --log-level (warn by default; --quiet keeps errors
// only). With --log-file, or `default_log_file` when none is given, the log
// also goes to that file at --log-level (info by default), rotated at
// --log-rotate-size with 5 old files kept (FILE.1 ... FILE.5, before the
// extension: khobao.1.log).
void setup_logging(const GlobalOptions& options, const std::string& default_log_file = {});

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
void add_update_command(CLI::App& app, const GlobalOptions& options, int& exit_code);
void add_serve_command(CLI::App& app, const GlobalOptions& options, int& exit_code);

}  // namespace khobao::app
