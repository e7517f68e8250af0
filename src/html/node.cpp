// Helpers over gumbo nodes (see node.hpp).
#include "html/node.hpp"

#include <cctype>

namespace khobao::html {

std::string tag_name(const Node* n) {
  if (!is_element(n)) return {};
  if (n->v.element.tag != GUMBO_TAG_UNKNOWN) return gumbo_normalized_tagname(n->v.element.tag);
  // Unknown tags: gumbo keeps "<name attr...>" as original_tag; take the name.
  GumboStringPiece piece = n->v.element.original_tag;
  gumbo_tag_from_original_text(&piece);
  std::string name(piece.data ? piece.data : "", piece.data ? piece.length : 0);
  for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return name;
}

std::optional<std::string_view> attr(const Node* n, std::string_view name) {
  if (!is_element(n)) return std::nullopt;
  const GumboVector& attrs = n->v.element.attributes;
  for (unsigned i = 0; i < attrs.length; ++i) {
    auto* a = static_cast<const GumboAttribute*>(attrs.data[i]);
    if (name == a->name) return std::string_view(a->value);
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
