// robots.txt parsing and matching (see robots.hpp): a line-by-line reader that
// keeps only the groups for our token or "*", and a glob matcher for rules.
#include "net/robots.hpp"

#include "core/text.hpp"

#include <charconv>
#include <cmath>

namespace khobao::net {

namespace {

constexpr std::size_t kParseLimit = kRobotsMaxBytes;

bool is_unreserved(unsigned char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '.' || c == '_' || c == '~';
}

void append_escape(std::string& out, unsigned char byte) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  out += '%';
  out += kHex[byte >> 4];
  out += kHex[byte & 0xF];
}

// One spelling for a path or a pattern, so that equal URLs compare equal
// (RFC 9309 2.2.2). In a pattern "*" stays a wildcard and a final "$" an anchor;
// every other "*" or "$" is a literal and written %2A / %24, as a pattern
// writes one that must not be special (2.2.3).
std::string normalize_for_match(std::string_view s, bool is_pattern) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c == '%' && i + 2 < s.size() && text::hex_value(s[i + 1]) >= 0 && text::hex_value(s[i + 2]) >= 0) {
      auto byte = static_cast<unsigned char>(text::hex_value(s[i + 1]) * 16 + text::hex_value(s[i + 2]));
      if (is_unreserved(byte))
        out += static_cast<char>(byte);
      else
        append_escape(out, byte);
      i += 2;
    } else if (is_pattern && (c == '*' || (c == '$' && i + 1 == s.size()))) {
      out += static_cast<char>(c);
    } else if (c == '*' || c == '$' || c <= ' ' || c >= 0x7F) {
      append_escape(out, c);
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

// Whether the normalized `pattern` matches a prefix of the normalized `path`
// (all of it when the pattern ends in "$"). Backtracking only to the last "*"
// suffices for "*"-only globs, which keeps a hostile pattern linear per start.
bool matches(std::string_view pattern, std::string_view path) {
  bool anchored = !pattern.empty() && pattern.back() == '$';
  if (anchored) pattern.remove_suffix(1);
  std::size_t p = 0, s = 0, star = std::string_view::npos, mark = 0;
  for (;;) {
    if (p == pattern.size() && (!anchored || s == path.size())) return true;
    if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      mark = s;
      continue;
    }
    if (p < pattern.size() && s < path.size() && pattern[p] == path[s]) {
      ++p;
      ++s;
      continue;
    }
    if (star == std::string_view::npos || mark >= path.size()) return false;
    p = star + 1;
    s = ++mark;
  }
}

enum class Key { user_agent, allow, disallow, crawl_delay, sitemap, other };

// The record a key names. Besides the spellings of RFC 9309, the misspellings
// that Google's parser accepts: sites write them and mean them.
Key classify(std::string_view key) {
  for (std::string_view k : {"user-agent", "useragent", "user agent"})
    if (text::iequals(key, k)) return Key::user_agent;
  if (text::iequals(key, "allow")) return Key::allow;
  for (std::string_view k : {"disallow", "dissallow", "dissalow", "disalow", "diasllow", "disallaw"})
    if (text::iequals(key, k)) return Key::disallow;
  if (text::iequals(key, "crawl-delay")) return Key::crawl_delay;
  for (std::string_view k : {"sitemap", "site-map"})
    if (text::iequals(key, k)) return Key::sitemap;
  return Key::other;
}

bool is_token_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-' || c == '_';
}

// Whether a user-agent line's value names every crawler ("*", maybe followed by
// words).
bool names_everyone(std::string_view value) {
  return !value.empty() && value[0] == '*' && (value.size() == 1 || value[1] == ' ' || value[1] == '\t');
}

// Whether it names us: its product token ("khobao" in "khobao/1.0 (+url)").
bool names_us(std::string_view value, std::string_view token) {
  std::size_t n = 0;
  while (n < value.size() && is_token_char(value[n])) ++n;
  return !token.empty() && text::iequals(value.substr(0, n), token);
}

std::optional<double> parse_delay(std::string_view value) {
  double d = 0;
  auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), d);
  if (ec != std::errc() || end != value.data() + value.size() || !std::isfinite(d) || d < 0)
    return std::nullopt;
  return d;
}

