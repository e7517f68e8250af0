// Tests for the UTF-8 helpers: strict validation, repair, NFC (with its fast
// path checked against utf8proc for every code point), match folding and
// double-encoding detection and reversal.
#include "core/unicode.hpp"

#include <catch2/catch.hpp>
#include <utf8proc.h>

#include <cstdlib>
#include <memory>
#include <string>

using namespace khobao::text;

namespace {

std::string utf8_of(char32_t cp) {
  std::string out;
  khobao::text::append_utf8(out, cp);
  return out;
}

// utf8proc's NFC without any fast path, as the reference.
std::string reference_nfc(const std::string& s) {
  utf8proc_uint8_t* raw = nullptr;
  const auto n = utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(s.data()),
                              static_cast<utf8proc_ssize_t>(s.size()), &raw,
                              static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_COMPOSE));
  std::unique_ptr<utf8proc_uint8_t, decltype(&std::free)> owned(raw, &std::free);
  return n < 0 ? std::string() : std::string(reinterpret_cast<const char*>(raw), static_cast<size_t>(n));
}

const std::string kFffd = "\xEF\xBF\xBD";

}  // namespace

TEST_CASE("is_valid_utf8 accepts UTF-8 and rejects every malformed kind", "[unicode]") {
  CHECK(khobao::text::is_valid_utf8(""));
  CHECK(khobao::text::is_valid_utf8("plain ascii"));
  CHECK(khobao::text::is_valid_utf8("Thời tiết Hà Tĩnh 📰"));
  CHECK(khobao::text::is_valid_utf8(std::string("nul\0inside", 10)));
  CHECK(khobao::text::is_valid_utf8("\xF4\x8F\xBF\xBF"));  // U+10FFFF, the last one

  CHECK_FALSE(khobao::text::is_valid_utf8("\xC3\x28"));          // lead without continuation
  CHECK_FALSE(khobao::text::is_valid_utf8("\xFF"));              // never valid
  CHECK_FALSE(khobao::text::is_valid_utf8("\x80"));              // stray continuation
  CHECK_FALSE(khobao::text::is_valid_utf8("\xC0\xAF"));          // overlong '/'
  CHECK_FALSE(khobao::text::is_valid_utf8("\xE0\x80\xAF"));      // overlong, 3 bytes
  CHECK_FALSE(khobao::text::is_valid_utf8("\xF0\x80\x80\xAF"));  // overlong, 4 bytes
  CHECK_FALSE(khobao::text::is_valid_utf8("\xED\xA0\x80"));      // surrogate U+D800
  CHECK_FALSE(khobao::text::is_valid_utf8("\xED\xBF\xBF"));      // surrogate U+DFFF
  CHECK_FALSE(khobao::text::is_valid_utf8("\xF4\x90\x80\x80"));  // U+110000
  CHECK_FALSE(khobao::text::is_valid_utf8("\xF5\x80\x80\x80"));
  CHECK_FALSE(khobao::text::is_valid_utf8("ti\xE1\xBA"));        // cut off at the end
}

TEST_CASE("repair_utf8 replaces each bad sequence with one U+FFFD", "[unicode]") {
  size_t replaced = 99;
  CHECK(khobao::text::repair_utf8("Hà Nội", &replaced) == "Hà Nội");
  CHECK(replaced == 0);

  CHECK(khobao::text::repair_utf8("a\xC3\x28z", &replaced) == "a" + kFffd + "(z");
  CHECK(replaced == 1);
  CHECK(khobao::text::repair_utf8("\xFF", &replaced) == kFffd);
  CHECK(replaced == 1);
  // C0 can never start a sequence, so the overlong is two bad bytes.
  CHECK(khobao::text::repair_utf8("\xC0\xAF", &replaced) == kFffd + kFffd);
  CHECK(replaced == 2);
  // ED A0 is where surrogates begin: ED alone is the bad subpart, then A0, 80.
  CHECK(khobao::text::repair_utf8("\xED\xA0\x80", &replaced) == kFffd + kFffd + kFffd);
  CHECK(replaced == 3);
  // A truncated sequence is one bad sequence, wherever it stops.
  CHECK(khobao::text::repair_utf8("ti\xE1\xBA", &replaced) == "ti" + kFffd);
  CHECK(replaced == 1);
  CHECK(khobao::text::repair_utf8("\xE1\xBA" "a", &replaced) == kFffd + "a");
  CHECK(replaced == 1);
  CHECK(khobao::text::repair_utf8("\xF4\x90\x80\x80", &replaced) == kFffd + kFffd + kFffd + kFffd);
  CHECK(replaced == 4);

  CHECK(khobao::text::repair_utf8("\xFF\xFE") == kFffd + kFffd);  // the count is optional
}

