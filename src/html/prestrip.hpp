// The pass before parsing: most bytes of a news page are <script>, <style>,
// comments and inline <svg> that no extractor reads, and the parser's time
// grows with bytes. prestrip() drops them in one linear scan, keeping the
// JSON-LD scripts aside (dates and authors live there), and cuts each run of
// white space to its first character (all text khobao reads is collapsed).
// Elements nested deeper than browsers nest them (512) are flattened: their
// tags go, their text stays, and the parser stays linear.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace khobao::html {

struct Prestripped {
  std::string html;                  // the page without the dropped spans
  std::vector<std::string> json_ld;  // bodies of <script type="application/ld+json">
  size_t flattened_tags = 0;         // start and end tags dropped for nesting too deep
};

inline constexpr int kMaxNestingDepth = 512;

Prestripped prestrip(std::string_view html);

// Pages this thread has flattened (prestrip() found elements nested deeper
// than kMaxNestingDepth), ever: the crawler counts the limit in its summary
// from the difference around a page's extraction, which calls prestrip()
// out of its sight.
size_t pages_flattened_on_this_thread();

}  // namespace khobao::html