// What parse_robots keeps of a group set: the rules of the groups for us, or for "*".
struct Collected {
  bool found = false;
  std::vector<RobotsRules::Rule> rules;
  std::optional<double> crawl_delay;
};

// The part of `body` that is parsed: after a BOM, within the limit, and without
// a last line cut by the limit (a cut "Allow: /private-x" would allow too much).
std::string_view parsed_part(std::string_view body) {
  if (body.substr(0, 3) == "\xEF\xBB\xBF") body.remove_prefix(3);
  if (body.size() <= kParseLimit) return body;
  bool cut_mid_line = body[kParseLimit] != '\n' && body[kParseLimit] != '\r';
  body = body.substr(0, kParseLimit);
  if (cut_mid_line) {
    std::size_t end = body.find_last_of("\r\n");
    body = body.substr(0, end == std::string_view::npos ? 0 : end);
  }
  return body;
}

}  // namespace

RobotsRules RobotsRules::allow_all() { return {}; }

RobotsRules RobotsRules::disallow_everything() {
  RobotsRules r;
  r.disallow_all = true;
  return r;
}

bool RobotsRules::allowed(std::string_view path_and_query) const {
  if (path_and_query.empty()) path_and_query = "/";
  if (path_and_query.substr(0, path_and_query.find('?')) == "/robots.txt") return true;
  if (disallow_all) return false;
  std::string path = normalize_for_match(path_and_query, false);
  std::size_t best = 0;
  bool found = false, allow = true;
  for (const Rule& rule : rules) {
    std::string pattern = normalize_for_match(rule.pattern, true);
    if (pattern.empty() || !matches(pattern, path)) continue;
    if (!found || pattern.size() > best || (pattern.size() == best && rule.allow)) {
      found = true;
      best = pattern.size();
      allow = rule.allow;
    }
  }
  return allow;
}

RobotsRules parse_robots(std::string_view body, std::string_view user_agent_token) {
  Collected ours, everyone;
  RobotsRules out;
  bool in_agent_lines = false;      // the previous record was a user-agent line
  bool for_us = false, for_everyone = false;  // whom the current group names

  std::string_view text = parsed_part(body);
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find_first_of("\r\n", start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    start = end + 1;

    line = text::trim_space_tab(line.substr(0, line.find('#')));
    std::size_t colon = line.find(':');
    if (line.empty() || colon == std::string_view::npos) continue;
    Key key = classify(text::trim_space_tab(line.substr(0, colon)));
    std::string_view value = text::trim_space_tab(line.substr(colon + 1));

    switch (key) {
      case Key::user_agent:
        if (!in_agent_lines) for_us = for_everyone = false;
        in_agent_lines = true;
        if (names_us(value, user_agent_token)) for_us = ours.found = true;
        if (names_everyone(value)) for_everyone = everyone.found = true;
        break;
      case Key::allow:
      case Key::disallow:
        in_agent_lines = false;
        if (value.empty()) break;  // "Disallow:" alone forbids nothing
        if (for_us) ours.rules.push_back({key == Key::allow, std::string(value)});
        if (for_everyone) everyone.rules.push_back({key == Key::allow, std::string(value)});
        break;
      case Key::crawl_delay: {
        in_agent_lines = false;
        std::optional<double> delay = parse_delay(value);
        if (for_us && !ours.crawl_delay) ours.crawl_delay = delay;
        if (for_everyone && !everyone.crawl_delay) everyone.crawl_delay = delay;
        break;
      }
      case Key::sitemap:
        if (!value.empty()) out.sitemaps.emplace_back(value);
        break;
      case Key::other:
        break;
    }
  }

  const Collected& chosen = ours.found ? ours : everyone;
  out.rules = chosen.rules;
  out.crawl_delay = chosen.crawl_delay;
  return out;
}

RobotsRules robots_for_status(std::optional<int> status, std::string_view body,
                              std::string_view user_agent_token) {
  if (!status) return RobotsRules::disallow_everything();
  int s = *status;
  if (s >= 200 && s < 300) return parse_robots(body, user_agent_token);
  if (s >= 300 && s < 400) return RobotsRules::allow_all();
  if (s == 429) return RobotsRules::disallow_everything();  // "slow down" is not "no rules"
  if (s >= 400 && s < 500) return RobotsRules::allow_all();
  return RobotsRules::disallow_everything();
}

}  // namespace khobao::net
