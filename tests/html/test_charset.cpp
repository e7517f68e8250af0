// Tests for decode_html: where the charset comes from (BOM, header, meta,
// sniff) and in which order, the aliases, the decoders' handling of bad
// bytes, NFC and double-encoding repair, the fixture pages, and random
// bytes that must decode to valid UTF-8 without a crash.
#include "html/charset.hpp"
#include "core/unicode.hpp"
#include "support.hpp"

#include <catch2/catch.hpp>

#include <random>
#include <string>

using namespace khobao::html;

namespace {

const std::string kFffd = "\xEF\xBF\xBD";

std::string title_of(const std::string& html) {
  const size_t open = html.find("<title>");
  const size_t close = html.find("</title>");
  if (open == std::string::npos || close == std::string::npos || close < open) return {};
  return html.substr(open + 7, close - open - 7);
}

std::string fixture(const char* name) {
  return khobao::test::read_file(khobao::test::fixtures() / "encoding" / name);
}

std::string first_line(const std::string& s, size_t index) {
  size_t start = 0;
  for (size_t i = 0; i < index; ++i) start = s.find('\n', start) + 1;
  return s.substr(start, s.find('\n', start) - start);
}

// "Thời tiết Hà Tĩnh: Đêm nay mưa nhỏ" in windows-1258 bytes.
const std::string kVietnamese1258 =
    "Th\xF5\xCCi ti\xEA\xECt H\xE0 T\x69\xDEnh: \xD0\xEAm nay m\xFD\x61 nh\x6F\xD2";

}  // namespace

TEST_CASE("charset_from_content_type reads the charset parameter", "[charset]") {
  CHECK(charset_from_content_type("text/html; charset=UTF-8") == "utf-8");
  CHECK(charset_from_content_type("text/html;charset=\"Windows-1258\"") == "windows-1258");
  CHECK(charset_from_content_type("text/html; Charset = 'latin1' ") == "latin1");
  CHECK(charset_from_content_type("text/html; x-charset=koi8; charset=utf8") == "utf8");
  CHECK(charset_from_content_type("text/html") == "");
  CHECK(charset_from_content_type("") == "");
  CHECK(charset_from_content_type("text/html; charset=") == "");
  CHECK(charset_from_content_type("text/html; charset=\"unterminated") == "");
}

TEST_CASE("a BOM beats the header, the header beats meta", "[charset]") {
  SECTION("UTF-8 BOM over a windows-1252 header") {
    const Decoded d = decode_html("\xEF\xBB\xBFxin ch\xC3\xA0o", "text/html; charset=windows-1252");
    CHECK(d.charset == "utf-8");
    CHECK(d.charset_source == "bom");
    CHECK(d.text == "xin chào");  // the BOM itself is gone
  }
  SECTION("UTF-16BE BOM") {
    const Decoded d = decode_html(std::string("\xFE\xFF\x00H\x00\xE0", 6));
    CHECK(d.charset == "utf-16be");
    CHECK(d.charset_source == "bom");
    CHECK(d.text == "Hà");
  }
  SECTION("header over meta") {
    const Decoded d = decode_html("<meta charset=\"utf-8\"><p>Caf\xE9</p>", "text/html; charset=ISO-8859-1");
    CHECK(d.charset == "windows-1252");
    CHECK(d.charset_source == "header");
    CHECK(d.text == "<meta charset=\"utf-8\"><p>Café</p>");
    CHECK(d.invalid_bytes == 0);
  }
  SECTION("an unknown header name falls through to meta") {
    const Decoded d = decode_html("<meta charset=windows-1258><p>" + kVietnamese1258, "text/html; charset=klingon");
    CHECK(d.charset == "windows-1258");
    CHECK(d.charset_source == "meta");
  }
}

