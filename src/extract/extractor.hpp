// The extraction pipeline: the bytes of a saved page (plus its URL and the
// site rules) in, the clean article record out. A pure function: no network,
// no database, no global state.
#pragma once

#include "extract/article.hpp"
#include "extract/site_rules.hpp"

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
};

// Extracts the article. Throws ExtractError for pages that hold no
// article text; never crashes on hostile bytes.
Article extract_article(const PageInput& page, const SiteRulesSet& sites);

}  // namespace khobao::extract
