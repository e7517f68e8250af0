// A site's template as the extractor reads it: the CSS selectors of one
// selector file's [extract] section. The site module (site/site.hpp) loads
// the files; the extractor only asks which selectors serve a host.
#pragma once

#include "html/selector.hpp"

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace khobao::extract {

struct FieldSelector {
  std::string key;         // "extract.body", for messages
  html::Selector selector;
};

struct SiteSelectors {
  std::string host;            // the site's host: "site:HOST" in Article::extractor
  std::filesystem::path file;  // the selector file, named in warnings
  std::string language = "vi";  // the record's language when the page names none
  std::optional<FieldSelector> title, lead, body, byline, date, updated, captions, related,
      related_title, related_summary, tags, source;
  std::vector<FieldSelector> remove;  // furniture, removed before anything is read
};

// Which selectors serve a host. The site module's SiteSet answers it; the
// extractor sees nothing else of a site.
class SelectorLookup {
 public:
  virtual ~SelectorLookup() = default;
  // The selectors for `host` (aliases and "www." folded), or nullptr: then
  // the generic extractor reads the page alone.
  virtual const SiteSelectors* selectors_for(std::string_view host) const = 0;
};

// A lookup that knows no site: every page goes through the generic extractor.
class NoSelectors final : public SelectorLookup {
 public:
  const SiteSelectors* selectors_for(std::string_view) const override { return nullptr; }
};

}  // namespace khobao::extract