TEST_CASE("meta is found by a cheap case-insensitive scan", "[charset]") {
  const auto charset_of = [](const std::string& html) {
    const Decoded d = decode_html(html);
    return d.charset + "/" + d.charset_source;
  };
  const std::string body = "<p>" + kVietnamese1258 + "</p>";
  CHECK(charset_of("<META CHARSET=\"Windows-1258\">" + body) == "windows-1258/meta");
  CHECK(charset_of("<meta charset='cp1258' />" + body) == "windows-1258/meta");
  CHECK(charset_of("<meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1258\">" + body) ==
        "windows-1258/meta");
  CHECK(charset_of("<meta content='text/html;charset=cp1258' HTTP-EQUIV='content-type'>" + body) ==
        "windows-1258/meta");
  // Not meta declarations: these fall to the sniff, which finds Vietnamese.
  CHECK(charset_of("<meta name=\"description\" content=\"charset=utf-8\">" + body) == "windows-1258/sniffed");
  CHECK(charset_of("<!-- <meta charset=\"utf-8\"> -->" + body) == "windows-1258/sniffed");
  CHECK(charset_of("<metadata charset=\"utf-8\">" + body) == "windows-1258/sniffed");
  CHECK(charset_of("<meta charset=\"no-such-set\">" + body) == "windows-1258/sniffed");
  CHECK(charset_of(std::string(4100, ' ') + "<meta charset=\"utf-8\">" + body) == "windows-1258/sniffed");
  // An unknown declaration is skipped for a later one.
  CHECK(charset_of("<meta charset=\"bogus\"><meta charset=\"cp1258\">" + body) == "windows-1258/meta");
  // UTF-16 in a meta that was readable as ASCII means UTF-8.
  CHECK(charset_of("<meta charset=\"utf-16\"><p>Hà</p>") == "utf-8/meta");
  // Unterminated tags and quotes do not run past the end.
  CHECK(charset_of("<meta charset=\"utf-8") == "utf-8/meta");
  CHECK(charset_of("<meta ") == "utf-8/default");
  CHECK(charset_of("<!-- never closed <meta charset=cp1258>") == "utf-8/default");
}

TEST_CASE("charset aliases", "[charset]") {
  const auto charset_for_header = [](const std::string& name) {
    return decode_html("abc", "text/html; charset=" + name).charset;
  };
  CHECK(charset_for_header("utf8") == "utf-8");
  CHECK(charset_for_header("UTF-8") == "utf-8");
  CHECK(charset_for_header("iso-8859-1") == "windows-1252");
  CHECK(charset_for_header("latin1") == "windows-1252");
  CHECK(charset_for_header("us-ascii") == "windows-1252");
  CHECK(charset_for_header("windows-1258") == "windows-1258");
  CHECK(charset_for_header("CP1258") == "windows-1258");
  CHECK(charset_for_header("tcvn") == "tcvn5712-1");
  CHECK(charset_for_header("tcvn3") == "tcvn5712-1");
  CHECK(charset_for_header("vscii") == "tcvn5712-1");
  CHECK(charset_for_header("viscii") == "viscii");
  CHECK(charset_for_header("x-unknown") == "utf-8");  // sniffed instead

  // "Việt Nam đẹp" in TCVN 5712 and in VISCII, through glibc.
  CHECK(decode_html("Vi\xD6t Nam \xAE\xD1p", "text/html; charset=tcvn3").text == "Việt Nam đẹp");
  CHECK(decode_html("Vi\xAEt Nam \xF0\xA9p", "text/html; charset=viscii").text == "Việt Nam đẹp");
}

TEST_CASE("sniffing without a declaration", "[charset]") {
  SECTION("valid UTF-8") {
    const Decoded d = decode_html("<p>Thời tiết</p>");
    CHECK(d.charset == "utf-8");
    CHECK(d.charset_source == "sniffed");
  }
  SECTION("ASCII only: nothing to sniff") {
    const Decoded d = decode_html("<p>hello</p>");
    CHECK(d.charset == "utf-8");
    CHECK(d.charset_source == "default");
  }
  SECTION("UTF-8 cut off at the end is still UTF-8") {
    const Decoded d = decode_html("<p>Thời tiết Hà Tĩnh: Đêm nay mưa nhỏ, sáng mai có mưa ti\xE1\xBA");
    CHECK(d.charset == "utf-8");
    CHECK(d.charset_source == "sniffed");
    CHECK(d.invalid_bytes == 1);
  }
  SECTION("Vietnamese in windows-1258") {
    const Decoded d = decode_html("<p>" + kVietnamese1258 + "</p>");
    CHECK(d.charset == "windows-1258");
    CHECK(d.charset_source == "sniffed");
    CHECK(d.text == "<p>Thời tiết Hà Tĩnh: Đêm nay mưa nhỏ</p>");
  }
  SECTION("anything else is windows-1252") {
    const Decoded d = decode_html("<p>Caf\xE9 cr\xE8me \xE0 la fran\xE7\x61ise</p>");
    CHECK(d.charset == "windows-1252");
    CHECK(d.charset_source == "default");
    CHECK(d.text == "<p>Café crème à la française</p>");
  }
}

