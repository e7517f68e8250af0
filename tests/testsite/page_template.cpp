// Cutting fixture pages into slots and filling them again.
#include "testsite/page_template.hpp"

#include <stdexcept>

namespace khobao::testsite {
namespace {

std::string slot(std::string_view name) { return "\x01" + std::string(name) + "\x02"; }

std::string shorten(std::string_view s) {
  return std::string(s.substr(0, 60)) + (s.size() > 60 ? "..." : "");
}

}  // namespace

PageTemplate::PageTemplate(std::string text)
    : text_(std::move(text)), newline_(text_.find("\r\n") != std::string::npos ? "\r\n" : "\n") {}

size_t PageTemplate::find_once(std::string_view marker) const {
  size_t at = text_.find(marker);
  if (at == std::string::npos) throw std::runtime_error("template marker not found: " + shorten(marker));
  if (text_.find(marker, at + 1) != std::string::npos)
    throw std::runtime_error("template marker not unique: " + shorten(marker));
  return at;
}

PageTemplate& PageTemplate::replace(std::string_view literal, std::string_view name) {
  std::string out;
  size_t from = 0, count = 0;
  for (size_t at; (at = text_.find(literal, from)) != std::string::npos; from = at + literal.size()) {
    out.append(text_, from, at - from);
    out += slot(name);
    ++count;
  }
  if (count == 0) throw std::runtime_error("template text not found: " + shorten(literal));
  out.append(text_, from);
  text_ = std::move(out);
  return *this;
}

PageTemplate& PageTemplate::cut(std::string_view begin, std::string_view end, std::string_view name) {
  size_t start = find_once(begin) + begin.size();
  size_t stop = text_.find(end, start);
  if (stop == std::string::npos) throw std::runtime_error("template end marker not found: " + shorten(end));
  text_.replace(start, stop - start, slot(name));
  return *this;
}

PageTemplate& PageTemplate::insert_before(std::string_view marker, std::string_view name) {
  text_.insert(find_once(marker), slot(name));
  return *this;
}

std::string PageTemplate::render(const SlotValues& values) const {
  std::string out;
  out.reserve(text_.size() * 2);
  size_t from = 0;
  for (size_t at; (at = text_.find('\x01', from)) != std::string::npos;) {
    out.append(text_, from, at - from);
    size_t close = text_.find('\x02', at);
    std::string_view name(text_.data() + at + 1, close - at - 1);
    auto it = values.find(name);
    if (it == values.end()) throw std::runtime_error("template slot without value: " + std::string(name));
    out += it->second;
    from = close + 1;
  }
  out.append(text_, from);
  return out;
}

}  // namespace khobao::testsite
