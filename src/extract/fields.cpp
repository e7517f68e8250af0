// List fields of the record (see fields.hpp).
#include "extract/fields.hpp"

#include "html/text.hpp"
#include "url/url.hpp"

#include <algorithm>
#include <set>

namespace khobao::extract {

namespace {

bool is_placeholder_src(std::string_view src) {
  return src.empty() || src.rfind("data:", 0) == 0 || src.find("blank.gif") != std::string_view::npos ||
         src.find("1x1") != std::string_view::npos || src.find("placeholder") != std::string_view::npos;
}

const html::Node* first_img(const html::Node* root) {
  const html::Node* found = nullptr;
  html::for_each_element(root, [&](const html::Node* n) {
    if (found) return false;
    if (html::tag(n) == GUMBO_TAG_IMG) found = n;
    return !found;
  });
  return found;
}

bool is_figure_like(const html::Node* n) {
  GumboTag t = html::tag(n);
  return t == GUMBO_TAG_FIGURE || t == GUMBO_TAG_TABLE;
}

const html::Node* previous_element(const html::Node* n) {
  if (!n->parent) return nullptr;
  auto kids = html::children(n->parent);
  const html::Node* prev = nullptr;
  for (const html::Node* k : kids) {
    if (k == n) return prev;
    if (html::is_element(k)) prev = k;
  }
  return nullptr;
}

}  // namespace

std::optional<std::string> image_url(const html::Node* img, const std::string& base) {
  if (!img) return std::nullopt;
  for (const char* name : {"data-src", "data-original", "data-lazy-src", "data-large-src", "src"}) {
    auto v = html::attr(img, name);
    if (!v || is_placeholder_src(*v)) continue;
    std::string url = url::resolve(base, *v).value_or("");
    if (!url.empty()) return url;
  }
  return std::nullopt;
}

const html::Node* captioned_image(const html::Node* caption) {
  // Inside a figure or a caption table: that figure's first image.
  for (const html::Node* up = caption->parent; up && html::is_element(up); up = up->parent) {
    if (is_figure_like(up)) {
      if (const html::Node* img = first_img(up)) return img;
      break;
    }
  }
  // A figcaption after sibling figures: the first of the run of figures.
  const html::Node* first_figure = nullptr;
  for (const html::Node* prev = previous_element(caption); prev && is_figure_like(prev);
       prev = previous_element(prev))
    first_figure = prev;
  if (first_figure) return first_img(first_figure);
  // A caption paragraph right after an image paragraph.
  if (const html::Node* prev = previous_element(caption)) return first_img(prev);
  return nullptr;
}

std::vector<Caption> read_captions(const std::vector<const html::Node*>& elements,
                                   const std::string& base) {
  std::vector<Caption> out;
  for (const html::Node* el : elements) {
    std::string text = html::inline_text(el);
    if (text.empty()) continue;
    out.push_back({std::move(text), image_url(captioned_image(el), base)});
  }
  return out;
}

std::vector<RelatedLink> read_related(const std::vector<const html::Node*>& items,
                                      const html::Selector* title_sel,
                                      const html::Selector* summary_sel, const std::string& base) {
  static const html::Selector link_sel = html::Selector::parse("a[href]");
  std::vector<RelatedLink> out;
  std::set<std::string> seen;
  for (const html::Node* item : items) {
    const html::Node* link = html::tag(item) == GUMBO_TAG_A && html::attr(item, "href")
                                 ? item
                                 : html::select_first(item, link_sel);
    if (!link) continue;
    std::string url = url::resolve(base, html::attr(link, "href").value_or("")).value_or("");
    if (url.empty() || !seen.insert(url).second) continue;
    std::string title;
    if (title_sel)
      if (const html::Node* t = html::select_first(item, *title_sel)) title = html::inline_text(t);
    if (title.empty()) {
      // The first link with text: a thumbnail link often comes before the headline.
      for (const html::Node* a : html::select_all(item, link_sel)) {
        title = html::inline_text(a);
        if (!title.empty()) break;
      }
    }
    if (title.empty()) title = std::string(html::attr(link, "title").value_or(""));
    if (title.empty()) continue;
    std::optional<std::string> summary;
    if (summary_sel)
      if (const html::Node* s = html::select_first(item, *summary_sel)) {
        std::string text = html::inline_text(s);
        if (!text.empty()) summary = std::move(text);
      }
    out.push_back({std::move(url), std::move(title), std::move(summary)});
  }
  return out;
}

std::vector<std::string> read_tags(const std::vector<const html::Node*>& elements) {
  std::vector<std::string> out;
  for (const html::Node* el : elements) {
    std::string text = html::inline_text(el);
    size_t b = 0;
    while (b < text.size() && (text[b] == '#' || text[b] == ' ')) ++b;
    text.erase(0, b);
    if (!text.empty() && std::find(out.begin(), out.end(), text) == out.end()) out.push_back(text);
  }
  return out;
}

}  // namespace khobao::extract
