// The XML token stream on libexpat (see xml_scan.hpp): expat's callbacks fill
// a queue that next() empties; a broken document is read on by a new parser.
#include "crawl/xml_scan.hpp"

#include "core/text.hpp"

#include <expat.h>

#include <algorithm>
#include <new>

namespace khobao::crawl {

namespace {

// Expat copies what it is given, and reads a token cut between two steps
// again from its start: the first step after a (re)start is small, so that
// the many restarts of a broken document copy little, and each step doubles,
// so that a huge comment is read again a few times only. At most 1 GiB (its
// int length). The queue stays short because expat is suspended whenever it
// holds this many tokens.
constexpr size_t kFirstStep = 512, kMaxStep = 1u << 30;
constexpr size_t kQueueTokens = 256;
// A restarted parser reads the rest of the document inside this element, so
// that whatever follows is content; its own start tag is never reported.
constexpr std::string_view kWrapper = "<_>";
// Each restart skips at least a byte; past this many, a document is garbage
// that would only cost time (a parser reset for each). A feed needs one per
// unmatched end tag of the raw HTML in it: far fewer.
constexpr size_t kMaxRestarts = 10'000;

struct ExpatFree {
  void operator()(XML_Parser p) const noexcept { XML_ParserFree(p); }
};
using Expat = std::unique_ptr<std::remove_pointer_t<XML_Parser>, ExpatFree>;

// XML's white space is HTML's without the form feed (XML 1.0 production 3).
bool is_xml_space(char c) { return c != '\f' && text::is_ascii_space(c); }

bool all_space(std::string_view s) { return std::all_of(s.begin(), s.end(), is_xml_space); }

// Whether `c` may start an element's name (any non-ASCII byte may: UTF-8).
bool starts_name(char c) {
  auto u = static_cast<unsigned char>(c);
  return (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || u == '_' || u == ':' || u >= 0x80;
}

// Errors that only say the input ended too soon: there is nothing after them to read.
bool is_truncation(XML_Error e) {
  return e == XML_ERROR_NO_ELEMENTS || e == XML_ERROR_UNCLOSED_TOKEN || e == XML_ERROR_PARTIAL_CHAR ||
         e == XML_ERROR_UNCLOSED_CDATA_SECTION;
}

}  // namespace

std::string_view local_name(std::string_view qname) {
  size_t colon = qname.rfind(':');
  return colon == std::string_view::npos ? qname : qname.substr(colon + 1);
}

std::optional<std::string> XmlToken::attr(std::string_view local) const {
  for (const XmlAttr& a : attrs) {
    if (a.name == "xmlns" || a.name.starts_with("xmlns:")) continue;
    if (local_name(a.name) == local) return std::string(a.raw);
  }
  return std::nullopt;
}

// One expat parser, reading xml[start..] (inside kWrapper when `wrapped`),
// its events appended to the scanner's queue.
class XmlScanner::Parser {
 public:
  explicit Parser(XmlScanner& scanner) : s_(scanner) {
    // UTF-8 whatever the declaration says: expat knows few encodings, and
    // the readers compare ASCII names and URLs.
    p_.reset(XML_ParserCreate("UTF-8"));
    if (!p_) throw std::bad_alloc();
  }

  // Starts reading xml[start..] (inside kWrapper when `wrapped`), with a
  // parser reset to new: cheaper than a new one, for a broken document
  // may need many restarts.
  void begin(size_t start, bool wrapped) {
    XML_Parser p = p_.get();
    if (started_ && !XML_ParserReset(p, "UTF-8")) throw std::bad_alloc();
    started_ = true;
    start_ = pos_ = consumed_ = start;
    prefix_ = wrapped ? kWrapper.size() : 0;
    swallow_root_ = seen_root_ = wrapped;
    in_doctype_ = suspended_ = false;
    step_ = kFirstStep;
    XML_SetUserData(p, this);
    XML_SetElementHandler(p, on_start, on_end);
    XML_SetCharacterDataHandler(p, on_text);
    XML_SetCdataSectionHandler(p, on_cdata_start, on_cdata_end);
    XML_SetDoctypeDeclHandler(p, on_doctype_start, on_doctype_end);
    // A default handler turns off expansion of declared entities in text:
    // their references come here as written.
    XML_SetDefaultHandler(p, on_default);
    // No external DTD or parameter entity is ever read, and as if there were
    // an unread external DTD, undeclared entities ("&nbsp;") are not errors.
    XML_SetParamEntityParsing(p, XML_PARAM_ENTITY_PARSING_NEVER);
    XML_UseForeignDTD(p, XML_TRUE);
    if (wrapped) XML_Parse(p, kWrapper.data(), static_cast<int>(kWrapper.size()), XML_FALSE);
  }

