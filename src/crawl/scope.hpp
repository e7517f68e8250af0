// What one crawl covers: its sites (with or without a selector file), how
// their host names fold, what kind of page a URL is, and which links are
// worth following. Plain decisions over URLs; no I/O.
#pragma once

#include "crawl/discovery.hpp"
#include "store/frontier_table.hpp"
#include "site/site.hpp"
#include "url/url.hpp"

#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace khobao::crawl {

// A crawl asked for something it cannot do: an unknown or malformed seed.
class ScopeError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct SiteScope {
  std::string host;                       // the site's host: the selector file's, or the seed's
  const site::Site* rules = nullptr;
  std::unique_ptr<UrlClassifier> classifier;
};

class Scope {
 public:
  // The sites of `site_hosts` (each with its selector file's seeds, or its
  // home page when it has none) and of `seeds` (which replace the file's
  // seeds for their site). Neither given: every site with a selector file.
  // With `seeds_only`, the sites of `site_hosts` get no seeds of their own:
  // they are in scope, and only `seeds` are fetched first (an update whose
  // listings are not due).
  // Throws ScopeError for a seed that is not an http(s) URL.
  Scope(const site::SiteSet& sites, const std::vector<std::string>& site_hosts,
        const std::vector<std::string>& seeds, bool seeds_only = false);

  // The seeds, normalized, as depth-0 frontier entries.
  const std::vector<store::FrontierEntry>& seeds() const { return seeds_; }
  const std::vector<SiteScope>& sites() const { return sites_; }
  const url::HostFolding& folding() const { return folding_; }

  // The site `url` (normalized) belongs to, or nullptr when it is out of scope.
  const SiteScope* site_of(std::string_view url) const;

  // The normalized form of `ref` found on `base`, if it is an http(s) URL.
  std::optional<std::string> normalize(std::string_view base, std::string_view ref) const;

  // The kind of an in-scope URL, as its site sees it.
  PageKind kind_of(std::string_view url) const;

  // Whether a link to `url` of kind `kind` is worth fetching: a page of
  // the site (article, listing, feed, sitemap; for a site without a selector
  // file also pages of unknown kind), never a file such as an image or a PDF.
  bool worth_following(std::string_view url, PageKind kind) const;

  // The crawl's parameters as canonical JSON, naming it in the crawl table.
  // Budgets are not part of it: a run with another budget goes on with the
  // same crawl.
  std::string describe(std::optional<int> max_depth) const;
  // An update's name: its sites only, since its seeds and due pages change
  // from run to run while a killed update is still to be resumed.
  std::string describe_update() const;

 private:
  void add_site(const std::string& host, const site::Site* rules);
  void add_seed(const std::string& url, PageKind kind);

  std::vector<SiteScope> sites_;
  std::map<std::string, size_t, std::less<>> by_host_;  // folded host -> sites_ index
  url::HostFolding folding_;
  std::vector<store::FrontierEntry> seeds_;
};

}  // namespace khobao::crawl
