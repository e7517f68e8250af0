// `khobao export`: article records as JSON Lines or CSV, raw captures as WARC.
// Output goes to a temporary file renamed into place at the end, so an
// interrupted export never leaves a half-written file under the name asked for.
#include "app/cli.hpp"
#include "app/filters.hpp"
#include "app/inputs.hpp"
#include "app/output.hpp"

#include "store/store.hpp"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <fmt/format.h>

#include <iostream>

namespace khobao::app {
namespace {

namespace fs = std::filesystem;

struct ExportOptions {
  std::string format;
  FilterOptions filter;
  bool all_versions = false;
  std::string output;
};

// A file written under a temporary name and renamed over `path` on commit().
class AtomicFile {
 public:
  explicit AtomicFile(std::string path)
      : path_(std::move(path)), temp_(path_ + ".part-" + std::to_string(getpid())), out_(temp_, std::ios::binary) {
    if (!out_) throw std::runtime_error("cannot write " + temp_);
  }
  ~AtomicFile() {
    if (!committed_) fs::remove(temp_, ignored_);
  }
  std::ostream& stream() { return out_; }
  void commit() {
    out_.flush();
    if (!out_) throw std::runtime_error("cannot write " + temp_ + " (disk full?)");
    out_.close();
    fs::rename(temp_, path_);
    committed_ = true;
  }

 private:
  std::string path_, temp_;
  std::ofstream out_;
  bool committed_ = false;
  std::error_code ignored_;
};

// out.warc.gz -> out.cdxj
std::string cdxj_path_for(const std::string& warc_path) {
  std::string base = warc_path;
  for (std::string_view suffix : {".gz", ".warc"})
    if (base.ends_with(suffix)) base.resize(base.size() - suffix.size());
  return base + ".cdxj";
}

int run_export(const GlobalOptions& global, const ExportOptions& o) {
  if (o.format == "warc" && o.output.empty()) {
    std::cerr << "khobao: --format warc needs -o FILE.warc.gz (the CDXJ index goes beside it)\n";
    return kBadInput;
  }
  store::Archive archive(global.archive, store::Access::kRead);
  store::ReadSnapshot snapshot(archive);  // one state of the archive throughout
  store::ExportRequest request{to_filter(o.filter), o.all_versions};
  std::optional<AtomicFile> file;
  if (!o.output.empty()) file.emplace(o.output);
  std::ostream& out = file ? file->stream() : std::cout;
  std::int64_t count = 0;
  if (o.format == "jsonl") {
    count = store::export_jsonl(archive, request, out);
  } else if (o.format == "csv") {
    count = store::export_csv(archive, request, out);
  } else {
    AtomicFile cdxj(cdxj_path_for(o.output));
    store::WarcExportCounts warc = store::export_warc(archive, request, out, cdxj.stream(),
                                                      fs::path(o.output).filename().string());
    cdxj.commit();
    count = warc.captures;
    if (warc.missing_bodies && !global.quiet)
      std::cerr << warc.missing_bodies << " versions had no stored raw page and are not in the WARC\n";
  }
  if (file) file->commit();
  else std::cout.flush();
  if (!out && !file) throw std::runtime_error("cannot write the output");
  if (!global.quiet && file) std::cerr << "exported " << count << " records to " << o.output << "\n";
  return kOk;
}

}  // namespace

void add_export_command(CLI::App& app, const GlobalOptions& global, int& exit_code) {
  auto options = std::make_shared<ExportOptions>();
  CLI::App* cmd = app.add_subcommand("export", "Export articles (JSON Lines, CSV) or raw captures (WARC)");
  cmd->add_option("--format", options->format, "jsonl, csv or warc")
      ->required()
      ->check(CLI::IsMember({"jsonl", "csv", "warc"}));
  add_filter_options(*cmd, options->filter);
  cmd->add_flag("--all-versions", options->all_versions, "Every version, not only the latest of each page");
  cmd->add_option("-o,--output", options->output, "Write to FILE (default: standard output; required for warc)");
  cmd->callback([&global, &exit_code, options] {
    exit_code = run_guarded([&] {
      setup_logging(global);
      return run_export(global, *options);
    });
  });
}

}  // namespace khobao::app
