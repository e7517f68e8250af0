// khobao-fuzz-corpus OUT_DIR: writes the seed corpus of every target to
// OUT_DIR/<target>/, for scripts/fuzz.sh and runs by hand.
#include "fuzz/seed_corpus.hpp"
#include "support.hpp"

#include <iostream>

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: khobao-fuzz-corpus OUT_DIR\n";
    return 2;
  }
  try {
    for (const auto& [target, seeds] : khobao::fuzz::seed_corpus()) {
      std::filesystem::path dir = std::filesystem::path(argv[1]) / target;
      std::filesystem::create_directories(dir);
      for (const auto& seed : seeds) khobao::test::write_file(dir / seed.name, seed.bytes);
      std::cout << target << ": " << seeds.size() << " seeds\n";
    }
  } catch (const std::exception& e) {
    std::cerr << "khobao-fuzz-corpus: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
