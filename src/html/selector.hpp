// The CSS selector subset of DESIGN.md, matched on gumbo trees:
// type, .class, #id, [attr], [attr=v], [attr^=v], [attr$=v], [attr*=v],
// compound selectors (div.a.b[x]), descendant (A B), child (A > B),
// groups (A, B), :not(simple), :first-child, :nth-child(n).
#pragma once

#include "html/node.hpp"

#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace khobao::html {

// A selector that could not be parsed; what() names the selector text and the
// offending position, e.g. `expected ']' at offset 9 in "div[class"`.
class SelectorError : public std::runtime_error {
 public:
  SelectorError(const std::string& message, size_t offset)
      : std::runtime_error(message), offset_(offset) {}
  size_t offset() const { return offset_; }

 private:
  size_t offset_;
};

class Selector {
 public:
  // Parses `text`; throws SelectorError. Tag and attribute names match ASCII
  // case-insensitively, attribute values and classes case-sensitively.
  static Selector parse(std::string_view text);

  Selector(Selector&&) noexcept;
  Selector& operator=(Selector&&) noexcept;
  Selector(const Selector&);
  Selector& operator=(const Selector&);
  ~Selector();

  bool matches(const Node* element) const;
  const std::string& text() const;

  struct Impl;

 private:
  explicit Selector(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Every element below root (root itself included) that matches, in document
// order, each once.
std::vector<const Node*> select_all(const Node* root, const Selector& selector);

// The first match in document order, or nullptr.
const Node* select_first(const Node* root, const Selector& selector);

}  // namespace khobao::html