TEST_CASE("bad bytes become U+FFFD and are counted", "[charset]") {
  SECTION("UTF-8") {
    const Decoded d = decode_html("a\xC3\x28 b\xFF c\xC0\xAF d\xED\xA0\x80", "text/html; charset=utf-8");
    CHECK(d.text == "a" + kFffd + "( b" + kFffd + " c" + kFffd + kFffd + " d" + kFffd + kFffd + kFffd);
    CHECK(d.invalid_bytes == 7);
  }
  SECTION("UTF-16: lone surrogates and an odd byte") {
    const std::string bytes("\xFF\xFE" "a\x00" "\x00\xD8" "b\x00" "\x00\xDC" "\x3D\xD8\xF0\xDC" "c", 15);
    const Decoded d = decode_html(bytes);
    CHECK(d.text == "a" + kFffd + "b" + kFffd + "📰" + kFffd);
    CHECK(d.invalid_bytes == 3);
  }
  SECTION("windows-1252 reads its five undefined bytes as C1 controls, as browsers do") {
    const Decoded d = decode_html("x\x81y\x80", "text/html; charset=windows-1252");
    CHECK(d.text == "x\xC2\x81y€");
    CHECK(d.invalid_bytes == 0);
  }
  SECTION("windows-1258 keeps order around a byte it does not define") {
    const Decoded d = decode_html("a\x8A\xEC", "text/html; charset=windows-1258");
    CHECK(d.text == "a\xC2\x8A\xCC\x81");
    CHECK(khobao::text::is_valid_utf8(d.text));
  }
}

TEST_CASE("decode_html returns NFC", "[charset]") {
  const Decoded d = decode_html("<p>Nghe\xCC\x82\xCC\xA3 An, Tiê\xCC\x81ng</p>");
  CHECK(d.text == "<p>Nghệ An, Tiếng</p>");
}

TEST_CASE("double encoding is repaired only when the whole text reverses", "[charset]") {
  SECTION("UTF-8 bytes served as windows-1252 read back right") {
    const Decoded d = decode_html("<p>Thời tiết Hà Tĩnh: Đêm nay mưa nhỏ, họ báo “ÁO mưa”</p>",
                                  "text/html; charset=windows-1252");
    CHECK(d.charset == "windows-1252");
    CHECK(d.double_encoded);
    CHECK(d.repaired);
    CHECK(d.text == "<p>Thời tiết Hà Tĩnh: Đêm nay mưa nhỏ, họ báo “ÁO mưa”</p>");
  }
  SECTION("mojibake mixed with real text is flagged, not touched") {
    const std::string mixed = "<p>Th\xC3\xA1\xC2\xBB\xC2\x9Di ti\xC3\xA1\xC2\xBA\xC2\xBFt Hu\xC3\xA1\xC2\xBA\xC2\xBF</p><p>Hà Nội</p>";
    const Decoded d = decode_html(mixed);
    CHECK(d.double_encoded);
    CHECK_FALSE(d.repaired);
    CHECK(d.text == mixed);
  }
  SECTION("ordinary Vietnamese is not double encoded") {
    const Decoded d = decode_html("<p>Thời tiết Hà Tĩnh</p>");
    CHECK_FALSE(d.double_encoded);
    CHECK_FALSE(d.repaired);
  }
}

