// `khobao import`: pages saved by other tools, and WARC files, into the
// archive through the extraction core, each as a fetch at its original time.
#include "app/cli.hpp"
#include "app/inputs.hpp"
#include "app/output.hpp"

#include "ingest/ingest.hpp"
#include "site/site.hpp"
#include "store/warc.hpp"
#include "url/url.hpp"

#include <spdlog/spdlog.h>

#include <filesystem>
#include <fstream>
#include <fmt/chrono.h>
#include <fmt/format.h>

#include <iostream>
#include <map>

namespace khobao::app {
namespace {

namespace fs = std::filesystem;

struct ImportOptions {
  std::string url, fetched_at, input_list;
  std::vector<std::string> warcs;
  std::vector<std::string> files;
};

// A saved page and what is known of it.
struct SavedPage {
  std::string path;
  std::string url;         // may be empty: the page's canonical URL is used
  std::string fetched_at;  // may be empty: the file's modification time
};

struct Tally {
  std::map<store::FetchOutcome, std::int64_t> outcomes;
  std::int64_t skipped = 0;  // WARC records that are not captures of web pages
  std::int64_t failed = 0;
  std::int64_t extraction_failures = 0;  // kept as flagged versions (logged with their URLs)

  void add(const ingest::IngestResult& result) {
    ++outcomes[result.stored.outcome];
    extraction_failures += result.failure.has_value();
  }
  std::int64_t stored() const {
    std::int64_t n = 0;
    for (const auto& [outcome, count] : outcomes) n += count;
    return n;
  }
  std::string summary() const {
    auto count = [&](store::FetchOutcome o) {
      auto it = outcomes.find(o);
      return it == outcomes.end() ? 0 : it->second;
    };
    return fmt::format("imported {} pages: {} new versions, {} unchanged, {} without an article, {} errors{}{}",
                       stored(), count(store::FetchOutcome::kNewVersion), count(store::FetchOutcome::kUnchanged),
                       count(store::FetchOutcome::kNoArticle), count(store::FetchOutcome::kError) + failed,
                       skipped ? fmt::format(", {} WARC records skipped", skipped) : "",
                       extraction_failures ? fmt::format(", {} extraction failures (khobao sites --failures)",
                                                         extraction_failures)
                                           : "");
  }
};

bool is_warc_name(const std::string& path) { return path.ends_with(".warc") || path.ends_with(".warc.gz"); }

std::string file_time(const std::string& path) {
  auto t = fs::last_write_time(path);
  auto system = std::chrono::file_clock::to_sys(t);
  return fmt::format("{:%Y-%m-%dT%H:%M:%SZ}", std::chrono::floor<std::chrono::seconds>(system));
}

std::vector<SavedPage> read_input_list(const std::string& list) {
  std::ifstream file;
  std::istream* in = &std::cin;
  if (list != "-") {
    file.open(list);
    if (!file) throw std::runtime_error("cannot read the input list " + list);
    in = &file;
  }
  std::vector<SavedPage> pages;
  std::string line;
  while (std::getline(*in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    std::vector<std::string> fields;
    for (size_t start = 0;;) {
      size_t tab = line.find('\t', start);
      fields.push_back(line.substr(start, tab - start));
      if (tab == std::string::npos) break;
      start = tab + 1;
    }
    fields.resize(3);
    pages.push_back({fields[0], fields[1], fields[2]});
  }
  return pages;
}

void import_page(store::Archive& archive, const ingest::Door& door, const SavedPage& page, Tally& tally) {
  FetchRecord fetch;
  fetch.body = read_page(page.path);
  fetch.url = page.url;  // normalized by ingest's door; empty: filed under the page's canonical link
  std::string when = page.fetched_at.empty() ? file_time(page.path) : page.fetched_at;
  std::optional<std::string> utc = store::to_utc_timestamp(when);
  if (!utc) throw std::runtime_error(fmt::format("fetch time '{}' is not ISO 8601", when));
  fetch.fetched_at = *utc;
  fetch.source = "import";
  fetch.status = 200;
  ingest::IngestResult result = ingest::ingest(archive, door, std::move(fetch));
  if (result.extract_error) spdlog::info("{}: no article: {}", page.path, *result.extract_error);
  tally.add(result);
}

std::string header_lines(const std::vector<store::warc::Header>& headers) {
  std::string lines;
  for (const auto& h : headers) lines += h.name + ": " + h.value + "\r\n";
  return lines;
}

// One WARC record: a response (or a resource) of an http(s) URL becomes a fetch.
void import_record(store::Archive& archive, const ingest::Door& door, const store::warc::Record& record,
                   Tally& tally) {
  std::string_view type = record.type();
  std::string uri(record.header("WARC-Target-URI"));
  if (uri.size() > 1 && uri.front() == '<' && uri.back() == '>') uri = uri.substr(1, uri.size() - 2);  // WARC 1.0 style
  if ((type != "response" && type != "resource") || !(uri.starts_with("http://") || uri.starts_with("https://"))) {
    ++tally.skipped;
    return;
  }
  FetchRecord fetch;
  fetch.url = uri;
  fetch.source = "import";
  std::optional<std::string> utc = store::to_utc_timestamp(record.header("WARC-Date"));
  if (!utc) throw std::runtime_error(fmt::format("WARC-Date '{}' is not ISO 8601", record.header("WARC-Date")));
  fetch.fetched_at = *utc;
  ingest::PrepareOptions options;  // the Content-Type as parsed here, not parsed again by ingest
  if (type == "response") {
    store::warc::HttpResponse http = store::warc::parse_http_response(record.block, kMaxPageBytes);
    fetch.status = http.status;
    fetch.headers = header_lines(http.headers);
    options.content_type = std::string(store::warc::header_value(http.headers, "Content-Type"));
    fetch.body = std::move(http.body);
    fetch.etag = std::string(store::warc::header_value(http.headers, "ETag"));
    fetch.last_modified = std::string(store::warc::header_value(http.headers, "Last-Modified"));
    if (fetch.etag->empty()) fetch.etag.reset();
    if (fetch.last_modified->empty()) fetch.last_modified.reset();
  } else {
    fetch.status = 200;
    options.content_type = std::string(record.header("Content-Type"));
    fetch.headers = "Content-Type: " + *options.content_type + "\r\n";
    fetch.body = record.block;
  }
  tally.add(ingest::ingest(archive, door, std::move(fetch), options));
}

// Imports every whole record of a WARC file; damage stops the file with its offset.
bool import_warc(store::Archive& archive, const ingest::Door& door, const std::string& path, Tally& tally,
                 Progress& progress) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::cerr << "khobao: " << terminal_safe(path) << ": cannot read\n";
    ++tally.failed;
    return false;
  }
  store::warc::Reader reader(in);
  try {
    while (std::optional<store::warc::Record> record = reader.next()) {
      try {
        import_record(archive, door, *record, tally);
      } catch (const store::warc::WarcError& e) {
        // One record whose HTTP message is unreadable: the file goes on.
        spdlog::error("{}: record at offset {}: {}", path, record->offset, e.what());
        ++tally.failed;
      }
      progress.update(tally.stored(), 0, path);
    }
  } catch (const store::warc::WarcError& e) {
    std::cerr << "khobao: " << terminal_safe(path) << ": damaged at offset " << e.offset() << ": " << e.what()
              << " (the records before it were imported)\n";
    ++tally.failed;
    return false;
  }
  return true;
}

int run_import(const GlobalOptions& global, const ImportOptions& o) {
  std::optional<site::SiteSet> sites = load_selectors(global);
  if (!sites) return kBadInput;
  std::vector<SavedPage> pages;
  std::vector<std::string> warcs = o.warcs;
  for (const auto& f : o.files) {
    if (is_warc_name(f)) warcs.push_back(f);
    else pages.push_back({f, o.url, o.fetched_at});
  }
  if (!o.input_list.empty()) {
    for (SavedPage& p : read_input_list(o.input_list)) {
      if (p.fetched_at.empty()) p.fetched_at = o.fetched_at;
      pages.push_back(std::move(p));
    }
  }
  if (pages.empty() && warcs.empty()) {
    std::cerr << "khobao: nothing to import (FILE..., --input-list FILE|-, or --warc FILE)\n";
    return kBadInput;
  }
  // A page is filed under its URL: one that is not http(s) (javascript:, a
  // typo) would make a page no crawl could ever fetch again. Refused before
  // anything is written.
  for (const SavedPage& p : pages)
    if (!p.url.empty() && !url::normalize(p.url)) {
      std::cerr << "khobao: import: '" << terminal_safe(p.url) << "' (for " << terminal_safe(p.path)
                << ") is not an http(s) URL\n";
      return kBadInput;
    }
  store::Archive archive(global.archive, store::Access::kWrite);
  Tally tally;
  // One door for every page: URLs normalized and hosts folded as a crawl of these sites would.
  ingest::Door door(*sites);
  Progress progress("importing", global.quiet);
  for (size_t i = 0; i < pages.size(); ++i) {
    try {
      import_page(archive, door, pages[i], tally);
    } catch (const store::SqliteError&) {
      throw;  // the archive itself failed (a full disk): stop, nothing half-written
    } catch (const std::exception& e) {
      std::cerr << "khobao: " << terminal_safe(pages[i].path) << ": " << terminal_safe(e.what()) << "\n";
      ++tally.failed;
    }
    progress.update(static_cast<std::int64_t>(i + 1), static_cast<std::int64_t>(pages.size()));
  }
  for (const auto& w : warcs) import_warc(archive, door, w, tally, progress);
  progress.finish();
  if (!global.quiet) std::cerr << tally.summary() << "\n";
  return tally.failed ? kFailure : kOk;
}

}  // namespace

void add_import_command(CLI::App& app, const GlobalOptions& global, int& exit_code) {
  auto options = std::make_shared<ImportOptions>();
  CLI::App* cmd = app.add_subcommand("import", "Bring saved pages and WARC files into the archive");
  cmd->add_option("--url", options->url, "The URL the FILEs were fetched from (default: their canonical link)");
  cmd->add_option("--fetched-at", options->fetched_at,
                  "When they were fetched, ISO 8601 (default: each file's modification time)");
  cmd->add_option("--input-list", options->input_list, "File of PATH<TAB>URL[<TAB>TIME] lines, or - for stdin");
  cmd->add_option("--warc", options->warcs, "A WARC file (.warc or .warc.gz, as wget, Heritrix or Browsertrix write)");
  cmd->add_option("files", options->files, "Saved HTML pages (and WARC files, by their .warc/.warc.gz name)");
  cmd->callback([&global, &exit_code, options] {
    exit_code = run_guarded([&] {
      setup_logging(global);
      return run_import(global, *options);
    });
  });
}

}  // namespace khobao::app
