// `khobao serve` as a command: its JSON API gives exactly what the CLI's
// --json gives for the same archive, it refuses what it cannot serve with
// exit 2, and SIGTERM stops it cleanly.
#include "serve/serve_process.hpp"
#include "serve/serve_support.hpp"
#include "support.hpp"

#include <catch2/catch.hpp>
#include <httplib.h>
#include <nlohmann/json.hpp>

using namespace khobao;
using khobao::test::quote;
using khobao::test::run_khobao;
using khobao::test::TempDir;
using nlohmann::json;

namespace {

json api(test::ServeProcess& server, const std::string& target) {
  httplib::Client c("127.0.0.1", server.port());
  c.set_read_timeout(30);
  auto r = c.Get(target.c_str());
  REQUIRE(r);
  INFO(target << ": " << r->body);
  REQUIRE(r->status == 200);
  return json::parse(r->body);
}

json cli(const std::string& archive, const std::string& args) {
  test::Run r = run_khobao("--archive " + quote(archive) + " " + args);
  INFO(args << ": " << r.err);
  REQUIRE(r.exit_code == 0);
  return json::parse(r.out);
}

json cli_lines(const std::string& archive, const std::string& args) {
  test::Run r = run_khobao("--archive " + quote(archive) + " " + args);
  INFO(args << ": " << r.err);
  REQUIRE(r.exit_code == 0);
  json array = json::array();
  for (const auto& line : test::lines(r.out)) array.push_back(json::parse(line));
  return array;
}

}  // namespace

TEST_CASE("serve: the JSON API has the CLI's --json shapes", "[serve][cli]") {
  TempDir dir;
  std::string archive = (dir / "a.sqlite").string();
  test::ServeArchive ids = test::build_serve_archive(archive);
  test::ServeProcess server(archive, dir.path());
  std::string id = std::to_string(ids.edited);

  CHECK(api(server, "/api/article/" + id) == cli(archive, "show --json " + id));
  CHECK(api(server, "/api/article/" + id + "?version=1") == cli(archive, "show --json --version 1 " + id));
  CHECK(api(server, "/api/article/" + id + "/history") == cli(archive, "history --json " + id));
  CHECK(api(server, "/api/article/" + id + "/diff?from=1&to=2") == cli(archive, "diff --json --from 1 --to 2 " + id));
  CHECK(api(server, "/api/search?q=thach%20ha") == cli_lines(archive, "search --json 'thach ha'"));
  CHECK(api(server, "/api/search?q=ban%20tin&sort=newest&page=2") ==
        cli_lines(archive, "search --json --sort newest --offset 20 'ban tin'"));
  json sites = api(server, "/api/sites");
  json cli_sites = cli_lines(archive, "sites --json");
  REQUIRE(sites.size() >= 2);
  REQUIRE(cli_sites.size() == sites.size());
  for (size_t i = 0; i < sites.size(); ++i) {
    sites[i].erase("next_due");  // reckoned from the time of asking
    cli_sites[i].erase("next_due");
    CHECK(sites[i] == cli_sites[i]);
  }
  CHECK(server.stop() == 0);  // SIGTERM: a clean stop
}

TEST_CASE("serve: what it cannot serve is exit 2 with the reason", "[serve][cli]") {
  TempDir dir;
  test::Run missing = run_khobao("--archive " + quote((dir / "none.sqlite").string()) + " serve");
  CHECK(missing.exit_code == 2);
  CHECK(missing.err.find("no archive at") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(dir / "none.sqlite"));
  std::string archive = (dir / "a.sqlite").string();
  test::build_serve_archive(archive);
  test::Run bad_listen = run_khobao("--archive " + quote(archive) + " serve --listen 8080");
  CHECK(bad_listen.exit_code == 2);
  CHECK(bad_listen.err.find("--listen must be ADDRESS:PORT") != std::string::npos);
  test::ServeProcess first(archive, dir.path());
  std::string taken = "127.0.0.1:" + std::to_string(first.port());
  test::Run busy = run_khobao("--archive " + quote(archive) + " serve --listen " + taken);
  CHECK(busy.exit_code == 1);
  CHECK(busy.err.find("cannot listen on " + taken) != std::string::npos);
}
