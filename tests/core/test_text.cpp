// The ASCII helpers every module shares (core/text.hpp).
#include "core/text.hpp"

#include <catch2/catch.hpp>

using namespace khobao::text;

TEST_CASE("ASCII case: only A-Z change, UTF-8 bytes stay", "[core][text]") {
  CHECK(ascii_lower("Content-TYPE: Đà Nẵng") == "content-type: Đà nẵng");  // Đ is not ASCII
  CHECK(ascii_lower('Q') == 'q');
  CHECK(ascii_lower('\xC4') == '\xC4');
  CHECK(iequals("ETag", "etag"));
  CHECK_FALSE(iequals("etag", "etags"));
  CHECK(starts_with_ci("<META charset", "<meta"));
  CHECK(starts_with_ci("ab<SVG", 2, "<svg"));
  CHECK_FALSE(starts_with_ci("ab", 3, ""));  // past the end: false, no throw
  CHECK(starts_with_ci("ab", 2, ""));
}

TEST_CASE("trims: white space and controls, or space and tab only", "[core][text]") {
  CHECK(trim_ascii(" \t\x01value\r\n") == "value");
  CHECK(trim_ascii("   ").empty());
  // robots.txt and HTTP values keep a control byte: it is part of the value.
  CHECK(trim_space_tab(" \t/\x01 ") == "/\x01");
  CHECK(is_ascii_space('\f'));
  CHECK_FALSE(is_ascii_space('\v'));
}

TEST_CASE("hex digits", "[core][text]") {
  CHECK(hex_value('0') == 0);
  CHECK(hex_value('a') == 10);
  CHECK(hex_value('F') == 15);
  CHECK(hex_value('g') == -1);
  CHECK(hex_value('\xFF') == -1);
}
