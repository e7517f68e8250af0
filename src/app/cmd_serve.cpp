// `khobao serve`: the read-only web UI for researchers, until Ctrl-C or
// SIGTERM. Reads the archive only, so it runs beside crawls and updates.
#include "app/cli.hpp"
#include "app/inputs.hpp"

#include "serve/serve.hpp"
#include "site/site.hpp"
#include "store/store.hpp"

#include <fmt/format.h>
#include <pthread.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <fstream>
#include <iostream>
#include <thread>

namespace khobao::app {
namespace {

struct ServeOptions {
  std::string listen = "127.0.0.1:8080";
  int threads = 16;
  std::string port_file;
};

bool is_loopback(const std::string& host) {
  return host == "localhost" || host == "::1" || host.starts_with("127.");
}

// Stops `server` at the first SIGINT or SIGTERM. The signals are blocked in
// every thread (the server's are started after this), and one thread waits
// for them: no work in a signal handler.
class StopOnSignal {
 public:
  explicit StopOnSignal(serve::WebServer& server) {
    sigemptyset(&signals_);
    sigaddset(&signals_, SIGINT);
    sigaddset(&signals_, SIGTERM);
    if (int rc = pthread_sigmask(SIG_BLOCK, &signals_, nullptr); rc != 0)
      throw std::runtime_error(fmt::format("cannot block SIGINT and SIGTERM: {}", std::strerror(rc)));
    waiter_ = std::thread([this, &server] {
      int signal = 0;
      if (sigwait(&signals_, &signal) == 0 && !done_)
        spdlog::info("serve: stopping ({})", signal == SIGINT ? "Ctrl-C" : "SIGTERM");
      server.stop();  // on a sigwait error too: better stopped than unstoppable
    });
  }
  ~StopOnSignal() {
    done_ = true;
    // Wakes the waiter if the server stopped on its own; ESRCH if it is gone.
    if (int rc = pthread_kill(waiter_.native_handle(), SIGTERM); rc != 0 && rc != ESRCH)
      spdlog::warn("serve: cannot wake the signal thread: {}", std::strerror(rc));
    waiter_.join();
  }

 private:
  sigset_t signals_;
  std::atomic<bool> done_{false};
  std::thread waiter_;
};

int run_serve(const GlobalOptions& global, const ServeOptions& o) {
  std::pair<std::string, int> address;
  try {
    address = serve::parse_listen_address(o.listen);
  } catch (const std::invalid_argument& e) {
    std::cerr << "khobao: " << e.what() << "\n";
    return kBadInput;
  }
  std::optional<site::SiteSet> selectors = load_selectors(global);
  if (!selectors) return kBadInput;
  { store::Archive check(global.archive, store::Access::kRead); }  // a missing or foreign file: exit 2 now
  serve::WebUi ui({global.archive, std::move(*selectors)});
  serve::WebServer server(ui, o.threads);
  StopOnSignal stop(server);
  int port = server.bind(address.first, address.second);
  std::string host = address.first.find(':') != std::string::npos ? "[" + address.first + "]" : address.first;
  if (!o.port_file.empty()) std::ofstream(o.port_file) << port << "\n";
  if (!is_loopback(address.first))
    spdlog::warn("serve: listening on {}, not loopback: anyone who can reach it can read the archive", host);
  if (!global.quiet)
    std::cerr << fmt::format("khobao: serving {} at http://{}:{}/ (read-only; Ctrl-C stops)\n", global.archive, host,
                             port);
  server.run();
  return kOk;
}

}  // namespace

void add_serve_command(CLI::App& app, const GlobalOptions& global, int& exit_code) {
  auto options = std::make_shared<ServeOptions>();
  CLI::App* cmd = app.add_subcommand("serve", "Serve the archive as a read-only web UI and JSON API");
  cmd->add_option("--listen", options->listen, "ADDRESS:PORT to listen on (port 0: any free port)")
      ->capture_default_str();
  cmd->add_option("--threads", options->threads, "Requests served at once")
      ->check(CLI::Range(1, 256))
      ->capture_default_str();
  cmd->add_option("--port-file", options->port_file, "Write the port listened on to this file (for scripts)");
  cmd->callback([&global, &exit_code, options] {
    exit_code = run_guarded([&] {
      setup_logging(global);
      return run_serve(global, *options);
    });
  });
}

}  // namespace khobao::app
