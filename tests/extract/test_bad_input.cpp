// Bad input: every page gives a record or a clear error, never a crash.
#include "extract/extract.hpp"
#include "site/site.hpp"
#include "support.hpp"

#include <catch2/catch.hpp>

using namespace khobao;
namespace fs = std::filesystem;

namespace {

const site::SiteSet& rules() {
  static const auto set = site::SiteSet::load_dir(test::source_dir() / "selectors");
  return set;
}

khobao::Article extract_bytes(const std::string& bytes, const std::string& url = "") {
  return extract::extract_article({bytes, url, "", ""}, rules());
}

std::string bad(const char* name) { return test::read_file(test::fixtures() / "bad" / name); }

}  // namespace

TEST_CASE("an empty file is an error that says so", "[extract][bad]") {
  CHECK_THROWS_WITH(extract_bytes(bad("empty.html")), Catch::Contains("empty"));
}

TEST_CASE("binary files are refused with what they are", "[extract][bad]") {
  CHECK_THROWS_WITH(extract_bytes(bad("binary.html")), Catch::Contains("PNG image"));
  CHECK_THROWS_WITH(extract_bytes(bad("random-bytes.html")), Catch::Contains("not HTML"));
}

TEST_CASE("a page with no visible text is an error", "[extract][bad]") {
  CHECK_THROWS_WITH(extract_bytes("<html><head><title>x</title></head><body> </body></html>"),
                    Catch::Contains("no visible text"));
}

TEST_CASE("a truncated page gives the text up to the cut", "[extract][bad]") {
  auto a = extract_bytes(bad("truncated.html"));
  CHECK(a.site == "baohatinh.vn");
  CHECK(a.title == "Hồ Kẻ Gỗ vào mùa nước lớn");
  CHECK_THAT(a.body, Catch::StartsWith("Mực nước hồ"));
  CHECK_THAT(a.body, Catch::EndsWith("của công tr"));
}

TEST_CASE("invalid UTF-8 bytes are replaced, never passed on", "[extract][bad]") {
  fs::path page = test::fixtures() / "encoding" / "invalid-utf8.html";
  if (!fs::exists(page)) return;
  auto a = extract_bytes(test::read_file(page));
  std::string all = khobao::to_json(a).dump();  // dump() throws on invalid UTF-8
  CHECK(all.find("\\ufffd") == std::string::npos);  // UTF-8 output, not escapes
  CHECK(a.body.find("\xEF\xBF\xBD") != std::string::npos);
}

TEST_CASE("windows-1258 and NFD pages come out as NFC UTF-8", "[extract][bad]") {
  for (const char* name : {"windows-1258.html", "nfd.html"}) {
    fs::path page = test::fixtures() / "encoding" / name;
    if (!fs::exists(page)) continue;
    INFO(name);
    auto a = extract_bytes(test::read_file(page));
    REQUIRE(a.title);
    // No combining marks (U+0300-U+0323 are CC 80-CC A3 in UTF-8) survive.
    std::string text = *a.title + a.body;
    CHECK(text.find("\xCC") == std::string::npos);
  }
}

TEST_CASE("a double-encoded page is repaired or refused, never archived as mojibake", "[extract][bad]") {
  fs::path page = test::fixtures() / "encoding" / "double-encoded.html";
  if (!fs::exists(page)) return;
  try {
    auto a = extract_bytes(test::read_file(page));
    std::string text = a.title.value_or("") + a.body;
    CHECK(text.find("á»") == std::string::npos);
    CHECK(text.find("Ã") == std::string::npos);
  } catch (const extract::ExtractError& e) {
    CHECK_THAT(std::string(e.what()), Catch::Contains("double-encoded"));
  }
}

TEST_CASE("a 50 MB page is extracted", "[extract][bad][large]") {
  // Generated here rather than stored: one article whose body repeats a
  // paragraph with a counter, inside real new-CMS markup.
  std::string page =
      "<html lang=vi><head><meta charset=utf-8><title>Trang lớn</title></head><body>"
      "<h1 class='article__title cms-title'>Trang rất lớn</h1>"
      "<div class='article__body zce-content-body cms-body'>";
  for (int i = 0; page.size() < 50u << 20; ++i)
    page += "<p>Đoạn " + std::to_string(i) +
            ": người dân Hà Tĩnh chuẩn bị vụ đông xuân, kiểm tra kênh mương và giống lúa.</p>\n";
  page += "</div></body></html>";
  auto a = extract_bytes(page, "https://baohatinh.vn/trang-lon-post1.html");
  CHECK(a.title == "Trang rất lớn");
  CHECK(a.body.size() > 40u << 20);
  CHECK_THAT(a.body, Catch::StartsWith("Đoạn 0: người dân"));
}

TEST_CASE("a page of 100,000 nested inline tags is extracted in one pass", "[extract][bad][large]") {
  // Each step of the pipeline must be linear in the tree: a quadratic walk
  // took minutes on this page before stats were gathered bottom-up.
  std::string page = "<html><body>";
  for (int i = 0; i < 100000; ++i) page += "<span>";
  page += "Văn bản ở tầng sâu nhất của trang, đủ dài để là một đoạn văn có dấu phẩy, có chữ.";
  auto a = extract_bytes(page);
  CHECK_THAT(a.body, Catch::StartsWith("Văn bản ở tầng sâu nhất"));
}
