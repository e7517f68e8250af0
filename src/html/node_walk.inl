// Iterative pre-order walk used by for_each_element (see node.hpp).
#pragma once
#include <vector>

namespace khobao::html {

template <class F>
void for_each_element(const Node* root, F&& f) {
  if (!root) return;
  std::vector<const Node*> stack{root};
  while (!stack.empty()) {
    const Node* n = stack.back();
    stack.pop_back();
    if (n->type != GUMBO_NODE_ELEMENT && n->type != GUMBO_NODE_DOCUMENT &&
        n->type != GUMBO_NODE_TEMPLATE)
      continue;
    if (n->type != GUMBO_NODE_DOCUMENT && !f(n)) continue;
    auto kids = children(n);
    for (auto it = kids.rbegin(); it != kids.rend(); ++it) stack.push_back(*it);
  }
}

}  // namespace khobao::html
