// khobao's entry point: global options, then one subcommand.
#include "app/cli.hpp"

#include <spdlog/sinks/rotating_file_sink.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <iostream>

namespace khobao::app {

void setup_logging(const GlobalOptions& options, const std::string& default_log_file) {
  spdlog::level::level_enum level = spdlog::level::from_str(options.log_level);
  auto to_stderr = std::make_shared<spdlog::sinks::stderr_color_sink_mt>();
  to_stderr->set_level(options.quiet ? std::max(level, spdlog::level::err) : level);
  std::vector<spdlog::sink_ptr> sinks = {to_stderr};
  std::string file = options.log_file.empty() ? default_log_file : options.log_file;
  if (!file.empty()) {
    std::shared_ptr<spdlog::sinks::rotating_file_sink_mt> to_file;
    try {
      std::filesystem::path parent = std::filesystem::path(file).parent_path();
      if (!parent.empty()) std::filesystem::create_directories(parent);
      to_file = std::make_shared<spdlog::sinks::rotating_file_sink_mt>(
          file, static_cast<size_t>(options.log_rotate_bytes), 5);
    } catch (const std::exception& e) {
      throw std::runtime_error("cannot open the log file " + file + ": " + e.what());
    }
    to_file->set_level(options.log_level_given ? level : spdlog::level::info);
    sinks.push_back(to_file);
  }
  auto logger = std::make_shared<spdlog::logger>("khobao", sinks.begin(), sinks.end());
  logger->set_level(spdlog::level::trace);  // each sink filters
  logger->set_pattern("%Y-%m-%dT%H:%M:%S%z khobao[%P] %l: %v");
  logger->flush_on(spdlog::level::info);
  spdlog::set_default_logger(logger);
}

}  // namespace khobao::app

int main(int argc, char** argv) {
  using namespace khobao::app;
  // A file size limit (ulimit -f) must end in a clear "disk full" error and a
  // rolled-back write, not a kill by SIGXFSZ halfway through one.
  std::signal(SIGXFSZ, SIG_IGN);
  CLI::App app{"khobao: crawls Vietnamese provincial news sites and keeps every version of every article"};
  app.require_subcommand(1);
  // Global options may also follow the subcommand: `khobao update --quiet`.
  app.fallthrough();
  app.set_version_flag("--version", "khobao 0.1.0");
  GlobalOptions options;
  if (const char* env = std::getenv("KHOBAO_ARCHIVE")) options.archive = env;
  if (options.archive.empty()) options.archive = "archive/khobao.sqlite";
  app.add_option("--archive", options.archive, "Archive file (default archive/khobao.sqlite or $KHOBAO_ARCHIVE)");
  CLI::Option* log_level = nullptr;
  CLI::Option* selectors =
      app.add_option("--selectors", options.selectors, "Folder of selector files (HOST.toml)")->capture_default_str();
  log_level = app.add_option("--log-level", options.log_level, "trace, debug, info, warn, error or off")
      ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error", "critical", "off"}))
      ->capture_default_str();
  app.add_option("--log-file", options.log_file,
                 "Also log to this file (info and up unless --log-level says), rotated; update's default: "
                 "khobao.log beside the archive");
  app.add_option("--log-rotate-size", options.log_rotate_bytes, "Rotate the log file at this many bytes, keeping 5")
      ->check(CLI::Range(std::int64_t{4096}, std::int64_t{1} << 40))
      ->capture_default_str();
  app.add_flag("-q,--quiet", options.quiet, "Print nothing but errors");

  int exit_code = kOk;
  app.parse_complete_callback([&] {
    options.selectors_given = selectors->count() > 0;
    options.log_level_given = log_level->count() > 0;
  });
  add_crawl_command(app, options, exit_code);
  add_update_command(app, options, exit_code);
  add_extract_command(app, options, exit_code);
  add_import_command(app, options, exit_code);
  add_reextract_command(app, options, exit_code);
  add_search_command(app, options, exit_code);
  add_show_command(app, options, exit_code);
  add_history_command(app, options, exit_code);
  add_diff_command(app, options, exit_code);
  add_export_command(app, options, exit_code);
  add_sites_command(app, options, exit_code);
  add_stats_command(app, options, exit_code);
  add_serve_command(app, options, exit_code);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? kOk : kBadInput;
  }
  return exit_code;
}
