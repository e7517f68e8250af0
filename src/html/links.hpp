// The links of a parsed page, for the crawler's discovery: anchors, the next
// page of a listing, feeds, the canonical URL and the robots nofollow flag.
#pragma once

#include "html/document.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace khobao::html {

// A hostile page of 100,000 links must stay bounded: past this many distinct
// anchors the rest are dropped (a real listing has a few hundred).
inline constexpr size_t kMaxAnchors = 20'000;
// next and feeds are a handful on a real page; past this many, dropped.
inline constexpr size_t kMaxSmallLinks = 100;

struct PageLinks {
  // Every <a href> / <area href> resolved to absolute http(s), in document
  // order, duplicates removed, fragments kept (the crawler normalizes).
  // At most kMaxAnchors.
  std::vector<std::string> anchors;
  // Pagination: <link rel=next>, <a rel=next>, and anchors whose text,
  // aria-label, title or class says "next page" ("next", "sau", "tiếp",
  // "trang sau", "»", "›"; never "xem thêm" or "đọc tiếp"). Resolved; never
  // the page itself (a slider's "next" with href="#"). At most kMaxSmallLinks.
  std::vector<std::string> next;
  // <link rel=alternate type=application/rss+xml|application/atom+xml href>,
  // resolved. At most kMaxSmallLinks.
  std::vector<std::string> feeds;
  std::optional<std::string> canonical;  // the first <link rel=canonical href>, resolved
  bool nofollow = false;                 // <meta name=robots content=...nofollow|none...>
  size_t anchors_dropped = 0;            // anchors past kMaxAnchors (repeats among them counted too)
  size_t small_links_dropped = 0;        // next and feed links past kMaxSmallLinks
};

// Collects the links of `doc`, resolved against `base_url`; the first
// <base href> of the document, if any, takes precedence as browsers do.
// Anchors marked rel=nofollow are kept (news sites mark internal links
// nofollow carelessly); anchors with a download attribute are skipped.
// Run it before cleaning: cleaning removes the navigation that holds links.
PageLinks collect_links(const Document& doc, std::string_view base_url);

}  // namespace khobao::html
