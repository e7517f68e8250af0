// `khobao serve` as a user runs it: the binary on 127.0.0.1, any port,
// stopped with SIGTERM (as systemd or Ctrl-C would) when the test ends.
#pragma once

#include "app/cli_support.hpp"

#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace khobao::test {

class ServeProcess {
 public:
  // Starts `khobao --archive ARCHIVE serve --listen 127.0.0.1:0` plus
  // `extra`, and waits (up to 30 s, the sanitizer build starts slowly) for
  // its port.
  ServeProcess(const std::string& archive, const std::filesystem::path& dir,
               const std::vector<std::string>& extra = {}) {
    std::filesystem::path port_file = dir / "serve.port";
    std::vector<std::string> args = {"--archive", archive, "serve", "--listen", "127.0.0.1:0", "--port-file",
                                     port_file.string()};
    args.insert(args.end(), extra.begin(), extra.end());
    pid_ = spawn_khobao(args);
    for (int i = 0; i < 300 && port_ == 0; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
      std::ifstream in(port_file);
      in >> port_;
    }
    if (port_ == 0) {
      stop();
      throw std::runtime_error("khobao serve did not start within 30 s");
    }
  }
  ~ServeProcess() {
    if (pid_ > 0) stop();
  }
  ServeProcess(const ServeProcess&) = delete;
  ServeProcess& operator=(const ServeProcess&) = delete;

  int port() const { return port_; }
  std::string base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }

  // SIGTERM, then its exit code (0 expected: a clean stop).
  int stop() {
    if (pid_ <= 0) return -1;
    kill(pid_, SIGTERM);
    int code = wait_khobao(pid_).exit_code;
    pid_ = 0;
    return code;
  }

 private:
  pid_t pid_ = 0;
  int port_ = 0;
};

}  // namespace khobao::test
