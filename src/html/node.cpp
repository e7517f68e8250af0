// Helpers over gumbo nodes (see node.hpp).
#include "html/node.hpp"

#include "core/text.hpp"

#include <cctype>
#include <cstring>

namespace khobao::html {

std::string tag_name(const Node* n) {
  if (!is_element(n)) return {};
  if (n->v.element.tag != GUMBO_TAG_UNKNOWN) return gumbo_normalized_tagname(n->v.element.tag);
  // Unknown tags: gumbo keeps the source text "<name attr...>" as
  // original_tag; read the name from it by hand (gumbo's own helper asserts
  // on text it did not expect, and this text comes from hostile pages).
  GumboStringPiece piece = n->v.element.original_tag;
  std::string name;
  size_t i = 0;
  if (piece.data && piece.length && piece.data[0] == '<') ++i;
  if (piece.data && i < piece.length && piece.data[i] == '/') ++i;
  for (; piece.data && i < piece.length; ++i) {
    char c = piece.data[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '/' || c == '>') break;
    name += text::ascii_lower(c);
  }
  return name;
}

std::optional<std::string_view> attr(const Node* n, std::string_view name) {
  if (!is_element(n)) return std::nullopt;
  const GumboVector& attrs = n->v.element.attributes;
  for (unsigned i = 0; i < attrs.length; ++i) {
    auto* a = static_cast<const GumboAttribute*>(attrs.data[i]);
    // Compare without strlen: this runs for every attribute of every
    // element in several passes.
    if (std::strncmp(a->name, name.data(), name.size()) == 0 && a->name[name.size()] == '\0')
      return std::string_view(a->value);
  }
  return std::nullopt;
}

bool has_class(const Node* n, std::string_view cls) {
  auto value = attr(n, "class");
  if (!value || cls.empty()) return false;
  std::string_view v = *value;
  size_t pos = 0;
  while (pos < v.size()) {
    while (pos < v.size() && std::isspace(static_cast<unsigned char>(v[pos]))) ++pos;
    size_t end = pos;
    while (end < v.size() && !std::isspace(static_cast<unsigned char>(v[end]))) ++end;
    if (v.substr(pos, end - pos) == cls) return true;
    pos = end;
  }
  return false;
}

const Node* child_element(const Node* n, GumboTag t) {
  for (const Node* c : children(n))
    if (is_element(c) && c->v.element.tag == t) return c;
  return nullptr;
}

bool contains(const Node* ancestor, const Node* n) {
  for (; n; n = n->parent)
    if (n == ancestor) return true;
  return false;
}

}  // namespace khobao::html
