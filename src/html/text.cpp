// Visible-text serialization (see text.hpp). One iterative walk per call:
// pages nest deeply, and text is built once, with whitespace collapsed on the
// fly rather than by a second pass.
#include "html/text.hpp"

#include "core/unicode.hpp"
#include "core/text.hpp"

#include <cstring>

namespace khobao::html {

namespace {

// How many bytes at `s` form a character that renders as white space (0 if
// none), and whether it is one that renders as nothing at all.
struct SpaceInfo {
  size_t length = 0;
  bool invisible = false;  // zero-width: dropped, not a word break
};

SpaceInfo space_at(std::string_view s, size_t i) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') return {1, false};
  if (c < 0xC2) return {};
  if (c == 0xC2 && i + 1 < s.size()) {
    unsigned char d = static_cast<unsigned char>(s[i + 1]);
    if (d == 0xA0) return {2, false};  // no-break space
    if (d == 0xAD) return {2, true};   // soft hyphen
    return {};
  }
  if (c == 0xE2 && i + 2 < s.size()) {
    unsigned char d = static_cast<unsigned char>(s[i + 1]);
    unsigned char e = static_cast<unsigned char>(s[i + 2]);
    if (d == 0x80 && e >= 0x80 && e <= 0x8A) return {3, false};  // en/em/thin spaces
    if (d == 0x80 && e >= 0x8B && e <= 0x8D) return {3, true};   // ZWSP, ZWNJ, ZWJ
    if (d == 0x80 && e == 0xAF) return {3, false};               // narrow nbsp
    if (d == 0x81 && e == 0x9F) return {3, false};               // medium math space
    if (d == 0x81 && e == 0xA0) return {3, true};                // word joiner
    return {};
  }
  if (c == 0xE3 && i + 2 < s.size() && s[i + 1] == '\x80' && s[i + 2] == '\x80') return {3, false};
  if (c == 0xEF && i + 2 < s.size() && s[i + 1] == '\xBB' && s[i + 2] == '\xBF') return {3, true};
  return {};
}

// Builds paragraphs from text runs, collapsing white space.
class ParagraphBuilder {
 public:
  void add_text(std::string_view s) {
    size_t i = 0;
    while (i < s.size()) {
      SpaceInfo sp = space_at(s, i);
      if (sp.length) {
        if (!sp.invisible) pending_space_ = true;
        i += sp.length;
        continue;
      }
      if (pending_space_ && !current_.empty() && current_.back() != '\n') current_ += ' ';
      pending_space_ = false;
      size_t j = i + 1;
      while (j < s.size() && static_cast<unsigned char>(s[j]) < 0x80 && s[j] != ' ' &&
             s[j] != '\t' && s[j] != '\n' && s[j] != '\r' && s[j] != '\f')
        ++j;
      if (j == i + 1 && static_cast<unsigned char>(s[i]) >= 0x80) {
        // one multi-byte character that is not a space
        size_t len = 1;
        while (i + len < s.size() && (static_cast<unsigned char>(s[i + len]) & 0xC0) == 0x80) ++len;
        j = i + len;
      }
      current_.append(s.data() + i, j - i);
      i = j;
    }
  }

  // <br>: a line break; two in a row end the paragraph, as they read.
  void line_break() {
    pending_space_ = false;
    if (current_.empty()) return;
    if (current_.back() == '\n') {
      current_.pop_back();
      end_paragraph();
      return;
    }
    current_ += '\n';
  }

  void end_paragraph() {
    pending_space_ = false;
    while (!current_.empty() && (current_.back() == '\n' || current_.back() == ' ')) current_.pop_back();
    if (!current_.empty()) out_.push_back(text::to_nfc(current_));
    current_.clear();
  }

  std::vector<std::string> finish() {
    end_paragraph();
    return std::move(out_);
  }

