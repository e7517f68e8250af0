// Small pages for the generic extractor's tests: a page around a body,
// a paragraph of prose long enough to vote, run with no selector file.
#pragma once

#include "extract/extract.hpp"
#include "site/site.hpp"

#include <string>

namespace khobao::test {

// The record of a page whose <body> is `body` (and <head> `head`), read
// with no selector file, as if fetched from https://example.org/a.
inline khobao::Article generic(const std::string& body, const std::string& head = "") {
  static const site::SiteSet no_rules;
  std::string page = "<html><head>" + head + "</head><body>" + body + "</body></html>";
  return extract::extract_article({page, "https://example.org/a", "", ""}, no_rules);
}

// A paragraph of prose long enough to vote, with commas.
inline std::string prose(const std::string& topic) {
  return "<p>" + topic + ", which the council discussed on Monday, will change how the town, its farms "
                         "and its schools share water over the coming years.</p>";
}

inline bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace khobao::test
