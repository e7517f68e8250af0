// khobao-testsite: serves the generated demo sites on 127.0.0.1 until
// SIGTERM or SIGINT, for scripts/demo.sh and manual crawls.
#include "testsite/site_server.hpp"

#include <CLI/CLI.hpp>

#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>

namespace {

// Writes `text` to `path` through a temporary file and a rename, so that a
// reader polling for the file never sees it half written.
void write_atomically(const std::filesystem::path& path, const std::string& text) {
  std::filesystem::path tmp = path;
  tmp += ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << text;
    if (!out) throw std::runtime_error("cannot write " + tmp.string());
  }
  std::filesystem::rename(tmp, path);
}

// The two pages that cost a crawler the most memory, in place of two articles.
void add_heavy_pages(khobao::testsite::SiteServer& server) {
  using khobao::testsite::Fault;
  using khobao::testsite::FaultKind;
  const auto& articles = server.articles("baohatinh.vn");
  Fault links;
  links.kind = FaultKind::kManyLinks;
  links.links = 1000000;
  links.gzip = true;
  server.set_fault("baohatinh.vn", articles.at(0).path, links);
  Fault nested;
  nested.kind = FaultKind::kNestedTags;
  server.set_fault("baohatinh.vn", articles.at(1).path, nested);
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Serves khobao's generated demo news sites on 127.0.0.1 (virtual hosts by the Host header)."};
  khobao::testsite::SiteOptions options;
  std::string port_file;
  app.add_option("--port", options.port, "port on 127.0.0.1; 0 = the OS picks")->check(CLI::Range(0, 65535));
  app.add_option("--port-file", port_file, "write the chosen port to this file (atomically)");
  app.add_option("--articles", options.articles, "articles per site (baohatinh.vn gets twice as many)")
      ->check(CLI::Range(5, 100000));
  app.add_option("--seed", options.seed, "seed of the generated text");
  bool heavy = false;
  app.add_flag("--heavy", heavy,
               "baohatinh.vn's two newest articles become a page of a million links (57 MB, sent gzip'd) "
               "and a page of a million nested <div> (bench/heavy_pages.sh)");
  CLI11_PARSE(app, argc, argv);

  // Block the stop signals before any thread starts, so that only sigwait sees them.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  try {
    khobao::testsite::SiteServer server(options);
    int port = server.start();
    if (heavy) add_heavy_pages(server);
    if (!port_file.empty()) write_atomically(port_file, std::to_string(port) + "\n");
    std::string hosts;
    for (const auto& h : server.hosts()) hosts += (hosts.empty() ? "" : ", ") + h;
    std::cout << "khobao-testsite: serving " << hosts << " on 127.0.0.1:" << port << std::endl;
    int sig = 0;
    sigwait(&stop_signals, &sig);
    server.stop();
  } catch (const std::exception& e) {
    std::cerr << "khobao-testsite: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
