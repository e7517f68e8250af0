// The CSS selector subset of DESIGN.md (see selector.hpp): a parser that turns
// selector text from user-edited site files into a few flat arrays, and a
// matcher that runs them right to left over gumbo trees without allocating.
#include "html/selector.hpp"

#include "core/text.hpp"
#include "core/unicode.hpp"

#include <cstdint>
#include <string>
#include <utility>

namespace khobao::html {

namespace {

// Site files are small; the cap keeps every offset within 32 bits.
constexpr size_t kMaxSelectorSize = 1 << 20;
// :not() may hold :not(); matching recurses once per level, so bound it.
constexpr int kMaxNotDepth = 16;
// :nth-child() numbers beyond this cannot be meant and could overflow.
constexpr int32_t kMaxNthNumber = 1'000'000;

enum class TestKind : uint8_t {
  known_tag,
  unknown_tag,
  class_name,
  id,
  attr_exists,
  attr_equals,
  attr_prefix,
  attr_suffix,
  attr_contains,
  first_child,
  nth_child,
  negation,
};

// A slice of Selector::Impl::strings: an offset rather than a view, so that a
// copied Impl needs no fixing up.
struct StringRef {
  uint32_t begin = 0;
  uint32_t size = 0;
};

// One condition of a compound selector.
struct Test {
  TestKind kind = TestKind::known_tag;
  GumboTag tag = GUMBO_TAG_UNKNOWN;  // known_tag
  StringRef name;                    // unknown tag's name, class, id or attribute name
  StringRef value;                   // attribute value
  int32_t a = 0, b = 0;              // nth_child: positions a*n + b
  uint32_t inner_begin = 0;          // negation: the negated compound's tests
  uint32_t inner_end = 0;
};

enum class Combinator : uint8_t { none, descendant, child };

struct Compound {
  uint32_t tests_begin = 0;
  uint32_t tests_end = 0;
  Combinator to_left = Combinator::none;  // how the compound before it relates
};

// One member of a selector group: compounds in written (left to right) order.
struct Complex {
  uint32_t compounds_begin = 0;
  uint32_t compounds_end = 0;
};

}  // namespace

struct Selector::Impl {
  std::string text;
  std::string strings;
  std::vector<Test> tests;
  std::vector<Compound> compounds;
  std::vector<Complex> alternatives;

  std::string_view string(StringRef r) const { return {strings.data() + r.begin, r.size}; }
};

namespace {

using Impl = Selector::Impl;

// ---------------------------------------------------------------- characters

bool is_ascii_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_non_ascii(char c) { return static_cast<unsigned char>(c) >= 0x80; }
// Permissive on purpose: class names such as "2col" occur on real sites.
bool is_name_char(char c) {
  return is_ascii_letter(c) || is_digit(c) || c == '-' || c == '_' || is_non_ascii(c);
}
bool is_type_start(char c) { return is_ascii_letter(c) || c == '_' || is_non_ascii(c) || c == '\\'; }
bool starts_compound(char c) {
  return is_type_start(c) || c == '*' || c == '.' || c == '#' || c == '[' || c == ':';
}



// A character for an error message; control and non-ASCII bytes as \xNN so a
// stray byte in a site file is visible.
std::string describe_char(char c) {
  static const char hex[] = "0123456789ABCDEF";
  auto u = static_cast<unsigned char>(c);
  if (u < 0x20 || u >= 0x7F) return std::string("'\\x") + hex[u >> 4] + hex[u & 0xF] + "'";
  return std::string("'") + c + "'";
}

// ------------------------------------------------------------------ parser

class Parser {
 public:
  Parser(std::string_view text, Impl& out) : text_(text), out_(out) {}

  void parse_group() {
    if (text_.size() > kMaxSelectorSize) fail("selector longer than 1 MiB", kMaxSelectorSize);
    skip_whitespace();
    if (at_end()) fail("empty selector", pos_);
    for (;;) {
      if (at_end() || peek() == ',') fail("empty group member", pos_);
      parse_complex();
      skip_whitespace();
      if (at_end()) return;
      if (peek() != ',') fail_unexpected();
      ++pos_;
      skip_whitespace();
    }
  }

