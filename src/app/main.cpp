// khobao's entry point: global options, then one subcommand.
#include "app/cli.hpp"

#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <cstdlib>
#include <iostream>

namespace khobao::app {

void setup_logging(const GlobalOptions& options) {
  std::shared_ptr<spdlog::logger> logger;
  if (!options.log_file.empty())
    logger = spdlog::basic_logger_mt("khobao", options.log_file);
  else
    logger = spdlog::stderr_color_mt("khobao");
  spdlog::level::level_enum level = spdlog::level::from_str(options.log_level);
  if (options.quiet) level = std::max(level, spdlog::level::err);
  logger->set_level(level);
  logger->set_pattern("%Y-%m-%dT%H:%M:%S%z khobao %l: %v");
  spdlog::set_default_logger(logger);
}

}  // namespace khobao::app

int main(int argc, char** argv) {
  using namespace khobao::app;
  CLI::App app{"khobao: crawls Vietnamese provincial news sites and keeps every version of every article"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "khobao 0.1.0");
  GlobalOptions options;
  if (const char* env = std::getenv("KHOBAO_ARCHIVE")) options.archive = env;
  if (options.archive.empty()) options.archive = "archive/khobao.sqlite";
  app.add_option("--archive", options.archive, "Archive file (default archive/khobao.sqlite or $KHOBAO_ARCHIVE)");
  CLI::Option* selectors =
      app.add_option("--selectors", options.selectors, "Folder of selector files (HOST.toml)")->capture_default_str();
  app.add_option("--log-level", options.log_level, "trace, debug, info, warn, error or off")
      ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error", "critical", "off"}))
      ->capture_default_str();
  app.add_option("--log-file", options.log_file, "Write the log here instead of stderr");
  app.add_flag("-q,--quiet", options.quiet, "Print nothing but errors");

  int exit_code = kOk;
  app.parse_complete_callback([&] { options.selectors_given = selectors->count() > 0; });
  add_crawl_command(app, options, exit_code);
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
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? kOk : kBadInput;
  }
  return exit_code;
}
