// Tests for extract/dates: every printed form the sites use, the zones they
// give, and the text that must not be taken for a date.
#include "extract/dates.hpp"

#include <catch2/catch.hpp>

#include <string>

using khobao::extract::find_date;
using khobao::extract::parse_date;

namespace {

// The ISO string, or "none", so a failed parse shows up readably in output.
std::string iso(std::string_view text, int offset = khobao::extract::kVietnamOffsetMinutes) {
  auto d = parse_date(text, offset);
  return d ? d->iso : "none";
}

std::string found(std::string_view text) {
  auto d = find_date(text);
  return d ? d->iso : "none";
}

}  // namespace

TEST_CASE("ISO 8601 keeps the offset the page gives", "[dates]") {
  CHECK(iso("2018-11-26T17:30:00+07:00") == "2018-11-26T17:30:00+07:00");
  CHECK(iso("2025-08-30T01:07:33+0700") == "2025-08-30T01:07:33+07:00");
  CHECK(iso("2025-08-30T01:07:33Z") == "2025-08-30T01:07:33+00:00");
  CHECK(iso("2025-08-30T01:07:33-05:00") == "2025-08-30T01:07:33-05:00");
  CHECK(iso("2025-08-30T01:07:33.123+07:00") == "2025-08-30T01:07:33+07:00");
  CHECK(iso("2025-08-30T01:07+07") == "2025-08-30T01:07:00+07:00");
}

TEST_CASE("a time without a zone is Vietnam's, or the caller's default", "[dates]") {
  CHECK(iso("2026-03-07 08:07") == "2026-03-07T08:07:00+07:00");
  CHECK(iso("2026-03-07T08:07:33") == "2026-03-07T08:07:33+07:00");
  CHECK(iso("2026-03-07 08:07", 0) == "2026-03-07T08:07:00+00:00");
  CHECK(iso("2026-03-07 08:07", -330) == "2026-03-07T08:07:00-05:30");
}

TEST_CASE("a date alone is midnight and says it had no time", "[dates]") {
  auto d = parse_date("2026-03-07");
  REQUIRE(d);
  CHECK(d->iso == "2026-03-07T00:00:00+07:00");
  CHECK_FALSE(d->has_time);
  auto t = parse_date("2026-03-07 08:07");
  REQUIRE(t);
  CHECK(t->has_time);
}

TEST_CASE("RFC 822 dates from feeds", "[dates]") {
  CHECK(iso("Mon, 26 Nov 2018 17:30:00 +0700") == "2018-11-26T17:30:00+07:00");
  CHECK(iso("Mon, 26 Nov 2018 10:30:00 GMT") == "2018-11-26T10:30:00+00:00");
  CHECK(iso("26 Nov 2018 17:30 +0000") == "2018-11-26T17:30:00+00:00");
}

TEST_CASE("Vietnamese day-first forms with weekday and separators", "[dates]") {
  CHECK(iso("Thứ Hai, 26/11/2018 - 17:30") == "2018-11-26T17:30:00+07:00");
  CHECK(iso("Thứ Bảy, 07/03/2026 - 08:52") == "2026-03-07T08:52:00+07:00");
  CHECK(iso("Thứ bảy, 7/3/2026, 00:05 (GMT+7)") == "2026-03-07T00:05:00+07:00");
  CHECK(iso("07/03/2026 08:01 GMT+7") == "2026-03-07T08:01:00+07:00");
  CHECK(iso("26/11/2018 17:30") == "2018-11-26T17:30:00+07:00");
  CHECK(iso("26/11/2018 | 17:30") == "2018-11-26T17:30:00+07:00");
  CHECK(iso("26-11-2018") == "2018-11-26T00:00:00+07:00");
  CHECK(iso("26.11.2018") == "2018-11-26T00:00:00+07:00");
}

TEST_CASE("weekday prefixes in every spelling are ignored", "[dates]") {
  for (const char* prefix : {"Thứ Hai, ", "Thứ hai, ", "THỨ HAI, ", "Thứ 2, ", "Thứ 2 - ", "T2, ",
                             "Chủ nhật, ", "Chủ Nhật | ", "CN, ", "Monday, ", "Mon, "}) {
    INFO(prefix);
    CHECK(iso(std::string(prefix) + "26/11/2018 17:30") == "2018-11-26T17:30:00+07:00");
  }
}

TEST_CASE("decomposed (NFD) weekday still matches", "[dates]") {
  // "Thứ" as T h u + combining horn + combining acute.
  CHECK(iso("Thu\xCC\x9B\xCC\x81 Hai, 26/11/2018 - 17:30") == "2018-11-26T17:30:00+07:00");
}

