// An HTML document parsed by gumbo. The tree lives in an arena owned by the
// Document, so parsing does few mallocs, freeing is one step whatever the
// depth of the tree, and cleaning steps may detach nodes freely.
#pragma once

#include "html/node.hpp"

#include <memory>
#include <string>
#include <vector>

namespace khobao::html {

class Arena;

class Document {
 public:
  // Parses UTF-8 HTML. Never fails: gumbo recovers from any input.
  static Document parse(std::string utf8_html);

  Document(Document&&) noexcept;
  Document& operator=(Document&&) noexcept;
  ~Document();

  const Node* document() const { return output_->document; }
  const Node* root() const { return output_->root; }  // the <html> element
  const Node* head() const;
  const Node* body() const;
  const std::string& source() const { return *source_; }

  // Detaches `n` (and its subtree) from its parent: later walks and
  // selectors no longer see it. The memory stays in the arena.
  void remove(const Node* n);

  // Gives element `n` another tag, for cleaning steps that know better than
  // the markup (a <form> that wraps a whole page is a <div>).
  void retag(const Node* n, GumboTag tag);

  // Drops attribute `name` of element `n`, if it has one.
  void remove_attribute(const Node* n, const char* name);

 private:
  Document() = default;
  std::unique_ptr<std::string> source_;  // gumbo points into it; must not move
  std::unique_ptr<Arena> arena_;
  GumboOutput* output_ = nullptr;        // allocated in arena_, freed with it
};

}  // namespace khobao::html
