// Cleaning steps (see clean.hpp). Class and id words are matched as whole
// words of the attribute (split at '-', '_', ' ' and case changes) so that
// "comment-box" is furniture but "recommended" is not an ad.
#include "extract/clean.hpp"

#include "html/selector.hpp"
#include "html/text.hpp"
#include "core/text.hpp"
#include "core/unicode.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <string_view>
#include <unordered_set>

namespace khobao::extract {

namespace {

bool is_ident_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.';
}

// Length of the placeholder starting at s[i], or 0.
size_t placeholder_at(std::string_view s, size_t i) {
  auto ident_run = [&](size_t from, size_t max) {
    size_t k = from;
    while (k < s.size() && k - from < max && is_ident_char(s[k])) ++k;
    return k - from;
  };
  if (s[i] == '{') {
    bool dbl = i + 1 < s.size() && s[i + 1] == '{';
    size_t from = i + (dbl ? 2 : 1);
    while (from < s.size() && s[from] == ' ') ++from;
    size_t n = ident_run(from, 40);
    if (n == 0 || !std::isalpha(static_cast<unsigned char>(s[from]))) return 0;
    size_t k = from + n;
    while (k < s.size() && s[k] == ' ') ++k;
    if (dbl) return (s.substr(k, 2) == "}}") ? k + 2 - i : 0;
    return (k < s.size() && s[k] == '}') ? k + 1 - i : 0;
  }
  if (s[i] == '$' && i + 1 < s.size() && s[i + 1] == '{') {
    size_t n = ident_run(i + 2, 40);
    return (n && i + 2 + n < s.size() && s[i + 2 + n] == '}') ? n + 3 : 0;
  }
  return 0;
}

// Class/id words that mark furniture wherever they are.
constexpr std::array kFurnitureWords = {
    "comment", "comments", "binhluan", "share", "sharing", "social", "sns", "weather",
    "thoitiet", "popup", "modal", "overlay", "banner", "ad", "advert", "advertisement", "ads",
    "adsense", "qc", "quangcao", "sponsor", "sponsored", "promo", "newsletter", "subscribe",
    "breadcrumb", "breadcrumbs", "pagination", "pager", "toolbar", "print", "rennab",
    "sda", "cookie", "login", "signup", "captcha", "rating", "vote", "poll", "widget",
    "sidebar", "menu", "navbar", "nav", "related", "relate", "lienquan", "tinlienquan",
    "readmore", "recommend", "recommended", "trending", "mostread", "docnhieu", "tags",
    "keywords", "tag", "hashtag", "tts", "bookmark", "zalo", "facebook",
    "twitter", "fb", "embed", "consent", "disclaimer", "affiliate", "author", "authors",
    "bio", "byline", "offscreen", "visually"};

}  // namespace

bool class_contains(const html::Node* n, std::initializer_list<std::string_view> needles) {
  char lowered[512];
  for (const char* name : {"class", "id"}) {
    auto value = html::attr(n, name);
    if (!value || value->empty()) continue;
    std::string_view v = value->substr(0, sizeof lowered);  // hints sit at the start of long values
    for (size_t i = 0; i < v.size(); ++i) lowered[i] = text::ascii_lower(v[i]);
    std::string_view low(lowered, v.size());
    for (std::string_view needle : needles)
      if (low.find(needle) != std::string_view::npos) return true;
  }
  return false;
}

bool has_placeholder(std::string_view text) {
  for (size_t i = 0; i < text.size(); ++i)
    if ((text[i] == '{' || text[i] == '$') && placeholder_at(text, i)) return true;
  return false;
}

