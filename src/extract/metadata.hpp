// What a page says about itself outside its visible text: <meta> tags
// (Open Graph, article:*, itemprop), <link rel=canonical>, <html lang>, and
// schema.org JSON-LD. The fallback for every field of the record.
#pragma once

#include "html/document.hpp"

#include <optional>
#include <string>
#include <vector>

namespace khobao::extract {

struct PageMetadata {
  std::optional<std::string> canonical;      // link rel=canonical, else og:url
  std::optional<std::string> title;          // og:title, else <title>
  std::optional<std::string> document_title; // <title>
  std::optional<std::string> description;    // og:description / meta description
  std::optional<std::string> published;      // raw: article:published_time, itemprop, JSON-LD
  std::optional<std::string> modified;
  std::vector<std::string> authors;          // JSON-LD author names, meta author
  std::optional<std::string> language;       // html lang / og:locale, primary subtag
  std::vector<std::string> tags;             // article:tag
  std::optional<std::string> site_name;      // og:site_name
  std::optional<std::string> article_body;   // JSON-LD articleBody: the text, as the publisher gives it
};

// Reads metadata from the document and the JSON-LD blocks set aside by
// prestrip. Malformed JSON-LD is skipped, never an error.
PageMetadata read_metadata(const html::Document& doc, const std::vector<std::string>& json_ld);

}  // namespace khobao::extract