TEST_CASE("time before the date", "[dates]") {
  CHECK(iso("17:30 26/11/2018") == "2018-11-26T17:30:00+07:00");
  CHECK(iso("17:30, 26/11/2018") == "2018-11-26T17:30:00+07:00");
  CHECK(iso("08:01 GMT+7, 07/03/2026") == "2026-03-07T08:01:00+07:00");
  CHECK(iso("17:30 26/11/2018 (GMT+7)") == "2018-11-26T17:30:00+07:00");
  CHECK(iso("17h30 ngày 26/11/2018") == "2018-11-26T17:30:00+07:00");
}

TEST_CASE("17h30 is how Vietnamese pages write a time", "[dates]") {
  CHECK(iso("26/11/2018 17h30") == "2018-11-26T17:30:00+07:00");
  CHECK(iso("26/11/2018 - 8h") == "2018-11-26T08:00:00+07:00");
  CHECK(iso("26/11/2018 17g30") == "2018-11-26T17:30:00+07:00");
  CHECK(iso("26/11/2018, lúc 17:30") == "2018-11-26T17:30:00+07:00");
}

TEST_CASE("Vietnamese dates in words", "[dates]") {
  CHECK(iso("ngày 7 tháng 3 năm 2026") == "2026-03-07T00:00:00+07:00");
  CHECK(iso("7 tháng 3, 2026") == "2026-03-07T00:00:00+07:00");
  CHECK(iso("NGÀY 7 THÁNG 3 NĂM 2026") == "2026-03-07T00:00:00+07:00");
}

TEST_CASE("English month names, full and short", "[dates]") {
  CHECK(iso("March 7, 2026") == "2026-03-07T00:00:00+07:00");
  CHECK(iso("7 March 2026") == "2026-03-07T00:00:00+07:00");
  CHECK(iso("Mar 7, 2026") == "2026-03-07T00:00:00+07:00");
  CHECK(iso("Mar. 7 2026") == "2026-03-07T00:00:00+07:00");
  CHECK(iso("Sept 7, 2026") == "2026-09-07T00:00:00+07:00");
  CHECK(iso("March 7th, 2026") == "2026-03-07T00:00:00+07:00");
  CHECK(iso("december 31 2026") == "2026-12-31T00:00:00+07:00");
}

TEST_CASE("AM/PM on a 12-hour clock", "[dates]") {
  CHECK(iso("March 7, 2026 8:01 AM") == "2026-03-07T08:01:00+07:00");
  CHECK(iso("March 7, 2026 8:01 PM") == "2026-03-07T20:01:00+07:00");
  CHECK(iso("March 7, 2026 12:05 AM") == "2026-03-07T00:05:00+07:00");
  CHECK(iso("March 7, 2026 12:05 p.m.") == "2026-03-07T12:05:00+07:00");
  CHECK(iso("March 7, 2026 13:05 PM") == "none");
}

TEST_CASE("named zones map to their offsets, unknown ones fall back", "[dates]") {
  CHECK(iso("Updated: March 7, 2026 8:01 AM EST") == "2026-03-07T08:01:00-05:00");
  CHECK(iso("March 7, 2026 8:01 AM EDT") == "2026-03-07T08:01:00-04:00");
  CHECK(iso("March 7, 2026 8:01 PST") == "2026-03-07T08:01:00-08:00");
  CHECK(iso("7 March 2026 08:01 BST") == "2026-03-07T08:01:00+01:00");
  CHECK(iso("7 March 2026 08:01 CEST") == "2026-03-07T08:01:00+02:00");
  CHECK(iso("7 March 2026 08:01 CET") == "2026-03-07T08:01:00+01:00");
  CHECK(iso("7 March 2026 08:01 UTC") == "2026-03-07T08:01:00+00:00");
  CHECK(iso("7 March 2026 08:01 AEST") == "2026-03-07T08:01:00+07:00");
}

TEST_CASE("a label before the date is skipped", "[dates]") {
  CHECK(iso("Cập nhật: 07/03/2026 08:01") == "2026-03-07T08:01:00+07:00");
  CHECK(iso("Ngày đăng: Thứ bảy, 07/03/2026") == "2026-03-07T00:00:00+07:00");
}

TEST_CASE("nbsp and stray whitespace around the parts", "[dates]") {
  CHECK(iso("  Thứ\xC2\xA0hai,\xC2\xA0" "26/11/2018\xC2\xA0-\xC2\xA0" "17:30 \r\n") ==
        "2018-11-26T17:30:00+07:00");
}

TEST_CASE("leap years decide 29 February", "[dates][invalid]") {
  CHECK(iso("29/02/2024") == "2024-02-29T00:00:00+07:00");
  CHECK(iso("29/02/2000") == "2000-02-29T00:00:00+07:00");
  CHECK(iso("29/02/2026") == "none");
  CHECK(iso("29/02/1900") == "none");
}

