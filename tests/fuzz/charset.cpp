// Fuzz target: turning a page's bytes into text (charset from header, BOM,
// <meta> or sniffing; iconv; double-encoding repair) and the UTF-8 helpers
// every other reader relies on to keep the archive valid UTF-8.
#include "fuzz/fuzz_check.hpp"

#include "html/charset.hpp"

namespace khobao::fuzz {

namespace {

// A header to decode with, picked by the input's length so that every header
// meets every kind of body without a second run per input.
std::string_view content_type_for(std::string_view bytes) {
  static constexpr std::string_view kTypes[] = {"", "text/html; charset=utf-8", "text/html; charset=windows-1258",
                                                "text/html; charset=iso-8859-1", "text/html; charset=utf-16le"};
  return kTypes[bytes.size() % std::size(kTypes)];
}

void check_unicode_helpers(std::string_view bytes) {
  size_t replaced = 0;
  std::string repaired = khobao::text::repair_utf8(bytes, &replaced);
  check_utf8(repaired, "repair_utf8");
  check((replaced == 0) == khobao::text::is_valid_utf8(bytes), "repair_utf8 counts replacements in valid text");
  if (replaced == 0) check(repaired == bytes, "repair_utf8 changed valid text");

  std::string nfc = khobao::text::to_nfc(repaired);
  check_utf8(nfc, "to_nfc");
  check(khobao::text::to_nfc(nfc) == nfc, "to_nfc is not idempotent");
  check_utf8(khobao::text::fold_for_match(repaired), "fold_for_match");
  khobao::text::looks_double_encoded(repaired);
  check_utf8(khobao::text::undo_double_encoding(repaired), "undo_double_encoding");
}

}  // namespace

void fuzz_charset(std::string_view bytes) {
  html::Decoded d = html::decode_html(bytes, content_type_for(bytes));
  check_utf8(d.text, "decode_html");
  check(khobao::text::to_nfc(d.text) == d.text, "decode_html's text is not NFC");
  check(!d.charset.empty(), "decode_html names no charset");
  html::charset_from_content_type(bytes.substr(0, 256));
  check_unicode_helpers(bytes);
}

}  // namespace khobao::fuzz
