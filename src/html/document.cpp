// Gumbo parsing into an arena (see document.hpp).
#include "html/document.hpp"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <new>

namespace khobao::html {

// A bump allocator handed to gumbo. Gumbo never reallocates in place (it
// allocates, copies and frees), so free() is a no-op and all memory goes at
// once with the arena. Blocks grow geometrically to keep their count small.
class Arena {
 public:
  ~Arena() {
    for (void* b : blocks_) std::free(b);
  }
  void* allocate(size_t size) {
    size = (size + 15) & ~size_t{15};
    if (size > left_) grow(size);
    void* p = next_;
    next_ += size;
    left_ -= size;
    return p;
  }

 private:
  void grow(size_t at_least) {
    block_size_ = std::min<size_t>(block_size_ * 2, 64 << 20);
    size_t n = std::max(block_size_, at_least);
    void* b = std::malloc(n);
    if (!b) throw std::bad_alloc();
    blocks_.push_back(b);
    next_ = static_cast<char*>(b);
    left_ = n;
  }
  std::vector<void*> blocks_;
  char* next_ = nullptr;
  size_t left_ = 0;
  size_t block_size_ = 32 << 10;
};

namespace {
void* arena_allocate(void* userdata, size_t size) {
  return static_cast<Arena*>(userdata)->allocate(size);
}
void arena_free(void*, void*) {}

const Node* find_child(const Node* parent, GumboTag t) {
  return parent ? child_element(parent, t) : nullptr;
}
}  // namespace

Document Document::parse(std::string utf8_html) {
  Document doc;
  doc.source_ = std::make_unique<std::string>(std::move(utf8_html));
  doc.arena_ = std::make_unique<Arena>();
  GumboOptions options = kGumboDefaultOptions;
  options.allocator = arena_allocate;
  options.deallocator = arena_free;
  options.userdata = doc.arena_.get();
  options.max_errors = 0;  // we never read parse errors; recording them is costly
  doc.output_ = gumbo_parse_with_options(&options, doc.source_->data(), doc.source_->size());
  return doc;
}

Document::Document(Document&&) noexcept = default;
Document& Document::operator=(Document&&) noexcept = default;
Document::~Document() = default;  // the arena frees the whole tree

const Node* Document::head() const { return find_child(root(), GUMBO_TAG_HEAD); }
const Node* Document::body() const { return find_child(root(), GUMBO_TAG_BODY); }

void Document::retag(const Node* n, GumboTag tag) {
  if (!n || (n->type != GUMBO_NODE_ELEMENT && n->type != GUMBO_NODE_TEMPLATE)) return;
  Node* node = const_cast<Node*>(n);
  node->type = GUMBO_NODE_ELEMENT;  // a <template>'s content becomes ordinary children
  node->v.element.tag = tag;
}

void Document::remove_attribute(const Node* n, const char* name) {
  if (!n || n->type != GUMBO_NODE_ELEMENT) return;
  GumboVector& attrs = const_cast<Node*>(n)->v.element.attributes;
  for (unsigned i = 0; i < attrs.length; ++i) {
    if (std::strcmp(static_cast<GumboAttribute*>(attrs.data[i])->name, name) != 0) continue;
    // The arena owns the attribute; only the vector forgets it.
    for (unsigned k = i + 1; k < attrs.length; ++k) attrs.data[k - 1] = attrs.data[k];
    --attrs.length;
    return;
  }
}

void Document::remove(const Node* n) {
  if (!n || !n->parent) return;
  Node* parent = n->parent;
  GumboVector* v = nullptr;
  if (parent->type == GUMBO_NODE_ELEMENT || parent->type == GUMBO_NODE_TEMPLATE)
    v = &parent->v.element.children;
  else if (parent->type == GUMBO_NODE_DOCUMENT)
    v = &parent->v.document.children;
  if (!v) return;
  auto** data = reinterpret_cast<Node**>(v->data);
  auto* end = data + v->length;
  auto* it = std::find(data, end, n);
  if (it == end) return;
  std::move(it + 1, end, it);
  --v->length;
  for (unsigned i = 0; i < v->length; ++i) data[i]->index_within_parent = i;
  const_cast<Node*>(n)->parent = nullptr;
}

}  // namespace khobao::html
