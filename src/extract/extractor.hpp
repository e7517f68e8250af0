// The extraction pipeline: the bytes of a saved page (plus its URL and the
// site rules) in, the clean article record out. A pure function: no network,
// no database, no global state.
#pragma once

#include "core/article.hpp"
#include "extract/selectors.hpp"
#include "html/links.hpp"

#include <stdexcept>
#include <string>
#include <string_view>

namespace khobao::extract {

// A page that cannot give a record: empty, binary, undecodable text. what()
// says why in words a user can act on.
class ExtractError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct PageInput {
  std::string_view bytes;    // the page as served
  std::string url;           // where it was fetched from; may be empty
  std::string content_type;  // the HTTP Content-Type header; may be empty
  std::string site;          // use this site's rules whatever the URL (--site); may be empty
  // Parse at most this many bytes of the page's markup once scripts, styles
  // and comments are gone (0: all of it); past it, the cut is logged.
  size_t max_markup = 0;
};

// How many pages this thread has parsed only in part (PageInput::max_markup)
// since it started: the crawler counts a difference as a limit hit.
size_t markup_cuts_on_this_thread();

// Extracts the article. Throws ExtractError for pages that hold no
// article text; never crashes on hostile bytes. With `links`, also the
// page's links (html/links.hpp), read before cleaning, from the same parse:
// filled as soon as the page is parsed, even when ExtractError follows.
Article extract_article(const PageInput& page, const SelectorLookup& sites,
                        html::PageLinks* links = nullptr);

// Only the links of a page that holds no article (a listing): decoded and
// parsed as extract_article would, nothing extracted. Throws ExtractError
// for what is not a page (empty, binary, undecodable).
html::PageLinks page_links(const PageInput& page);

}  // namespace khobao::extract
