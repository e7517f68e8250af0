// Turning the bytes of a page into valid NFC UTF-8. The charset comes from
// a BOM, the HTTP header, a <meta> in the first 4096 bytes, or a sniff, in
// that order of trust; UTF-8 and UTF-16 are decoded here, legacy sets
// through glibc iconv. Pages are hostile input: every byte sequence decodes
// to something, bad ones to U+FFFD, and nothing throws.
#include "html/charset.hpp"

#include "core/text.hpp"
#include "core/unicode.hpp"

#include <iconv.h>

#include <array>
#include <cerrno>
#include <memory>
#include <optional>
#include <type_traits>
#include <utility>

namespace khobao::html {

namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD
constexpr size_t kMetaScanBytes = 4096;

// ---- small text helpers -------------------------------------------------


// A value that may be quoted; an unterminated quote yields "", since the
// rest of the line is then not a charset name.
std::string_view unquote(std::string_view s) {
  if (s.empty() || (s.front() != '"' && s.front() != '\'')) return s;
  const size_t close = s.find(s.front(), 1);
  return close == std::string_view::npos ? std::string_view() : s.substr(1, close - 1);
}


// ---- charset names --------------------------------------------------------

struct CharsetLabel {
  std::string_view label;    // as pages and servers write it, lower-case
  std::string_view charset;  // the name we report
};

// latin-1 and us-ascii read as windows-1252, as browsers do: pages that say
// so use the 0x80-0x9F punctuation anyway. "tcvn3"/"vscii" are TCVN 5712,
// which glibc calls TCVN5712-1; VISCII is a different set.
constexpr std::array kLabels{
    CharsetLabel{"utf-8", "utf-8"},          CharsetLabel{"utf8", "utf-8"},
    CharsetLabel{"unicode-1-1-utf-8", "utf-8"},
    CharsetLabel{"utf-16", "utf-16le"},      CharsetLabel{"utf-16le", "utf-16le"},
    CharsetLabel{"utf16", "utf-16le"},       CharsetLabel{"utf16le", "utf-16le"},
    CharsetLabel{"utf-16be", "utf-16be"},    CharsetLabel{"utf16be", "utf-16be"},
    CharsetLabel{"windows-1252", "windows-1252"}, CharsetLabel{"cp1252", "windows-1252"},
    CharsetLabel{"x-cp1252", "windows-1252"},     CharsetLabel{"iso-8859-1", "windows-1252"},
    CharsetLabel{"iso8859-1", "windows-1252"},    CharsetLabel{"iso_8859-1", "windows-1252"},
    CharsetLabel{"latin1", "windows-1252"},       CharsetLabel{"latin-1", "windows-1252"},
    CharsetLabel{"l1", "windows-1252"},           CharsetLabel{"us-ascii", "windows-1252"},
    CharsetLabel{"ascii", "windows-1252"},        CharsetLabel{"windows-1258", "windows-1258"},
    CharsetLabel{"cp1258", "windows-1258"},       CharsetLabel{"x-cp1258", "windows-1258"},
    CharsetLabel{"tcvn", "tcvn5712-1"},           CharsetLabel{"tcvn3", "tcvn5712-1"},
    CharsetLabel{"tcvn-3", "tcvn5712-1"},         CharsetLabel{"tcvn5712-1", "tcvn5712-1"},
    CharsetLabel{"tcvn-5712", "tcvn5712-1"},      CharsetLabel{"vscii", "tcvn5712-1"},
    CharsetLabel{"viscii", "viscii"},
};

// The charset a label names, or "" for a name we do not know.
std::string_view charset_for_label(std::string_view label) {
  const std::string key = text::ascii_lower(text::trim_ascii(label));
  for (const auto& entry : kLabels)
    if (entry.label == key) return entry.charset;
  return {};
}

// iconv's name for a legacy charset; "" for the ones decoded here.
const char* iconv_name(std::string_view charset) {
  if (charset == "windows-1252") return "WINDOWS-1252";
  if (charset == "windows-1258") return "WINDOWS-1258";
  if (charset == "tcvn5712-1") return "TCVN5712-1";
  if (charset == "viscii") return "VISCII";
  return "";
}

// ---- BOM and <meta> -------------------------------------------------------

struct ByteOrderMark {
  std::string_view charset;
  size_t length = 0;
};

std::optional<ByteOrderMark> find_bom(std::string_view bytes) {
  if (bytes.substr(0, 3) == "\xEF\xBB\xBF") return ByteOrderMark{"utf-8", 3};
  if (bytes.substr(0, 2) == "\xFF\xFE") return ByteOrderMark{"utf-16le", 2};
  if (bytes.substr(0, 2) == "\xFE\xFF") return ByteOrderMark{"utf-16be", 2};
  return std::nullopt;
}

// The loose search HTML uses on <meta content>: "charset", optional
// spaces, "=", then a quoted or bare value.
std::string_view charset_in_meta_content(std::string_view content) {
  const std::string lowered = text::ascii_lower(content);
  for (size_t at = 0; (at = lowered.find("charset", at)) != std::string::npos;) {
    at += 7;
    size_t i = at;
    while (i < content.size() && text::is_ascii_space(content[i])) ++i;
    if (i >= content.size() || content[i] != '=') continue;
    ++i;
    while (i < content.size() && text::is_ascii_space(content[i])) ++i;
    if (i >= content.size()) return {};
    if (content[i] == '"' || content[i] == '\'') return unquote(content.substr(i));
    size_t end = i;
    while (end < content.size() && !text::is_ascii_space(content[end]) && content[end] != ';') ++end;
    return content.substr(i, end - i);
  }
  return {};
}

struct MetaAttributes {
  std::string charset;
  std::string http_equiv;
  std::string content;
};

// Reads the attributes of a tag from `at` (just past "<meta") to its '>';
// returns where scanning should continue.
size_t read_meta_attributes(std::string_view s, size_t at, MetaAttributes& out) {
  size_t i = at;
  while (i < s.size()) {
    while (i < s.size() && (text::is_ascii_space(s[i]) || s[i] == '/')) ++i;
    if (i >= s.size() || s[i] == '>') break;
    const size_t name_start = i;
    while (i < s.size() && !text::is_ascii_space(s[i]) && s[i] != '=' && s[i] != '>' && s[i] != '/') ++i;
    const std::string name = text::ascii_lower(s.substr(name_start, i - name_start));
    while (i < s.size() && text::is_ascii_space(s[i])) ++i;
    std::string_view value;
    if (i < s.size() && s[i] == '=') {
      ++i;
      while (i < s.size() && text::is_ascii_space(s[i])) ++i;
      if (i < s.size() && (s[i] == '"' || s[i] == '\'')) {
        const char quote = s[i];
        const size_t close = s.find(quote, i + 1);
        const size_t end = close == std::string_view::npos ? s.size() : close;
        value = s.substr(i + 1, end - i - 1);
        i = end + 1;
      } else {
        const size_t value_start = i;
        while (i < s.size() && !text::is_ascii_space(s[i]) && s[i] != '>') ++i;
        value = s.substr(value_start, i - value_start);
      }
    }
    if (name == "charset") out.charset = value;
    else if (name == "http-equiv") out.http_equiv = value;
    else if (name == "content") out.content = value;
  }
  return i + 1;
}

// The charset of the first <meta> in `head` that names one we know, as the
// HTML prescan does it, only cheaper: comments are skipped, nothing parsed.
std::string_view charset_from_meta(std::string_view head) {
  for (size_t i = 0; i < head.size();) {
    if (head.compare(i, 4, "<!--") == 0) {
      const size_t close = head.find("-->", i + 4);
      if (close == std::string_view::npos) break;
      i = close + 3;
      continue;
    }
    const bool meta_tag = text::starts_with_ci(head, i, "<meta") && i + 5 < head.size() &&
                          (text::is_ascii_space(head[i + 5]) || head[i + 5] == '/');
    if (!meta_tag) {
      ++i;
      continue;
    }
    MetaAttributes attributes;
    i = read_meta_attributes(head, i + 5, attributes);
    std::string_view label = attributes.charset;
    if (label.empty() && text::ascii_lower(text::trim_ascii(attributes.http_equiv)) == "content-type")
      label = charset_in_meta_content(attributes.content);
    const std::string_view charset = charset_for_label(label);
    // A page whose <meta> could be read as ASCII is not UTF-16, whatever it says.
    if (charset.starts_with("utf-16")) return "utf-8";
    if (!charset.empty()) return charset;
  }
  return {};
}

// ---- sniffing ---------------------------------------------------------------

bool is_1258_tone_mark(unsigned char b) {
  return b == 0xCC || b == 0xEC || b == 0xD2 || b == 0xDE || b == 0xF2;
}

bool is_1258_vowel(unsigned char b) {
  switch (text::ascii_lower(static_cast<char>(b))) {
    case 'a': case 'e': case 'i': case 'o': case 'u': case 'y': return true;
    default: break;
  }
  // Â Ă Ê Ô Ơ Ư and their small letters, which take tone marks in 1258.
  switch (b) {
    case 0xC2: case 0xC3: case 0xCA: case 0xD4: case 0xD5: case 0xDD:
    case 0xE2: case 0xE3: case 0xEA: case 0xF4: case 0xF5: case 0xFD: return true;
    default: return false;
  }
}

// windows-1258 writes most tones as a combining byte after a vowel
// (0xCC 0xEC 0xD2 0xDE 0xF2); in windows-1252 those are Ì ì Ò Þ ò, which
// rarely follow a vowel. Vietnamese text is full of such pairs.
bool looks_vietnamese_in_1258(std::string_view bytes) {
  size_t high_bytes = 0, toned_vowels = 0;
  for (size_t i = 0; i < bytes.size(); ++i) {
    const auto b = static_cast<unsigned char>(bytes[i]);
    if (b < 0x80) continue;
    ++high_bytes;
    if (i > 0 && is_1258_tone_mark(b) && is_1258_vowel(static_cast<unsigned char>(bytes[i - 1])))
      ++toned_vowels;
  }
  return toned_vowels >= 2 && toned_vowels * 5 >= high_bytes;
}

struct CharsetChoice {
  std::string_view charset;
  std::string_view source;
};

// With nothing declared: UTF-8 when the bytes are UTF-8 (allowing a few bad
// sequences among many good ones: a cut-off tail, a stray byte), then
// windows-1258 for Vietnamese, else windows-1252. "default" marks a guess
// the bytes did not support (ASCII only, or nothing recognisable).
CharsetChoice sniff_charset(std::string_view bytes) {
  size_t invalid = 0;
  const std::string as_utf8 = text::repair_utf8(bytes, &invalid);
  size_t non_ascii = 0;  // characters, counting each U+FFFD as one
  for (char c : as_utf8)
    if (static_cast<unsigned char>(c) >= 0xC0) ++non_ascii;
  const size_t good_multibyte = non_ascii - invalid;
  if (invalid == 0) return {"utf-8", non_ascii == 0 ? "default" : "sniffed"};
  if (good_multibyte >= 8 * invalid) return {"utf-8", "sniffed"};
  if (looks_vietnamese_in_1258(bytes)) return {"windows-1258", "sniffed"};
  return {"windows-1252", "default"};
}

// ---- decoders ---------------------------------------------------------------

std::string decode_utf16(std::string_view bytes, bool little_endian, size_t& invalid) {
  const auto unit_at = [&](size_t i) -> char32_t {
    const auto b0 = static_cast<unsigned char>(bytes[i]);
    const auto b1 = static_cast<unsigned char>(bytes[i + 1]);
    return little_endian ? (b1 << 8 | b0) : (b0 << 8 | b1);
  };
  std::string out;
  out.reserve(bytes.size());
  size_t i = 0;
  for (; i + 1 < bytes.size(); i += 2) {
    const char32_t unit = unit_at(i);
    const bool high = unit >= 0xD800 && unit <= 0xDBFF;
    const bool low = unit >= 0xDC00 && unit <= 0xDFFF;
    if (!high && !low) {
      text::append_utf8(out, unit);
      continue;
    }
    const char32_t next = i + 3 < bytes.size() ? unit_at(i + 2) : 0;
    if (high && next >= 0xDC00 && next <= 0xDFFF) {
      text::append_utf8(out, 0x10000 + ((unit - 0xD800) << 10) + (next - 0xDC00));
      i += 2;
      continue;
    }
    out.append(kReplacement);  // a lone surrogate
    ++invalid;
  }
  if (i < bytes.size()) {  // an odd byte left over
    out.append(kReplacement);
    ++invalid;
  }
  return out;
}

struct IconvCloser {
  void operator()(std::remove_pointer_t<iconv_t>* cd) const { iconv_close(cd); }
};
using IconvDecoder = std::unique_ptr<std::remove_pointer_t<iconv_t>, IconvCloser>;

IconvDecoder open_decoder(const char* from) {
  iconv_t cd = iconv_open("UTF-8", from);
  if (cd == reinterpret_cast<iconv_t>(-1)) return nullptr;
  return IconvDecoder(cd);
}

// Writes out what a stateful decoder holds back: glibc's windows-1258
// keeps a vowel until it sees whether a tone mark follows.
void flush_decoder(iconv_t cd, std::string& out) {
  std::array<char, 64> buffer;
  char* write = buffer.data();
  size_t room = buffer.size();
  iconv(cd, nullptr, nullptr, &write, &room);
  out.append(buffer.data(), write);
}

// nullopt when iconv does not know the charset. Bytes the charset leaves
// undefined become U+FFFD, except 0x80-0x9F in the windows-125x sets,
// which browsers read as the C1 control of the same number: the only way
// UTF-8 read as windows-1252 can be undone later.
std::optional<std::string> decode_with_iconv(std::string_view charset, std::string_view bytes,
                                             size_t& invalid) {
  const char* name = iconv_name(charset);
  if (*name == '\0') return std::nullopt;  // "" would mean the locale's charset to iconv
  const IconvDecoder decoder = open_decoder(name);
  if (!decoder) return std::nullopt;
  const bool c1_pass_through = charset.starts_with("windows-125");

  std::string out;
  out.reserve(bytes.size() + bytes.size() / 2);
  std::array<char, 8192> buffer;
  char* in = const_cast<char*>(bytes.data());  // iconv's signature; it only reads
  size_t in_left = bytes.size();
  while (in_left > 0) {
    char* write = buffer.data();
    size_t room = buffer.size();
    const size_t result = iconv(decoder.get(), &in, &in_left, &write, &room);
    const int error = errno;
    out.append(buffer.data(), write);
    if (result != static_cast<size_t>(-1)) continue;
    if (error == E2BIG && write != buffer.data()) continue;
    if (in_left == 0) break;

    flush_decoder(decoder.get(), out);  // keeps the held-back vowel before the bad byte
    const auto bad = static_cast<unsigned char>(*in);
    if (error == EILSEQ && c1_pass_through && bad >= 0x80 && bad <= 0x9F) {
      text::append_utf8(out, bad);
    } else {
      out.append(kReplacement);
      ++invalid;
    }
    // EINVAL: an incomplete sequence at the end, one replacement for all of it.
    const size_t skip = error == EINVAL ? in_left : 1;
    in += skip;
    in_left -= skip;
  }
  flush_decoder(decoder.get(), out);
  // iconv's output should be UTF-8; pages are hostile, so make sure.
  if (!text::is_valid_utf8(out)) out = text::repair_utf8(out, nullptr);
  return out;
}

// nullopt when `charset` cannot be decoded here (iconv lacks it).
std::optional<std::string> decode_as(std::string_view charset, std::string_view bytes,
                                     size_t& invalid) {
  invalid = 0;
  if (charset == "utf-8") return text::repair_utf8(bytes, &invalid);
  if (charset == "utf-16le") return decode_utf16(bytes, true, invalid);
  if (charset == "utf-16be") return decode_utf16(bytes, false, invalid);
  return decode_with_iconv(charset, bytes, invalid);
}

bool try_decode(std::string_view charset, std::string_view source, std::string_view bytes,
                Decoded& decoded) {
  if (charset.empty()) return false;
  std::optional<std::string> text = decode_as(charset, bytes, decoded.invalid_bytes);
  if (!text) return false;
  decoded.text = std::move(*text);
  decoded.charset = charset;
  decoded.charset_source = source;
  return true;
}

// Undoes one level of double encoding when the whole text reverses
// cleanly; a partial repair would archive a mixture as if it were right.
void repair_double_encoding(Decoded& decoded) {
  if (!text::looks_double_encoded(decoded.text)) return;
  std::string undone = text::undo_double_encoding(decoded.text);
  // What cannot be undone is flagged only when it is the page, not a few
  // garbled quotes in it (those stay as they are).
  decoded.double_encoded = !undone.empty() || text::mostly_double_encoded(decoded.text);
  if (undone.empty()) return;
  decoded.text = std::move(undone);
  decoded.repaired = true;
}

}  // namespace

