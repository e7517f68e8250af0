// A site: selectors/HOST.toml, what an archivist writes about one site (its
// hosts, template, URLs, seeds, politeness and schedule). Start reading here.
//
//   [site]
//   host = "baohatinh.vn"              # must match the file name
//   aliases = ["www.baohatinh.vn"]     # other hosts served by the same rules
//   language = "vi"
//   name = "Báo Hà Tĩnh"
//
//   [extract]                          # CSS selectors (extract/selectors.hpp)
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

#include "extract/selectors.hpp"

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace khobao::site {

// A selector file that cannot be used. what() reads
// "selectors/x.toml:12: key 'extract.body': expected ']' at offset 9 in ..."
class SiteFileError : public std::runtime_error {
 public:
  SiteFileError(std::string file, int line, std::string key, const std::string& why);
  const std::string& file() const { return file_; }
  int line() const { return line_; }
  const std::string& key() const { return key_; }

 private:
  std::string file_;
  int line_;
  std::string key_;
};

struct Site {
  std::filesystem::path file;
  std::string host;
  std::vector<std::string> aliases;
  std::string language = "vi";
  std::string name;

  extract::SiteSelectors selectors;  // [extract]; host, file and language are the site's

  std::vector<std::string> article_patterns, listing_patterns;
  std::string home;
  std::vector<std::string> categories, feeds, sitemaps;
  double delay_seconds = 1.0;
  int concurrency = 2;
  std::int64_t listings_every_seconds = 0;   // 0: every run
  std::vector<std::int64_t> revisit_seconds;  // empty: khobao's default back-off

  bool serves(std::string_view host) const;  // host or an alias, www. folded
};

// A host as sites are named: lower case, without "www.".
std::string fold_host(std::string_view host);

// A duration as selector files and the command line write it: "90s", "30m",
// "6h", "1d", "2w", or a sum of those ("1h30m"). Seconds; nullopt for
// anything else (a bare number, a negative, an unknown unit, an overflow).
std::optional<std::int64_t> parse_duration(std::string_view text);

// Loads and checks one selector file; throws SiteFileError.
Site load_site(const std::filesystem::path& file);

// The same checks on a selector file's text already read; `file` names it in
// messages, and its stem must match site.host as for a file on disk.
Site parse_site(std::string_view text, const std::filesystem::path& file);

// All selector files of a folder, keyed by host. Throws SiteFileError on
// the first bad file (a broken file must stop the run, not be skipped).
class SiteSet final : public extract::SelectorLookup {
 public:
  static SiteSet load_dir(const std::filesystem::path& dir);
  // The site `host` belongs to (aliases and "www." folded), or nullptr.
  const Site* find(std::string_view host) const;
  // find(host)'s selectors, for the extractor.
  const extract::SiteSelectors* selectors_for(std::string_view host) const override;
  size_t size() const { return sites_.size(); }
  // The host of every selector file, in file-name order.
  std::vector<std::string> hosts() const;

 private:
  std::vector<Site> sites_;
};

}  // namespace khobao::site
