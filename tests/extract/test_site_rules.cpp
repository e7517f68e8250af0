// Selector files: the bundled ones load, and a broken one is reported with
// its file, line and key.
#include "extract/site_rules.hpp"
#include "support.hpp"

#include <catch2/catch.hpp>

#include <unistd.h>

using namespace khobao::extract;
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

SiteRulesError load_error(const std::string& name, const std::string& text) {
  TempRules t(name, text);
  try {
    load_site_rules(t.file);
  } catch (const SiteRulesError& e) {
    return e;
  }
  FAIL("no error for " << text);
  return SiteRulesError("", 0, "", "");
}

}  // namespace

TEST_CASE("the bundled selector files load", "[site_rules]") {
  auto set = SiteRulesSet::load_dir(khobao::test::source_dir() / "selectors");
  CHECK(set.size() >= 3);
  const SiteRules* bht = set.find("baohatinh.vn");
  REQUIRE(bht);
  CHECK(set.find("www.baohatinh.vn") == bht);
  CHECK(set.find("BAOHATINH.VN") == bht);
  CHECK(bht->body);
  CHECK(bht->title);
  CHECK(set.find("baonghean.vn"));
  CHECK(set.find("baothanhhoa.vn"));
  CHECK_FALSE(set.find("example.com"));
}

TEST_CASE("a minimal file loads with its defaults", "[site_rules]") {
  TempRules t("example.vn.toml", "[site]\nhost = \"example.vn\"\n[extract]\nbody = \"div.content\"\n");
  SiteRules r = load_site_rules(t.file);
  CHECK(r.host == "example.vn");
  CHECK(r.language == "vi");
  REQUIRE(r.body);
  CHECK(r.body->key == "extract.body");
  CHECK_FALSE(r.title);
}

TEST_CASE("a bad selector names file, line and key", "[site_rules]") {
  auto e = load_error("example.vn.toml", "[site]\nhost = \"example.vn\"\n\n[extract]\ntitle = \"h1\"\nbody = \"div[class\"\n");
  CHECK(e.line() == 6);
  CHECK(e.key() == "extract.body");
  std::string what = e.what();
  CHECK_THAT(what, Catch::Contains("example.vn.toml:6:"));
  CHECK_THAT(what, Catch::Contains("extract.body"));
}

TEST_CASE("a misspelt key is an error, not silently ignored", "[site_rules]") {
  auto e = load_error("example.vn.toml", "[site]\nhost = \"example.vn\"\n[extract]\nbdoy = \"div\"\n");
  CHECK(e.key() == "extract.bdoy");
  CHECK(e.line() == 4);
  CHECK_THAT(std::string(e.what()), Catch::Contains("unknown key"));
}

TEST_CASE("wrong types, bad numbers and bad patterns name their key", "[site_rules]") {
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

TEST_CASE("TOML syntax errors give the line", "[site_rules]") {
  auto e = load_error("example.vn.toml", "[site]\nhost = \"example.vn\"\n[extract\nbody = \"div\"\n");
  CHECK(e.line() == 3);
  CHECK_THAT(std::string(e.what()), Catch::StartsWith(e.file() + ":3:"));
}

TEST_CASE("the host must match the file name", "[site_rules]") {
  auto e = load_error("example.vn.toml", "[site]\nhost = \"other.vn\"\n");
  CHECK(e.key() == "site.host");
  CHECK(e.line() == 2);
  CHECK(load_error("example.vn.toml", "[extract]\nbody = \"div\"\n").key() == "site.host");
}

TEST_CASE("a file that is not UTF-8 is refused with the line of the bad byte", "[site_rules]") {
  // toml11 3.7 read out of bounds on this (a fuzz find); now it never sees it.
  auto e = load_error("example.vn.toml", "[site]\nhost = \"example.vn\"\nname = 'x\xb8'\n");
  CHECK(e.line() == 3);
  CHECK_THAT(std::string(e.what()), Catch::Contains("UTF-8"));
}

TEST_CASE("a file that cannot be opened is an error naming it", "[site_rules]") {
  CHECK_THROWS_WITH(load_site_rules("/nonexistent/example.vn.toml"),
                    Catch::StartsWith("/nonexistent/example.vn.toml:0: cannot open"));
}

TEST_CASE("parse_site_rules checks a file's text as load_site_rules checks the file", "[site_rules]") {
  SiteRules r = parse_site_rules("[site]\nhost = \"example.vn\"\nname = 'Báo'\n", "dir/example.vn.toml");
  CHECK(r.name == "Báo");
  CHECK(r.file == "dir/example.vn.toml");
  CHECK_THROWS_WITH(parse_site_rules("[site]\nhost = \"other.vn\"\n", "dir/example.vn.toml"),
                    Catch::StartsWith("dir/example.vn.toml:2: key 'site.host'"));
}
