// The generic extractor (see generic.hpp). Scoring follows the classic
// readability idea: every paragraph of prose votes for the elements above it,
// weighted by how much text it has; the best-voted element whose text is not
// mostly links, nudged by its class and id words, holds the article.
#include "extract/generic.hpp"

#include "extract/clean.hpp"
#include "extract/dates.hpp"
#include "html/selector.hpp"
#include "html/text.hpp"
#include "core/unicode.hpp"
#include "core/text.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cctype>
#include <unordered_map>

namespace khobao::extract {

namespace {

// Class/id hints: prose containers score up, furniture down. A list of
// other articles ("list-articles", "story-card") is named after what it
// lists, so a positive word counts only on an element that is not a list.
double class_weight(const html::Node* n) {
  static constexpr std::array kProse = {"article", "content", "entry", "post", "story", "body", "text",
                                        "detail", "main", "fck", "noidung", "chitiet", "articlebody"};
  static constexpr std::array kCollection = {"list", "items", "item", "teaser", "teasers", "card", "cards",
                                             "grid", "more", "links", "thumb", "feed", "stream", "promo"};
  auto in = [](const auto& words, std::string_view w) {
    return std::find(words.begin(), words.end(), w) != words.end();
  };
  double weight = 0;
  GumboTag t = html::tag(n);
  bool listing = t == GUMBO_TAG_UL || t == GUMBO_TAG_OL || t == GUMBO_TAG_LI ||
                 any_class_word(n, [&](std::string_view w) { return in(kCollection, w); });
  if (!listing && any_class_word(n, [&](std::string_view w) { return in(kProse, w); })) weight += 25;
  if (class_contains(n, {"comment", "footer", "sidebar", "widget", "related", "share", "social",
                  "menu", "nav", "banner", "promo", "sponsor", "popup", "modal", "breadcrumb",
                  "masthead", "outbrain", "taboola", "recommend", "trending", "most-read",
                  "newsletter", "subscribe", "tags", "lienquan", "cookie"}))
    weight -= 25;
  return weight;
}

// Whether the element's class or id names it by one of `words`. A class or
// id names what an element is by its first word ("comments-area",
// "sidebar-right"); later words often name what is beside it
// ("content-with-sidebar"). Single letters and "js" are prefixes, not words.
template <size_t N>
bool named_as(const html::Node* n, const std::array<const char*, N>& words) {
  GumboTag t = html::tag(n);
  // Page-level elements carry the page's classes ("one-sidebar"), not their own.
  if (t == GUMBO_TAG_BODY || t == GUMBO_TAG_HTML || t == GUMBO_TAG_MAIN || t == GUMBO_TAG_ARTICLE) return false;
  for (const char* name : {"class", "id"}) {
    auto value = html::attr(n, name);
    if (!value) continue;
    size_t i = 0;
    std::string_view v = *value;
    while (i < v.size()) {
      while (i < v.size() && std::isspace(static_cast<unsigned char>(v[i]))) ++i;
      size_t end = i;
      while (end < v.size() && !std::isspace(static_cast<unsigned char>(v[end]))) ++end;
      std::string_view token = v.substr(i, end - i);
      i = end;
      // The token's first word that is not a prefix.
      size_t w = 0;
      while (w < token.size()) {
        size_t e = token.find_first_of("-_", w);
        if (e == std::string_view::npos) e = token.size();
        std::string word = text::ascii_lower(token.substr(w, e - w));
        if (word.size() > 1 && word != "js") {
          if (std::find(words.begin(), words.end(), word) != words.end()) return true;
          break;
        }
        w = e + 1;
      }
    }
  }
  return false;
}

// Comment threads: prose that is never the article, however long. Only
// unambiguous words: "post", "tag" or "share" also name articles.
bool is_discussion(const html::Node* n) {
  static constexpr std::array kWords = {"comment", "comments", "disqus", "discussion", "replies", "binhluan"};
  return named_as(n, kWords);
}

// Sidebars and recommendation widgets: beside the article, unless a layout
// names its main column so ("sidebar-1" holding the article).
bool is_aside(const html::Node* n) {
  static constexpr std::array kWords = {"sidebar", "outbrain", "taboola"};
  return named_as(n, kWords);
}

// Sizes in 32 bits: a page is at most a few hundred MB, and a page of a
// million elements keeps one of these per element.
struct NodeStats {
  std::uint32_t chars = 0;          // non-space bytes of visible text
  std::uint32_t link_chars = 0;     // ... of which inside links
  std::uint32_t inline_chars = 0;   // ... directly inside, not in a child block nor a link
  std::uint32_t prose = 0;          // ... in paragraphs of prose (set by the vote)
  std::uint32_t elements = 1;       // elements in the subtree, itself included
  std::uint32_t headings = 0;       // h1-h6 in the subtree
  std::uint32_t link_headings = 0;  // ... whose text is a link: teasers of other articles
};

bool is_heading(GumboTag t) {
  return t == GUMBO_TAG_H1 || t == GUMBO_TAG_H2 || t == GUMBO_TAG_H3 || t == GUMBO_TAG_H4 ||
         t == GUMBO_TAG_H5 || t == GUMBO_TAG_H6;
}

bool is_prose_block(GumboTag t) {
  return t == GUMBO_TAG_P || t == GUMBO_TAG_PRE || t == GUMBO_TAG_BLOCKQUOTE || t == GUMBO_TAG_TD ||
         t == GUMBO_TAG_LI || t == GUMBO_TAG_DIV || t == GUMBO_TAG_SECTION || t == GUMBO_TAG_ARTICLE ||
         t == GUMBO_TAG_SPAN || t == GUMBO_TAG_FONT;
}

// Bottom-up stats for every element, in one pass: text and link text
// sizes, the text directly inside (a <div> of running text with <br>s is a
// paragraph too), subtree sizes. Every later question is then a lookup, so
// a page of deeply nested elements stays linear.
std::unordered_map<const html::Node*, NodeStats> collect_stats(const html::Node* root) {
  std::unordered_map<const html::Node*, NodeStats> stats;
  struct Item {
    const html::Node* node;
    bool exit;
  };
  std::vector<Item> stack{{root, false}};
  while (!stack.empty()) {
    Item it = stack.back();
    stack.pop_back();
    const html::Node* n = it.node;
    if (!it.exit) {
      if (html::is_invisible(n)) continue;
      stats[n];
      stack.push_back({n, true});
      auto kids = html::children(n);
      for (auto k = kids.rbegin(); k != kids.rend(); ++k)
        if (html::is_element(*k)) stack.push_back({*k, false});
      continue;
    }
    NodeStats& s = stats[n];
    size_t own = 0;
    for (const html::Node* c : html::children(n)) {
      if (html::is_text(c)) {
        for (char ch : html::text_of(c))
          if (!std::isspace(static_cast<unsigned char>(ch))) ++own;
      } else if (html::is_element(c)) {
        auto found = stats.find(c);
        if (found == stats.end()) continue;
        const NodeStats& k = found->second;
        s.chars += k.chars;
        s.link_chars += k.link_chars;
        s.elements += k.elements;
        GumboTag t = html::tag(c);
        if (!html::is_block(t) && t != GUMBO_TAG_A) s.inline_chars += k.inline_chars;
        s.headings += k.headings;
        s.link_headings += k.link_headings;
      }
    }
    s.chars += own;
    s.inline_chars += own;
    if (html::tag(n) == GUMBO_TAG_A) s.link_chars = s.chars;
    if (is_heading(html::tag(n))) {
      s.headings = 1;
      if (s.chars > 0 && s.link_chars * 5 >= s.chars * 4) s.link_headings = 1;
    }
    if (html::tag(n) == GUMBO_TAG_A) s.link_headings = s.headings;
  }
  return stats;
}

double link_density(const NodeStats& s) {
  return s.chars ? static_cast<double>(s.link_chars) / static_cast<double>(s.chars) : 0.0;
}

}  // namespace

namespace {

// Prose votes per element, in the order elements first got a vote (document
// order of their first paragraph), so that ties and output never depend on
// where the arena put a node.
class Votes {
 public:
  void add(const html::Node* n, double v) {
    auto [it, fresh] = index_.try_emplace(n, order_.size());
    if (fresh) order_.push_back({n, 0.0});
    order_[it->second].second += v;
  }
  double of(const html::Node* n) const {
    auto it = index_.find(n);
    return it == index_.end() ? 0.0 : order_[it->second].second;
  }
  const std::vector<std::pair<const html::Node*, double>>& in_order() const { return order_; }

