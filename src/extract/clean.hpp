// Cleaning before extraction (DESIGN.md, "Cleaning"): each step a function
// over the document, removing what is never article text.
#pragma once

#include "html/document.hpp"

#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace khobao::extract {

// Whether `text` holds an unrendered template placeholder: {name}, {{x}},
// ${x}. ("<name>" in text is never one: a page that meant a tag wrote a
// tag, which the parser made an element; "<name>" as text was escaped.)
bool has_placeholder(std::string_view text);

// `text` with its placeholders removed and white space tidied. Given the
// page's `markup`, a placeholder goes only where the markup holds it as
// written: "&#123;name&#125;" is the author's literal text, kept.
std::string strip_placeholders(std::string_view text, std::string_view markup = {});

// Removes each element that exists only to hold placeholders: climbing
// from a placeholder's text, the highest ancestor whose other text is
// short (a comment-item template: "{name} - {time}", "Trả lời", "{body}").
// <template> and unknown-tag placeholder elements (<name>, <body> written
// inside the page) go too. Returns how many elements were removed.
size_t remove_placeholder_holders(html::Document& doc);

// Retags as <div> each <form> that holds most of the page's text: ASP.NET
// WebForms and some portals wrap the whole page in one, and a form is
// otherwise furniture that takes the article with it. Returns how many.
size_t unwrap_page_forms(html::Document& doc);

// Shows what a script would have shown: when the elements hidden by the
// `hidden` attribute, or <template> contents, hold more text than the
// visible page (React/Next.js streaming puts the server-rendered article in
// <div hidden id="S:0">), they become visible. Returns how many.
size_t reveal_hidden_article(html::Document& doc);

// Calls pred(word) for each word of the element's class and id attributes,
// lower-case, split at spaces, '-', '_' and camelCase humps ("detail-sapo" ->
// "detail", "sapo"), until pred returns true; returns whether it did. Whole
// words keep "dt-leading-160" from reading as a lead. Allocates nothing: it
// runs on every element of every page.
template <class Pred>
bool any_class_word(const html::Node* element, Pred&& pred);

// Whether the class or id attribute contains one of `needles` (lower-case
// ASCII) as a substring, ignoring case: for hints that are word parts
// ("tac-gia", "author" in "post-author-name").
bool class_contains(const html::Node* element, std::initializer_list<std::string_view> needles);

// Whether the element's tag alone makes it furniture: nav, form, form
// controls, iframe, script, style, noscript, template.
bool is_furniture_tag(const html::Node* element);

// Whether an element is page furniture by its tag or its class/id words:
// navigation, forms, share bars, comment widgets, weather, pop-ups, ads.
// `strict` also counts headers, footers and asides (used outside the body).
bool is_furniture(const html::Node* element, bool strict);

// Removes the furniture below `root` (invisible elements included), never
// `root` itself, an ancestor of any node in `keep`, nor an element known as
// furniture only by its words that holds over a third of root's text.
size_t remove_furniture(html::Document& doc, const html::Node* root, bool strict,
                        const std::vector<const html::Node*>& keep = {});

}  // namespace khobao::extract

// any_class_word's body: a template, so that pred inlines.
namespace khobao::extract {

template <class Pred>
bool any_class_word(const html::Node* element, Pred&& pred) {
  char word[64];
  for (const char* name : {"class", "id"}) {
    auto value = html::attr(element, name);
    if (!value) continue;
    size_t length = 0;
    char prev = 0;
    auto flush = [&] {
      bool hit = length > 0 && length < sizeof word && pred(std::string_view(word, length));
      length = 0;
      return hit;
    };
    for (char c : *value) {
      bool sep = c == ' ' || c == '-' || c == '_' || c == '\t' || c == '\n';
      bool camel = c >= 'A' && c <= 'Z' && prev >= 'a' && prev <= 'z';
      if ((sep || camel) && flush()) return true;
      if (!sep) {
        if (length < sizeof word) word[length] = static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
        ++length;
      }
      prev = c;
    }
    if (flush()) return true;
  }
  return false;
}

}  // namespace khobao::extract
