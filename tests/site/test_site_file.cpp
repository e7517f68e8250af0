// Selector files: the bundled ones load, and a broken one is reported with
// its file, line and key.
#include "site/site.hpp"
#include "support.hpp"

#include <catch2/catch.hpp>

#include <unistd.h>

using namespace khobao::site;
namespace fs = std::filesystem;

namespace {

// A selector file written to a fresh temporary folder.
struct TempRules {
  fs::path dir;
  fs::path file;
  TempRules(const std::string& name, const std::string& text) {
    dir = fs::temp_directory_path() / ("khobao-rules-" + std::to_string(getpid()) + "-" + name);
    fs::create_directories(dir);
    file = dir / name;
    std::ofstream(file) << text;
  }
  ~TempRules() { fs::remove_all(dir); }
};

SiteFileError load_error(const std::string& name, const std::string& text) {
  TempRules t(name, text);
  try {
    load_site(t.file);
  } catch (const SiteFileError& e) {
    return e;
  }
  FAIL("no error for " << text);
  return SiteFileError("", 0, "", "");
}

}  // namespace

TEST_CASE("the bundled selector files load", "[site]") {
  auto set = SiteSet::load_dir(khobao::test::source_dir() / "selectors");
  CHECK(set.size() >= 3);
  const Site* bht = set.find("baohatinh.vn");
  REQUIRE(bht);
  CHECK(set.find("www.baohatinh.vn") == bht);
  CHECK(set.find("BAOHATINH.VN") == bht);
  CHECK(bht->selectors.body);
  CHECK(bht->selectors.title);
  CHECK(set.find("baonghean.vn"));
  CHECK(set.find("baothanhhoa.vn"));
  CHECK_FALSE(set.find("example.com"));
}

TEST_CASE("a minimal file loads with its defaults", "[site]") {
  TempRules t("example.vn.toml", "[site]\nhost = \"example.vn\"\n[extract]\nbody = \"div.content\"\n");
  Site r = load_site(t.file);
  CHECK(r.host == "example.vn");
  CHECK(r.language == "vi");
  REQUIRE(r.selectors.body);
  CHECK(r.selectors.body->key == "extract.body");
  CHECK_FALSE(r.selectors.title);
}

TEST_CASE("a bad selector names file, line and key", "[site]") {
  auto e = load_error("example.vn.toml", "[site]\nhost = \"example.vn\"\n\n[extract]\ntitle = \"h1\"\nbody = \"div[class\"\n");
  CHECK(e.line() == 6);
  CHECK(e.key() == "extract.body");
  std::string what = e.what();
  CHECK_THAT(what, Catch::Contains("example.vn.toml:6:"));
  CHECK_THAT(what, Catch::Contains("extract.body"));
}

TEST_CASE("a misspelt key is an error, not silently ignored", "[site]") {
  auto e = load_error("example.vn.toml", "[site]\nhost = \"example.vn\"\n[extract]\nbdoy = \"div\"\n");
  CHECK(e.key() == "extract.bdoy");
  CHECK(e.line() == 4);
  CHECK_THAT(std::string(e.what()), Catch::Contains("unknown key"));
}

TEST_CASE("wrong types, bad numbers and bad patterns name their key", "[site]") {
  CHECK(load_error("example.vn.toml", "[site]\nhost = \"example.vn\"\n[extract]\ntitle = 3\n").key() == "extract.title");
  CHECK(load_error("example.vn.toml", "[site]\nhost = \"example.vn\"\n[politeness]\ndelay = -1\n").key() ==
        "politeness.delay");
  // TOML's nan passed every range test once (found with the site_rules fuzz target).
  CHECK(load_error("example.vn.toml", "[site]\nhost = \"example.vn\"\n[politeness]\ndelay = nan\n").key() ==
        "politeness.delay");
  CHECK(load_error("example.vn.toml", "[site]\nhost = \"example.vn\"\n[politeness]\nconcurrency = nan\n").key() ==
        "politeness.concurrency");
  CHECK(load_error("example.vn.toml", "[site]\nhost = \"example.vn\"\n[urls]\narticle = ['([a-z']\n").key() ==
        "urls.article");
  CHECK(load_error("example.vn.toml", "[site]\nhost = \"example.vn\"\n[extract]\nremove = [\"div\", \"p:hover\"]\n")
            .key() == "extract.remove");
}

TEST_CASE("TOML syntax errors give the line", "[site]") {
  auto e = load_error("example.vn.toml", "[site]\nhost = \"example.vn\"\n[extract\nbody = \"div\"\n");
  CHECK(e.line() == 3);
  CHECK_THAT(std::string(e.what()), Catch::StartsWith(e.file() + ":3:"));
}

TEST_CASE("the host must match the file name", "[site]") {
  auto e = load_error("example.vn.toml", "[site]\nhost = \"other.vn\"\n");
  CHECK(e.key() == "site.host");
  CHECK(e.line() == 2);
  CHECK(load_error("example.vn.toml", "[extract]\nbody = \"div\"\n").key() == "site.host");
}

TEST_CASE("a file that is not UTF-8 is refused with the line of the bad byte", "[site]") {
  // toml11 3.7 read out of bounds on this (a fuzz find); now it never sees it.
  auto e = load_error("example.vn.toml", "[site]\nhost = \"example.vn\"\nname = 'x\xb8'\n");
  CHECK(e.line() == 3);
  CHECK_THAT(std::string(e.what()), Catch::Contains("UTF-8"));
}

TEST_CASE("a file that cannot be opened is an error naming it", "[site]") {
  CHECK_THROWS_WITH(load_site("/nonexistent/example.vn.toml"),
                    Catch::StartsWith("/nonexistent/example.vn.toml:0: cannot open"));
}

TEST_CASE("parse_site checks a file's text as load_site checks the file", "[site]") {
  Site r = parse_site("[site]\nhost = \"example.vn\"\nname = 'Báo'\n", "dir/example.vn.toml");
  CHECK(r.name == "Báo");
  CHECK(r.file == "dir/example.vn.toml");
  CHECK_THROWS_WITH(parse_site("[site]\nhost = \"other.vn\"\n", "dir/example.vn.toml"),
                    Catch::StartsWith("dir/example.vn.toml:2: key 'site.host'"));
}
