// Prints extraction speed next to gumbo parsing alone, one core, on the same
// pages: pages/s, MB/s and the ratio extract/parse. Not a test: figures only.
//
//   build/bench_extract [--selectors DIR] FILE...     (or a folder: its *.html)
#include "extract/extract.hpp"
#include "html/document.hpp"
#include "site/site.hpp"

#include <gumbo.h>
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace {

std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

template <class F>
double best_of(int rounds, F&& f) {
  double best = 1e18;
  for (int r = 0; r < rounds; ++r) {
    auto t0 = std::chrono::steady_clock::now();
    f();
    best = std::min(best, seconds_since(t0));
  }
  return best;
}

}  // namespace

int main(int argc, char** argv) {
  std::filesystem::path selectors = "selectors";
  std::vector<std::filesystem::path> files;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--selectors" && i + 1 < argc) {
      selectors = argv[++i];
    } else if (std::filesystem::is_directory(a)) {
      for (const auto& e : std::filesystem::recursive_directory_iterator(a))
        if (e.path().extension() == ".html") files.push_back(e.path());
    } else {
      files.push_back(a);
    }
  }
  if (files.empty()) {
    std::fprintf(stderr, "usage: bench_extract [--selectors DIR] FILE|DIR...\n");
    return 2;
  }
  std::sort(files.begin(), files.end());
  std::vector<std::string> pages;
  size_t bytes = 0;
  for (const auto& f : files) {
    pages.push_back(read_file(f));
    bytes += pages.back().size();
  }
  auto sites = khobao::site::SiteSet::load_dir(selectors);
  const int rounds = 3;
  double parse_s = best_of(rounds, [&] {
    for (const auto& p : pages) {
      GumboOutput* out = gumbo_parse_with_options(&kGumboDefaultOptions, p.data(), p.size());
      gumbo_destroy_output(&kGumboDefaultOptions, out);
    }
  });
  // The same parse without recording parse errors (khobao never reads them):
  // how much of gumbo's time is its error list.
  GumboOptions quiet = kGumboDefaultOptions;
  quiet.max_errors = 0;
  double quiet_s = best_of(rounds, [&] {
    for (const auto& p : pages) {
      GumboOutput* out = gumbo_parse_with_options(&quiet, p.data(), p.size());
      gumbo_destroy_output(&quiet, out);
    }
  });
  size_t failed = 0;
  double extract_s = best_of(rounds, [&] {
    failed = 0;
    for (const auto& p : pages) {
      try {
        khobao::extract::extract_article({p, "", "", ""}, sites);
      } catch (const std::exception&) {
        ++failed;
      }
    }
  });
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  double mb = static_cast<double>(bytes) / 1e6;
  double n = static_cast<double>(pages.size());
  std::printf("pages: %zu, %.1f MB (%.0f KB each on average), best of %d rounds, one core\n", pages.size(), mb,
              mb * 1000 / n, rounds);
  std::printf("gumbo parse alone: %8.1f pages/s %7.1f MB/s\n", n / parse_s, mb / parse_s);
  std::printf("gumbo, no errors:  %8.1f pages/s %7.1f MB/s  (max_errors = 0)\n", n / quiet_s, mb / quiet_s);
  std::printf("khobao extract:    %8.1f pages/s %7.1f MB/s  (%zu pages gave an error)\n", n / extract_s,
              mb / extract_s, failed);
  std::printf("extract/parse throughput ratio: %.2f\n", parse_s / extract_s);
  std::printf("peak RSS: %.1f MB\n", static_cast<double>(ru.ru_maxrss) / 1024.0);
  return 0;
}
