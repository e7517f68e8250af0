// Site rules: selectors/HOST.toml, the data an archivist edits for one site.
//
//   [site]
//   host = "baohatinh.vn"              # must match the file name
//   aliases = ["www.baohatinh.vn"]     # other hosts served by the same rules
//   language = "vi"
//   name = "Báo Hà Tĩnh"
//
//   [extract]                          # CSS selectors (html/selector.hpp)
//   title = "h1.article__title"        # each: a string (a group "a, b" allowed)
//   lead = "div.article__sapo"
//   body = "div.article__body"
//   byline = "div.article__author .name"
//   date = "div.article__meta time"    # text or [datetime]/[content]
//   updated = "..."                    # optional
//   captions = "figcaption"
//   related = "div.related-news article.story"   # one element per link
//   related_title = "h2 a"             # inside each related item (default: first a[href])
//   related_summary = ".story__summary"
//   tags = "div.article__tag a"
//   source = "..."                     # optional: agency line
//   remove = ["div.rennab", "div.wrap-comment"]  # furniture, removed first
//
//   [urls]      article = ['regex', ...]   listing = ['regex', ...]
//   [seeds]     home = "https://..."  categories = [...]  feeds = [...]  sitemaps = [...]
//   [politeness] delay = 1.0  concurrency = 2
//   [schedule]  listings = "30m"  articles = ["1h", "6h", "1d", "7d", "30d"]
//               # listings, feeds and sitemaps: every N (or "every run");
//               # an article: after each visit that finds no change, the next
//               # interval of the list (the last one repeats); a change starts
//               # it over. Durations: s, m, h, d, w, summed ("1h30m").
//
// Unknown sections or keys are errors: a typo must not silently disable a rule.
#pragma once

#include "html/selector.hpp"

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace khobao::extract {

// A selector file that cannot be used. what() reads
// "selectors/x.toml:12: key 'extract.body': expected ']' at offset 9 in ..."
class SiteRulesError : public std::runtime_error {
 public:
  SiteRulesError(std::string file, int line, std::string key, const std::string& why);
  const std::string& file() const { return file_; }
  int line() const { return line_; }
  const std::string& key() const { return key_; }

 private:
  std::string file_;
  int line_;
  std::string key_;
};

struct FieldSelector {
  std::string key;         // "extract.body", for messages
  html::Selector selector;
};

struct SiteRules {
  std::filesystem::path file;
  std::string host;
  std::vector<std::string> aliases;
  std::string language = "vi";
  std::string name;

  std::optional<FieldSelector> title, lead, body, byline, date, updated, captions, related,
      related_title, related_summary, tags, source;
  std::vector<FieldSelector> remove;

  std::vector<std::string> article_patterns, listing_patterns;
  std::string home;
  std::vector<std::string> categories, feeds, sitemaps;
  double delay_seconds = 1.0;
  int concurrency = 2;
  std::int64_t listings_every_seconds = 0;   // 0: every run
  std::vector<std::int64_t> revisit_seconds;  // empty: khobao's default back-off

  bool serves(std::string_view host) const;  // host or an alias, www. folded
};

// A duration as selector files and the command line write it: "90s", "30m",
// "6h", "1d", "2w", or a sum of those ("1h30m"). Seconds; nullopt for
// anything else (a bare number, a negative, an unknown unit, an overflow).
std::optional<std::int64_t> parse_duration(std::string_view text);

// Loads and checks one selector file; throws SiteRulesError.
SiteRules load_site_rules(const std::filesystem::path& file);

// The same checks on a selector file's text already read; `file` names it in
// messages, and its stem must match site.host as for a file on disk.
SiteRules parse_site_rules(std::string_view text, const std::filesystem::path& file);

// All selector files of a folder, keyed by host. Throws SiteRulesError on
// the first bad file (a broken file must stop the run, not be skipped).
class SiteRulesSet {
 public:
  static SiteRulesSet load_dir(const std::filesystem::path& dir);
  // Rules for `host` (aliases and "www." folded), or nullptr.
  const SiteRules* find(std::string_view host) const;
  size_t size() const { return rules_.size(); }
  // The host of every selector file, in file-name order.
  std::vector<std::string> hosts() const;

 private:
  std::vector<SiteRules> rules_;
};

}  // namespace khobao::extract