TEST_CASE("impossible dates and times are refused, not wrapped", "[dates][invalid]") {
  CHECK(iso("31/02/2026") == "none");
  CHECK(iso("31/04/2026") == "none");
  CHECK(iso("00/01/2026") == "none");
  CHECK(iso("12/13/2026") == "none");  // day first: there is no 13th month
  CHECK(iso("2026-13-01") == "none");
  CHECK(iso("26/11/2018 25:00") == "none");
  CHECK(iso("26/11/2018 24:00") == "none");
  CHECK(iso("26/11/2018 17:60") == "none");
  CHECK(iso("2018-11-26T17:30:61") == "none");
  CHECK(iso("February 30, 2026") == "none");
  CHECK(iso("2018-11-26T17:30:00+25:00") == "none");
}

TEST_CASE("two-digit years and mixed separators are not dates", "[dates][invalid]") {
  CHECK(iso("26/11/18") == "none");
  CHECK(iso("26/11-2018") == "none");
  CHECK(iso("26/11/20185") == "none");
}

TEST_CASE("text that is not a date", "[dates][invalid]") {
  CHECK(iso("") == "none");
  CHECK(iso("   ") == "none");
  CHECK(iso("hôm qua") == "none");
  CHECK(iso("17:30") == "none");
  CHECK(iso("Thứ Hai") == "none");
  CHECK(iso("2026") == "none");
  CHECK(iso("May the force") == "none");
  CHECK(iso("26/11/2018 rồi sao") == "none");  // parse_date takes a whole string
}

TEST_CASE("find_date takes the first date in running text, with its time", "[dates][find]") {
  CHECK(found("Cập nhật: 07/03/2026 08:01 GMT+7 | 120 lượt xem") == "2026-03-07T08:01:00+07:00");
  CHECK(found("Đăng lúc 17h30 ngày 26/11/2018 bởi BTV") == "2018-11-26T17:30:00+07:00");
  CHECK(found("Posted on March 7, 2026 at 8:01 PM by staff") == "2026-03-07T20:01:00+07:00");
  CHECK(found("(Báo Nghệ An) - Ngày 7 tháng 3 năm 2026, tỉnh ...") == "2026-03-07T00:00:00+07:00");
  CHECK(found("published 2025-08-30T01:07:33+0700.") == "2025-08-30T01:07:33+07:00");
}

TEST_CASE("find_date without a time says so", "[dates][find]") {
  auto d = find_date("Hà Nội, 26/11/2018 - Sáng nay, 5 người bị thương");
  REQUIRE(d);
  CHECK(d->iso == "2018-11-26T00:00:00+07:00");
  CHECK_FALSE(d->has_time);
}

TEST_CASE("find_date skips impossible dates and non-dates before a real one", "[dates][find]") {
  CHECK(found("Phiên bản 1.2.3, IP 192.168.1.1, hạn 31/02/2026, đăng 01/03/2026") ==
        "2026-03-01T00:00:00+07:00");
  CHECK(found("Mayor said 5 people came") == "none");
  CHECK(found("Giá 12.500 đồng, giảm 3% so với 2025") == "none");
  CHECK(found("") == "none");
}

TEST_CASE("a signed number after a bare date is not its zone", "[dates][find]") {
  CHECK(found("26/11/2018 +3 điểm") == "2018-11-26T00:00:00+07:00");
  CHECK(found("26/11/2018 - 5 người") == "2018-11-26T00:00:00+07:00");
}

TEST_CASE("hostile input never crashes the date scanners", "[dates][robust]") {
  std::string junk;
  for (int i = 0; i < 256; ++i) junk.push_back(static_cast<char>(i));
  CHECK_NOTHROW(parse_date(junk));
  CHECK_NOTHROW(find_date(junk));
  std::string truncated_utf8 = "Th\xE1\xBB";  // cut inside "ứ"
  CHECK(iso(truncated_utf8) == "none");
  CHECK(found(truncated_utf8) == "none");
  std::string long_digits(100000, '9');
  CHECK(found(long_digits + "/1/2026") == "none");
  std::string many_dates;
  for (int i = 0; i < 5000; ++i) many_dates += "1/1/1 - - 17:";
  CHECK(found(many_dates) == "none");
  CHECK(iso("26/11/2018 17:") == "none");
  CHECK(iso("26/11/2018T") == "none");
  CHECK(iso("2018-11-26T17:30+") == "none");
  CHECK(iso("7 March 2026 08:01 (GMT+7") == "none");
  CHECK(iso(std::string("26/11/2018\0 17:30", 16)) == "none");
}
