// Running the khobao binary from the tests, as a user runs it.
#pragma once

#include "support.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace khobao::test {

struct Run {
  int exit_code = -1;
  std::string out, err;
};

inline std::string quote(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += (c == '\'') ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

// Runs `khobao ARGS` from the source folder with `input` on stdin.
inline Run run_khobao(const std::string& args, const std::string& input = "") {
  static int counter = 0;
  std::filesystem::path dir = std::filesystem::temp_directory_path() /
                              ("khobao-cli-" + std::to_string(getpid()) + "-" + std::to_string(++counter));
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "in") << input;
  std::string cmd = "cd " + quote(source_dir().string()) + " && " + quote(KHOBAO_BINARY) + " " + args +
                    " < " + quote((dir / "in").string()) + " > " + quote((dir / "out").string()) + " 2> " +
                    quote((dir / "err").string());
  int status = std::system(cmd.c_str());
  Run r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = read_file(dir / "out");
  r.err = read_file(dir / "err");
  std::filesystem::remove_all(dir);
  return r;
}

inline std::vector<std::string> lines(const std::string& s) {
  std::vector<std::string> out;
  std::istringstream in(s);
  for (std::string l; std::getline(in, l);) out.push_back(l);
  return out;
}

}  // namespace khobao::test
