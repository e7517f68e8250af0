// Fuzz target: robots.txt as any server may send it, and the matching of
// paths (as pages link them) against the rules it gives.
#include "fuzz/fuzz_check.hpp"

#include "net/robots.hpp"

#include <cmath>

namespace khobao::fuzz {

namespace {

bool is_plain(std::string_view pattern) {
  for (unsigned char c : pattern)
    if (c == '*' || c == '$' || c == '%' || c >= 0x80) return false;
  return true;
}

// Paths worth asking about: fixed ones, each rule's pattern read as a path
// (which the rule itself must then match), and the input's own lines.
void check_paths(const net::RobotsRules& rules, std::string_view bytes) {
  for (std::string_view p : {"", "/", "/a/b?x=1", "/%7Ea/%e1%bb%87*$", "/tim-kiem?q=%C4%91"}) rules.allowed(p);
  for (const auto& r : rules.rules) {
    bool verdict = rules.allowed(r.pattern);
    // A plain Allow pattern matches itself, and only a longer Disallow can
    // overrule it. Plain: a path without wildcards, escapes or non-ASCII
    // bytes, so that percent-encoding normalization leaves lengths alone.
    if (r.allow && is_plain(r.pattern) && r.pattern.starts_with('/')) {
      bool overruled = false;
      for (const auto& other : rules.rules)
        overruled |= !other.allow && (!is_plain(other.pattern) || other.pattern.size() > r.pattern.size());
      if (!overruled) check(verdict, "an Allow rule does not allow its own path: " + r.pattern);
    }
  }
  for (size_t start = 0, n = 0; start < bytes.size() && n < 64; ++n) {
    size_t end = std::min(bytes.find('\n', start), bytes.size());
    rules.allowed(bytes.substr(start, std::min<size_t>(end - start, 512)));
    start = end + 1;
  }
}

}  // namespace

void fuzz_robots(std::string_view bytes) {
  net::RobotsRules rules = net::parse_robots(bytes, "khobao");
  check(rules.allowed("/robots.txt"), "/robots.txt is not allowed");
  if (rules.crawl_delay) check(std::isfinite(*rules.crawl_delay) && *rules.crawl_delay >= 0, "a bad crawl delay");
  for (const auto& r : rules.rules) check(!r.pattern.empty(), "a rule with an empty pattern");
  check_paths(rules, bytes);
  net::robots_for_status(503, bytes, "khobao");
}

}  // namespace khobao::fuzz
