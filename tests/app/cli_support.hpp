// Running the khobao binary from the tests, as a user runs it.
#pragma once

#include "support.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

extern char** environ;

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
  static std::atomic<int> counter{0};  // tests may run khobao from several threads
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

// Starts `khobao ARGS...` without a shell, so that the pid is khobao's own.
inline pid_t spawn_khobao(const std::vector<std::string>& args) {
  std::vector<std::string> argv = {KHOBAO_BINARY};
  argv.insert(argv.end(), args.begin(), args.end());
  std::vector<char*> raw;
  for (std::string& a : argv) raw.push_back(a.data());
  raw.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
  pid_t pid = 0;
  int rc = posix_spawn(&pid, KHOBAO_BINARY, &actions, nullptr, raw.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) throw std::runtime_error("cannot start khobao");
  return pid;
}

// How a spawned khobao ended: its exit code (-1 when a signal ended it) and
// its peak resident memory.
struct Ended {
  int exit_code = -1;
  long max_rss_kb = 0;
};

inline Ended wait_khobao(pid_t pid) {
  int status = 0;
  struct rusage usage {};
  if (wait4(pid, &status, 0, &usage) != pid) throw std::runtime_error("wait4 failed");
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, usage.ru_maxrss};
}

inline std::vector<std::string> split_args(const std::string& s) {
  std::vector<std::string> out;
  std::istringstream in(s);
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

inline std::vector<std::string> lines(const std::string& s) {
  std::vector<std::string> out;
  std::istringstream in(s);
  for (std::string l; std::getline(in, l);) out.push_back(l);
  return out;
}

}  // namespace khobao::test
