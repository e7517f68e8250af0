// The khobao binary as a user runs it: output shapes, order, exit codes.
#include "app/cli_support.hpp"
#include "support.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

namespace fs = std::filesystem;
using nlohmann::json;
namespace test = khobao::test;

namespace {

using khobao::test::lines;
using khobao::test::quote;
using khobao::test::Run;
using khobao::test::run_khobao;

const std::string kPage2018 = "tests/fixtures/sites/baohatinh.vn/2018-thach-ha.html";
const std::string kPageNew = "tests/fixtures/sites/baohatinh.vn/new-cms-article.html";

}  // namespace

TEST_CASE("extract --json prints one record per line", "[cli]") {
  Run r = run_khobao("extract --json " + kPage2018);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  auto out = lines(r.out);
  REQUIRE(out.size() == 1);
  json rec = json::parse(out[0]);
  CHECK(rec["site"] == "baohatinh.vn");
  CHECK(rec["authors"] == json::array({"Thanh Hoài", "Anh Tấn"}));
}

TEST_CASE("extract without --json prints a readable article", "[cli]") {
  Run r = run_khobao("extract " + kPage2018);
  REQUIRE(r.exit_code == 0);
  CHECK_THAT(r.out, Catch::StartsWith("Thạch Hà đổi mới phương thức lãnh đạo, khơi dậy sức mạnh tổng hợp\n"));
  CHECK_THAT(r.out, Catch::Contains("Thanh Hoài, Anh Tấn"));
  CHECK_THAT(r.out, Catch::Contains("Related:"));
  CHECK(r.out.find("{name}") == std::string::npos);
}

TEST_CASE("a page that fails gives an error line in its place, the others go on, exit 1", "[cli]") {
  std::string list = kPage2018 + "\thttps://baohatinh.vn/xa-hoi/x/1.htm\n" + "tests/fixtures/bad/empty.html\n" +
                     "tests/fixtures/no-such-file.html\n" + kPageNew + "\n";
  Run r = run_khobao("extract --json --input-list -", list);
  CHECK(r.exit_code == 1);
  auto out = lines(r.out);
  REQUIRE(out.size() == 4);
  CHECK(json::parse(out[0])["site"] == "baohatinh.vn");
  json e1 = json::parse(out[1]);
  CHECK(e1["path"] == "tests/fixtures/bad/empty.html");
  CHECK_THAT(e1["error"].get<std::string>(), Catch::Contains("empty"));
  json e2 = json::parse(out[2]);
  CHECK(e2["path"] == "tests/fixtures/no-such-file.html");
  CHECK_THAT(e2["error"].get<std::string>(), Catch::Contains("cannot read"));
  CHECK(json::parse(out[3])["title"].is_string());
}

TEST_CASE("option --jobs keeps the input order", "[cli]") {
  std::string list;
  for (int i = 0; i < 12; ++i) list += (i % 2 ? kPageNew : kPage2018) + "\n";
  Run one = run_khobao("extract --json --jobs 1 --input-list -", list);
  Run two = run_khobao("extract --json --jobs 2 --input-list -", list);
  REQUIRE(one.exit_code == 0);
  REQUIRE(two.exit_code == 0);
  CHECK(one.out == two.out);
  CHECK(lines(two.out).size() == 12);
}

TEST_CASE("a broken selector file stops with file, line and key, exit 2", "[cli]") {
  fs::path dir = fs::temp_directory_path() / ("khobao-badsel-" + std::to_string(getpid()));
  fs::create_directories(dir);
  std::ofstream(dir / "baohatinh.vn.toml") << "[site]\nhost = \"baohatinh.vn\"\n[extract]\nbody = \"div >\"\n";
  Run r = run_khobao("--selectors " + quote(dir.string()) + " extract --json " + kPage2018);
  fs::remove_all(dir);
  CHECK(r.exit_code == 2);
  CHECK(r.out.empty());
  CHECK_THAT(r.err, Catch::Contains("baohatinh.vn.toml:4:"));
  CHECK_THAT(r.err, Catch::Contains("extract.body"));
}

TEST_CASE("bad usage exits 2", "[cli]") {
  CHECK(run_khobao("").exit_code == 2);
  CHECK(run_khobao("extract").exit_code == 2);
  CHECK(run_khobao("extract --site no-such-site.vn " + kPage2018).exit_code == 2);
  CHECK(run_khobao("extract --jobs 0 " + kPage2018).exit_code == 2);
  CHECK(run_khobao("no-such-command").exit_code == 2);
}

TEST_CASE("option --site chooses the rules whatever the URL", "[cli]") {
  Run r = run_khobao("extract --json --site baohatinh.vn --url https://example.com/x " + kPageNew);
  REQUIRE(r.exit_code == 0);
  CHECK(json::parse(r.out)["extractor"].get<std::string>().rfind("site:baohatinh.vn", 0) == 0);
}

TEST_CASE("terminal output never carries escape sequences from page text", "[cli]") {
  fs::path page = fs::temp_directory_path() / ("khobao-esc-" + std::to_string(getpid()) + ".html");
  std::ofstream(page) << "<html><body><h1>Tiêu đề \x1b[31mđỏ\x1b[0m</h1><div class=content><p>"
                         "Đoạn văn đủ dài để là nội dung bài báo, có dấu phẩy, có chữ, và một mã \x1b]0;title\x07 lạ.</p>"
                         "<p>Đoạn thứ hai cũng dài như vậy, với nhiều chữ hơn, để bộ trích xuất chọn nó làm thân bài.</p></div></body></html>";
  Run r = run_khobao("extract " + quote(page.string()));
  fs::remove(page);
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find('\x1b') == std::string::npos);
  CHECK(r.out.find('\x07') == std::string::npos);
}

TEST_CASE("a selector folder named on the command line must exist", "[cli]") {
  Run r = run_khobao("--selectors /nonexistent/khobao-selectors extract " + kPage2018);
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Catch::Contains("/nonexistent/khobao-selectors"));
}