 private:
  [[noreturn]] void fail(std::string_view problem, size_t offset) const {
    std::string message(problem);
    message += " at offset " + std::to_string(offset) + " in \"";
    // Quoted whole unless absurdly long, so the message stays readable.
    constexpr size_t kMaxQuoted = 1024;
    message += text_.substr(0, kMaxQuoted);
    message += text_.size() > kMaxQuoted ? "\"..." : "\"";
    throw SelectorError(message, offset);
  }
  [[noreturn]] void fail_unexpected() const {
    if (at_end()) fail("unexpected end of selector", pos_);
    fail("unexpected character " + describe_char(peek()), pos_);
  }
  void expect(char c) {
    if (at_end() || peek() != c) fail(std::string("expected '") + c + "'", pos_);
    ++pos_;
  }

  bool at_end() const { return pos_ >= text_.size(); }
  char peek() const { return at_end() ? '\0' : text_[pos_]; }
  bool skip_whitespace() {
    size_t start = pos_;
    while (!at_end() && text::is_ascii_space(peek())) ++pos_;
    return pos_ != start;
  }

  StringRef store(std::string_view s) {
    StringRef r{static_cast<uint32_t>(out_.strings.size()), static_cast<uint32_t>(s.size())};
    out_.strings += s;
    return r;
  }

  void parse_complex() {
    auto begin = static_cast<uint32_t>(out_.compounds.size());
    Combinator combinator = Combinator::none;
    size_t combinator_offset = 0;
    for (;;) {
      std::vector<Test> tests;
      if (!parse_compound(tests, 0)) {
        if (combinator == Combinator::child) fail("dangling combinator '>'", combinator_offset);
        if (peek() == '>') fail("dangling combinator '>'", pos_);
        if (at_end()) fail("expected a selector", pos_);
        fail("expected a selector, found " + describe_char(peek()), pos_);
      }
      add_compound(tests, combinator);

      bool had_whitespace = skip_whitespace();
      if (at_end()) break;
      char c = peek();
      if (c == '>') {
        combinator = Combinator::child;
        combinator_offset = pos_++;
        skip_whitespace();
      } else if (c == '+' || c == '~') {
        fail(std::string("sibling combinator '") + c + "' is not supported", pos_);
      } else if (had_whitespace && starts_compound(c)) {
        combinator = Combinator::descendant;
      } else {
        break;  // ',' or an error the caller reports
      }
    }
    out_.alternatives.push_back({begin, static_cast<uint32_t>(out_.compounds.size())});
  }

  void add_compound(const std::vector<Test>& tests, Combinator to_left) {
    auto begin = static_cast<uint32_t>(out_.tests.size());
    out_.tests.insert(out_.tests.end(), tests.begin(), tests.end());
    out_.compounds.push_back({begin, static_cast<uint32_t>(out_.tests.size()), to_left});
  }

  // Appends the compound at pos_ to `tests`; false when nothing there starts one.
  bool parse_compound(std::vector<Test>& tests, int not_depth) {
    bool found = false;
    if (!at_end() && peek() == '*') {
      ++pos_;
      found = true;
    } else if (!at_end() && is_type_start(peek())) {
      tests.push_back(type_test(text::ascii_lower(parse_name())));
      found = true;
    }
    for (;;) {
      if (at_end()) return found;
      char c = peek();
      if (c == '.') {
        ++pos_;
        std::string name = parse_name();
        if (name.empty()) fail("expected a class name after '.'", pos_);
        Test t;
        t.kind = TestKind::class_name;
        t.name = store(name);
        tests.push_back(t);
      } else if (c == '#') {
        ++pos_;
        std::string name = parse_name();
        if (name.empty()) fail("expected an id after '#'", pos_);
        Test t;
        t.kind = TestKind::id;
        t.name = store(name);
        tests.push_back(t);
      } else if (c == '[') {
        tests.push_back(parse_attribute());
      } else if (c == ':') {
        tests.push_back(parse_pseudo_class(not_depth));
      } else {
        return found;
      }
      found = true;
    }
  }