 private:
  std::string current_;
  bool pending_space_ = false;
  std::vector<std::string> out_;
};

// Whether a style attribute holds `declaration` (lower-case, no spaces),
// ignoring case and spaces: "Display: None" counts. Runs for every element
// in every walk, so it copies nothing.
bool style_says(const char* style, std::string_view declaration) {
  for (const char* start = style; *start; ++start) {
    const char* p = start;
    size_t k = 0;
    while (*p && k < declaration.size()) {
      char c = *p++;
      if (c == ' ') continue;
      if (text::ascii_lower(c) != declaration[k]) break;
      ++k;
    }
    if (k == declaration.size()) return true;
  }
  return false;
}

}  // namespace

bool is_block(GumboTag t) {
  switch (t) {
    case GUMBO_TAG_ADDRESS: case GUMBO_TAG_ARTICLE: case GUMBO_TAG_ASIDE:
    case GUMBO_TAG_BLOCKQUOTE: case GUMBO_TAG_BODY: case GUMBO_TAG_CAPTION:
    case GUMBO_TAG_CENTER: case GUMBO_TAG_DD: case GUMBO_TAG_DETAILS:
    case GUMBO_TAG_DIR: case GUMBO_TAG_DIV: case GUMBO_TAG_DL:
    case GUMBO_TAG_DT: case GUMBO_TAG_FIELDSET: case GUMBO_TAG_FIGCAPTION:
    case GUMBO_TAG_FIGURE: case GUMBO_TAG_FOOTER: case GUMBO_TAG_FORM: case GUMBO_TAG_H1:
    case GUMBO_TAG_H2: case GUMBO_TAG_H3: case GUMBO_TAG_H4: case GUMBO_TAG_H5:
    case GUMBO_TAG_H6: case GUMBO_TAG_HEADER: case GUMBO_TAG_HGROUP: case GUMBO_TAG_HR:
    case GUMBO_TAG_HTML: case GUMBO_TAG_LEGEND: case GUMBO_TAG_LI: case GUMBO_TAG_MAIN:
    case GUMBO_TAG_MENU: case GUMBO_TAG_NAV: case GUMBO_TAG_OL: case GUMBO_TAG_P:
    case GUMBO_TAG_PRE: case GUMBO_TAG_SECTION: case GUMBO_TAG_SUMMARY:
    case GUMBO_TAG_TABLE: case GUMBO_TAG_TBODY: case GUMBO_TAG_TD: case GUMBO_TAG_TFOOT:
    case GUMBO_TAG_TH: case GUMBO_TAG_THEAD: case GUMBO_TAG_TR: case GUMBO_TAG_UL:
      return true;
    default:
      return false;
  }
}

bool is_invisible(const Node* n) {
  if (n->type == GUMBO_NODE_TEMPLATE) return true;
  if (!is_element(n)) return false;
  switch (n->v.element.tag) {
    case GUMBO_TAG_SCRIPT: case GUMBO_TAG_STYLE: case GUMBO_TAG_NOSCRIPT:
    case GUMBO_TAG_TEMPLATE: case GUMBO_TAG_SVG: case GUMBO_TAG_SELECT:
    case GUMBO_TAG_TEXTAREA: case GUMBO_TAG_INPUT: case GUMBO_TAG_BUTTON:
    case GUMBO_TAG_IFRAME: case GUMBO_TAG_OBJECT: case GUMBO_TAG_EMBED:
    case GUMBO_TAG_CANVAS: case GUMBO_TAG_AUDIO: case GUMBO_TAG_VIDEO:
    case GUMBO_TAG_HEAD: case GUMBO_TAG_TITLE: case GUMBO_TAG_MAP: case GUMBO_TAG_MATH:
      return true;
    default:
      break;
  }
  if (n->v.element.tag_namespace == GUMBO_NAMESPACE_SVG) return true;
  const GumboVector& attrs = n->v.element.attributes;
  for (unsigned i = 0; i < attrs.length; ++i) {
    auto* a = static_cast<const GumboAttribute*>(attrs.data[i]);
    const char* name = a->name;
    if (std::strcmp(name, "hidden") == 0) return true;
    if (std::strcmp(name, "aria-hidden") == 0 && std::strcmp(a->value, "true") == 0) return true;
    if (std::strcmp(name, "style") == 0 &&
        (style_says(a->value, "display:none") || style_says(a->value, "visibility:hidden")))
      return true;
  }
  return false;
}

