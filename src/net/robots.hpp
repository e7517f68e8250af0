// robots.txt (RFC 9309): which of a site's paths the crawler may fetch, how long
// to wait between requests, and the sitemaps the site announces.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace khobao::net {

// RFC 9309 2.5: a crawler must parse at least the first 500 KiB of a
// robots.txt; khobao reads that much and ignores the rest.
inline constexpr std::size_t kRobotsMaxBytes = 500 * 1024;

struct RobotsRules {
  // Whether `path_and_query` (e.g. "/a/b?x=1"; "" reads as "/") may be fetched:
  // the longest matching rule wins (length in octets of the pattern), Allow wins a
  // tie; no match -> allowed; "/robots.txt" is always allowed, even under
  // disallow_all. Patterns support "*" (any sequence) and a final "$" (end
  // anchor); a rule matches a prefix of the path unless anchored. Both sides are
  // compared after percent-encoding normalization (RFC 9309 2.2.2: %-escapes of
  // unreserved characters decoded, hex upper-case, non-ASCII octets %-encoded),
  // and a "*" or "$" in the path matches "%2A" or "%24" in a pattern (2.2.3).
  bool allowed(std::string_view path_and_query) const;

  std::optional<double> crawl_delay;  // seconds, from the group that applies (not in the RFC, widely used)
  std::vector<std::string> sitemaps;  // Sitemap: lines, anywhere in the file (absolute URLs as written)

  // Plain data: the rules of the group that applies, in file order.
  struct Rule {
    bool allow;
    std::string pattern;
  };
  std::vector<Rule> rules;
  bool disallow_all = false;  // set by robots_for_status on 5xx / unreachable

  // No rules: everything may be fetched.
  static RobotsRules allow_all();
  // Nothing but /robots.txt may be fetched.
  static RobotsRules disallow_everything();
};

// Parses a robots.txt for the crawler whose product token is `user_agent_token`
// ("khobao"). A user-agent line names the crawler when its value's first word
// (the leading run of letters, "-" and "_", so "khobao/1.0" reads "khobao")
// equals the token case-insensitively; "*" names every crawler. The rules of all
// groups that name the crawler apply, merged; if none does, those of all "*"
// groups; if none, everything is allowed. Consecutive user-agent lines form one
// group; rules before the first user-agent line belong to no group. Lines are
// "key: value # comment" with case-insensitive keys (and the misspellings
// Google's parser accepts); lines without a colon, and Allow/Disallow with an
// empty value, are skipped. A BOM and CR, LF or CRLF line ends are accepted.
// Only the first 500 KiB are parsed (RFC 9309 2.5), less a line cut by the limit.
// Crawl-delay is the first valid one of the groups that apply; Sitemap lines
// count wherever they are. Never throws on malformed input.
RobotsRules parse_robots(std::string_view body, std::string_view user_agent_token);

// What a robots.txt fetch means (RFC 9309 2.3.1): 2xx -> parse(body); 4xx (incl.
// 404, 401, 403) -> allow all; 5xx, 429 or no response at all (status nullopt) ->
// disallow everything for now. 3xx is followed by the fetcher; if one still
// arrives here -> allow all. Any other status (1xx, nonsense) is treated as
// unreachable: disallow everything.
RobotsRules robots_for_status(std::optional<int> status, std::string_view body,
                              std::string_view user_agent_token);

}  // namespace khobao::net