TEST_CASE("to_nfc composes Vietnamese and leaves NFC alone", "[unicode]") {
  CHECK(khobao::text::to_nfc("a\xCC\x81") == "á");
  CHECK(khobao::text::to_nfc("ô\xCC\x83") == "ỗ");
  CHECK(khobao::text::to_nfc("Tiê\xCC\x81ng") == "Tiếng");  // precomposed ê + combining acute
  CHECK(khobao::text::to_nfc("a\xCC\xA3\xCC\x82") == "ậ");   // marks in either order
  CHECK(khobao::text::to_nfc("a\xCC\x82\xCC\xA3") == "ậ");
  CHECK(khobao::text::to_nfc("Nghe\xCC\x82\xCC\xA3 An") == "Nghệ An");
  CHECK(khobao::text::to_nfc("D\xCC\x9B") == "D\xCC\x9B");   // no precomposed form: unchanged

  const std::string nfc = "Thời tiết Hà Tĩnh: mưa dông, đường ngập";
  CHECK(khobao::text::to_nfc(nfc) == nfc);
  CHECK(khobao::text::to_nfc("") == "");
  CHECK(khobao::text::to_nfc("ascii only") == "ascii only");

  // Not Vietnamese, but the fast path must not skip them.
  CHECK(khobao::text::to_nfc("\xE2\x84\xAB") == "Å");                       // U+212B ANGSTROM SIGN
  CHECK(khobao::text::to_nfc("\xE1\x84\x80\xE1\x85\xA1") == "가");          // Hangul jamo
  CHECK(khobao::text::to_nfc("\xE0\xA7\x87\xE0\xA6\xBE") == "\xE0\xA7\x8B");  // Bengali, ccc 0 second

  // Invalid input still comes out valid.
  CHECK(khobao::text::is_valid_utf8(khobao::text::to_nfc("a\xCC\x81\xFF")));
}

TEST_CASE("to_nfc agrees with utf8proc on every single code point", "[unicode]") {
  // The fast path decides per code point; a wrong decision would show here
  // as a code point returned unchanged that NFC changes.
  size_t disagreements = 0;
  for (char32_t cp = 0x80; cp <= 0x10FFFF; ++cp) {
    if (cp >= 0xD800 && cp <= 0xDFFF) continue;
    const std::string s = utf8_of(cp);
    if (khobao::text::to_nfc(s) != s) continue;  // went through utf8proc: right by construction
    if (reference_nfc(s) != s) {
      ++disagreements;
      UNSCOPED_INFO("U+" << std::hex << static_cast<unsigned>(cp));
    }
  }
  CHECK(disagreements == 0);
}

TEST_CASE("fold_for_match lowers, strips marks and turns đ into d", "[unicode]") {
  CHECK(khobao::text::fold_for_match("Đảng") == "dang");
  CHECK(khobao::text::fold_for_match("Thạch Hà") == "thach ha");
  CHECK(khobao::text::fold_for_match("ĐƯỜNG PHỐ") == "duong pho");
  CHECK(khobao::text::fold_for_match("đồng") == "dong");
  CHECK(khobao::text::fold_for_match("Nghe\xCC\x82\xCC\xA3 An") == "nghe an");  // NFD in, same result
  CHECK(khobao::text::fold_for_match("Hello World") == "hello world");
  CHECK(khobao::text::fold_for_match("") == "");
  CHECK(khobao::text::is_valid_utf8(khobao::text::fold_for_match("Đ\xFF\xC0")));
}