std::vector<std::string> paragraphs(const Node* root) {
  ParagraphBuilder builder;
  if (!root) return {};
  // Each entry: a node to enter, or (node == nullptr) the end of a block.
  std::vector<const Node*> stack{root};
  while (!stack.empty()) {
    const Node* n = stack.back();
    stack.pop_back();
    if (!n) {
      builder.end_paragraph();
      continue;
    }
    if (is_text(n)) {
      builder.add_text(text_of(n));
      continue;
    }
    if (n->type != GUMBO_NODE_ELEMENT && n->type != GUMBO_NODE_DOCUMENT) continue;
    if (n->type == GUMBO_NODE_ELEMENT) {
      if (is_invisible(n)) continue;
      GumboTag t = n->v.element.tag;
      if (t == GUMBO_TAG_BR) {
        builder.line_break();
        continue;
      }
      if (is_block(t)) {
        builder.end_paragraph();
        stack.push_back(nullptr);
      }
    }
    auto kids = children(n);
    for (auto it = kids.rbegin(); it != kids.rend(); ++it) stack.push_back(*it);
  }
  return builder.finish();
}

std::string visible_text(const Node* root) {
  std::string out;
  for (const auto& p : paragraphs(root)) {
    if (!out.empty()) out += "\n\n";
    out += p;
  }
  return out;
}

std::string inline_text(const Node* root) {
  std::string out;
  for (const auto& p : paragraphs(root)) {
    if (!out.empty()) out += ' ';
    for (char c : p) out += (c == '\n') ? ' ' : c;
  }
  return out;
}

TextStats text_stats(const Node* root) {
  TextStats stats;
  if (!root) return stats;
  struct Item {
    const Node* node;
    bool in_link;
  };
  std::vector<Item> stack{{root, false}};
  while (!stack.empty()) {
    Item item = stack.back();
    stack.pop_back();
    const Node* n = item.node;
    if (is_text(n)) {
      std::string_view s = text_of(n);
      bool in_word = false;
      for (size_t i = 0; i < s.size(); ++i) {
        unsigned char c = static_cast<unsigned char>(s[i]);
        bool space = c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f';
        if (space) {
          in_word = false;
          continue;
        }
        if (!in_word) ++stats.words;
        in_word = true;
        ++stats.chars;
        if (item.in_link) ++stats.link_chars;
        if (c == ',') ++stats.commas;
      }
      continue;
    }
    if (n->type != GUMBO_NODE_ELEMENT) continue;
    if (is_invisible(n)) continue;
    bool in_link = item.in_link || n->v.element.tag == GUMBO_TAG_A;
    if (n->v.element.tag == GUMBO_TAG_P) ++stats.paragraphs;
    auto kids = children(n);
    for (auto it = kids.rbegin(); it != kids.rend(); ++it) stack.push_back({*it, in_link});
  }
  return stats;
}

}  // namespace khobao::html

#include "html/document.hpp"

namespace khobao::html {

std::string decode_entities(std::string_view s) {
  if (s.find('&') == std::string_view::npos) return std::string(s);
  // A <textarea> decodes references and takes tags as text: the parser's
  // own tables, rather than a copy of HTML's two thousand entity names.
  std::string escaped;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '<' && i + 2 < s.size() && s[i + 1] == '/' && (s[i + 2] | 0x20) == 't') escaped += "&lt;";
    else escaped += s[i];
  }
  Document doc = Document::parse("<textarea>" + escaped + "</textarea>");
  const Node* area = nullptr;
  for_each_element(doc.body(), [&](const Node* n) {
    if (tag(n) == GUMBO_TAG_TEXTAREA) area = n;
    return !area;
  });
  std::string out;
  for (const Node* c : children(area)) out += text_of(c);
  return out;
}

}  // namespace khobao::html
