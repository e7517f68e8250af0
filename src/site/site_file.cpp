// Loading selectors/HOST.toml (see site.hpp). Every check names the
// file, the line and the key, because the reader is an archivist fixing a
// typo, not a programmer reading a stack trace.
#include "site/site.hpp"

#include "core/text.hpp"
#include "core/unicode.hpp"

#include <toml.hpp>

#include <algorithm>
#include <fstream>
#include <regex>
#include <sstream>

namespace khobao::site {

namespace {

using Table = toml::value::table_type;
using extract::FieldSelector;

// Reads one file's values with the context needed for messages.
class Reader {
 public:
  explicit Reader(std::filesystem::path file) : file_(std::move(file)) {}

  [[noreturn]] void fail(const toml::value& at, const std::string& key, const std::string& why) const {
    throw SiteFileError(file_.string(), static_cast<int>(at.location().line()), key, why);
  }

  // Rejects keys of `table` not in `known`: a misspelt key must not be ignored.
  void check_keys(const toml::value& table, const std::string& prefix,
                  std::initializer_list<const char*> known) const {
    // Not a structured binding: clang 14 (the fuzz build) cannot capture one in a lambda.
    for (const auto& entry : table.as_table()) {
      const std::string& key = entry.first;
      bool ok = std::any_of(known.begin(), known.end(), [&](const char* k) { return key == k; });
      if (!ok) fail(entry.second, prefix + key, "unknown key");
    }
  }

  std::string string(const toml::value& v, const std::string& key) const {
    if (!v.is_string()) fail(v, key, std::string("expected a string, found ") + type_name(v));
    return v.as_string().str;
  }

  std::vector<std::string> strings(const toml::value& v, const std::string& key) const {
    if (v.is_string()) return {v.as_string().str};
    if (!v.is_array()) fail(v, key, std::string("expected a list of strings, found ") + type_name(v));
    std::vector<std::string> out;
    for (const auto& item : v.as_array()) out.push_back(string(item, key));
    return out;
  }

  double number(const toml::value& v, const std::string& key) const {
    if (v.is_floating()) return v.as_floating();
    if (v.is_integer()) return static_cast<double>(v.as_integer());
    fail(v, key, std::string("expected a number, found ") + type_name(v));
  }

  FieldSelector selector(const toml::value& v, const std::string& key) const {
    std::string text = string(v, key);
    try {
      return FieldSelector{key, html::Selector::parse(text)};
    } catch (const html::SelectorError& e) {
      fail(v, key, e.what());
    }
  }

  std::vector<std::string> patterns(const toml::value& v, const std::string& key) const {
    auto list = strings(v, key);
    for (const auto& p : list) {
      try {
        std::regex check(p);
      } catch (const std::regex_error& e) {
        fail(v, key, "bad regular expression '" + p + "': " + e.what());
      }
    }
    return list;
  }

  static const char* type_name(const toml::value& v) {
    switch (v.type()) {
      case toml::value_t::boolean: return "a boolean";
      case toml::value_t::integer: return "an integer";
      case toml::value_t::floating: return "a number";
      case toml::value_t::string: return "a string";
      case toml::value_t::array: return "a list";
      case toml::value_t::table: return "a table";
      default: return "a date or time";
    }
  }