  enum class State { kMore, kEnd, kError };

  // Lets expat read on: resumes it if it was suspended, else hands it the
  // next step of input. kMore: call again (after emptying the queue).
  State step() {
    XML_Status status;
    bool last;
    if (suspended_) {
      suspended_ = false;
      status = XML_ResumeParser(p_.get());
      last = pos_ == s_.xml_.size();
    } else {
      size_t n = std::min(step_, s_.xml_.size() - pos_);
      step_ = std::min(step_ * 2, kMaxStep);
      last = pos_ + n == s_.xml_.size();
      status = XML_Parse(p_.get(), s_.xml_.data() + pos_, static_cast<int>(n), last);
      pos_ += n;
    }
    if (status == XML_STATUS_SUSPENDED) {
      suspended_ = true;
      return State::kMore;
    }
    if (status != XML_STATUS_OK) return State::kError;
    return last ? State::kEnd : State::kMore;
  }

  XML_Error error() const { return XML_GetErrorCode(p_.get()); }

  // Where this parser started reading.
  size_t start() const { return start_; }

  // Where the input after the last reported event starts.
  size_t consumed() const { return consumed_; }

 private:
  static Parser& self(void* data) { return *static_cast<Parser*>(data); }

  // The input offset `index` bytes into this parser's stream.
  size_t absolute(XML_Index index) const {
    size_t i = static_cast<size_t>(std::max<XML_Index>(index, 0));
    return i < prefix_ ? start_ : start_ + (i - prefix_);
  }

  // Suspends expat once the queue holds enough tokens for a while.
  void pause_if_full() {
    XML_ParsingStatus status;
    XML_GetParsingStatus(p_.get(), &status);
    if (s_.queue_.size() >= kQueueTokens && status.parsing == XML_PARSING) XML_StopParser(p_.get(), XML_TRUE);
  }

  // Notes that expat is past the current event.
  void mark() {
    XML_Index index = XML_GetCurrentByteIndex(p_.get());
    if (index >= 0) consumed_ = std::max(consumed_, absolute(index + XML_GetCurrentByteCount(p_.get())));
  }

  static void on_start(void* data, const XML_Char* name, const XML_Char** atts) {
    Parser& p = self(data);
    p.mark();
    if (p.swallow_root_) {
      p.swallow_root_ = false;
      return;
    }
    p.seen_root_ = true;
    p.s_.flush_text(false);
    Stored t;
    t.kind = XmlKind::kStart;
    t.name = name;
    for (size_t i = 0; atts[i] && atts[i + 1] && t.attrs.size() < XmlToken::kMaxAttrs; i += 2)
      t.attrs.emplace_back(atts[i], atts[i + 1]);
    // An empty-element tag ends in "/>": its end comes next, from expat.
    size_t end = p.consumed_;
    t.self_closing = end >= 2 && end <= p.s_.xml_.size() && p.s_.xml_.substr(end - 2, 2) == "/>";
    p.s_.queue_.push_back(std::move(t));
    p.pause_if_full();
  }

  static void on_end(void* data, const XML_Char* name) {
    Parser& p = self(data);
    p.mark();
    p.s_.flush_text(false);
    Stored t;
    t.kind = XmlKind::kEnd;
    t.name = name;
    p.s_.queue_.push_back(std::move(t));
    p.pause_if_full();
  }

  static void on_text(void* data, const XML_Char* s, int len) {
    Parser& p = self(data);
    p.mark();
    p.s_.pending_.append(s, static_cast<size_t>(len));
  }

  static void on_cdata_start(void* data) {
    Parser& p = self(data);
    p.mark();
    p.s_.flush_text(false);
  }

  static void on_cdata_end(void* data) {
    Parser& p = self(data);
    p.mark();
    p.s_.flush_text(true);
  }

  static void on_doctype_start(void* data, const XML_Char*, const XML_Char*, const XML_Char*, int) {
    Parser& p = self(data);
    p.mark();
    p.s_.flush_text(false);
    p.in_doctype_ = true;
  }

  static void on_doctype_end(void* data) {
    Parser& p = self(data);
    p.mark();
    p.in_doctype_ = false;
  }

  // Whatever has no handler of its own: references to entities, kept as
  // written; white space around the root, kept as text; comments,
  // processing instructions and declarations, skipped.
  static void on_default(void* data, const XML_Char* s, int len) {
    Parser& p = self(data);
    p.mark();
    std::string_view v(s, static_cast<size_t>(len));
    if (p.in_doctype_) return;
    if ((p.seen_root_ && v.starts_with('&')) || all_space(v)) p.s_.pending_.append(v);
  }

