// End to end on the fixture pages: every tests/fixtures/sites/HOST/NAME.html
// must give exactly NAME.expected.json, field by field; the 2018 baohatinh.vn
// article must also equal ../shared/reference/baohatinh-expected.json.
#include "extract/extract.hpp"
#include "site/site.hpp"
#include "support.hpp"

#include <catch2/catch.hpp>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <sstream>

using namespace khobao;
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

const site::SiteSet& bundled_rules() {
  static const auto set = site::SiteSet::load_dir(test::source_dir() / "selectors");
  return set;
}

json extract_fixture(const fs::path& page, const std::string& url) {
  std::string bytes = test::read_file(page);
  extract::PageInput in{bytes, url, "", ""};
  return json::parse(khobao::to_json(extract::extract_article(in, bundled_rules())).dump());
}

std::vector<fs::path> fixture_pages() {
  std::vector<fs::path> pages;
  for (const auto& e : fs::recursive_directory_iterator(test::fixtures() / "sites"))
    if (e.path().extension() == ".html") pages.push_back(e.path());
  std::sort(pages.begin(), pages.end());
  return pages;
}

}  // namespace

TEST_CASE("every site fixture gives its expected record", "[extract][sites]") {
  auto pages = fixture_pages();
  REQUIRE(pages.size() >= 5);
  for (const auto& page : pages) {
    fs::path expected_file = page;
    expected_file.replace_extension(".expected.json");
    REQUIRE(fs::exists(expected_file));
    json want = json::parse(test::read_file(expected_file));
    json got = extract_fixture(page, want.value("url", ""));
    for (auto it = want.begin(); it != want.end(); ++it) {
      INFO(page.parent_path().filename().string() + "/" + page.filename().string() + " field " + it.key());
      CHECK(got[it.key()].dump(2) == it.value().dump(2));
    }
    CHECK(got.size() == want.size());
  }
}

TEST_CASE("the 2018 baohatinh.vn article equals the reference record", "[extract][sites][reference]") {
  fs::path reference = test::shared_dir() / "reference" / "baohatinh-expected.json";
  if (!fs::exists(reference)) {
    WARN("../shared/reference is absent: skipped");
    return;
  }
  json want = json::parse(test::read_file(reference));
  fs::path page = test::fixtures() / "sites" / "baohatinh.vn" / "2018-thach-ha.html";
  json got = extract_fixture(page, "");
  // The fixture chooses its own URLs and date; every other field must match.
  for (const char* field : {"site", "title", "lead", "body", "authors", "language", "extractor"}) {
    INFO(field);
    CHECK(got[field] == want[field]);
  }
  REQUIRE(got["captions"].size() == want["captions"].size());
  for (size_t i = 0; i < want["captions"].size(); ++i) {
    CHECK(got["captions"][i]["text"] == want["captions"][i]["text"]);
    CHECK(got["captions"][i]["image"].is_string());
  }
  REQUIRE(got["related"].size() == want["related"].size());
  for (size_t i = 0; i < want["related"].size(); ++i) {
    CHECK(got["related"][i]["title"] == want["related"][i]["title"]);
    CHECK(got["related"][i]["summary"] == want["related"][i]["summary"]);
    CHECK_THAT(got["related"][i]["url"].get<std::string>(), Catch::StartsWith("https://baohatinh.vn/"));
  }
  CHECK(got["url"].is_string());
  CHECK(got["published_at"].is_string());
}

TEST_CASE("the same page without a URL finds its site from the canonical link", "[extract][sites]") {
  fs::path page = test::fixtures() / "sites" / "baohatinh.vn" / "new-cms-article.html";
  json got = extract_fixture(page, "");
  CHECK(got["site"] == "baohatinh.vn");
  CHECK_THAT(got["url"].get<std::string>(), Catch::StartsWith("https://baohatinh.vn/"));
}

TEST_CASE("a selector that stopped matching logs a warning naming the site and selector", "[extract][sites]") {
  std::ostringstream log;
  auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(log);
  auto previous = spdlog::default_logger();
  spdlog::set_default_logger(std::make_shared<spdlog::logger>("test", sink));
  fs::path page = test::fixtures() / "sites" / "baohatinh.vn" / "redesigned-article.html";
  json got = extract_fixture(page, "");
  spdlog::set_default_logger(previous);
  CHECK(got["extractor"] == "site:baohatinh.vn+generic(body)");
  CHECK_THAT(log.str(), Catch::Contains("baohatinh.vn"));
  CHECK_THAT(log.str(), Catch::Contains("extract.body"));
  CHECK_THAT(log.str(), Catch::Contains("div.article__body"));
}