std::string charset_from_content_type(std::string_view content_type) {
  // Parameters are "; name=value"; the media type before them has no '='.
  size_t start = 0;
  while (start <= content_type.size()) {
    size_t end = content_type.find(';', start);
    if (end == std::string_view::npos) end = content_type.size();
    const std::string_view parameter = content_type.substr(start, end - start);
    const size_t equals = parameter.find('=');
    if (equals != std::string_view::npos &&
        text::ascii_lower(text::trim_ascii(parameter.substr(0, equals))) == "charset")
      return text::ascii_lower(text::trim_ascii(unquote(text::trim_ascii(parameter.substr(equals + 1)))));
    start = end + 1;
  }
  return {};
}

Decoded decode_html(std::string_view bytes, std::string_view content_type) {
  Decoded decoded;
  const std::optional<ByteOrderMark> bom = find_bom(bytes);
  bool done = false;
  if (bom) done = try_decode(bom->charset, "bom", bytes.substr(bom->length), decoded);
  if (!done)
    done = try_decode(charset_for_label(charset_from_content_type(content_type)), "header",
                      bytes, decoded);
  if (!done)
    done = try_decode(charset_from_meta(bytes.substr(0, kMetaScanBytes)), "meta", bytes, decoded);
  if (!done) {
    const CharsetChoice sniffed = sniff_charset(bytes);
    done = try_decode(sniffed.charset, sniffed.source, bytes, decoded);
  }
  if (!done) try_decode("utf-8", "default", bytes, decoded);  // iconv lacks even windows-125x

  repair_double_encoding(decoded);
  decoded.text = text::to_nfc(decoded.text);
  return decoded;
}

}  // namespace khobao::html