  XmlScanner& s_;
  Expat p_;
  bool started_ = false;
  size_t start_ = 0, prefix_ = 0, pos_ = 0, consumed_ = 0, step_ = kFirstStep;
  bool swallow_root_ = false, seen_root_ = false;
  bool in_doctype_ = false;
  bool suspended_ = false;
};

XmlScanner::XmlScanner(std::string_view xml) : xml_(xml) {
  if (xml_.empty()) done_ = true;
  else {
    parser_ = std::make_unique<Parser>(*this);
    parser_->begin(0, false);
  }
}

XmlScanner::~XmlScanner() = default;

void XmlScanner::flush_text(bool cdata) {
  if (pending_.empty()) return;
  Stored t;
  t.kind = XmlKind::kText;
  t.text = std::move(pending_);
  t.cdata = cdata;
  pending_.clear();
  queue_.push_back(std::move(t));
}

void XmlScanner::finish() {
  flush_text(false);
  done_ = true;
  parser_.reset();
}

// Reads on after expat found the XML broken at or after `at`: an end tag
// there is an end tag, a start tag whose attributes are no XML (<html
// lang=vi>) is a start tag without them, else the bytes up to the next "<"
// are text; then a new parser takes the rest as content.
void XmlScanner::recover(size_t at) {
  std::string_view rest = xml_.substr(std::min(at, xml_.size()));
  size_t close = rest.find('>'), next = rest.find('<', 1);
  if (rest.size() > 1 && rest[0] == '<' && starts_name(rest[1]) && close != std::string_view::npos &&
      close < next) {
    std::string_view tag = rest.substr(1, close - 1);
    flush_text(false);
    Stored t;
    t.kind = XmlKind::kStart;
    t.name = std::string(tag.substr(0, tag.find_first_of(" \t\r\n/")));
    t.self_closing = tag.ends_with('/');
    if (t.self_closing) {
      Stored end;
      end.kind = XmlKind::kEnd;
      end.name = t.name;
      queue_.push_back(std::move(t));
      queue_.push_back(std::move(end));
    } else {
      queue_.push_back(std::move(t));
    }
    at += close + 1;
  } else if (rest.starts_with("</")) {
    if (close == std::string_view::npos) return finish();
    std::string_view name = rest.substr(2, close - 2);
    while (!name.empty() && all_space(name.substr(name.size() - 1))) name.remove_suffix(1);
    flush_text(false);
    Stored t;
    t.kind = XmlKind::kEnd;
    t.name = std::string(name);
    queue_.push_back(std::move(t));
    at += close + 1;
  } else {
    if (next == std::string_view::npos) next = rest.size();
    pending_.append(rest.substr(0, next));
    at += next;
  }
  if (at >= xml_.size() || ++restarts_ > kMaxRestarts) return finish();
  parser_->begin(at, true);
}

void XmlScanner::fill() {
  while (queue_.empty() && !done_) {
    Parser::State state = parser_->step();
    if (state == Parser::State::kMore) continue;
    if (state == Parser::State::kEnd) {
      finish();
      break;
    }
    XML_Error error = parser_->error();
    // Truncated, or refused: entity expansion past expat's amplification limit.
    if (is_truncation(error) || error == XML_ERROR_AMPLIFICATION_LIMIT_BREACH) {
      finish();
      break;
    }
    // Something after the root: read on from there as content.
    if (error == XML_ERROR_JUNK_AFTER_DOC_ELEMENT && parser_->consumed() > parser_->start() &&
        ++restarts_ <= kMaxRestarts) {
      parser_->begin(parser_->consumed(), true);
      continue;
    }
    recover(parser_->consumed());
  }
}

bool XmlScanner::next(XmlToken& token) {
  if (queue_.empty()) fill();
  token.attrs.clear();
  token.name = {};
  token.raw = {};
  token.self_closing = token.cdata = false;
  if (queue_.empty()) {
    token.kind = XmlKind::kEof;
    return false;
  }
  current_ = std::move(queue_.front());
  queue_.pop_front();
  token.kind = current_.kind;
  std::string_view local = local_name(current_.name);
  auto name = names_.find(local);
  if (name == names_.end()) name = names_.emplace(local).first;
  token.name = *name;
  for (const auto& [name, value] : current_.attrs) token.attrs.push_back({name, value});
  token.self_closing = current_.self_closing;
  token.raw = current_.text;
  token.cdata = current_.cdata;
  return true;
}

}  // namespace khobao::crawl