TEST_CASE("looks_double_encoded finds mojibake, not Vietnamese", "[unicode]") {
  CHECK(khobao::text::looks_double_encoded("Th\xC3\xA1\xC2\xBB\xC2\x9Di ti\xC3\xA1\xC2\xBA\xC2\xBFt"));  // Thời tiết
  CHECK(khobao::text::looks_double_encoded("H\xC3\x83\xC2\xA0 T\xC3\x84\xC2\xA9nh: \xC3\x84\xC2\x90\xC3\x83\xC2\xAAm nay"));  // Hà Tĩnh: Đêm nay

  CHECK_FALSE(khobao::text::looks_double_encoded(""));
  CHECK_FALSE(khobao::text::looks_double_encoded("ascii text"));
  CHECK_FALSE(khobao::text::looks_double_encoded("Thời tiết Hà Tĩnh: mưa dông, đường ngập"));
  CHECK_FALSE(khobao::text::looks_double_encoded("Café crème à la française"));
  CHECK_FALSE(khobao::text::looks_double_encoded("Chữ Ã viết hoa trong tên riêng ÃNH"));
  CHECK_FALSE(khobao::text::looks_double_encoded("Ä‘"));  // a single pair is not enough
  // A real paragraph with one accidental pair stays real.
  CHECK_FALSE(khobao::text::looks_double_encoded(
      "Những ngày đầu tháng Năm, bà con nông dân ở huyện Thạch Hà tranh thủ "
      "nắng ráo để thu hoạch lúa (ký hiệu Ã©, Ã¡ trong bảng mã cũ)."));
}

TEST_CASE("undo_double_encoding reverses one level through windows-1252", "[unicode]") {
  CHECK(khobao::text::undo_double_encoding("Th\xC3\xA1\xC2\xBB\xC2\x9Di ti\xC3\xA1\xC2\xBA\xC2\xBFt") == "Thời tiết");
  CHECK(khobao::text::undo_double_encoding("Ä‘") == "đ");
  CHECK(khobao::text::undo_double_encoding("Ã¡") == "á");
  CHECK(khobao::text::undo_double_encoding("â€œtinâ€\xC2\x9D") == "“tin”");  // U+20AC, U+0153 and U+009D
  CHECK(khobao::text::undo_double_encoding("plain") == "plain");

  CHECK(khobao::text::undo_double_encoding("Ã") == "");          // C3 alone is not UTF-8
  CHECK(khobao::text::undo_double_encoding("Ã¡ Thời") == "");     // ờ has no windows-1252 byte
  CHECK(khobao::text::undo_double_encoding("Ã¡\xFF") == "");      // invalid input
}

TEST_CASE("without_controls leaves letters, tabs and newlines, and replaces every control", "[unicode]") {
  CHECK(khobao::text::without_controls("Tiêu đề\tmột\nhai") == "Tiêu đề\tmột\nhai");
  // ESC (CSI and OSC), BEL, CR, NUL, DEL, and C1 CSI (U+009B) as UTF-8.
  CHECK(khobao::text::without_controls(std::string("a\x1b[31mb\x1b]0;t\x07" "c\r\0d\x7f" "e\xc2\x9b" "f", 22)) ==
        "a\xEF\xBF\xBD[31mb\xEF\xBF\xBD]0;t\xEF\xBF\xBD" "c\xEF\xBF\xBD\xEF\xBF\xBD" "d\xEF\xBF\xBD" "e\xEF\xBF\xBD" "f");
  // U+00A0 (no-break space) shares the lead byte 0xC2 with C1 and stays.
  CHECK(khobao::text::without_controls("a\xc2\xa0" "b") == "a\xc2\xa0" "b");
}