  Test type_test(const std::string& lower_name) {
    Test t;
    // Gumbo resolves known names to an enum; comparing enums is the fast path.
    t.tag = gumbo_tagn_enum(lower_name.data(), static_cast<unsigned>(lower_name.size()));
    if (t.tag != GUMBO_TAG_UNKNOWN) {
      t.kind = TestKind::known_tag;
    } else {
      t.kind = TestKind::unknown_tag;
      t.name = store(lower_name);
    }
    return t;
  }

  // A CSS identifier with escapes resolved; empty when none is at pos_.
  std::string parse_name() {
    std::string name;
    while (!at_end()) {
      char c = peek();
      if (c == '\\') {
        size_t backslash = pos_++;
        if (at_end() || peek() == '\n' || peek() == '\r' || peek() == '\f')
          fail("invalid escape", backslash);
        parse_escape(name);
      } else if (is_name_char(c)) {
        name += c;
        ++pos_;
      } else {
        break;
      }
    }
    return name;
  }

  // pos_ is just past a backslash that is followed by something escapable.
  void parse_escape(std::string& out) {
    if (text::hex_value(peek()) < 0) {
      out += peek();
      ++pos_;
      return;
    }
    uint32_t cp = 0;
    for (int digits = 0; digits < 6 && !at_end() && text::hex_value(peek()) >= 0; ++digits, ++pos_) {
      cp = cp * 16 + static_cast<uint32_t>(text::hex_value(peek()));
    }
    // One whitespace ends a hex escape and belongs to it.
    if (!at_end() && peek() == '\r' && pos_ + 1 < text_.size() && text_[pos_ + 1] == '\n') pos_ += 2;
    else if (!at_end() && text::is_ascii_space(peek())) ++pos_;
    text::append_utf8(out, cp);
  }

  std::string parse_string() {
    size_t open = pos_;
    char quote = text_[pos_++];
    std::string value;
    for (;;) {
      if (at_end()) fail("unterminated string", open);
      char c = text_[pos_];
      if (c == quote) {
        ++pos_;
        return value;
      }
      if (c != '\\') {
        value += c;
        ++pos_;
        continue;
      }
      ++pos_;
      if (at_end()) fail("unterminated string", open);
      if (peek() == '\n' || peek() == '\f') {
        ++pos_;  // an escaped newline continues the string
      } else if (peek() == '\r') {
        ++pos_;
        if (!at_end() && peek() == '\n') ++pos_;
      } else {
        parse_escape(value);
      }
    }
  }

  Test parse_attribute() {
    ++pos_;
    skip_whitespace();
    std::string name = parse_name();
    if (name.empty()) {
      if (at_end()) fail("expected ']'", pos_);
      fail("expected an attribute name", pos_);
    }
    Test t;
    t.kind = TestKind::attr_exists;
    t.name = store(text::ascii_lower(name));
    skip_whitespace();
    if (at_end()) fail("expected ']'", pos_);
    char c = peek();
    if (c == ']') {
      ++pos_;
      return t;
    }
    size_t op = pos_;
    if (c == '=') {
      t.kind = TestKind::attr_equals;
      ++pos_;
    } else if (pos_ + 1 < text_.size() && text_[pos_ + 1] == '=') {
      switch (c) {
        case '^': t.kind = TestKind::attr_prefix; break;
        case '$': t.kind = TestKind::attr_suffix; break;
        case '*': t.kind = TestKind::attr_contains; break;
        case '~':
        case '|': fail(std::string("unsupported attribute operator '") + c + "='", op);
        default: fail("expected ']'", pos_);
      }
      pos_ += 2;
    } else {
      fail("expected ']'", pos_);
    }
    skip_whitespace();
    std::string value;
    if (!at_end() && (peek() == '"' || peek() == '\'')) {
      value = parse_string();
    } else {
      value = parse_name();
      if (value.empty()) fail("expected an attribute value", pos_);
    }
    t.value = store(value);
    skip_whitespace();
    if (!at_end() && peek() == ']') {
      ++pos_;
      return t;
    }
    if (!at_end() && is_ascii_letter(peek())) fail("attribute flags are not supported", pos_);
    fail("expected ']'", pos_);
  }

