// Small read-only helpers over gumbo's node struct: tag names, attributes,
// classes, children. Nodes are owned by their html::Document.
#pragma once

#include <gumbo.h>

#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace khobao::html {

using Node = GumboNode;

inline bool is_element(const Node* n) { return n && n->type == GUMBO_NODE_ELEMENT; }
inline bool is_text(const Node* n) {
  return n && (n->type == GUMBO_NODE_TEXT || n->type == GUMBO_NODE_WHITESPACE ||
               n->type == GUMBO_NODE_CDATA);
}
inline GumboTag tag(const Node* n) { return is_element(n) ? n->v.element.tag : GUMBO_TAG_UNKNOWN; }

// The element's tag name in lower case; for tags gumbo does not know
// (<name>, custom elements) the name as written in the source, lower-cased.
std::string tag_name(const Node* n);

// The value of attribute `name` (lower-case), or nullopt.
std::optional<std::string_view> attr(const Node* n, std::string_view name);

// Whether the class attribute holds `cls` as one of its space-separated words.
bool has_class(const Node* n, std::string_view cls);

// The children of an element or document; empty for other nodes.
inline std::span<Node* const> children(const Node* n) {
  if (!n) return {};
  const GumboVector* v = nullptr;
  if (n->type == GUMBO_NODE_ELEMENT || n->type == GUMBO_NODE_TEMPLATE) v = &n->v.element.children;
  else if (n->type == GUMBO_NODE_DOCUMENT) v = &n->v.document.children;
  if (!v || v->length == 0) return {};
  return {reinterpret_cast<Node* const*>(v->data), v->length};
}

inline std::string_view text_of(const Node* n) {
  return is_text(n) ? std::string_view(n->v.text.text) : std::string_view();
}

// A text node's markup as the page wrote it, before character references
// were decoded ("&lt;b&gt;" where text_of says "<b>"); empty for other nodes.
inline std::string_view markup_of(const Node* n) {
  return is_text(n) ? std::string_view(n->v.text.original_text.data, n->v.text.original_text.length)
                    : std::string_view();
}

// The first element child with tag `t` (or any tag when t is GUMBO_TAG_UNKNOWN
// and `name` matches tag_name), or nullptr.
const Node* child_element(const Node* n, GumboTag t);

// Whether `ancestor` is `n` or one of its ancestors.
bool contains(const Node* ancestor, const Node* n);

// Calls f(node) for every element below (and including) root in document
// order. f returns false to skip the node's subtree. Iterative: a page of a
// million nested tags does not overflow the stack.
template <class F>
void for_each_element(const Node* root, F&& f);

}  // namespace khobao::html

#include "html/node_walk.inl"
