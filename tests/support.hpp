// Shared helpers for the tests: where fixtures and ../shared/ are, reading files.
#pragma once

#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

namespace khobao::test {

inline std::filesystem::path source_dir() { return KHOBAO_SOURCE_DIR; }
inline std::filesystem::path fixtures() { return source_dir() / "tests" / "fixtures"; }
// ../shared beside the repository; may be absent (tests then skip, not fail).
inline std::filesystem::path shared_dir() { return source_dir().parent_path() / "shared"; }

inline std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + p.string());
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace khobao::test
