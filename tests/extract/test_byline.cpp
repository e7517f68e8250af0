// Tests for extract/byline: the bylines sites print, the sources hidden in
// them, and the text that must not become an author.
#include "extract/byline.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using khobao::extract::Byline;
using khobao::extract::merge_byline;
using khobao::extract::parse_byline;
using Names = std::vector<std::string>;

namespace {

Names authors(std::string_view text) { return parse_byline(text).authors; }

std::string source(std::string_view text) {
  auto s = parse_byline(text).source;
  return s ? *s : "none";
}

}  // namespace

TEST_CASE("dashes between people split them", "[byline]") {
  CHECK(authors("Thanh Hoài – Anh Tấn") == Names{"Thanh Hoài", "Anh Tấn"});
  CHECK(authors("Thanh Hoài — Anh Tấn") == Names{"Thanh Hoài", "Anh Tấn"});
  CHECK(authors("Thanh Hoài - Anh Tấn") == Names{"Thanh Hoài", "Anh Tấn"});
  CHECK(authors("Thanh Hoài -Anh Tấn") == Names{"Thanh Hoài", "Anh Tấn"});
}

TEST_CASE("a hyphen inside a word is part of the name", "[byline]") {
  CHECK(authors("Jean-Pierre Dupont") == Names{"Jean-Pierre Dupont"});
  CHECK(authors("Jean-Pierre Dupont - Minh Anh") == Names{"Jean-Pierre Dupont", "Minh Anh"});
}

TEST_CASE("lists with commas, semicolons, và, &, /", "[byline]") {
  CHECK(authors("Quang Minh, Thảo Vy và Đức Anh") == Names{"Quang Minh", "Thảo Vy", "Đức Anh"});
  CHECK(authors("Quang Minh; Thảo Vy") == Names{"Quang Minh", "Thảo Vy"});
  CHECK(authors("Quang Minh & Thảo Vy") == Names{"Quang Minh", "Thảo Vy"});
  CHECK(authors("Quang Minh / Thảo Vy") == Names{"Quang Minh", "Thảo Vy"});
  CHECK(authors("QUANG MINH VÀ THẢO VY") == Names{"QUANG MINH", "THẢO VY"});
}

TEST_CASE("và splits only as a whole word", "[byline]") {
  // "Vàng" starts with "và" but is a word of its own.
  CHECK(authors("Minh Vàng") == Names{"Minh Vàng"});
  CHECK(authors("Andy Nguyễn") == Names{"Andy Nguyễn"});
}

TEST_CASE("role labels before a colon are dropped", "[byline]") {
  CHECK(authors("Bài và ảnh: Thu Hà - Hoàng Anh") == Names{"Thu Hà", "Hoàng Anh"});
  CHECK(authors("BÀI VÀ ẢNH: Thu Hà - Hoàng Anh") == Names{"Thu Hà", "Hoàng Anh"});
  CHECK(authors("Bài, ảnh: Thu Hà") == Names{"Thu Hà"});
  CHECK(authors("Bài: Thu Hà") == Names{"Thu Hà"});
  CHECK(authors("Ảnh: Hoàng Anh") == Names{"Hoàng Anh"});
  CHECK(authors("Tin, ảnh: Lê Nam") == Names{"Lê Nam"});
  CHECK(authors("Bài: Thu Hà - Ảnh: Hoàng Anh") == Names{"Thu Hà", "Hoàng Anh"});
  CHECK(authors("Thực hiện: Thu Hà, Lê Nam") == Names{"Thu Hà", "Lê Nam"});
}

TEST_CASE("a reporters' group credits a desk, not people", "[byline]") {
  CHECK(authors("Nhóm PV").empty());
  CHECK(authors("Nhóm PV Kinh tế").empty());
  CHECK(authors("Nhóm phóng viên").empty());
  CHECK(authors("PV").empty());
  CHECK(authors("Nhóm PV: Lê Nam, Thu Hà") == Names{"Lê Nam", "Thu Hà"});
}

TEST_CASE("a role word before a name is dropped", "[byline]") {
  CHECK(authors("PV Hoàng Sơn") == Names{"Hoàng Sơn"});
  CHECK(authors("Phóng viên Hoàng Sơn") == Names{"Hoàng Sơn"});
  CHECK(authors("By Jane Doe and John Smith") == Names{"Jane Doe", "John Smith"});
  CHECK(authors("BY JANE DOE") == Names{"JANE DOE"});
}

