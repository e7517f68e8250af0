// A small streaming XML scanner for feeds and sitemaps: start tags, end tags
// and text, zero-copy over the input. Not a validating parser, on purpose.
//
// Safe on hostile input by construction: <!DOCTYPE ...> (internal subset
// included), comments and processing instructions are skipped unread, and
// only the five predefined entities and numeric references are ever decoded.
// No entity is ever defined or expanded, so there is no external entity
// (XXE) and no billion laughs; decoded text is never longer than its source.
// Each byte is looked at a bounded number of times (linear time). Truncated
// input ends the scan at the last complete token; bytes that cannot be
// markup ("<3", a lone "<") are text.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace khobao::crawl {

struct XmlAttr {
  std::string_view name;  // as written, prefix included ("rdf:about", "xmlns:atom")
  std::string_view raw;   // the value as written, entities not decoded
};

enum class XmlKind { kStart, kEnd, kText, kEof };

// One token. Its views point into the scanned input, which must outlive it.
struct XmlToken {
  XmlKind kind = XmlKind::kEof;
  std::string_view name;        // kStart, kEnd: local name, prefix stripped ("atom:link" -> "link")
  std::vector<XmlAttr> attrs;   // kStart: at most kMaxAttrs, the rest skipped
  bool self_closing = false;    // kStart of <x/>: the scanner then yields a kEnd for it
  std::string_view raw;         // kText: text as written, or the inside of a CDATA section
  bool cdata = false;           // kText: raw is a CDATA section (no entities in it)

  static constexpr size_t kMaxAttrs = 64;

  // kText: the text, entities decoded (a CDATA section as is).
  std::string text() const;
  // kStart: the decoded value of the first attribute whose local name is
  // `local` ("about" finds "rdf:about"); namespace declarations never match.
  std::optional<std::string> attr(std::string_view local) const;
};

// `raw` with &lt; &gt; &amp; &quot; &apos; &#N; &#xN; decoded; any other
// reference (&nbsp;, &xxe;) stays as written. Code points that XML forbids
// (0, surrogates, past U+10FFFF) become U+FFFD.
std::string decode_xml_entities(std::string_view raw);

// The part of a qualified name after its prefix: "atom:link" -> "link".
std::string_view local_name(std::string_view qname);

class XmlScanner {
 public:
  // `xml` must outlive the scanner and the tokens it yields.
  explicit XmlScanner(std::string_view xml) : s_(xml) {}

  // Reads the next token into `token` (reusing its storage); false, with
  // kind kEof, at the end of the input or at an unterminated construct.
  bool next(XmlToken& token);

 private:
  bool start_tag(XmlToken& token);
  bool end_tag(XmlToken& token);
  bool skip_declaration();
  bool skip_past(std::string_view terminator, size_t from);
  bool eof(XmlToken& token);

  std::string_view s_;
  size_t pos_ = 0;
  std::string_view pending_end_;  // the name of a self-closed tag whose kEnd is due
  bool has_pending_end_ = false;
};

}  // namespace khobao::crawl
