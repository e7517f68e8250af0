// The XML under feeds and sitemaps, as a stream of tokens: start tags, end tags
// and text, read by libexpat in 64 KiB steps.
//
// Safe on hostile input: no external entity is ever read (no XXE), and
// references to entities a DOCTYPE declares are not expanded in text, where
// they stay as written ("&lol;"); in attribute values expat expands them, under
// its billion-laughs guard (an amplification past its limit ends the scan).
// Lenient as real feeds need: references to undeclared entities ("&nbsp;")
// stay as written; where expat finds the XML broken (raw HTML in a
// <description>, a stray "&", garbage after the root), the bytes up to the next
// "<" become text, an unmatched end tag is still an end tag, and the scan goes
// on with a new parser from there. Truncated input ends the scan at the last
// complete token.
#pragma once

#include <cstddef>
#include <deque>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace khobao::crawl {

struct XmlAttr {
  std::string_view name;  // as written, prefix included ("rdf:about", "xmlns:atom")
  std::string_view raw;   // the value, entities decoded
};

enum class XmlKind { kStart, kEnd, kText, kEof };

// One token. Its views point into the scanner: `name` holds as long as the
// scanner lives, the others until the next next().
struct XmlToken {
  XmlKind kind = XmlKind::kEof;
  std::string_view name;        // kStart, kEnd: local name, prefix stripped ("atom:link" -> "link")
  std::vector<XmlAttr> attrs;   // kStart: at most kMaxAttrs, the rest skipped
  bool self_closing = false;    // kStart of <x/>: the scanner then yields a kEnd for it
  std::string_view raw;         // kText: the text, entities decoded, or the inside of a CDATA section
  bool cdata = false;           // kText: raw is a CDATA section

  static constexpr size_t kMaxAttrs = 64;

  // kText: the text (raw, as a string).
  std::string text() const { return std::string(raw); }
  // kStart: the value of the first attribute whose local name is `local`
  // ("about" finds "rdf:about"); namespace declarations never match.
  std::optional<std::string> attr(std::string_view local) const;
};

// The part of a qualified name after its prefix: "atom:link" -> "link".
std::string_view local_name(std::string_view qname);

class XmlScanner {
 public:
  // `xml` must outlive the scanner.
  explicit XmlScanner(std::string_view xml);
  ~XmlScanner();
  XmlScanner(const XmlScanner&) = delete;
  XmlScanner& operator=(const XmlScanner&) = delete;

  // Reads the next token into `token` (reusing its storage); false, with
  // kind kEof, at the end of the input, at a truncated construct, or when
  // the document is refused (entity amplification).
  bool next(XmlToken& token);

  // Owned storage of one token, filled by expat's callbacks (xml_scan.cpp).
  struct Stored {
    XmlKind kind = XmlKind::kEof;
    std::string name;  // qualified name
    std::vector<std::pair<std::string, std::string>> attrs;
    std::string text;
    bool self_closing = false, cdata = false;
  };

  class Parser;  // one expat parser over the input from some offset on

 private:
  void fill();
  void flush_text(bool cdata);
  void finish();
  void recover(size_t at);

  std::string_view xml_;
  std::unique_ptr<Parser> parser_;
  std::deque<Stored> queue_;
  std::string pending_;  // text not yet a token: adjacent pieces make one
  std::set<std::string, std::less<>> names_;  // every local name seen, where token.name points
  Stored current_;
  bool done_ = false;
  size_t restarts_ = 0;
};

}  // namespace khobao::crawl
