// Collecting a page's links for discovery (see links.hpp). One walk over the
// parsed tree; every list is bounded whatever the page holds.
#include "html/links.hpp"

#include "core/text.hpp"
#include "core/unicode.hpp"
#include "html/url.hpp"

#include <algorithm>
#include <array>
#include <unordered_set>

namespace khobao::html {

namespace {

// Whether the space-separated word list `list` holds `word`, ASCII case
// folded (rel="Next", rel="noopener next").
bool has_word(std::string_view list, std::string_view word) {
  size_t pos = 0;
  while (pos < list.size()) {
    while (pos < list.size() && static_cast<unsigned char>(list[pos]) <= ' ') ++pos;
    size_t end = pos;
    while (end < list.size() && static_cast<unsigned char>(list[end]) > ' ') ++end;
    if (end > pos && text::ascii_lower(list.substr(pos, end - pos)) == word) return true;
    pos = end;
  }
  return false;
}

// The text of an anchor when it is short enough to be a label, else nullopt.
// Bounded in nodes and bytes: a hostile <a> may wrap the whole page.
std::optional<std::string> short_text(const Node* a) {
  constexpr size_t kMaxBytes = 64, kMaxNodes = 32;
  std::string text;
  std::vector<const Node*> stack{a};
  size_t visited = 0;
  while (!stack.empty()) {
    if (++visited > kMaxNodes) return std::nullopt;
    const Node* n = stack.back();
    stack.pop_back();
    if (is_text(n)) {
      text += text_of(n);
      text += ' ';
      if (text.size() > kMaxBytes) return std::nullopt;
      continue;
    }
    auto kids = children(n);
    for (auto it = kids.rbegin(); it != kids.rend(); ++it) stack.push_back(*it);
  }
  return text;
}

// Whether a label (text, aria-label, title) names the next page. Exact
// phrases only: "Đọc tiếp" (read on) and "Xem thêm" (see more) lead to an
// article or a category, not to page 2.
bool label_says_next(std::string_view label) {
  // The longest phrase, "Trang kế tiếp »", has 17 bytes besides spaces: a
  // longer label is a title, and folding every title of a listing with
  // utf8proc costs as much as parsing it.
  size_t visible = std::count_if(label.begin(), label.end(), [](char c) { return static_cast<unsigned char>(c) > ' '; });
  if (visible > 40) return false;
  std::string folded = text::fold_for_match(label);
  // Drop arrows and collapse spaces, remembering whether an arrow was there.
  static constexpr std::array<std::string_view, 5> kArrows = {"\u00bb", "\u203a", ">", "\u2192", "\u00a0"};
  std::string words;
  int arrows = 0;
  for (size_t i = 0; i < folded.size();) {
    bool matched = false;
    for (std::string_view arrow : kArrows) {
      if (std::string_view(folded).substr(i, arrow.size()) == arrow) {
        if (arrow != "\u00a0") ++arrows;
        if (!words.empty() && words.back() != ' ') words += ' ';
        i += arrow.size();
        matched = true;
        break;
      }
    }
    if (matched) continue;
    char c = folded[i++];
    if (static_cast<unsigned char>(c) <= ' ') {
      if (!words.empty() && words.back() != ' ') words += ' ';
    } else {
      words += c;
    }
  }
  while (!words.empty() && words.back() == ' ') words.pop_back();
  if (words.empty()) return arrows == 1;  // "»" alone; "»»" is usually the last page
  static constexpr std::array<std::string_view, 9> kPhrases = {
      "next",  "next page",  "sau",          "trang sau",      "tiep",
      "tiep theo", "trang tiep", "trang tiep theo", "trang ke tiep"};
  for (std::string_view p : kPhrases)
    if (words == p) return true;
  return false;
}

// Whether a class list marks a next-page control: the word "next" alone
// (WordPress "next page-numbers") or with a pagination word ("pagination__next",
// "page-next"). "next-article" and the like lead to an article, not a page.
bool class_says_next(std::string_view classes) {
  size_t pos = 0;
  while (pos < classes.size()) {
    while (pos < classes.size() && static_cast<unsigned char>(classes[pos]) <= ' ') ++pos;
    size_t end = pos;
    while (end < classes.size() && static_cast<unsigned char>(classes[end]) > ' ') ++end;
    std::string word = text::ascii_lower(classes.substr(pos, end - pos));
    if (word == "next") return true;
    if (word.find("next") != std::string::npos && word.find("pag") != std::string::npos) return true;
    pos = end;
  }
  return false;
}

bool anchor_says_next(const Node* a) {
  if (auto rel = attr(a, "rel"); rel && has_word(*rel, "next")) return true;
  if (auto cls = attr(a, "class"); cls && class_says_next(*cls)) return true;
  // Bootstrap-style pagers put the class on the enclosing <li>.
  if (tag(a->parent) == GUMBO_TAG_LI)
    if (auto cls = attr(a->parent, "class"); cls && class_says_next(*cls)) return true;
  for (const char* name : {"aria-label", "title"})
    if (auto v = attr(a, name); v && v->size() <= 64 && label_says_next(*v)) return true;
  auto text = short_text(a);
  return text && label_says_next(*text);
}

bool is_feed_type(std::string_view type) {
  std::string t = text::ascii_lower(text::trim_ascii(type.substr(0, type.find(';'))));
  return t == "application/rss+xml" || t == "application/atom+xml";
}

// Whether a robots meta content forbids following links ("none" means
// noindex, nofollow).
bool robots_nofollow(std::string_view content) {
  size_t pos = 0;
  while (pos <= content.size()) {
    size_t end = content.find(',', pos);
    if (end == std::string_view::npos) end = content.size();
    std::string word = text::ascii_lower(text::trim_ascii(content.substr(pos, end - pos)));
    if (word == "nofollow" || word == "none") return true;
    pos = end + 1;
  }
  return false;
}

// The document's base URL: the first <base href> in tree order, resolved
// against the page URL, when it gives an http(s) URL.
std::string document_base(const Document& doc, std::string_view page_url) {
  std::string found;
  for_each_element(doc.document(), [&](const Node* n) {
    if (!found.empty()) return false;  // drains the walk quickly
    if (tag(n) == GUMBO_TAG_BASE)
      if (auto href = attr(n, "href")) found = resolve_url(page_url, *href);
    return found.empty();
  });
  return found.empty() ? std::string(page_url) : found;
}

std::string without_fragment(std::string url) {
  if (size_t hash = url.find('#'); hash != std::string::npos) url.erase(hash);
  return url;
}

// A list that keeps the first of each URL, up to `cap` entries, and counts
// what came past the cap.
struct UniqueList {
  std::vector<std::string>* out;
  size_t cap;
  std::unordered_set<std::string> seen;
  size_t dropped = 0;

