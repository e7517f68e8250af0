// `khobao extract`: saved pages in, article records out, no archive. Pages
// are extracted by --jobs threads; records are printed in input order.
#include "app/cli.hpp"

#include "extract/extract.hpp"

#include <spdlog/spdlog.h>
#include <unistd.h>

#include <atomic>
#include <condition_variable>
#include <fstream>
#include <iostream>
#include <mutex>
#include <optional>
#include <sstream>
#include <thread>

namespace khobao::app {

namespace {

using extract::Article;

// Larger files are refused rather than read: nothing legitimate is this big.
constexpr std::uintmax_t kMaxPageBytes = 256u << 20;

struct ExtractOptions {
  bool json = false;
  std::string url, site, input_list;
  unsigned jobs = 0;
  std::vector<std::string> files;
};

struct Job {
  std::string path;
  std::string url;
};

struct Outcome {
  std::string text;  // what to print for this page
  bool ok = false;
};

std::vector<Job> read_jobs(const ExtractOptions& o) {
  std::vector<Job> jobs;
  for (const auto& f : o.files) jobs.push_back({f, o.url});
  if (o.input_list.empty()) return jobs;
  std::ifstream file;
  std::istream* in = &std::cin;
  if (o.input_list != "-") {
    file.open(o.input_list);
    if (!file) throw std::runtime_error("cannot read the input list " + o.input_list);
    in = &file;
  }
  std::string line;
  while (std::getline(*in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    size_t tab = line.find('\t');
    if (tab == std::string::npos) jobs.push_back({line, ""});
    else jobs.push_back({line.substr(0, tab), line.substr(tab + 1)});
  }
  return jobs;
}

std::string read_page(const std::string& path) {
  std::error_code ec;
  auto size = std::filesystem::file_size(path, ec);
  if (ec) throw extract::ExtractError("cannot read: " + ec.message());
  if (size > kMaxPageBytes)
    throw extract::ExtractError("file too large (" + std::to_string(size >> 20) + " MB; the limit is 256 MB)");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw extract::ExtractError("cannot read: permission denied or not a file");
  std::string bytes(size, '\0');
  in.read(bytes.data(), static_cast<std::streamsize>(size));
  bytes.resize(static_cast<size_t>(in.gcount()));
  return bytes;
}

// Text for a terminal: control characters and escape sequences from page
// text are shown, never interpreted.
std::string terminal_safe(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7F) {
      out += "\xEF\xBF\xBD";  // U+FFFD
    } else if (c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) >= 0x80 &&
               static_cast<unsigned char>(s[i + 1]) <= 0x9F) {
      out += "\xEF\xBF\xBD";  // C1 controls, CSI among them
      ++i;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

std::string render_text(const Article& a) {
  std::ostringstream o;
  o << (a.title ? *a.title : "(no title)") << "\n";
  std::string byline;
  for (size_t i = 0; i < a.authors.size(); ++i) byline += (i ? ", " : "") + a.authors[i];
  if (a.source) byline += (byline.empty() ? "" : " · ") + std::string("Nguồn: ") + *a.source;
  if (!byline.empty()) o << byline << "\n";
  if (a.published_at) o << *a.published_at << "\n";
  if (a.url) o << *a.url << "\n";
  o << "[" << a.extractor << "]\n\n";
  if (a.lead) o << *a.lead << "\n\n";
  o << a.body << "\n";
  if (!a.captions.empty()) {
    o << "\nCaptions:\n";
    for (const auto& c : a.captions) o << "  - " << c.text << (c.image ? "\n    " + *c.image : "") << "\n";
  }
  if (!a.tags.empty()) {
    o << "\nTags:";
    for (const auto& t : a.tags) o << " #" << t;
    o << "\n";
  }
  if (!a.related.empty()) {
    o << "\nRelated:\n";
    for (const auto& r : a.related) {
      o << "  - " << r.title << "\n    " << r.url << "\n";
      if (r.summary) o << "    " << *r.summary << "\n";
    }
  }
  return terminal_safe(o.str());
}

std::string dump(const nlohmann::ordered_json& j) {
  return j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

Outcome extract_one(const Job& job, const extract::SiteRulesSet& sites, const ExtractOptions& o) {
  try {
    std::string bytes = read_page(job.path);
    extract::PageInput page{bytes, job.url, "", o.site};
    Article a = extract::extract_article(page, sites);
    return {o.json ? dump(extract::to_json(a)) : render_text(a), true};
  } catch (const std::exception& e) {
    spdlog::error("{}: {}", job.path, e.what());
    nlohmann::ordered_json err{{"path", job.path}, {"error", e.what()}};
    return {o.json ? dump(err) : terminal_safe(job.path + ": error: " + e.what()), false};
  }
}

// Runs `jobs` on `threads` workers and hands each outcome to `emit` in input
// order. Workers stay at most a window ahead of the printer, so memory holds
// a few records, not a run's worth.
template <class Emit>
void run_ordered(const std::vector<Job>& jobs, unsigned threads, const extract::SiteRulesSet& sites,
                 const ExtractOptions& o, Emit&& emit) {
  std::vector<std::optional<Outcome>> done(jobs.size());
  std::mutex mu;
  std::condition_variable ready, room;
  size_t next_job = 0, next_emit = 0;
  const size_t window = threads * 4;
  auto worker = [&] {
    while (true) {
      size_t i;
      {
        std::unique_lock lock(mu);
        room.wait(lock, [&] { return next_job >= jobs.size() || next_job < next_emit + window; });
        if (next_job >= jobs.size()) return;
        i = next_job++;
      }
      Outcome out = extract_one(jobs[i], sites, o);
      {
        std::lock_guard lock(mu);
        done[i] = std::move(out);
      }
      ready.notify_all();
    }
  };
  std::vector<std::thread> pool;
  for (unsigned t = 0; t < threads; ++t) pool.emplace_back(worker);
  for (size_t i = 0; i < jobs.size(); ++i) {
    Outcome out;
    {
      std::unique_lock lock(mu);
      ready.wait(lock, [&] { return done[i].has_value(); });
      out = std::move(*done[i]);
      done[i].reset();
      next_emit = i + 1;
    }
    room.notify_all();
    emit(i, out);
  }
  for (auto& t : pool) t.join();
}

int run_extract(const GlobalOptions& global, const ExtractOptions& o) {
  if (!std::filesystem::is_directory(global.selectors)) {
    if (global.selectors_given) {
      std::cerr << "khobao: no selector folder " << global.selectors << "\n";
      return kBadInput;
    }
    spdlog::warn("no selector folder '{}' here: every page goes through the generic extractor "
                 "(run from khobao's folder, or give --selectors DIR)", global.selectors);
  }
  extract::SiteRulesSet sites;
  try {
    sites = extract::SiteRulesSet::load_dir(global.selectors);
  } catch (const extract::SiteRulesError& e) {
    spdlog::error("bad selector file: {}", e.what());
    std::cerr << "khobao: bad selector file: " << e.what() << "\n";
    return kBadInput;
  }
  if (!o.site.empty() && !sites.find(o.site)) {
    std::cerr << "khobao: no selector file for site '" << o.site << "' in " << global.selectors << "\n";
    return kBadInput;
  }
  std::vector<Job> jobs;
  try {
    jobs = read_jobs(o);
  } catch (const std::exception& e) {
    std::cerr << "khobao: " << e.what() << "\n";
    return kBadInput;
  }
  if (jobs.empty()) {
    std::cerr << "khobao: no pages given (FILE..., or --input-list FILE|-)\n";
    return kBadInput;
  }
  unsigned threads = o.jobs ? o.jobs : std::max(1u, std::thread::hardware_concurrency());
  threads = std::min<unsigned>(threads, static_cast<unsigned>(jobs.size()));
  bool progress = !global.quiet && isatty(STDERR_FILENO) && jobs.size() > 20;
  size_t failed = 0;
  run_ordered(jobs, threads, sites, o, [&](size_t i, const Outcome& out) {
    if (!out.ok) ++failed;
    std::cout << out.text << (o.json ? "\n" : (i + 1 < jobs.size() ? "\n\n" : "\n"));
    if (progress && (i % 10 == 9 || i + 1 == jobs.size()))
      std::cerr << "\rextracted " << i + 1 << "/" << jobs.size() << " pages, " << failed << " failed"
                << (i + 1 == jobs.size() ? "\n" : "") << std::flush;
  });
  std::cout.flush();
  if (!std::cout) {
    std::cerr << "khobao: cannot write the output\n";
    return kFailure;
  }
  return failed ? kFailure : kOk;
}

}  // namespace

void add_extract_command(CLI::App& app, const GlobalOptions& global, int& exit_code) {
  auto options = std::make_shared<ExtractOptions>();
  CLI::App* cmd = app.add_subcommand("extract", "Extract article records from saved HTML pages (no archive)");
  cmd->add_flag("--json", options->json, "One JSON object per page per line (JSON Lines)");
  cmd->add_option("--url", options->url, "The URL the FILEs were fetched from");
  cmd->add_option("--site", options->site, "Use this site's selector file whatever the URL");
  cmd->add_option("--input-list", options->input_list, "File of PATH<TAB>URL lines, or - for stdin");
  cmd->add_option("--jobs,-j", options->jobs, "Pages extracted in parallel (default: the number of cores)")
      ->check(CLI::Range(1u, 256u));
  cmd->add_option("files", options->files, "Saved HTML pages");
  cmd->callback([&global, &exit_code, options] {
    setup_logging(global);
    exit_code = run_extract(global, *options);
  });
}

}  // namespace khobao::app
