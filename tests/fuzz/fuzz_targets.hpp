// The fuzz targets: one function per parser of untrusted input, each taking
// the raw bytes libFuzzer (or the regression replay test) hands it. Each
// runs the parser, then checks the invariants that must hold whatever the
// input; a violation throws FuzzViolation (an abort under libFuzzer).
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

namespace khobao::fuzz {

// An invariant that does not hold: a bug to investigate, never an expected
// outcome. Deliberately not a std::runtime_error, so that no handler for
// library errors swallows it.
class FuzzViolation : public std::logic_error {
 public:
  using std::logic_error::logic_error;
};

[[noreturn]] inline void fail(const std::string& what) { throw FuzzViolation(what); }

// Throws FuzzViolation(what) unless `ok`. A message put together from
// pieces is built even when `ok`: in loops, write `if (!ok) fail(...)`.
inline void check(bool ok, const char* what) {
  if (!ok) fail(what);
}
inline void check(bool ok, const std::string& what) {
  if (!ok) fail(what);
}

void fuzz_extract(std::string_view bytes);       // extract.cpp: the whole pipeline on a page
void fuzz_charset(std::string_view bytes);       // charset.cpp: decoding, UTF-8 repair, NFC
void fuzz_selector(std::string_view bytes);      // selector.cpp: the CSS selector parser
void fuzz_url(std::string_view bytes);           // url.cpp: resolve, normalize, parts
void fuzz_robots(std::string_view bytes);        // robots.cpp: robots.txt
void fuzz_site_rules(std::string_view bytes);    // site_rules.cpp: a selector file
void fuzz_dates(std::string_view bytes);         // dates.cpp: parse_date, find_date
void fuzz_feed(std::string_view bytes);          // feed.cpp: RSS/Atom, the XML scanner
void fuzz_sitemap(std::string_view bytes);       // sitemap.cpp: sitemaps, gzip
void fuzz_warc(std::string_view bytes);          // warc.cpp: the WARC reader, HTTP messages
void fuzz_search_query(std::string_view bytes);  // search_query.cpp: the FTS5 query rewrite

struct FuzzTarget {
  std::string_view name;  // "extract": the executable is fuzz_extract
  void (*run)(std::string_view bytes);
};

// Every target, for the replay test and the corpus maker.
inline constexpr FuzzTarget kFuzzTargets[] = {
    {"extract", fuzz_extract},   {"charset", fuzz_charset},     {"selector", fuzz_selector},
    {"url", fuzz_url},           {"robots", fuzz_robots},       {"site_rules", fuzz_site_rules},
    {"dates", fuzz_dates},       {"feed", fuzz_feed},           {"sitemap", fuzz_sitemap},
    {"warc", fuzz_warc},         {"search_query", fuzz_search_query},
};

}  // namespace khobao::fuzz
