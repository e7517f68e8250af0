// Reading the record's list fields from the elements that hold them:
// captions with their images, related links, tags. The selection of those
// elements (site rules or generic hints) is the caller's.
#pragma once

#include "core/article.hpp"
#include "html/node.hpp"
#include "html/selector.hpp"

#include <optional>
#include <string>
#include <vector>

namespace khobao::extract {

// The URL of an image element as the page shows it: lazy-loading attributes
// (data-src, data-original, ...) before a placeholder src; resolved
// against `base`. nullopt for data: URIs and missing sources.
std::optional<std::string> image_url(const html::Node* img, const std::string& base);

// The image a caption element belongs to: inside its figure or table, or
// the figure(s) just before it (two figures, then one figcaption).
const html::Node* captioned_image(const html::Node* caption);

// Captions from caption elements, in order; empty texts skipped.
std::vector<Caption> read_captions(const std::vector<const html::Node*>& elements,
                                   const std::string& base);

// One related link per item element: its first a[href] (absolute), the
// title from `title_sel` (else that link's text, else its title attribute),
// the summary from `summary_sel`. Duplicate URLs are kept once.
std::vector<RelatedLink> read_related(const std::vector<const html::Node*>& items,
                                      const html::Selector* title_sel,
                                      const html::Selector* summary_sel, const std::string& base);

// Tag texts, '#' prefixes stripped, each once.
std::vector<std::string> read_tags(const std::vector<const html::Node*>& elements);

}  // namespace khobao::extract