  Test parse_pseudo_class(int not_depth) {
    size_t colon = pos_++;
    if (!at_end() && peek() == ':') {
      ++pos_;
      parse_name();
      fail("pseudo-elements are not supported ('" + std::string(text_.substr(colon, pos_ - colon)) +
               "')",
           colon);
    }
    std::string name = text::ascii_lower(parse_name());
    std::string written(text_.substr(colon, pos_ - colon));
    if (name.empty()) fail("expected a pseudo-class name after ':'", pos_);
    if (name == "first-child") {
      Test t;
      t.kind = TestKind::first_child;
      return t;
    }
    if (name == "nth-child") return parse_nth_child();
    if (name == "not") return parse_not(not_depth);
    if (name == "before" || name == "after" || name == "first-line" || name == "first-letter")
      fail("pseudo-elements are not supported ('" + written + "')", colon);
    fail("unknown pseudo-class '" + written + "'", colon);
  }

  Test parse_not(int not_depth) {
    expect('(');
    if (not_depth + 1 >= kMaxNotDepth) fail(":not() nested too deeply", pos_);
    skip_whitespace();
    std::vector<Test> inner;
    if (!parse_compound(inner, not_depth + 1)) fail("expected a selector inside :not()", pos_);
    skip_whitespace();
    if (at_end() || peek() != ')') {
      if (peek() == ',') fail("selector lists inside :not() are not supported", pos_);
      if (peek() == '>' || starts_compound(peek()))
        fail("combinators are not allowed inside :not()", pos_);
      fail("expected ')'", pos_);
    }
    ++pos_;
    // The inner tests go in before the enclosing compound's, which is still
    // being collected, so that they stay one contiguous range.
    Test t;
    t.kind = TestKind::negation;
    t.inner_begin = static_cast<uint32_t>(out_.tests.size());
    out_.tests.insert(out_.tests.end(), inner.begin(), inner.end());
    t.inner_end = static_cast<uint32_t>(out_.tests.size());
    return t;
  }

  // :nth-child(an+b), with the keywords odd and even.
  Test parse_nth_child() {
    expect('(');
    skip_whitespace();
    Test t;
    t.kind = TestKind::nth_child;
    size_t word_start = pos_;
    while (!at_end() && is_ascii_letter(peek())) ++pos_;
    std::string_view word = text_.substr(word_start, pos_ - word_start);
    if (text::iequals(word, "odd")) {
      t.a = 2;
      t.b = 1;
    } else if (text::iequals(word, "even")) {
      t.a = 2;
      t.b = 0;
    } else {
      pos_ = word_start;
      parse_an_plus_b(t);
    }
    skip_whitespace();
    if (at_end() || peek() != ')') {
      if (at_end()) fail("expected ')'", pos_);
      fail("invalid :nth-child() argument", pos_);
    }
    ++pos_;
    return t;
  }

  void parse_an_plus_b(Test& t) {
    int32_t sign = 1;
    if (peek() == '+' || peek() == '-') sign = text_[pos_++] == '-' ? -1 : 1;
    bool has_number = !at_end() && is_digit(peek());
    int32_t number = has_number ? parse_nth_number() : 1;
    if (at_end() || (peek() != 'n' && peek() != 'N')) {
      if (!has_number) fail("invalid :nth-child() argument", pos_);
      t.a = 0;
      t.b = sign * number;
      return;
    }
    ++pos_;
    t.a = sign * number;
    skip_whitespace();
    if (peek() != '+' && peek() != '-') {
      t.b = 0;
      return;
    }
    int32_t b_sign = text_[pos_++] == '-' ? -1 : 1;
    skip_whitespace();
    if (at_end() || !is_digit(peek())) fail("invalid :nth-child() argument", pos_);
    t.b = b_sign * parse_nth_number();
  }

  int32_t parse_nth_number() {
    size_t start = pos_;
    int64_t value = 0;
    while (!at_end() && is_digit(peek())) {
      value = value * 10 + (peek() - '0');
      if (value > kMaxNthNumber) fail("number too large in :nth-child()", start);
      ++pos_;
    }
    return static_cast<int32_t>(value);
  }