TEST_CASE("Theo and Nguồn credit a source, never an author", "[byline][source]") {
  auto b = parse_byline("Theo TTXVN");
  CHECK(b.authors.empty());
  CHECK(b.source == std::optional<std::string>("TTXVN"));
  CHECK(source("THEO TTXVN") == "TTXVN");
  CHECK(source("Theo Báo Nghệ An") == "Báo Nghệ An");
  CHECK(source("Nguồn: Báo Nghệ An") == "Báo Nghệ An");
  CHECK(authors("Nguồn: Báo Nghệ An").empty());
  CHECK(source("Theo Reuters, AFP") == "Reuters, AFP");
  CHECK(source("Theo Báo Nghệ An, Dân trí") == "Báo Nghệ An, Dân trí");
}

TEST_CASE("a name with its source in parentheses", "[byline][source]") {
  auto b = parse_byline("Minh Anh (Theo TTXVN)");
  CHECK(b.authors == Names{"Minh Anh"});
  CHECK(b.source == std::optional<std::string>("TTXVN"));
  CHECK(source("Minh Anh (TTXVN)") == "TTXVN");
  CHECK(authors("Minh Anh (Hà Nội)") == Names{"Minh Anh"});  // a place is not a source
  CHECK(source("Minh Anh (Hà Nội)") == "none");
}

TEST_CASE("a source run ends at a hard separator", "[byline][source]") {
  auto b = parse_byline("Theo TTXVN - Minh Anh");
  CHECK(b.authors == Names{"Minh Anh"});
  CHECK(b.source == std::optional<std::string>("TTXVN"));
}

TEST_CASE("(tổng hợp) means the named person compiled it", "[byline][source]") {
  auto b = parse_byline("Hà Thu (tổng hợp)");
  CHECK(b.authors == Names{"Hà Thu"});
  CHECK_FALSE(b.source);
  CHECK(authors("Hà Thu (TH)") == Names{"Hà Thu"});
  CHECK(authors("Hà Thu (T/H)") == Names{"Hà Thu"});
  CHECK(authors("Hà Thu tổng hợp") == Names{"Hà Thu"});
  CHECK(authors("Hoàng Sơn thực hiện") == Names{"Hoàng Sơn"});
  CHECK(source("Hà Thu (tổng hợp từ TTXVN)") == "TTXVN");
}

TEST_CASE("a byline of only Tổng hợp is its own source", "[byline][source]") {
  auto b = parse_byline("Tổng hợp");
  CHECK(b.authors.empty());
  CHECK(b.source == std::optional<std::string>("Tổng hợp"));
  CHECK(source("(Tổng hợp)") == "Tổng hợp");
}

TEST_CASE("a known agency after | goes to source", "[byline][source]") {
  auto b = parse_byline("Jane Doe | Reuters");
  CHECK(b.authors == Names{"Jane Doe"});
  CHECK(b.source == std::optional<std::string>("Reuters"));
  CHECK(source("Minh Anh - TTXVN") == "TTXVN");
}

TEST_CASE("four-word names with a closing period are still names", "[byline]") {
  CHECK(authors("Nguyễn Thị Minh Khai.") == Names{"Nguyễn Thị Minh Khai"});
}

TEST_CASE("a dangling và at the end is not part of a name", "[byline]") {
  CHECK(authors("Thu Hà và") == Names{"Thu Hà"});
}

TEST_CASE("names keep their printed case", "[byline]") {
  CHECK(authors("NHẬT XUÂN - NGHI VŨ") == Names{"NHẬT XUÂN", "NGHI VŨ"});
}

TEST_CASE("whitespace, nbsp and trailing punctuation are cleaned", "[byline]") {
  CHECK(authors("  Thanh\xC2\xA0\xC2\xA0Hoài\r\n–\tAnh Tấn.  ") == Names{"Thanh Hoài", "Anh Tấn"});
  CHECK(authors("Thanh Hoài.") == Names{"Thanh Hoài"});
  CHECK(authors("“Thanh Hoài”") == Names{"Thanh Hoài"});
  CHECK(authors("Thanh\xE2\x80\x8BHoài") == Names{"ThanhHoài"});  // ZWSP is invisible, not a space
}

