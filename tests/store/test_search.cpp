// Search over the archive: diacritics optional, đ included, filters, ranking,
// snippets, syntax errors; and the index as a plain sqlite3 shell sees it.
#include "store/store.hpp"

#include "store/archive_support.hpp"
#include "store/testing.hpp"
#include "support.hpp"

#include <catch2/catch.hpp>

using namespace khobao;
using khobao::test::article;
using khobao::test::fetch;
using khobao::test::TempDir;

namespace {

struct SearchFixture {
  TempDir dir;
  store::Archive archive{(dir / "a.sqlite").string(), store::Access::kWrite};

  SearchFixture() {
    add("https://baohatinh.vn/1.html", "2024-01-05T01:00:00Z", "Đại hội Đảng bộ huyện Thạch Hà",
        "Đại hội đại biểu Đảng bộ huyện Thạch Hà lần thứ XXVI diễn ra sáng nay.", {"Thu Hà"}, "2024-01-05T08:00:00+07:00");
    add("https://baohatinh.vn/2.html", "2024-02-05T01:00:00Z", "Mùa lúa mới ở Cẩm Xuyên",
        "Nông dân Cẩm Xuyên thu hoạch lúa. Đang vào mùa gặt.", {"Minh Đức"}, "2024-02-05T08:00:00+07:00");
    add("https://baohatinh.vn/3.html", "2024-03-05T01:00:00Z", "Đường dây nóng",
        "Người dân phản ánh về đường giao thông ở Thạch Hà.", {"Thu Hà"}, "2024-03-05T08:00:00+07:00");
    khobao::FetchRecord other = fetch("https://baonghean.vn/4.html", "2024-03-06T01:00:00Z");
    other.site = "baonghean.vn";
    auto a = article("Thạch Hà và Nghi Lộc", "Bài của báo Nghệ An về Thạch Hà.");
    a.published_at = "2024-03-06T08:00:00+07:00";
    archive.store_fetch(other, a);
  }

  void add(const std::string& url, const std::string& time, const std::string& title, const std::string& body,
           std::vector<std::string> authors, const std::string& published) {
    auto a = article(title, body, std::move(authors));
    a.published_at = published;
    archive.store_fetch(fetch(url, time), a);
  }

  std::vector<std::string> titles(store::SearchRequest request) {
    std::vector<std::string> out;
    for (const auto& hit : store::search(archive, request)) out.push_back(hit.title.value_or(""));
    return out;
  }
  std::vector<std::string> titles(const std::string& query) {
    store::SearchRequest request;
    request.query = query;
    return titles(request);
  }
};

}  // namespace

TEST_CASE("search matches with or without diacritics, đ included", "[search]") {
  SearchFixture f;
  CHECK(f.titles("dang bo").size() == 1);         // "Đảng bộ"
  CHECK(f.titles("Đảng bộ").size() == 1);
  CHECK(f.titles("thach ha").size() == 3);
  CHECK(f.titles("Thạch Hà").size() == 3);
  CHECK(f.titles("\"thach ha\"").size() == 3);
  CHECK(f.titles("duong").size() == 1);           // "Đường", "đường"
  CHECK(f.titles("dang").size() == 2);            // "Đảng" and "Đang"
  CHECK(f.titles("lua AND gat").size() == 1);
  CHECK(f.titles("khong co gi").empty());
}

TEST_CASE("search ranks title matches first and highlights the words that matched", "[search]") {
  SearchFixture f;
  store::SearchRequest request;
  request.query = "thach ha";
  auto hits = store::search(f.archive, request);
  REQUIRE(hits.size() == 3);
  CHECK(hits.back().title == "Đường dây nóng");  // only in the body
  bool highlighted = false;
  for (const auto& part : hits[0].snippet) highlighted |= part.match && (part.text == "Thạch" || part.text == "Hà");
  CHECK(highlighted);
  for (const auto& hit : hits)
    if (hit.title == "Đại hội Đảng bộ huyện Thạch Hà") CHECK(hit.authors == std::vector<std::string>{"Thu Hà"});
}

TEST_CASE("search filters by site, author and dates, and pages with limit and offset", "[search]") {
  SearchFixture f;
  store::SearchRequest request;
  request.query = "thach ha";
  request.filter.site = "baonghean.vn";
  CHECK(f.titles(request) == std::vector<std::string>{"Thạch Hà và Nghi Lộc"});
  request.filter = {};
  request.filter.author = "Thu Hà";
  CHECK(f.titles(request).size() == 2);
  request.filter = {};
  request.filter.since = "2024-03";
  CHECK(f.titles(request).size() == 2);
  request.filter = {};
  request.filter.until = "2024-01-05";
  CHECK(f.titles(request).size() == 1);
  request.filter = {};
  request.sort = store::SortOrder::kNewest;
  request.limit = 1;
  request.offset = 1;
  CHECK(f.titles(request) == std::vector<std::string>{"Đường dây nóng"});
}

TEST_CASE("search finds the latest text unless asked for every version", "[search]") {
  SearchFixture f;
  auto a = article("Đường dây nóng", "Người dân phản ánh về đường giao thông ở Kỳ Anh.", {"Thu Hà"});
  f.archive.store_fetch(fetch("https://baohatinh.vn/3.html", "2024-04-01T00:00:00Z", "<p>v2</p>"), a);
  CHECK(f.titles("ky anh").size() == 1);
  CHECK(f.titles("giao thong thach").empty());
  store::SearchRequest request;
  request.query = "giao thong thach";
  request.all_versions = true;
  CHECK(f.titles(request).size() == 1);
}

TEST_CASE("a malformed query is a SearchSyntaxError naming the problem", "[search][bad-input]") {
  SearchFixture f;
  for (const char* query : {"\"", "AND OR", "*", "thach AND", "nosuchcolumn: x"}) {
    DYNAMIC_SECTION(query) {
      store::SearchRequest request;
      request.query = query;
      CHECK_THROWS_AS(store::search(f.archive, request), store::SearchSyntaxError);
    }
  }
}

TEST_CASE("the index answers a diacritic-carrying query from plain SQL", "[search]") {
  // What docs/archive.md tells researchers to type into sqlite3.
  SearchFixture f;
  store::Statement s = store::testing::connection(f.archive).prepare(
      "SELECT v.title FROM version_fts JOIN version v ON v.id = version_fts.rowid "
      "WHERE version_fts MATCH 'Đảng bộ' ORDER BY rank");
  REQUIRE(s.step());
  CHECK(s.text(0) == "Đại hội Đảng bộ huyện Thạch Hà");
  store::Statement plain = store::testing::connection(f.archive).prepare(
      "SELECT count(*) FROM version_fts WHERE version_fts MATCH 'thach ha'");
  plain.step();
  CHECK(plain.int64(0) == 3);
}
