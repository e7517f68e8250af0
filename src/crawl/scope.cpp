// The sites of one crawl and the decisions over their URLs; see scope.hpp.
#include "crawl/scope.hpp"
#include "site/site.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <set>

namespace khobao::crawl {
namespace {

// Files that are not pages: following them costs bandwidth and gives nothing
// to extract. Checked on the path's last segment.
bool looks_like_a_file(std::string_view url) {
  static constexpr std::array<std::string_view, 30> kExtensions = {
      ".jpg", ".jpeg", ".png", ".gif", ".webp", ".svg", ".ico", ".bmp", ".tif", ".tiff",
      ".pdf", ".doc", ".docx", ".xls", ".xlsx", ".ppt", ".pptx", ".zip", ".rar", ".7z",
      ".mp3", ".mp4", ".m4a", ".avi", ".mov", ".webm", ".css", ".js", ".woff", ".woff2"};
  std::optional<url::UrlParts> p = url::parts(url);
  if (!p) return true;
  std::string path = p->path;
  for (char& c : path) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return std::any_of(kExtensions.begin(), kExtensions.end(), [&](std::string_view ext) { return path.ends_with(ext); });
}

}  // namespace

Scope::Scope(const site::SiteSet& sites, const std::vector<std::string>& site_hosts,
             const std::vector<std::string>& seeds, bool seeds_only) {
  std::vector<std::string> hosts = site_hosts;
  if (hosts.empty() && seeds.empty()) hosts = sites.hosts();

  // Seeds first: they replace the selector file's seeds for their site.
  std::set<std::string> seeded;
  for (const std::string& seed : seeds) {
    std::string host = url::host_of(seed);
    if (host.empty()) throw ScopeError(fmt::format("seed '{}' is not an http(s) URL", seed));
    const site::Site* rules = sites.find(host);
    std::string site = rules ? rules->host : host;
    add_site(site, rules);
    seeded.insert(site);
  }
  for (const std::string& h : hosts) {
    const site::Site* rules = sites.find(h);
    std::string site = rules ? rules->host : url::fold_host(h);
    add_site(site, rules);
  }
  for (const std::string& seed : seeds) {
    std::optional<std::string> url = url::normalize(seed, folding_);
    if (!url) throw ScopeError(fmt::format("seed '{}' is not an http(s) URL", seed));
    add_seed(*url, kind_of(*url) == PageKind::kUnknown ? PageKind::kListing : kind_of(*url));
  }
  for (const SiteScope& s : sites_) {
    if (seeded.count(s.host) || seeds_only) continue;
    if (!s.rules) {
      add_seed("https://" + s.host + "/", PageKind::kListing);
      continue;
    }
    auto add_all = [&](const std::vector<std::string>& urls, PageKind kind) {
      for (const std::string& u : urls)
        if (std::optional<std::string> url = url::normalize(u, folding_)) add_seed(*url, kind);
    };
    add_all({s.rules->home}, PageKind::kListing);
    add_all(s.rules->categories, PageKind::kListing);
    add_all(s.rules->feeds, PageKind::kFeed);
    add_all(s.rules->sitemaps, PageKind::kSitemap);
  }
}

void Scope::add_site(const std::string& host, const site::Site* rules) {
  std::string folded = folding_.fold(host);
  if (by_host_.count(folded)) return;
  SiteScope s;
  s.host = host;
  s.rules = rules;
  s.classifier = std::make_unique<UrlClassifier>(rules);
  // One article, one page: www. and the bare host (and a file's aliases)
  // name the site's host.
  if (host.starts_with("www.")) {
    folding_.add(host.substr(4), host);
  } else {
    folding_.add("www." + host, host);
  }
  if (rules)
    for (const std::string& alias : rules->aliases) folding_.add(alias, host);
  by_host_.emplace(host, sites_.size());
  sites_.push_back(std::move(s));
}

void Scope::add_seed(const std::string& url, PageKind kind) {
  if (!site_of(url)) return;
  if (std::any_of(seeds_.begin(), seeds_.end(), [&](const store::FrontierEntry& e) { return e.url == url; })) return;
  seeds_.push_back({url, 0, page_kind_name(kind), 0, std::nullopt, std::nullopt});
}

const SiteScope* Scope::site_of(std::string_view url) const {
  auto it = by_host_.find(folding_.fold(url::host_of(url)));
  return it == by_host_.end() ? nullptr : &sites_[it->second];
}

std::optional<std::string> Scope::normalize(std::string_view base, std::string_view ref) const {
  return url::normalize_link(base, ref, folding_);
}

PageKind Scope::kind_of(std::string_view url) const {
  const SiteScope* s = site_of(url);
  return s ? s->classifier->classify(url) : PageKind::kUnknown;
}

bool Scope::worth_following(std::string_view url, PageKind kind) const {
  const SiteScope* s = site_of(url);
  if (!s || looks_like_a_file(url)) return false;
  switch (kind) {
    case PageKind::kArticle:
    case PageKind::kListing:
    case PageKind::kFeed:
    case PageKind::kSitemap:
      return true;
    case PageKind::kUnknown:
      return s->rules == nullptr;  // a selector file's URL patterns say what its pages are
    case PageKind::kOther:
      return false;
  }
  return false;
}

std::string Scope::describe(std::optional<int> max_depth) const {
  nlohmann::json j;
  std::vector<std::string> hosts, seeds;
  for (const SiteScope& s : sites_) hosts.push_back(s.host);
  for (const store::FrontierEntry& e : seeds_) seeds.push_back(e.url);
  std::sort(hosts.begin(), hosts.end());
  std::sort(seeds.begin(), seeds.end());
  j["sites"] = hosts;
  j["seeds"] = seeds;
  j["max_depth"] = max_depth ? nlohmann::json(*max_depth) : nlohmann::json();
  return j.dump();
}

std::string Scope::describe_update() const {
  std::vector<std::string> hosts;
  for (const SiteScope& s : sites_) hosts.push_back(s.host);
  std::sort(hosts.begin(), hosts.end());
  return nlohmann::json{{"update", true}, {"sites", hosts}}.dump();
}

}  // namespace khobao::crawl