 private:
  std::unordered_map<const html::Node*, size_t> index_;
  std::vector<std::pair<const html::Node*, double>> order_;
};

using StatsMap = std::unordered_map<const html::Node*, NodeStats>;

// Whether paragraph `n` is the summary in a list item led by a link: a
// teaser of another article, prose that is not this article's.
bool in_teaser_item(const html::Node* n, StatsMap& stats) {
  const html::Node* up = n;
  for (int level = 0; up && level < 4; ++level, up = up->parent) {
    if (html::tag(up) != GUMBO_TAG_LI) continue;
    const NodeStats& li = stats[up];
    return li.link_chars * 100 >= li.chars * 15;
  }
  return false;
}

// Every paragraph of at least `min_chars` bytes of prose votes for the
// elements above it, and adds its size to their `prose`.
Votes vote_for_containers(const html::Node* body, StatsMap& stats, size_t min_chars) {
  Votes votes;
  html::for_each_element(body, [&](const html::Node* n) {
    if (html::is_invisible(n) || is_furniture_tag(n)) return false;
    GumboTag t = html::tag(n);
    if (t == GUMBO_TAG_HEADER || t == GUMBO_TAG_FOOTER || t == GUMBO_TAG_ASIDE) return false;
    if (is_discussion(n)) return false;  // readers' comments are prose, not the article
    if (is_aside(n) && stats[n].chars * 2 < stats[body].chars) return false;
    if (!is_prose_block(t)) return true;
    const NodeStats& own = stats[n];
    size_t chars = t == GUMBO_TAG_P ? own.chars - own.link_chars : own.inline_chars;
    if (chars < min_chars) return true;
    if (!in_teaser_item(n, stats))
      for (const html::Node* up = n; up && up != body->parent; up = up->parent) stats[up].prose += chars;
    size_t commas = 0;
    for (const html::Node* c : html::children(n))
      if (html::is_text(c))
        for (char ch : html::text_of(c)) commas += (ch == ',');
    double score = 1.0 + static_cast<double>(commas) + std::min(static_cast<double>(chars) / 100.0, 3.0);
    const html::Node* up = n->parent;
    for (int level = 0; up && up != body->parent && level < 5; ++level, up = up->parent) {
      double divider = level == 0 ? 1.0 : level == 1 ? 2.0 : level * 3.0;
      votes.add(up, score / divider);
    }
    // A text block holding the prose itself (a <div> with <br>s) votes for itself too.
    if (t != GUMBO_TAG_P) votes.add(n, score);
    return true;
  });
  return votes;
}

double candidate_score(const html::Node* n, double vote, StatsMap& stats) {
  return (vote + class_weight(n)) * (1.0 - link_density(stats[n]));
}

// Whether a sibling of the chosen container is more of the article: well
// voted itself, or a paragraph of prose that is not a list of links.
bool belongs_with(const html::Node* sibling, double threshold, const Votes& votes, StatsMap& stats) {
  const NodeStats& s = stats[sibling];
  if (s.chars == 0 || is_discussion(sibling) || is_aside(sibling) || is_furniture(sibling, /*strict=*/true))
    return false;
  // Its own prose must earn it a place: a class name alone ("article__header") does not.
  // A list whose items are led by links is teasers of other articles.
  GumboTag t = html::tag(sibling);
  if ((t == GUMBO_TAG_UL || t == GUMBO_TAG_OL) && link_density(s) >= 0.15) return false;
  const double vote = votes.of(sibling);
  if (vote > 0 && candidate_score(sibling, vote, stats) >= threshold) return true;
  if (html::tag(sibling) == GUMBO_TAG_P || html::tag(sibling) == GUMBO_TAG_BLOCKQUOTE) {
    double ld = link_density(s);
    return (s.chars >= 80 && ld < 0.25) || (s.chars > 0 && ld == 0 && s.chars >= 30);
  }
  return false;
}

}  // namespace

namespace {

// The highest ancestor of `best` (below <body>) that adds mostly more
// prose to it: an article cut into many blocks, each in its own wrappers
// (a block of text, an ad slot, a photo, the next block of text), is one
// article. An ancestor qualifies when at least half of the text it adds is
// prose and it adds no list of teasers; a wrapper that adds nothing does too.
const html::Node* widen(const html::Node* best, const html::Node* body, StatsMap& stats) {
  constexpr int kMaxLevels = 12;
  const NodeStats b = stats[best];
  const html::Node* widest = best;
  int level = 0;
  for (const html::Node* up = best->parent; up && up != body && html::is_element(up) && level < kMaxLevels;
       up = up->parent, ++level) {
    if (is_discussion(up) || (is_aside(up) && stats[up].chars * 2 < stats[body].chars)) break;
    const NodeStats& u = stats[up];
    size_t added = u.chars - b.chars;
    size_t gain = u.prose - b.prose;
    size_t teasers = u.link_headings - b.link_headings;
    size_t added_links = u.link_chars - b.link_chars;
    bool wrapper = added == 0;
    // Teasers of other articles are prose too, but each under its link.
    bool more_article = gain * 2 >= added && (teasers < 2 || teasers * 300 <= gain) && added_links * 3 < added;
    if (wrapper || more_article) widest = up;
  }
  return widest;
}

}  // namespace

BodyChoice find_body_container(const html::Document& doc) {
  BodyChoice choice;
  const html::Node* body = doc.body();
  if (!body) return choice;
  auto stats = collect_stats(body);
  Votes votes = vote_for_containers(body, stats, 40);
  choice.page_prose = stats[body].prose;
  if (votes.in_order().empty()) {
    // No paragraph of prose: a photo story whose text is its short
    // captions, or a short page. Let shorter paragraphs speak.
    for (auto& [node, s] : stats) s.prose = 0;
    votes = vote_for_containers(body, stats, 12);
  }
  const html::Node* best = nullptr;
  double best_score = 0;
  for (const auto& [node, vote] : votes.in_order()) {
    double score = candidate_score(node, vote, stats);
    if (score > best_score) {
      best_score = score;
      best = node;
    }
  }
  if (!best) {
    // No paragraph of prose: a short page. Take the article element if the
    // page marks one, else all of the body.
    static const html::Selector marked = html::Selector::parse("article, main, [role=main]");
    const html::Node* m = html::select_first(body, marked);
    choice.container = m ? m : body;
    return choice;
  }
  best = widen(best, body, stats);
  // The article split over sibling blocks (text, embed, text): keep the
  // siblings that belong, drop the others, and take their parent.
  const html::Node* parent = best->parent;
  if (parent && parent != body->parent && html::is_element(parent)) {
    double threshold = std::max(10.0, candidate_score(best, votes.of(best), stats) * 0.2);
    std::vector<const html::Node*> kept, dropped;
    for (const html::Node* sib : html::children(parent)) {
      if (!html::is_element(sib)) continue;
      if (sib == best || belongs_with(sib, threshold, votes, stats)) kept.push_back(sib);
      else dropped.push_back(sib);
    }
    if (kept.size() > 1) {
      choice.container = parent;
      choice.drop = std::move(dropped);
      return choice;
    }
  }
  choice.container = best;
  return choice;
}

namespace {

// `text` folded for matching, without the punctuation that ends a heading.
std::string folded_line(std::string_view text) {
  std::string folded = text::fold_for_match(text);
  while (!folded.empty() && (folded.back() == ':' || folded.back() == ' ' || folded.back() == '.' ||
                             folded.back() == '!' || folded.back() == '?'))
    folded.pop_back();
  return folded;
}

bool starts_with(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

}  // namespace

bool is_tail_heading(std::string_view text) {
  if (text.size() > 80) return false;
  std::string folded = folded_line(text);
  // Exact headings: short words that also begin ordinary sentences.
  static constexpr std::array kTails = {
      "tin lien quan", "tin cung chuyen muc", "xem them", "doc them", "tu khoa", "y kien ban doc",
      "binh luan", "tin moi", "doc nhieu", "tin khac", "bai lien quan", "cac tin da dua",
      "related", "comments", "recommended", "trending", "popular", "tags", "share this article",
      "leave a comment", "leave a reply", "about the author"};
  if (std::find(kTails.begin(), kTails.end(), folded) != kTails.end()) return true;
  // Headings that open a box of other articles, in the languages of the
  // benchmark pages as well as Vietnamese; matched as a prefix ("Related
  // stories", "Самые популярные диеты").
  static constexpr std::array kTailPrefixes = {
      "related articles", "related stories", "related news", "related posts", "more stories",
      "more from", "you may also like", "you might also like", "most read", "most popular",
      "read next", "recommended for you", "voce pode gostar", "leia tambem", "veja tambem",
      "te puede interesar", "lesen sie auch", "a lire aussi", "vous aimerez aussi",
      "самые популярные", "читаите также", "похожие статьи", "tin lien quan", "tin cung chuyen muc",
      "weitere informationen", "mehr zum thema", "mehr themen", "dieses thema im programm", "schlagworter",
      "related coverage", "latest videos", "more on this story", "more coverage", "more great"};
  for (const char* prefix : kTailPrefixes)
    if (starts_with(folded, prefix)) return true;
  return false;
}

namespace {

// "3 of 12", "3 / 12 |": a gallery's counter.
bool is_counter_line(std::string_view folded) {
  size_t i = 0;
  auto number = [&] {
    size_t from = i;
    while (i < folded.size() && std::isdigit(static_cast<unsigned char>(folded[i]))) ++i;
    return i > from;
  };
  auto skip = [&](std::string_view word) {
    while (i < folded.size() && folded[i] == ' ') ++i;
    if (folded.substr(i, word.size()) != word) return false;
    i += word.size();
    while (i < folded.size() && folded[i] == ' ') ++i;
    return true;
  };
  if (!number() || !(skip("of") || skip("/") || skip("von") || skip("tren"))) return false;
  if (!number()) return false;
  while (i < folded.size() && (folded[i] == ' ' || folded[i] == '|')) ++i;
  return i == folded.size();
}

// "21 mins ago 11:48", "2 hours ago": a live blog's time stamp.
bool is_relative_time_line(std::string_view folded) {
  if (folded.size() > 30 || folded.empty() || !std::isdigit(static_cast<unsigned char>(folded[0]))) return false;
  size_t ago = folded.find(" ago");
  if (ago == std::string_view::npos) return false;
  for (std::string_view unit : {"sec", "min", "hour", "hr", "day"})
    if (folded.substr(0, ago).find(unit) != std::string_view::npos) return true;
  return false;
}

// Two addresses or more making most of the line: an image's metadata or
// a list of links written out ("http://…/a.jpg 1200 676 admin http://…"),
// where a sentence that gives one address ("Tickets – https://…") is text.
bool is_url_list(std::string_view text) {
  size_t urls = 0, url_bytes = 0;
  for (size_t at = text.find("http"); at != std::string_view::npos; at = text.find("http", at)) {
    if (text.substr(at, 7) != "http://" && text.substr(at, 8) != "https://") {
      ++at;
      continue;
    }
    size_t end = text.find(' ', at);
    if (end == std::string_view::npos) end = text.size();
    ++urls;
    url_bytes += end - at;
    at = end;
  }
  return urls >= 2 && url_bytes * 2 > text.size();
}

// "3 Min Lesezeit", "5 min read", "Lesedauer: 4 Minuten".
bool is_reading_time_line(std::string_view folded) {
  if (folded.size() > 30 || folded.find_first_of("0123456789") == std::string_view::npos) return false;
  for (std::string_view w : {"lesezeit", "lesedauer", "min read", "minute read", "minutes read", "reading time"})
    if (folded.find(w) != std::string_view::npos) return true;
  return false;
}

}  // namespace

bool is_boilerplate_line(std::string_view text) {
  if (text.size() > 300) return false;
  // Neither letter nor digit: a rule drawn in text ("___", "* * *").
  bool word = std::any_of(text.begin(), text.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || static_cast<unsigned char>(c) >= 0x80;
  });
  if (!word) return true;
  std::string folded = folded_line(text);
  static constexpr std::array kLines = {
      "advertisement", "advert", "quang cao", "story continues below advertisement",
      "continue reading the main story", "continue reading below", "scroll to continue with content",
      "read more", "xem them", "chia se", "share", "share this", "tweet", "print", "email",
      "click here", "loading", "dang tai", "close", "dong", "tat [x]", "back to top",
      "skip advertisement", "supported by", "sponsored", "skip to main content", "skip to content",
      "this slideshow requires javascript", "like this story? share it with a friend",
      "tell us what you think", "добавить отзыв", "anzeige", "werbung", "publicidad", "publicite",
      "pubblicita", "reklame", "fehler gefunden? jetzt melden"};
  if (std::find(kLines.begin(), kLines.end(), folded) != kLines.end()) return true;
  if (is_counter_line(folded) || is_relative_time_line(folded) || is_reading_time_line(folded)) return true;
  if (is_url_list(text)) return true;
  // A cookie notice inside the article's container.
  return folded.find("cookie") != std::string::npos &&
         (folded.find("consent") != std::string::npos || folded.find("accept") != std::string::npos ||
          folded.find("browsing experience") != std::string::npos);
}

namespace {

// Whether `text` holds a time of day written "hh:mm".
bool has_clock_time(std::string_view text) {
  for (size_t i = 1; i + 2 < text.size(); ++i)
    if (text[i] == ':' && std::isdigit(static_cast<unsigned char>(text[i - 1])) &&
        std::isdigit(static_cast<unsigned char>(text[i + 1])) && std::isdigit(static_cast<unsigned char>(text[i + 2])))
      return true;
  return false;
}

// Whether `text` holds a run of four digits that reads as a year.
bool has_year(std::string_view text) {
  for (size_t i = 0; i + 4 <= text.size(); ++i) {
    bool four = true;
    for (size_t k = 0; k < 4; ++k) four = four && std::isdigit(static_cast<unsigned char>(text[i + k]));
    bool alone = (i == 0 || !std::isdigit(static_cast<unsigned char>(text[i - 1]))) &&
                 (i + 4 == text.size() || !std::isdigit(static_cast<unsigned char>(text[i + 4])));
    if (four && alone && (text.substr(i, 2) == "19" || text.substr(i, 2) == "20")) return true;
  }
  return false;
}

}  // namespace

bool is_dateline(std::string_view text) {
  if (text.size() > 70) return false;
  if (auto date = find_date(text); date && date->has_time) return true;
  if (text.size() <= 30 && parse_date(text)) return true;  // a date alone: "29.11.2024"
  // Month names of any language: a year and a clock time are enough; or a
  // clock time among a few words ("Publiziert heute um 12:19 Uhr").
  if (text.size() <= 50 && has_year(text) && has_clock_time(text)) return true;
  return text.size() <= 40 && has_clock_time(text) && std::count(text.begin(), text.end(), ' ') <= 4;
}

bool is_credit_line(std::string_view text) {
  if (text.empty()) return false;
  // A caption that ends in its credit: "Die Pyramide der Phasen. Bild: fdp.de".
  for (std::string_view credit : {" Bild: ", " Foto: ", " Fotos: ", " Photo: ", " Credit: ", " Bildquelle: ", " © "})
    if (size_t at = text.rfind(credit); at != std::string_view::npos && text.size() - at <= 60) return true;
  if (text.size() > 100) return false;
  if (text.starts_with("©") || text.starts_with("(c) ")) return true;
  if (text.starts_with("Reporting by ") || text.starts_with("Editing by ") || text.starts_with("Additional reporting"))
    return true;
  size_t colon = text.find(':');
  if (colon == std::string_view::npos || colon > 20) return false;
  std::string word = text::fold_for_match(text.substr(0, colon));
  static constexpr std::array kCredits = {"foto", "fotos", "photo", "photos", "bild", "bilder", "bildrechte",
                                          "bildquelle", "image", "images", "credit", "credits", "anh",
                                          "photograph", "illustration", "grafik", "quelle", "quellen",
                                          "redaktion", "mitarbeit", "ubersetzung", "translation", "editing"};
  return std::find(kCredits.begin(), kCredits.end(), word) != kCredits.end();
}

std::optional<Byline> printed_byline(std::string_view text) {
  if (text.size() > 80) return std::nullopt;
  static constexpr std::array kBy = {"By ", "BY ", "Von ", "VON ", "von ", "Par ", "Por ", "Door ", "Di ", "Av ", "Af "};
  for (std::string_view by : kBy) {
    if (!text.starts_with(by)) continue;
    std::string_view rest = text.substr(by.size());
    // A name begins with a capital letter (or any non-ASCII letter).
    if (rest.empty() || (static_cast<unsigned char>(rest[0]) < 0x80 && !std::isupper(static_cast<unsigned char>(rest[0]))))
      return std::nullopt;
    Byline b = parse_byline(rest);
    if (b.authors.empty() || b.authors.size() > 6) return std::nullopt;
    return b;
  }
  return std::nullopt;
}

size_t page_prose(const html::Document& doc) {
  const html::Node* body = doc.body();
  if (!body) return 0;
  auto stats = collect_stats(body);
  vote_for_containers(body, stats, 40);
  return stats[body].prose;
}

namespace {

// The siblings after `n` at each level up to `container`: what follows it
// in the container, in tree order of levels.
std::vector<const html::Node*> following(const html::Node* n, const html::Node* container) {
  std::vector<const html::Node*> out;
  for (const html::Node* cut = n; cut && cut != container; cut = cut->parent) {
    bool after = false;
    for (const html::Node* sib : html::children(cut->parent)) {
      if (after && html::is_element(sib)) out.push_back(sib);
      if (sib == cut) after = true;
    }
  }
  return out;
}

// The box a tail heading opens: the heading's highest ancestor inside the
// container that holds little prose (a "Read more" list, a "Related" card
// between paragraphs), or the heading itself when its parent holds prose.
const html::Node* box_of(const html::Node* heading, const html::Node* container, StatsMap& stats) {
  constexpr size_t kBoxProse = 200;
  const html::Node* box = heading;
  while (box->parent && box->parent != container && stats[box->parent].prose < kBoxProse) box = box->parent;
  return box;
}

}  // namespace

void prune_body(html::Document& doc, const html::Node* container) {
  remove_furniture(doc, container, /*strict=*/true);
  auto stats = collect_stats(container);
  vote_for_containers(container, stats, 40);  // for the prose of each element
  const size_t all_prose = stats[container].prose;
  std::vector<const html::Node*> doomed;
  bool tail_reached = false;
  html::for_each_element(container, [&](const html::Node* n) {
    if (n == container) return true;
    if (tail_reached) return false;
    GumboTag t = html::tag(n);
    const NodeStats& s = stats[n];
    bool heading = t == GUMBO_TAG_H2 || t == GUMBO_TAG_H3 || t == GUMBO_TAG_H4 ||
                   t == GUMBO_TAG_H5 || t == GUMBO_TAG_H6 || t == GUMBO_TAG_P || t == GUMBO_TAG_DIV ||
                   t == GUMBO_TAG_STRONG || t == GUMBO_TAG_B;
    if (heading && s.chars < 40 && s.elements <= 8 && is_tail_heading(html::inline_text(n))) {
      // The box the heading opens goes. If the article goes on after it (a
      // "Read more" box between paragraphs), the rest stays; at the end of
      // the article, everything from here on goes: comments, more links.
      const html::Node* box = box_of(n, container, stats);
      doomed.push_back(box);
      std::vector<const html::Node*> rest = following(box, container);
      NodeStats after;
      for (const html::Node* r : rest) {
        after.prose += stats[r].prose;
        after.chars += stats[r].chars;
        after.link_chars += stats[r].link_chars;
      }
      // Teasers after the heading are prose too, but each under its link.
      // A heading alone, not closed in a box of its own, opens all that
      // follows; a short block that matched as a whole is a box.
      GumboTag box_tag = html::tag(n);
      bool boxed = box != n || box_tag == GUMBO_TAG_DIV;
      bool article_goes_on =
          boxed && (after.prose * 4 >= all_prose || after.prose >= 200) && link_density(after) < 0.15;
      if (article_goes_on) return false;
      doomed.insert(doomed.end(), rest.begin(), rest.end());
      tail_reached = true;
      return false;
    }
    bool blockish = t == GUMBO_TAG_DIV || t == GUMBO_TAG_UL || t == GUMBO_TAG_OL ||
                    t == GUMBO_TAG_TABLE || t == GUMBO_TAG_SECTION || t == GUMBO_TAG_P ||
                    t == GUMBO_TAG_LI || t == GUMBO_TAG_ASIDE;
    if (blockish && s.chars > 0 && link_density(s) > 0.5 && s.chars - s.link_chars < 200) {
      doomed.push_back(n);
      return false;
    }
    return true;
  });
  std::sort(doomed.begin(), doomed.end());
  doomed.erase(std::unique(doomed.begin(), doomed.end()), doomed.end());
  for (const html::Node* n : doomed)
    if (n->parent) doc.remove(n);
}

const html::Node* find_title_element(const html::Document& doc, const PageMetadata& meta) {
  static const html::Selector h1 = html::Selector::parse("h1");
  static const html::Selector headings = html::Selector::parse("h1, h2");
  const html::Node* body = doc.body();
  if (!body) return nullptr;
  std::string want = meta.title ? text::fold_for_match(*meta.title) : "";
  const html::Node* first = nullptr;
  for (const html::Selector* sel : {&h1, &headings}) {
    for (const html::Node* n : html::select_all(body, *sel)) {
      std::string text = html::inline_text(n);
      if (text.size() < 8) continue;
      if (!first) first = n;
      std::string folded = text::fold_for_match(text);
      if (!want.empty() && (want.find(folded) != std::string::npos || folded.find(want) != std::string::npos))
        return n;
    }
    if (first && sel == &h1) return first;
  }
  return nullptr;
}

const html::Node* find_lead_element(const html::Document& doc, const html::Node* body) {
  static constexpr std::array kLeadWords = {"sapo", "lead", "standfirst", "summary", "description",
                                            "excerpt", "dek", "deck", "intro", "chapeau", "subtitle",
                                            "subheadline", "abstract"};
  static constexpr std::array kNotLead = {"item", "list", "thumb", "story", "card", "related", "meta",
                                          "author", "bio", "byline", "caption", "image", "photo"};
  auto is_lead_word = [](std::string_view w) {
    return std::find(kLeadWords.begin(), kLeadWords.end(), w) != kLeadWords.end();
  };
  const html::Node* found = nullptr;
  html::for_each_element(doc.body(), [&](const html::Node* n) {
    if (found) return false;
    if (html::is_invisible(n) || is_furniture_tag(n)) return false;
    bool hinted = any_class_word(n, is_lead_word);
    bool excluded = hinted && any_class_word(n, [](std::string_view w) {
      return std::find(kNotLead.begin(), kNotLead.end(), w) != kNotLead.end();
    });
    for (const char* a : {"data-slot", "data-role", "itemprop"})
      if (auto v = html::attr(n, a); v && (*v == "sapo" || *v == "description" || *v == "abstract")) hinted = true;
    if (!hinted || excluded) return true;
    if (body && html::contains(n, body)) return true;
    std::string text = html::inline_text(n);
    if (text.size() >= 40 && text.size() <= 1200) found = n;
    return !found;
  });
  return found;
}

// Whether a byline element sits in a list item or a teaser card: the
// author of another article on the page.
bool signs_other_article(const html::Node* n) {
  static constexpr std::array kTeaser = {"teaser", "card", "item", "list", "related", "recommend", "more",
                                         "latest", "popular", "feed", "stream"};
  int level = 0;
  for (const html::Node* up = n->parent; up && level < 8; up = up->parent, ++level) {
    GumboTag t = html::tag(up);
    if (t == GUMBO_TAG_LI || t == GUMBO_TAG_ASIDE || t == GUMBO_TAG_NAV || t == GUMBO_TAG_FOOTER) return true;
    if (t == GUMBO_TAG_BODY) return false;
    if (any_class_word(up, [](std::string_view w) {
          return std::find(kTeaser.begin(), kTeaser.end(), w) != kTeaser.end();
        }))
      return true;
  }
  return false;
}

std::vector<const html::Node*> find_byline_elements(const html::Document& doc, const html::Node* body) {
  std::vector<const html::Node*> out;
  html::for_each_element(doc.body(), [&](const html::Node* n) {
    if (html::is_invisible(n)) return false;
    if (body && html::contains(n, body)) return true;
    bool hinted = class_contains(n, {"author", "byline", "tac-gia", "tacgia", "writer", "reporter"});
    auto rel = html::attr(n, "rel");
    auto href = html::attr(n, "href");
    if (rel && *rel == "author") hinted = true;
    if (href && (href->find("/tac-gia/") != std::string_view::npos ||
                 href->find("/author/") != std::string_view::npos))
      hinted = true;
    if (!hinted || class_contains(n, {"avatar", "thumb", "img", "photo", "bio", "comment"})) return true;
    if (signs_other_article(n)) return true;
    std::string text = html::inline_text(n);
    if (text.empty() || text.size() > 120) return true;
    out.push_back(n);
    return false;
  });
  return out;
}

std::vector<const html::Node*> find_date_elements(const html::Document& doc) {
  std::vector<const html::Node*> out;
  html::for_each_element(doc.body(), [&](const html::Node* n) {
    if (html::tag(n) == GUMBO_TAG_TIME) {
      out.push_back(n);
      return false;
    }
    if (class_contains(n, {"date", "time", "publish", "posted", "ngay"}) &&
        !class_contains(n, {"update", "modified"}) && html::inline_text(n).size() < 100) {
      out.push_back(n);
      return false;
    }
    return true;
  });
  return out;
}

std::vector<const html::Node*> find_caption_elements(const html::Node* body) {
  std::vector<const html::Node*> out;
  html::for_each_element(body, [&](const html::Node* n) {
    if (html::tag(n) == GUMBO_TAG_FIGCAPTION ||
        class_contains(n, {"caption", "image_desc", "photocms_caption", "img-desc", "desc_image"})) {
      out.push_back(n);
      return false;
    }
    return true;
  });
  return out;
}

}  // namespace khobao::extract