std::string strip_placeholders(std::string_view text, std::string_view markup) {
  std::string out;
  for (size_t i = 0; i < text.size();) {
    size_t n = (text[i] == '{' || text[i] == '$') ? placeholder_at(text, i) : 0;
    if (n && !markup.empty() && markup.find(text.substr(i, n)) == std::string_view::npos) n = 0;
    if (n) {
      i += n;
      continue;
    }
    out += text[i++];
  }
  // Tidy what the removal left: doubled spaces, a separator with nothing around it.
  std::string tidy;
  for (char c : out)
    if (!(c == ' ' && (tidy.empty() || tidy.back() == ' ' || tidy.back() == '\n'))) tidy += c;
  while (!tidy.empty() && (tidy.back() == ' ' || tidy.back() == '-')) tidy.pop_back();
  size_t b = 0;
  while (b < tidy.size() && (tidy[b] == ' ' || tidy[b] == '-')) ++b;
  return tidy.substr(b);
}

size_t remove_placeholder_holders(html::Document& doc) {
  // A template sits a few levels below its widget; climbing further only
  // costs time on deep pages.
  constexpr int kMaxClimb = 12;
  const html::Node* body = doc.body();
  if (!body) return 0;
  std::vector<const html::Node*> holders;
  // Text nodes are not elements: walk elements and look at their text children.
  html::for_each_element(body, [&](const html::Node* el) {
    if (el->type == GUMBO_NODE_TEMPLATE || html::tag(el) == GUMBO_TAG_TEMPLATE) {
      holders.push_back(el);
      return false;
    }
    for (const html::Node* c : html::children(el)) {
      // The markup must hold the placeholder as written: an escaped one is text.
      if (!html::is_text(c) || !has_placeholder(html::markup_of(c))) continue;
      // Climb while the ancestor's text, placeholders aside, stays short.
      const html::Node* holder = nullptr;  // prose with a stray placeholder is kept
      int level = 0;
      for (const html::Node* up = el; up && up != body && html::is_element(up) && level < kMaxClimb;
           up = up->parent, ++level) {
        std::string rest = strip_placeholders(html::visible_text(up));
        if (rest.size() > 60) break;
        holder = up;
      }
      if (!holder) return true;
      holders.push_back(holder);
      return false;
    }
    return true;
  });
  // Remove outermost first; a holder inside another is gone with it.
  size_t removed = 0;
  for (const html::Node* h : holders) {
    bool inside_other = std::any_of(holders.begin(), holders.end(), [&](const html::Node* o) {
      return o != h && html::contains(o, h);
    });
    if (!inside_other && h->parent) {
      doc.remove(h);
      ++removed;
    }
  }
  return removed;
}

namespace {

// Visible text below `n`, as if `n` itself were shown.
size_t chars_inside(const html::Node* n) {
  size_t chars = 0;
  for (const html::Node* c : html::children(n)) chars += html::text_stats(c).chars;
  return chars;
}

}  // namespace

size_t reveal_hidden_article(html::Document& doc) {
  const html::Node* body = doc.body();
  if (!body) return 0;
  constexpr size_t kMinChars = 500;
  std::vector<const html::Node*> hidden;
  html::for_each_element(body, [&](const html::Node* n) {
    bool is_template = n->type == GUMBO_NODE_TEMPLATE || html::tag(n) == GUMBO_TAG_TEMPLATE;
    if (is_template || html::attr(n, "hidden")) {
      hidden.push_back(n);
      return false;
    }
    return true;
  });
  std::vector<std::pair<const html::Node*, size_t>> sizable;
  for (const html::Node* n : hidden)
    if (size_t chars = chars_inside(n); chars >= kMinChars) sizable.emplace_back(n, chars);
  if (sizable.empty()) return 0;  // most pages: no walk of the visible page
  const size_t visible = html::text_stats(body).chars;
  size_t revealed = 0;
  for (const auto& [n, chars] : sizable) {
    if (chars <= visible) continue;
    doc.remove_attribute(n, "hidden");
    if (n->type == GUMBO_NODE_TEMPLATE || html::tag(n) == GUMBO_TAG_TEMPLATE) doc.retag(n, GUMBO_TAG_DIV);
    ++revealed;
  }
  return revealed;
}