  std::string_view text_;
  size_t pos_ = 0;
  Impl& out_;
};

// ----------------------------------------------------------------- matching

// Templates are elements to a selector, though gumbo gives them their own type.
const GumboElement* element_of(const Node* n) {
  if (n && (n->type == GUMBO_NODE_ELEMENT || n->type == GUMBO_NODE_TEMPLATE)) return &n->v.element;
  return nullptr;
}

const Node* parent_element(const Node* n) {
  const Node* p = n->parent;
  return element_of(p) ? p : nullptr;
}

// Attribute names compare case-insensitively: gumbo lower-cases HTML ones but
// keeps SVG's camelCase (viewBox).
const GumboAttribute* find_attribute(const GumboElement& e, std::string_view lower_name) {
  for (unsigned i = 0; i < e.attributes.length; ++i) {
    auto* a = static_cast<const GumboAttribute*>(e.attributes.data[i]);
    if (a->name && text::iequals(a->name, lower_name)) return a;
  }
  return nullptr;
}

bool has_class_word(std::string_view classes, std::string_view word) {
  size_t pos = 0;
  while (pos < classes.size()) {
    while (pos < classes.size() && text::is_ascii_space(classes[pos])) ++pos;
    size_t end = pos;
    while (end < classes.size() && !text::is_ascii_space(classes[end])) ++end;
    if (end > pos && classes.substr(pos, end - pos) == word) return true;
    pos = end;
  }
  return false;
}

// The name of a tag gumbo does not know, as written: original_tag holds the
// whole "<name attr...>" text. Checked by hand: gumbo's own helper asserts.
std::string_view written_tag_name(const GumboElement& e) {
  std::string_view tag(e.original_tag.data ? e.original_tag.data : "",
                       e.original_tag.data ? e.original_tag.length : 0);
  if (tag.size() < 2 || tag.front() != '<') return {};
  tag.remove_prefix(1);
  if (!tag.empty() && tag.front() == '/') tag.remove_prefix(1);
  size_t end = 0;
  while (end < tag.size() && !text::is_ascii_space(tag[end]) && tag[end] != '/' && tag[end] != '>')
    ++end;
  return tag.substr(0, end);
}

// The 1-based position of `n` among its parent's element children. Counting
// stops once it passes `stop_after` (0: never), which is all :first-child and
// :nth-child(b) need even in a list of thousands.
size_t element_position(const Node* n, size_t stop_after) {
  auto siblings = children(n->parent);
  size_t index = n->index_within_parent;
  if (index >= siblings.size() || siblings[index] != n) {
    for (index = 0; index < siblings.size() && siblings[index] != n; ++index) {
    }
    if (index == siblings.size()) return 1;  // detached: alone, so first
  }
  size_t position = 1;
  while (index-- > 0) {
    if (!element_of(siblings[index])) continue;
    ++position;
    if (stop_after != 0 && position > stop_after) break;
  }
  return position;
}

bool matches_nth(const Node* n, int32_t a, int32_t b) {
  // With a <= 0 no position past b can match, so counting can stop there.
  if (a <= 0 && b < 1) return false;
  size_t stop_after = a <= 0 ? static_cast<size_t>(b) : 0;
  auto k = static_cast<int64_t>(element_position(n, stop_after));
  if (a == 0) return k == b;
  int64_t diff = k - b;
  return diff % a == 0 && diff / a >= 0;
}

bool matches_tests(const Impl& s, uint32_t begin, uint32_t end, const Node* n,
                   const GumboElement& e);

bool matches_test(const Impl& s, const Test& t, const Node* n, const GumboElement& e) {
  switch (t.kind) {
    case TestKind::known_tag:
      return e.tag == t.tag;
    case TestKind::unknown_tag:
      return e.tag == GUMBO_TAG_UNKNOWN && text::iequals(written_tag_name(e), s.string(t.name));
    case TestKind::class_name: {
      const GumboAttribute* a = find_attribute(e, "class");
      return a && has_class_word(a->value, s.string(t.name));
    }
    case TestKind::id: {
      const GumboAttribute* a = find_attribute(e, "id");
      return a && s.string(t.name) == a->value;
    }
    case TestKind::first_child:
      return element_position(n, 1) == 1;
    case TestKind::nth_child:
      return matches_nth(n, t.a, t.b);
    case TestKind::negation:
      return !matches_tests(s, t.inner_begin, t.inner_end, n, e);
    default:
      break;
  }
  const GumboAttribute* a = find_attribute(e, s.string(t.name));
  if (!a) return false;
  if (t.kind == TestKind::attr_exists) return true;
  std::string_view actual = a->value ? a->value : "";
  std::string_view wanted = s.string(t.value);
  switch (t.kind) {
    case TestKind::attr_equals: return actual == wanted;
    // CSS: an empty value for ^= $= *= matches nothing.
    case TestKind::attr_prefix: return !wanted.empty() && actual.starts_with(wanted);
    case TestKind::attr_suffix: return !wanted.empty() && actual.ends_with(wanted);
    case TestKind::attr_contains:
      return !wanted.empty() && actual.find(wanted) != std::string_view::npos;
    default: return false;
  }
}

bool matches_tests(const Impl& s, uint32_t begin, uint32_t end, const Node* n,
                   const GumboElement& e) {
  for (uint32_t i = begin; i < end; ++i)
    if (!matches_test(s, s.tests[i], n, e)) return false;
  return true;
}

bool matches_compound(const Impl& s, const Compound& c, const Node* n) {
  const GumboElement* e = element_of(n);
  return e && matches_tests(s, c.tests_begin, c.tests_end, n, *e);
}

// Right to left: the rightmost compound on `n`, then up through ancestors.
// With only descendant and child combinators, when a child chain fails it is
// enough to resume the nearest descendant combinator one ancestor higher, and
// when a descendant search reaches the root nothing can match: so one retry
// point, no recursion, and each ancestor is tried at most once per combinator.
bool matches_complex(const Impl& s, const Complex& c, const Node* n) {
  uint32_t i = c.compounds_end - 1;
  if (!matches_compound(s, s.compounds[i], n)) return false;
  const Node* current = n;
  const Node* retry_node = nullptr;
  uint32_t retry_index = 0;
  while (i > c.compounds_begin) {
    if (s.compounds[i].to_left == Combinator::child) {
      const Node* parent = parent_element(current);
      if (parent && matches_compound(s, s.compounds[i - 1], parent)) {
        current = parent;
        --i;
        continue;
      }
      if (!retry_node) return false;
      i = retry_index;
      current = retry_node;
    }
    const Compound& wanted = s.compounds[i - 1];
    const Node* ancestor = parent_element(current);
    while (ancestor && !matches_compound(s, wanted, ancestor)) ancestor = parent_element(ancestor);
    if (!ancestor) return false;
    retry_index = i;
    retry_node = ancestor;
    current = ancestor;
    --i;
  }
  return true;
}

}  // namespace

Selector Selector::parse(std::string_view text) {
  auto impl = std::make_unique<Impl>();
  impl->text = std::string(text);
  Parser(impl->text, *impl).parse_group();
  return Selector(std::move(impl));
}

Selector::Selector(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Selector::Selector(Selector&&) noexcept = default;
Selector& Selector::operator=(Selector&&) noexcept = default;
Selector::Selector(const Selector& other)
    : impl_(other.impl_ ? std::make_unique<Impl>(*other.impl_) : nullptr) {}
Selector& Selector::operator=(const Selector& other) {
  if (this != &other) impl_ = other.impl_ ? std::make_unique<Impl>(*other.impl_) : nullptr;
  return *this;
}
Selector::~Selector() = default;

bool Selector::matches(const Node* element) const {
  if (!impl_ || !element_of(element)) return false;
  for (const Complex& c : impl_->alternatives)
    if (matches_complex(*impl_, c, element)) return true;
  return false;
}

const std::string& Selector::text() const {
  static const std::string empty;  // a moved-from selector
  return impl_ ? impl_->text : empty;
}

std::vector<const Node*> select_all(const Node* root, const Selector& selector) {
  std::vector<const Node*> found;
  for_each_element(root, [&](const Node* n) {
    if (selector.matches(n)) found.push_back(n);
    return true;
  });
  return found;
}

const Node* select_first(const Node* root, const Selector& selector) {
  const Node* found = nullptr;
  for_each_element(root, [&](const Node* n) {
    if (found) return false;  // prune the rest of the walk
    if (selector.matches(n)) found = n;
    return !found;
  });
  return found;
}

}  // namespace khobao::html