 private:
  std::filesystem::path file_;
};

void read_site(const Reader& r, const toml::value& t, Site& rules) {
  r.check_keys(t, "site.", {"host", "aliases", "language", "name"});
  for (const auto& [key, v] : t.as_table()) {
    if (key == "host") rules.host = text::ascii_lower(r.string(v, "site.host"));
    else if (key == "aliases") rules.aliases = r.strings(v, "site.aliases");
    else if (key == "language") rules.language = r.string(v, "site.language");
    else if (key == "name") rules.name = r.string(v, "site.name");
  }
}

void read_extract(const Reader& r, const toml::value& t, extract::SiteSelectors& rules) {
  r.check_keys(t, "extract.", {"title", "lead", "body", "byline", "date", "updated", "captions",
                               "related", "related_title", "related_summary", "tags", "source",
                               "remove"});
  const std::pair<const char*, std::optional<FieldSelector>*> fields[] = {
      {"title", &rules.title},       {"lead", &rules.lead},
      {"body", &rules.body},         {"byline", &rules.byline},
      {"date", &rules.date},         {"updated", &rules.updated},
      {"captions", &rules.captions}, {"related", &rules.related},
      {"related_title", &rules.related_title}, {"related_summary", &rules.related_summary},
      {"tags", &rules.tags},         {"source", &rules.source}};
  for (const auto& [key, v] : t.as_table()) {
    std::string full = "extract." + key;
    if (key == "remove") {
      if (!v.is_array() && !v.is_string()) r.fail(v, full, "expected a list of selectors");
      const auto items = v.is_array() ? v.as_array() : toml::value::array_type{v};
      for (const auto& item : items) rules.remove.push_back(r.selector(item, full));
      continue;
    }
    for (const auto& [name, slot] : fields)
      if (key == name) slot->emplace(r.selector(v, full));
  }
}

void read_urls(const Reader& r, const toml::value& t, Site& rules) {
  r.check_keys(t, "urls.", {"article", "listing"});
  for (const auto& [key, v] : t.as_table()) {
    if (key == "article") rules.article_patterns = r.patterns(v, "urls.article");
    else rules.listing_patterns = r.patterns(v, "urls.listing");
  }
}

void read_seeds(const Reader& r, const toml::value& t, Site& rules) {
  r.check_keys(t, "seeds.", {"home", "categories", "feeds", "sitemaps"});
  for (const auto& [key, v] : t.as_table()) {
    if (key == "home") rules.home = r.string(v, "seeds.home");
    else if (key == "categories") rules.categories = r.strings(v, "seeds.categories");
    else if (key == "feeds") rules.feeds = r.strings(v, "seeds.feeds");
    else rules.sitemaps = r.strings(v, "seeds.sitemaps");
  }
}

void read_politeness(const Reader& r, const toml::value& t, Site& rules) {
  r.check_keys(t, "politeness.", {"delay", "concurrency"});
  for (const auto& [key, v] : t.as_table()) {
    double n = r.number(v, "politeness." + key);
    // TOML has nan: each range test is written so that nan fails it, and no
    // nan reaches the cast to int (undefined behaviour); found with the fuzz target.
    if (key == "delay") {
      if (!(n >= 0 && n <= 3600)) r.fail(v, "politeness.delay", "must be between 0 and 3600 seconds");
      rules.delay_seconds = n;
    } else {
      if (!(n >= 1 && n <= 64) || n != static_cast<int>(n))
        r.fail(v, "politeness.concurrency", "must be a whole number from 1 to 64");
      rules.concurrency = static_cast<int>(n);
    }
  }
}

void read_schedule(const Reader& r, const toml::value& t, Site& rules) {
  r.check_keys(t, "schedule.", {"listings", "articles"});
  auto duration = [&](const toml::value& v, const std::string& key, const std::string& text) {
    std::optional<std::int64_t> seconds = parse_duration(text);
    if (!seconds || *seconds <= 0)
      r.fail(v, key, "'" + text + "' is not a duration such as \"30m\", \"6h\", \"1d\" or \"2w\"");
    return *seconds;
  };
  for (const auto& [key, v] : t.as_table()) {
    if (key == "listings") {
      std::string text = r.string(v, "schedule.listings");
      rules.listings_every_seconds = text == "every run" ? 0 : duration(v, "schedule.listings", text);
    } else {
      rules.revisit_seconds.clear();
      for (const std::string& text : r.strings(v, "schedule.articles"))
        rules.revisit_seconds.push_back(duration(v, "schedule.articles", text));
      if (rules.revisit_seconds.empty()) r.fail(v, "schedule.articles", "expected at least one duration");
    }
  }
}

}  // namespace

std::string fold_host(std::string_view host) {
  std::string h = text::ascii_lower(host);
  if (h.rfind("www.", 0) == 0) h.erase(0, 4);
  return h;
}

std::optional<std::int64_t> parse_duration(std::string_view text) {
  if (text.empty()) return std::nullopt;
  std::int64_t total = 0;
  size_t i = 0;
  while (i < text.size()) {
    std::int64_t n = 0;
    size_t digits = 0;
    for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i, ++digits) {
      if (n > 1'000'000'000) return std::nullopt;
      n = n * 10 + (text[i] - '0');
    }
    if (digits == 0 || i == text.size()) return std::nullopt;  // no number, or a number without a unit
    std::int64_t unit = 0;
    switch (text[i++]) {
      case 's': unit = 1; break;
      case 'm': unit = 60; break;
      case 'h': unit = 3600; break;
      case 'd': unit = 86400; break;
      case 'w': unit = 7 * 86400; break;
      default: return std::nullopt;
    }
    total += n * unit;
    if (total > 100LL * 365 * 86400) return std::nullopt;  // a century: surely a typo
  }
  return total;
}

SiteFileError::SiteFileError(std::string file, int line, std::string key, const std::string& why)
    : std::runtime_error(file + ":" + std::to_string(line) + ": " +
                         (key.empty() ? std::string() : "key '" + key + "': ") + why),
      file_(std::move(file)), line_(line), key_(std::move(key)) {}

bool Site::serves(std::string_view h) const {
  std::string folded = fold_host(h);
  if (folded == fold_host(host)) return true;
  return std::any_of(aliases.begin(), aliases.end(),
                     [&](const std::string& a) { return fold_host(a) == folded; });
}

namespace {

// toml11's reading of `text`, its errors turned into SiteFileError.
toml::value parse_toml(std::string_view text, const std::filesystem::path& file) {
  try {
    std::istringstream in{std::string(text)};
    return toml::parse(in, file.string());
  } catch (const toml::syntax_error& e) {
    // toml11's own message spans several lines; keep its first as the reason.
    std::string what = e.what();
    std::string first = what.substr(0, what.find('\n'));
    if (first.rfind("[error] ", 0) == 0) first.erase(0, 8);
    throw SiteFileError(file.string(), static_cast<int>(e.location().line()), "", first);
  } catch (const std::exception& e) {
    throw SiteFileError(file.string(), 0, "", e.what());
  }
}

// Throws SiteFileError naming the line of the first byte that is not UTF-8.
void refuse_invalid_utf8(std::string_view text, const std::filesystem::path& file) {
  for (size_t i = 0; i < text.size();) {
    text::CodePoint cp = text::code_point_at(text, i);
    if (cp.value < 0) {
      int line = 1 + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(i), '\n'));
      throw SiteFileError(file.string(), line, "", "invalid UTF-8 (a selector file must be saved as UTF-8)");
    }
    i += cp.length;
  }
}

