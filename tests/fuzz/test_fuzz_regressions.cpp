// The fuzz targets in the ordinary test runs: every input a fuzzer once
// crashed on (tests/fuzz/regressions/<target>/) and every seed of the
// corpora goes through its target, so that each build and the sanitizer
// build check them without libFuzzer.
#include "fuzz/fuzz_targets.hpp"
#include "fuzz/seed_corpus.hpp"
#include "support.hpp"

#include <catch2/catch.hpp>

#include <algorithm>

using namespace khobao;
namespace fs = std::filesystem;

namespace {

const fuzz::FuzzTarget* find_target(std::string_view name) {
  for (const auto& t : fuzz::kFuzzTargets)
    if (t.name == name) return &t;
  return nullptr;
}

fs::path regressions_dir() { return test::source_dir() / "tests" / "fuzz" / "regressions"; }

}  // namespace

TEST_CASE("fuzz regressions: every input that once crashed a target runs clean", "[fuzz]") {
  int replayed = 0;
  for (const auto& dir : fs::directory_iterator(regressions_dir())) {
    if (!dir.is_directory()) continue;
    const fuzz::FuzzTarget* target = find_target(dir.path().filename().string());
    if (!target) FAIL("tests/fuzz/regressions/" << dir.path().filename().string() << " names no target");
    for (const auto& file : fs::directory_iterator(dir.path())) {
      INFO(file.path().string());
      CHECK_NOTHROW(target->run(test::read_file(file.path())));
      ++replayed;
    }
  }
  CHECK(replayed > 0);
}

TEST_CASE("fuzz seeds: every target has seeds, and runs clean on each", "[fuzz]") {
  std::map<std::string, std::vector<fuzz::Seed>> corpus = fuzz::seed_corpus();
  for (const auto& [name, seeds] : corpus)
    if (!find_target(name)) FAIL_CHECK("seeds for " << name << ", which is no target");
  for (const auto& target : fuzz::kFuzzTargets) {
    const std::vector<fuzz::Seed>& seeds = corpus[std::string(target.name)];
    INFO(target.name);
    CHECK(seeds.size() >= 3);
    for (const auto& seed : seeds) {
      INFO(seed.name);
      CHECK_NOTHROW(target.run(seed.bytes));
    }
  }
}
