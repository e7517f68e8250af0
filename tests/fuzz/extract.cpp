// Fuzz target: the whole extraction pipeline (decode, parse, metadata, site
// rules, cleaning, fields, links) on the bytes of a page, with the real
// selector files so that a page whose canonical link names a known site goes
// through its rules.
#include "fuzz/fuzz_check.hpp"

#include "extract/extract.hpp"
#include "site/site.hpp"

#include <spdlog/spdlog.h>

namespace khobao::fuzz {

namespace {

const site::SiteSet& site_rules() {
  static const site::SiteSet rules = [] {
    spdlog::set_level(spdlog::level::off);  // the pipeline logs fallbacks: noise at a million runs
    return site::SiteSet::load_dir(KHOBAO_SOURCE_DIR "/selectors");
  }();
  return rules;
}

void check_article(const khobao::Article& a) {
  check_utf8(a.title, "title");
  check_utf8(a.lead, "lead");
  check_utf8(a.body, "body");
  check_utf8(a.source, "source");
  check_utf8(a.published_at, "published_at");
  for (const auto& c : a.captions) check_utf8(c.text, "caption");
  for (const auto& s : a.authors) check_utf8(s, "author");
  for (const auto& s : a.tags) check_utf8(s, "tag");
  for (const auto& r : a.related) {
    check_utf8(r.title, "related title");
    check(is_http_url(r.url), "related link is not http(s): " + r.url);
  }
  // dump() throws on invalid UTF-8: what `khobao extract --json` prints must be JSON.
  std::string json = khobao::to_json(a).dump();
  check(khobao::article_from_json(nlohmann::json::parse(json)) == a, "the article does not survive JSON");
}

void check_links(const html::PageLinks& links) {
  check_http_urls(links.anchors, "anchors");
  check_http_urls(links.next, "next");
  check_http_urls(links.feeds, "feeds");
  check(links.anchors.size() <= html::kMaxAnchors, "too many anchors");
  check(links.next.size() <= html::kMaxSmallLinks && links.feeds.size() <= html::kMaxSmallLinks,
        "too many small links");
}

}  // namespace

void fuzz_extract(std::string_view bytes) {
  html::PageLinks links;
  try {
    check_article(extract::extract_article({bytes, "", "", ""}, site_rules(), &links));
  } catch (const extract::ExtractError&) {
    // A page without an article: the expected answer for most mutations.
  }
  check_links(links);
}

}  // namespace khobao::fuzz
