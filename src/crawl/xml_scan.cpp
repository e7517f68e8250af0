// The streaming XML scanner (see xml_scan.hpp). Every loop advances the
// position; every search starts where the last one stopped.
#include "crawl/xml_scan.hpp"

#include "core/unicode.hpp"

namespace khobao::crawl {

namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// Bytes that end a name. Anything else (UTF-8 included) may be in one: the
// scanner is lenient, the readers check what they need.
bool ends_name(char c) {
  return is_space(c) || c == '/' || c == '>' || c == '<' || c == '=' || c == '"' || c == '\'';
}

bool starts_name(char c) {
  unsigned char u = static_cast<unsigned char>(c);
  return (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || u == '_' || u == ':' || u >= 0x80;
}

std::string_view read_name(std::string_view s, size_t& i) {
  size_t b = i;
  while (i < s.size() && !ends_name(s[i])) ++i;
  return s.substr(b, i - b);
}

// A numeric reference's code point, or -1 when the digits are not a number.
long parse_number(std::string_view digits, int base) {
  if (digits.empty() || digits.size() > 8) return -1;  // 8 digits bound the value
  long v = 0;
  for (char c : digits) {
    int d;
    if (c >= '0' && c <= '9') d = c - '0';
    else if (base == 16 && c >= 'a' && c <= 'f') d = c - 'a' + 10;
    else if (base == 16 && c >= 'A' && c <= 'F') d = c - 'A' + 10;
    else return -1;
    v = v * base + d;
  }
  return v;
}

// Appends the decoding of reference `ref` (between '&' and ';'); false when
// it is not one this scanner knows.
bool decode_reference(std::string_view ref, std::string& out) {
  if (ref == "lt") out += '<';
  else if (ref == "gt") out += '>';
  else if (ref == "amp") out += '&';
  else if (ref == "quot") out += '"';
  else if (ref == "apos") out += '\'';
  else if (ref.size() >= 2 && ref[0] == '#') {
    bool hex = ref[1] == 'x' || ref[1] == 'X';
    long cp = parse_number(ref.substr(hex ? 2 : 1), hex ? 16 : 10);
    if (cp < 0) return false;
    text::append_utf8(out, static_cast<char32_t>(cp > 0x10FFFF ? 0xFFFD : cp));
  } else {
    return false;
  }
  return true;
}

}  // namespace

std::string decode_xml_entities(std::string_view raw) {
  std::string out;
  out.reserve(raw.size());
  size_t i = 0;
  while (i < raw.size()) {
    size_t amp = raw.find('&', i);
    if (amp == std::string_view::npos) amp = raw.size();
    out.append(raw, i, amp - i);
    if (amp == raw.size()) break;
    // Look for ';' in a short window only, so a stray '&' costs O(1).
    size_t semi = raw.substr(amp + 1, 12).find(';');
    if (semi != std::string_view::npos && decode_reference(raw.substr(amp + 1, semi), out)) {
      i = amp + 1 + semi + 1;
    } else {
      out += '&';
      i = amp + 1;
    }
  }
  return out;
}

std::string_view local_name(std::string_view qname) {
  size_t colon = qname.rfind(':');
  return colon == std::string_view::npos ? qname : qname.substr(colon + 1);
}

std::string XmlToken::text() const { return cdata ? std::string(raw) : decode_xml_entities(raw); }

std::optional<std::string> XmlToken::attr(std::string_view local) const {
  for (const XmlAttr& a : attrs) {
    if (a.name == "xmlns" || a.name.substr(0, 6) == "xmlns:") continue;
    if (local_name(a.name) == local) return decode_xml_entities(a.raw);
  }
  return std::nullopt;
}

bool XmlScanner::eof(XmlToken& token) {
  pos_ = s_.size();
  token.kind = XmlKind::kEof;
  return false;
}

bool XmlScanner::skip_past(std::string_view terminator, size_t from) {
  size_t end = s_.find(terminator, from);
  if (end == std::string_view::npos) return false;
  pos_ = end + terminator.size();
  return true;
}

// <!DOCTYPE ...>, <!ENTITY ...> and the like: skipped to their closing '>',
// over quoted strings, an internal subset [...] and comments inside it. Read
// only to find the end: declarations are never interpreted.
bool XmlScanner::skip_declaration() {
  size_t i = pos_ + 2;
  char quote = 0;
  int brackets = 0;
  while (i < s_.size()) {
    char c = s_[i];
    if (quote) {
      if (c == quote) quote = 0;
    } else if (brackets > 0 && s_.substr(i, 4) == "<!--") {
      size_t end = s_.find("-->", i + 4);
      if (end == std::string_view::npos) return false;
      i = end + 3;
      continue;
    } else if (c == '"' || c == '\'') {
      quote = c;
    } else if (c == '[') {
      ++brackets;
    } else if (c == ']' && brackets > 0) {
      --brackets;
    } else if (c == '>' && brackets == 0) {
      pos_ = i + 1;
      return true;
    }
    ++i;
  }
  return false;
}

bool XmlScanner::start_tag(XmlToken& token) {
  size_t i = pos_ + 1;
  std::string_view qname = read_name(s_, i);
  token.kind = XmlKind::kStart;
  token.name = local_name(qname);
  while (true) {
    while (i < s_.size() && is_space(s_[i])) ++i;
    if (i >= s_.size()) return eof(token);  // truncated inside the tag
    char c = s_[i];
    if (c == '>') {
      ++i;
      break;
    }
    if (c == '/') {
      if (i + 1 < s_.size() && s_[i + 1] == '>') {
        token.self_closing = true;
        i += 2;
        break;
      }
      ++i;  // a stray slash
      continue;
    }
    if (c == '<') break;  // an unclosed tag: the next one starts here
    if (c == '=' || c == '"' || c == '\'') {
      ++i;  // garbage between attributes
      continue;
    }
    XmlAttr a{read_name(s_, i), {}};
    while (i < s_.size() && is_space(s_[i])) ++i;
    if (i < s_.size() && s_[i] == '=') {
      ++i;
      while (i < s_.size() && is_space(s_[i])) ++i;
      if (i < s_.size() && (s_[i] == '"' || s_[i] == '\'')) {
        size_t close = s_.find(s_[i], i + 1);
        if (close == std::string_view::npos) return eof(token);
        a.raw = s_.substr(i + 1, close - i - 1);
        i = close + 1;
      } else {
        size_t b = i;
        while (i < s_.size() && !is_space(s_[i]) && s_[i] != '>') ++i;
        a.raw = s_.substr(b, i - b);
      }
    }
    if (token.attrs.size() < XmlToken::kMaxAttrs) token.attrs.push_back(a);
  }
  pos_ = i;
  if (token.self_closing) {
    pending_end_ = token.name;
    has_pending_end_ = true;
  }
  return true;
}

bool XmlScanner::end_tag(XmlToken& token) {
  size_t i = pos_ + 2;
  std::string_view qname = read_name(s_, i);
  if (!skip_past(">", i)) return eof(token);
  token.kind = XmlKind::kEnd;
  token.name = local_name(qname);
  return true;
}

bool XmlScanner::next(XmlToken& token) {
  token.kind = XmlKind::kEof;
  token.name = {};
  token.attrs.clear();
  token.self_closing = false;
  token.raw = {};
  token.cdata = false;
  if (has_pending_end_) {
    has_pending_end_ = false;
    token.kind = XmlKind::kEnd;
    token.name = pending_end_;
    return true;
  }
  while (pos_ < s_.size()) {
    std::string_view rest = s_.substr(pos_);
    if (rest[0] != '<' || rest.size() < 2 ||
        !(starts_name(rest[1]) || rest[1] == '/' || rest[1] == '!' || rest[1] == '?')) {
      // Text runs to the next '<'; a '<' that starts no markup is text too.
      size_t lt = s_.find('<', pos_ + 1);
      if (lt == std::string_view::npos) lt = s_.size();
      token.kind = XmlKind::kText;
      token.raw = s_.substr(pos_, lt - pos_);
      pos_ = lt;
      return true;
    }
    if (rest.substr(0, 4) == "<!--") {
      if (!skip_past("-->", pos_ + 4)) return eof(token);
    } else if (rest.substr(0, 9) == "<![CDATA[") {
      size_t end = s_.find("]]>", pos_ + 9);
      token.kind = XmlKind::kText;
      token.cdata = true;
      // A truncated section yields what there is; readers commit a value
      // only when its element closes.
      token.raw = s_.substr(pos_ + 9, end == std::string_view::npos ? std::string_view::npos : end - pos_ - 9);
      pos_ = end == std::string_view::npos ? s_.size() : end + 3;
      return true;
    } else if (rest[1] == '?') {
      if (!skip_past("?>", pos_ + 2)) return eof(token);
    } else if (rest[1] == '!') {
      if (!skip_declaration()) return eof(token);
    } else if (rest[1] == '/') {
      return end_tag(token);
    } else {
      return start_tag(token);
    }
  }
  return eof(token);
}

}  // namespace khobao::crawl