TEST_CASE("fixture pages", "[charset][fixtures]") {
  SECTION("windows-1258.html") {
    const std::string expected = khobao::test::read_file(
        khobao::test::fixtures() / "encoding" / "windows-1258.utf8.txt");
    const Decoded d = decode_html(fixture("windows-1258.html"));
    CHECK(d.charset == "windows-1258");
    CHECK(d.charset_source == "meta");
    CHECK(d.invalid_bytes == 0);
    CHECK_FALSE(d.double_encoded);
    CHECK(title_of(d.text) == first_line(expected, 0));
    CHECK(d.text.find("<p>" + first_line(expected, 1) + "</p>") != std::string::npos);
    CHECK(d.text == khobao::text::to_nfc(d.text));
  }
  SECTION("nfd.html") {
    const Decoded d = decode_html(fixture("nfd.html"));
    CHECK(d.charset == "utf-8");
    CHECK(d.charset_source == "meta");
    CHECK(d.invalid_bytes == 0);
    CHECK(title_of(d.text) == "Tiếng mưa đêm ở Nghệ An");
    CHECK(d.text.find("<p>Cơn mưa lớn kéo dài suốt đêm khiến nhiều tuyến đường ngập sâu.</p>") != std::string::npos);
    CHECK(d.text.find("alt=\"Đường phố Vinh ngập nước\"") != std::string::npos);
  }
  SECTION("invalid-utf8.html") {
    const Decoded d = decode_html(fixture("invalid-utf8.html"));
    CHECK(d.charset == "utf-8");
    CHECK(d.charset_source == "meta");
    CHECK(d.invalid_bytes == 5);  // C3, FF, C0, AF and the cut-off E1 BA
    CHECK(title_of(d.text) == "Lỗi mã hoá trong trang");
    CHECK(d.text.find("Đoạn một: " + kFffd + "(") != std::string::npos);
    CHECK(d.text.find("Đoạn ba: " + kFffd + kFffd + ".") != std::string::npos);
    CHECK(d.text.ends_with("\n" + kFffd));
    CHECK(khobao::text::is_valid_utf8(d.text));
  }
  SECTION("double-encoded.html") {
    const Decoded d = decode_html(fixture("double-encoded.html"));
    CHECK(d.charset == "utf-8");
    CHECK(d.charset_source == "meta");
    CHECK(d.double_encoded);
    CHECK(d.repaired);
    CHECK(title_of(d.text) == "Thời tiết Hà Tĩnh: Đêm nay mưa nhỏ");
    CHECK(d.text.find("“dự báo” – ÁNH nắng") != std::string::npos);
  }
  SECTION("utf16le-bom.html") {
    const Decoded d = decode_html(fixture("utf16le-bom.html"));
    CHECK(d.charset == "utf-16le");
    CHECK(d.charset_source == "bom");
    CHECK(d.invalid_bytes == 0);
    CHECK(title_of(d.text) == "Bản tin sáng: Cầu Cửa Hội thông xe");
    CHECK(d.text.find("đón tin vui 📰 sáng nay") != std::string::npos);
  }
  SECTION("latin1-header-meta-conflict.html") {
    const std::string bytes = fixture("latin1-header-meta-conflict.html");
    const Decoded d = decode_html(bytes, "text/html; charset=windows-1252");
    CHECK(d.charset == "windows-1252");
    CHECK(d.charset_source == "header");
    CHECK(d.invalid_bytes == 0);
    CHECK_FALSE(d.double_encoded);
    CHECK(title_of(d.text) == "Cà phê sáng – “Café Hà”");
    // Without the header the meta is believed, and the bytes are not UTF-8.
    const Decoded by_meta = decode_html(bytes);
    CHECK(by_meta.charset_source == "meta");
    CHECK(by_meta.invalid_bytes > 0);
  }
}

TEST_CASE("hostile bytes decode to valid UTF-8 without a crash", "[charset]") {
  const char* headers[] = {"",
                           "text/html; charset=utf-8",
                           "text/html; charset=utf-16",
                           "text/html; charset=utf-16be",
                           "text/html; charset=windows-1252",
                           "text/html; charset=windows-1258",
                           "text/html; charset=tcvn3",
                           "text/html; charset=viscii"};
  std::mt19937 random(20260307);
  // Bytes drawn mostly from the interesting ranges: high bytes, '<', BOMs.
  std::uniform_int_distribution<int> length(0, 300), any_byte(0, 255), pick(0, 9);
  for (int round = 0; round < 600; ++round) {
    std::string bytes;
    const int n = length(random);
    for (int i = 0; i < n; ++i) {
      const int kind = pick(random);
      if (kind == 0) bytes += "<meta charset=cp1258>";
      else if (kind == 1) bytes += static_cast<char>(0x80 | (any_byte(random) & 0x3F));
      else bytes += static_cast<char>(any_byte(random));
    }
    if (round % 7 == 0) bytes.insert(0, "\xFF\xFE");
    for (const char* header : headers) {
      const Decoded d = decode_html(bytes, header);
      INFO("round " << round << " header " << header);
      REQUIRE(khobao::text::is_valid_utf8(d.text));
      REQUIRE(d.text == khobao::text::to_nfc(d.text));
      REQUIRE(!d.charset.empty());
    }
    REQUIRE(khobao::text::is_valid_utf8(khobao::text::fold_for_match(bytes)));
    REQUIRE(khobao::text::is_valid_utf8(khobao::text::to_nfc(bytes)));
  }
  for (int b = 0; b < 256; ++b)
    for (const char* header : headers)
      REQUIRE(khobao::text::is_valid_utf8(decode_html(std::string(1, static_cast<char>(b)), header).text));
}