TEST_CASE("decomposed letters come out composed", "[byline]") {
  // "Hoài" with a combining grave: NFC and NFD spellings are one person.
  CHECK(authors("Thanh Hoa\xCC\x80i - Thanh Hoài") == Names{"Thanh Hoài"});
}

TEST_CASE("the same person twice is listed once", "[byline]") {
  CHECK(authors("Thu Hà - THU HÀ - Lê Nam, Thu  Hà") == Names{"Thu Hà", "Lê Nam"});
}

TEST_CASE("a sentence is not a byline", "[byline][reject]") {
  CHECK(authors("Ông Nguyễn Văn An, Chủ tịch UBND tỉnh cho biết") .empty());
  CHECK(authors("Người dân đổ xô đi mua vàng.").empty());
  CHECK(authors("Ông Nguyễn Văn An").empty());  // prose names people with a title
  CHECK(authors("Người Dân Đổ Xô Mua.").empty());  // a period after five words ends a sentence
  CHECK(authors("Sáng 7/3, 500 người đã tham gia").empty());
  CHECK(authors("Hoàng Anh 2026").empty());  // digits are never in names
  CHECK(authors("Có Thật Không?").empty());
  CHECK(authors("Một Hai Ba Bốn Năm Sáu Bảy").empty());  // more words than a name has
  CHECK(authors("Xem thêm: các tin khác về sự kiện này đang được cập nhật").empty());
}

TEST_CASE("a long paragraph is not a byline", "[byline][reject]") {
  std::string paragraph;
  for (int i = 0; i < 80; ++i) paragraph += "Thanh Hoài ";
  CHECK(parse_byline(paragraph).authors.empty());
}

TEST_CASE("empty or punctuation-only text gives nothing", "[byline][reject]") {
  CHECK(authors("").empty());
  CHECK(authors("   ").empty());
  CHECK(authors(" - , ; : ").empty());
  CHECK(authors("()").empty());
  CHECK_FALSE(parse_byline("").source);
}

TEST_CASE("names are never empty strings", "[byline]") {
  for (const char* text : {"Thu Hà - - Lê Nam", "Thu Hà,,, Lê Nam", "– Thu Hà –", "Thu Hà ( ) Lê Nam"}) {
    INFO(text);
    for (const auto& a : parse_byline(text).authors) CHECK_FALSE(a.empty());
  }
  CHECK(authors("Thu Hà,,, Lê Nam") == Names{"Thu Hà", "Lê Nam"});
}

TEST_CASE("merge keeps first-seen order and drops repeats", "[byline][merge]") {
  Byline footer = parse_byline("Thanh Hoài – Anh Tấn");
  Byline json_ld{{"thanh  hoài", "Lê Nam"}, std::string("TTXVN")};
  merge_byline(footer, json_ld);
  CHECK(footer.authors == Names{"Thanh Hoài", "Anh Tấn", "Lê Nam"});
  CHECK(footer.source == std::optional<std::string>("TTXVN"));
}

TEST_CASE("merge does not replace a source already found", "[byline][merge]") {
  Byline into{{}, std::string("Báo Nghệ An")};
  merge_byline(into, Byline{{"Minh Anh"}, std::string("TTXVN")});
  CHECK(into.source == std::optional<std::string>("Báo Nghệ An"));
  CHECK(into.authors == Names{"Minh Anh"});
}

TEST_CASE("hostile input never crashes the byline parser", "[byline][robust]") {
  std::string junk;
  for (int i = 0; i < 256; ++i) junk.push_back(static_cast<char>(i));
  CHECK_NOTHROW(parse_byline(junk));
  CHECK_NOTHROW(parse_byline("Th\xE1\xBB"));  // cut inside a letter
  CHECK_NOTHROW(parse_byline("((((((((("));
  CHECK_NOTHROW(parse_byline(")))) ]]]"));
  CHECK_NOTHROW(parse_byline(std::string(100000, '(')));
  CHECK_NOTHROW(parse_byline(std::string("Thu\0 Hà", 7)));
  CHECK(authors("Thu H\xFF\xFE" "à") == Names{"Thu Hà"});  // invalid bytes are dropped
  Byline empty;
  merge_byline(empty, Byline{});
  CHECK(empty.authors.empty());
}