size_t unwrap_page_forms(html::Document& doc) {
  const html::Node* body = doc.body();
  if (!body) return 0;
  static const html::Selector forms = html::Selector::parse("form");
  std::vector<const html::Node*> found = html::select_all(body, forms);
  if (found.empty()) return 0;
  const size_t page_chars = html::text_stats(body).chars;
  size_t retagged = 0;
  for (const html::Node* form : found) {
    if (html::text_stats(form).chars * 2 <= page_chars) continue;
    doc.retag(form, GUMBO_TAG_DIV);
    ++retagged;
  }
  return retagged;
}

bool is_furniture_tag(const html::Node* n) {
  switch (html::tag(n)) {
    case GUMBO_TAG_NAV: case GUMBO_TAG_FORM: case GUMBO_TAG_BUTTON: case GUMBO_TAG_SELECT:
    case GUMBO_TAG_INPUT: case GUMBO_TAG_TEXTAREA: case GUMBO_TAG_LABEL: case GUMBO_TAG_IFRAME: case GUMBO_TAG_SCRIPT:
    case GUMBO_TAG_STYLE: case GUMBO_TAG_NOSCRIPT: case GUMBO_TAG_TEMPLATE:
      return true;
    default:
      return n->type == GUMBO_NODE_TEMPLATE;
  }
}

// Whether the class or id says "no-WORD" ("no-tts": text kept out of the
// read-aloud player): the opposite of WORD.
bool negated(const html::Node* n, std::string_view word) {
  for (const char* name : {"class", "id"}) {
    auto value = html::attr(n, name);
    if (!value) continue;
    std::string lowered = text::ascii_lower(*value);  // only for the rare element a furniture word hit
    for (std::string_view prefix : {"no-", "no_", "not-"})
      if (lowered.find(std::string(prefix).append(word)) != std::string::npos) return true;
  }
  return false;
}

bool is_furniture(const html::Node* n, bool strict) {
  if (!html::is_element(n) && n->type != GUMBO_NODE_TEMPLATE) return false;
  if (is_furniture_tag(n)) return true;
  switch (html::tag(n)) {
    case GUMBO_TAG_HEADER: case GUMBO_TAG_FOOTER: case GUMBO_TAG_ASIDE:
      if (strict) return true;
      break;
    case GUMBO_TAG_HTML: case GUMBO_TAG_BODY: case GUMBO_TAG_MAIN: case GUMBO_TAG_ARTICLE:
      return false;
    default:
      break;
  }
  if (html::is_invisible(n)) return true;
  auto role = html::attr(n, "role");
  if (role && (*role == "navigation" || *role == "complementary" || *role == "dialog" ||
               *role == "banner" || *role == "contentinfo"))
    return true;
  static const std::unordered_set<std::string_view> furniture_words(kFurnitureWords.begin(),
                                                                     kFurnitureWords.end());
  return any_class_word(n, [&](std::string_view w) { return furniture_words.count(w) > 0 && !negated(n, w); });
}

size_t remove_furniture(html::Document& doc, const html::Node* root, bool strict,
                        const std::vector<const html::Node*>& keep) {
  // A share-bar class on a wrapper of the whole article (WordPress puts
  // "tag-politics" on the post itself) must not take the article with it:
  // furniture known only by its words never holds most of root's text.
  const size_t root_chars = html::text_stats(root).chars;
  std::vector<const html::Node*> doomed;
  html::for_each_element(root, [&](const html::Node* el) {
    if (el == root || !is_furniture(el, strict)) return true;
    bool holds_kept = std::any_of(keep.begin(), keep.end(),
                                  [&](const html::Node* k) { return html::contains(el, k); });
    if (holds_kept) return true;
    if (!is_furniture_tag(el) && html::text_stats(el).chars * 3 > root_chars) return true;
    doomed.push_back(el);
    return false;
  });
  for (const html::Node* el : doomed) doc.remove(el);
  return doomed.size();
}

}  // namespace khobao::extract