Site rules_from_toml(const toml::value& root, const std::filesystem::path& file) {
  Reader r(file);
  Site rules;
  rules.file = file;
  r.check_keys(root, "", {"site", "extract", "urls", "seeds", "politeness", "schedule"});
  for (const auto& [key, v] : root.as_table()) {
    if (!v.is_table()) r.fail(v, key, "expected a [" + key + "] section");
    if (key == "site") read_site(r, v, rules);
    else if (key == "extract") read_extract(r, v, rules.selectors);
    else if (key == "urls") read_urls(r, v, rules);
    else if (key == "seeds") read_seeds(r, v, rules);
    else if (key == "politeness") read_politeness(r, v, rules);
    else read_schedule(r, v, rules);
  }
  std::string expected_host = fold_host(file.stem().string());
  if (rules.host.empty())
    throw SiteFileError(file.string(), 1, "site.host", "missing; it must name the site (\"" + expected_host + "\")");
  if (fold_host(rules.host) != expected_host)
    r.fail(root.as_table().at("site").as_table().at("host"), "site.host",
           "'" + rules.host + "' does not match the file name (" + file.filename().string() + ")");
  rules.selectors.host = rules.host;
  rules.selectors.file = rules.file;
  rules.selectors.language = rules.language;
  return rules;
}

}  // namespace

Site load_site(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw SiteFileError(file.string(), 0, "", "cannot open the file");
  std::ostringstream text;
  text << in.rdbuf();
  return parse_site(text.str(), file);
}

Site parse_site(std::string_view text, const std::filesystem::path& file) {
  // TOML is UTF-8, and toml11 3.7 (Debian 12's) reads past the end of its
  // buffer while reporting invalid UTF-8 inside a string: refuse it first.
  refuse_invalid_utf8(text, file);
  return rules_from_toml(parse_toml(text, file), file);
}

SiteSet SiteSet::load_dir(const std::filesystem::path& dir) {
  SiteSet set;
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) return set;
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec))
    if (entry.path().extension() == ".toml") files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  for (const auto& f : files) set.sites_.push_back(load_site(f));
  return set;
}

std::vector<std::string> SiteSet::hosts() const {
  std::vector<std::string> hosts;
  for (const auto& rules : sites_) hosts.push_back(rules.host);
  return hosts;
}

const Site* SiteSet::find(std::string_view host) const {
  for (const auto& r : sites_)
    if (r.serves(host)) return &r;
  return nullptr;
}

const extract::SiteSelectors* SiteSet::selectors_for(std::string_view host) const {
  const Site* site = find(host);
  return site ? &site->selectors : nullptr;
}

}  // namespace khobao::site
