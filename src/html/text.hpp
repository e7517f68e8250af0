// Visible text of a subtree, as a reader sees it: block elements make
// paragraphs (separated by "\n\n"), <br> a line break ("\n"), whitespace
// collapsed, &nbsp; a space, zero-width characters dropped, output NFC.
// Never text: <script>, <style>, <noscript>, <template>, <svg>, <select>,
// form controls, comments, image alt text, hidden elements (the hidden
// attribute, aria-hidden="true", style="display:none").
#pragma once

#include "html/node.hpp"

#include <string>
#include <vector>

namespace khobao::html {

// Whether elements of tag `t` start a new paragraph (p, div, li, h1-h6,
// table rows and cells, figure, blockquote, section, article, ...).
bool is_block(GumboTag t);

// Whether the element is never rendered as text (see the list above).
bool is_invisible(const Node* element);

// The paragraphs of root's visible text, in order, each trimmed and
// non-empty.
std::vector<std::string> paragraphs(const Node* root);

// paragraphs(root) joined by "\n\n".
std::string visible_text(const Node* root);

// The text of root on one line: paragraphs joined by a space. For titles,
// bylines, captions, link titles.
std::string inline_text(const Node* root);

// Cheap measures for scoring, without building strings: the number of
// non-space bytes of visible text, and of those inside <a> elements.
struct TextStats {
  size_t chars = 0;       // non-whitespace UTF-8 bytes of visible text
  size_t link_chars = 0;  // ... of which inside <a>
  size_t words = 0;       // whitespace-separated runs
  size_t commas = 0;      // ',' '，' '、'
  size_t paragraphs = 0;  // <p> elements with text
};
TextStats text_stats(const Node* root);

}  // namespace khobao::html

namespace khobao::html {

// `s` with its HTML character references (&#7852; &aacute; &amp;) decoded,
// for text that comes from outside the tree but was written for HTML, such
// as JSON-LD values. Tags in `s` stay text.
std::string decode_entities(std::string_view s);

}  // namespace khobao::html