  void add(std::string url) {
    if (url.empty()) return;
    if (out->size() >= cap) {
      ++dropped;
      return;
    }
    if (seen.insert(url).second) out->push_back(std::move(url));
  }
};

}  // namespace

PageLinks collect_links(const Document& doc, std::string_view base_url) {
  PageLinks links;
  if (!doc.document()) return links;
  const std::string base = document_base(doc, base_url);
  const std::string page = without_fragment(resolve_url(base_url, ""));
  UniqueList anchors{&links.anchors, kMaxAnchors, {}};
  UniqueList next{&links.next, kMaxSmallLinks, {}};
  UniqueList feeds{&links.feeds, kMaxSmallLinks, {}};

  for_each_element(doc.document(), [&](const Node* n) {
    switch (tag(n)) {
      case GUMBO_TAG_A:
      case GUMBO_TAG_AREA: {
        auto href = attr(n, "href");
        if (!href || attr(n, "download")) break;
        std::string url = resolve_url(base, *href);
        if (url.empty()) break;
        // Past the anchor cap, still look for the next page: pagination
        // sits at the bottom of a listing. A "next" that leads back to the
        // page is a slider's control (href="#"), not pagination.
        if (without_fragment(url) != page && anchor_says_next(n)) next.add(url);
        anchors.add(std::move(url));
        break;
      }
      case GUMBO_TAG_LINK: {
        auto rel = attr(n, "rel");
        auto href = attr(n, "href");
        if (!rel || !href) break;
        if (has_word(*rel, "next")) next.add(resolve_url(base, *href));
        if (has_word(*rel, "canonical") && !links.canonical) {
          std::string url = resolve_url(base, *href);
          if (!url.empty()) links.canonical = std::move(url);
        }
        if (has_word(*rel, "alternate"))
          if (auto type = attr(n, "type"); type && is_feed_type(*type)) feeds.add(resolve_url(base, *href));
        break;
      }
      case GUMBO_TAG_META: {
        auto name = attr(n, "name");
        auto content = attr(n, "content");
        if (name && content && text::ascii_lower(text::trim_ascii(*name)) == "robots" && robots_nofollow(*content))
          links.nofollow = true;
        break;
      }
      default:
        break;
    }
    return true;
  });
  links.anchors_dropped = anchors.dropped;
  links.small_links_dropped = next.dropped + feeds.dropped;
  return links;
}

}  // namespace khobao::html
