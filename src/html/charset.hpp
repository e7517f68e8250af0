// Turning the bytes of a page into valid UTF-8: the character set from the
// HTTP header, a BOM, <meta charset> / <meta http-equiv>, else sniffed;
// legacy sets (windows-1258, windows-1252, ...) through iconv.
#pragma once

#include <string>
#include <string_view>

namespace khobao::html {

struct Decoded {
  std::string text;            // valid UTF-8, NFC
  std::string charset;         // the charset used, lower-case ("utf-8", "windows-1258")
  std::string charset_source;  // "header", "bom", "meta", "sniffed" or "default"
  size_t invalid_bytes = 0;    // invalid byte sequences in `charset`, each replaced by one U+FFFD
  bool double_encoded = false; // the text was UTF-8 encoded twice ("Ã¡", "á»") ...
  bool repaired = false;       // ... and was repaired; false with double_encoded: could not be
};

// The charset named by a Content-Type value ("text/html; charset=UTF-8"),
// lower-case, or "" when none is given.
std::string charset_from_content_type(std::string_view content_type);

// Decodes `bytes`. `content_type` is the HTTP header's value, or "".
// Unknown charset names fall back to sniffing; never throws on bad input.
Decoded decode_html(std::string_view bytes, std::string_view content_type = {});

}  // namespace khobao::html
