// Fuzz target: the CSS selector parser (selector text comes from selector
// files and --selector options), and the matcher of what it accepts, run on
// a small page that has something for every kind of test.
#include "fuzz/fuzz_check.hpp"

#include "html/document.hpp"
#include "html/selector.hpp"

#include <set>

namespace khobao::fuzz {

namespace {

const html::Document& page() {
  static const html::Document doc = html::Document::parse(
      "<!DOCTYPE html><html lang=vi><head><title>T</title><meta property='og:title' content='x'></head>"
      "<body class='home page'><div id=main class='article a b'><h1 class=article__title>Tiêu đề</h1>"
      "<div class=article__sapo data-x='a-b c'>Sapo</div><ul><li>1</li><li class=odd>2</li><li>3</li>"
      "<li><a href='/a-post1.html' rel=next title='Trang sau'>»</a></li></ul>"
      "<figure><img src=x.jpg alt=''><figcaption>Ảnh</figcaption></figure>"
      "<custom-tag foo=bar><span lang=en-US>s</span></custom-tag><p>1</p><p>2<b>b</b></p>"
      "<table><tr><td colspan=2>c</td></tr></table><time datetime='2024-09-12T08:15:00+07:00'>t</time>"
      "</div><footer><div class='related-news'><article class=story><h2><a href=/x>x</a></h2></article>"
      "</div></footer></body></html>");
  return doc;
}

void check_matches(const html::Selector& selector) {
  std::vector<const html::Node*> all = html::select_all(page().root(), selector);
  check(std::set<const html::Node*>(all.begin(), all.end()).size() == all.size(), "select_all repeats a node");
  const html::Node* first = html::select_first(page().root(), selector);
  check(first == (all.empty() ? nullptr : all.front()), "select_first is not select_all's first");
  html::Selector copy = selector;
  check(html::select_all(page().root(), copy) == all, "a copied selector matches otherwise");
}

}  // namespace

void fuzz_selector(std::string_view bytes) {
  try {
    html::Selector selector = html::Selector::parse(bytes);
    check(selector.text() == bytes, "text() is not the parsed text");
    check_matches(selector);
  } catch (const html::SelectorError& e) {
    check(e.offset() <= bytes.size(), "the error offset is past the end");
  }
}

}  // namespace khobao::fuzz
