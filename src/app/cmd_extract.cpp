// `khobao extract`: saved pages in, article records out, no archive. Pages
// are extracted by --jobs threads; records are printed in input order.
#include "app/cli.hpp"
#include "app/inputs.hpp"
#include "app/output.hpp"

#include "extract/extract.hpp"
#include "site/site.hpp"

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

Outcome extract_one(const Job& job, const site::SiteSet& sites, const ExtractOptions& o) {
  try {
    std::string bytes = read_page(job.path);
    extract::PageInput page{bytes, job.url, "", o.site};
    Article a = extract::extract_article(page, sites);
    return {o.json ? json_line(to_json(a)) : render_article(a), true};
  } catch (const std::exception& e) {
    spdlog::error("{}: {}", job.path, e.what());
    nlohmann::ordered_json err{{"path", job.path}, {"error", e.what()}};
    return {o.json ? json_line(err) : terminal_safe(job.path + ": error: " + e.what()), false};
  }
}

// Runs `jobs` on `threads` workers and hands each outcome to `emit` in input
// order. Workers stay at most a window ahead of the printer, so memory holds
// a few records, not a run's worth.
template <class Emit>
void run_ordered(const std::vector<Job>& jobs, unsigned threads, const site::SiteSet& sites,
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
  std::optional<site::SiteSet> loaded = load_selectors(global);
  if (!loaded) return kBadInput;
  const site::SiteSet& sites = *loaded;
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
    exit_code = run_guarded([&] {
      setup_logging(global);
      return run_extract(global, *options);
    });
  });
}

}  // namespace khobao::app
