// A fixture page turned into a template: its variable parts (title, body,
// links...) replaced by named slots, its furniture kept byte for byte.
#pragma once

#include <map>
#include <string>
#include <string_view>

namespace khobao::testsite {

using SlotValues = std::map<std::string, std::string, std::less<>>;

class PageTemplate {
 public:
  explicit PageTemplate(std::string text);

  // Every occurrence of `literal` becomes slot `name`. Throws
  // std::runtime_error if `literal` is absent, so that a fixture that
  // changed fails loudly instead of giving pages with stale text.
  PageTemplate& replace(std::string_view literal, std::string_view name);
  // The text strictly between `begin` and the first `end` after it becomes
  // slot `name`; both markers stay. Throws unless `begin` occurs exactly once
  // and `end` follows it.
  PageTemplate& cut(std::string_view begin, std::string_view end, std::string_view name);
  // Slot `name` is inserted right before `marker`, which must occur once.
  PageTemplate& insert_before(std::string_view marker, std::string_view name);

  // The page with every slot filled. Throws if a slot has no value.
  std::string render(const SlotValues& values) const;
  // The fixture's line end: "\r\n" or "\n".
  const std::string& newline() const { return newline_; }

 private:
  size_t find_once(std::string_view marker) const;
  std::string text_;  // slots are written "\x01name\x02"
  std::string newline_;
};

}  // namespace khobao::testsite
