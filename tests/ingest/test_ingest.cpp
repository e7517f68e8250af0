// Pages into the archive through the extraction core, and reextract.
#include "ingest/ingest.hpp"
#include "store/testing.hpp"

#include "crawl/scope.hpp"
#include "site/site.hpp"
#include "support.hpp"

#include <catch2/catch.hpp>
#include <fmt/format.h>

using namespace khobao;
using khobao::test::TempDir;

namespace {

khobao::FetchRecord saved(std::string url, std::string time, std::string body) {
  khobao::FetchRecord f;
  f.url = std::move(url);
  f.fetched_at = std::move(time);
  f.status = 200;
  f.headers = "Content-Type: text/html; charset=utf-8\r\n";
  f.body = std::move(body);
  return f;
}

std::int64_t count(store::Archive& archive, const char* sql) {
  store::Statement s = store::testing::connection(archive).prepare(sql);
  s.step();
  return s.int64(0);
}

// A selector file for example.vn in its own folder; `extra` goes into [extract].
site::SiteSet rules_for_example(const TempDir& dir, const std::string& name, const std::string& extra) {
  std::filesystem::create_directories(dir / name);
  khobao::test::write_file(dir / name / "example.vn.toml",
                           "[site]\nhost = \"example.vn\"\n[extract]\ntitle = \"h1\"\nbody = \"div.content\"\n" + extra);
  return site::SiteSet::load_dir(dir / name);
}

std::string example_page(const std::string& views) {
  return "<html><body><h1>Tin Thạch Hà</h1><div class=\"content\"><p>Đoạn một của bài viết về huyện Thạch Hà, "
         "đủ dài để là thân bài của một bài báo thật sự.</p><p>Đoạn hai kể tiếp câu chuyện.</p>"
         "<div class=\"views\">" + views + " lượt xem</div></div></body></html>";
}

}  // namespace

TEST_CASE("an ingested page is stored with the record extraction gives", "[ingest]") {
  TempDir dir;
  store::Archive archive((dir / "a.sqlite").string(), store::Access::kWrite);
  auto sites = site::SiteSet::load_dir(khobao::test::source_dir() / "selectors");
  std::string html = khobao::test::read_file(khobao::test::fixtures() / "sites/baohatinh.vn/new-cms-article.html");
  std::string url = "https://www.baohatinh.vn/buoi-phuc-trach-vao-vu-post281406.html#comments";
  auto result = ingest::ingest(archive, sites, saved(url, "2024-09-12T02:00:00Z", html));
  CHECK(result.stored.outcome == store::FetchOutcome::kNewVersion);
  auto page = store::page_info(archive, result.stored.page_id);
  REQUIRE(page);
  // The page's canonical link, of its own site, names it, as a crawl of it would file it.
  CHECK(page->url ==
        "https://baohatinh.vn/buoi-phuc-trach-vao-vu-nha-vuon-huong-khe-tat-bat-don-thuong-lai-post281406.html");
  CHECK(page->site == "baohatinh.vn");
  CHECK(page->kind == "article");
  auto version = store::load_version(archive, result.stored.page_id, std::nullopt);
  REQUIRE(version);
  khobao::Article expected = extract::extract_article({html, page->url, "text/html; charset=utf-8", ""}, sites);
  CHECK(version->article == expected);
  CHECK(archive.blobs().read(1) == html);
}

TEST_CASE("a page that is not HTML is kept as a fetch without an article", "[ingest]") {
  TempDir dir;
  store::Archive archive((dir / "a.sqlite").string(), store::Access::kWrite);
  site::SiteSet none;
  auto f = saved("https://example.vn/logo.png", "2024-01-01T00:00:00Z", std::string("\x89PNG\r\n\x1a\n\0\0", 10));
  f.headers = "Content-Type: image/png\r\n";
  auto result = ingest::ingest(archive, none, f);
  CHECK(result.stored.outcome == store::FetchOutcome::kNoArticle);
  CHECK(count(archive, "SELECT count(*) FROM blob") == 1);
  CHECK(count(archive, "SELECT count(*) FROM version") == 0);
}

TEST_CASE("reextract rebuilds versions after a selector file changed", "[ingest][reextract]") {
  TempDir dir;
  store::Archive archive((dir / "a.sqlite").string(), store::Access::kWrite);
  auto before = rules_for_example(dir, "before", "");
  // A view counter inside the body: each fetch looks like a new version.
  for (int day = 1; day <= 3; ++day)
    ingest::ingest(archive, before, saved("https://example.vn/tin-1.html", fmt::format("2024-01-0{}T00:00:00Z", day),
                                          example_page(std::to_string(day * 100))));
  ingest::ingest(archive, before, saved("https://example.vn/tin-2.html", "2024-01-01T00:00:00Z", example_page("5")));
  REQUIRE(count(archive, "SELECT count(*) FROM version") == 4);
  std::int64_t first_id = store::versions_of(archive, 1).front().id;

  // The selector file learns to drop the counter: tin-1 has one version again.
  auto after = rules_for_example(dir, "after", "remove = [\"div.views\"]\n");
  ingest::ReextractSummary s = ingest::reextract(archive, after, std::nullopt);
  CHECK(s.pages == 2);
  CHECK(s.pages_changed == 2);
  CHECK(s.versions_removed == 2);
  CHECK(s.errors == 0);
  auto versions = store::versions_of(archive, 1);
  REQUIRE(versions.size() == 1);
  CHECK(versions[0].id == first_id);
  auto v = store::load_version(archive, 1, std::nullopt);
  CHECK(v->article.body.find("lượt xem") == std::string::npos);
  store::SearchRequest counter;  // the text index follows the rewritten versions
  counter.query = "luot xem";
  counter.all_versions = true;
  CHECK(store::search(archive, counter).empty());
  CHECK(count(archive, "SELECT count(*) FROM fetch WHERE outcome = 'unchanged'") == 2);
  CHECK(count(archive, "PRAGMA integrity_check") == 0);  // "ok" reads as 0

  // Nothing changed since: a second run writes nothing.
  ingest::ReextractSummary again = ingest::reextract(archive, after, std::nullopt);
  CHECK(again.pages_changed == 0);

  // --site limits the run.
  CHECK(ingest::reextract(archive, after, std::string("other.vn")).pages == 0);
}

TEST_CASE("an article page whose body the extractor misses is kept, flagged, and reextract mends it",
          "[ingest][reextract][failures]") {
  TempDir dir;
  store::Archive archive((dir / "a.sqlite").string(), store::Access::kWrite);
  // A stale rule removes the new body container before anything reads it: no
  // selector and no generic guess can find a body; the title is still there.
  auto stale = rules_for_example(dir, "stale", "remove = [\"div.content\"]\n");
  auto page = saved("https://example.vn/tin-1.html", "2024-01-01T00:00:00Z", example_page("5"));
  page.page_kind = "article";  // what the site's URL patterns say
  ingest::IngestResult kept = ingest::ingest(archive, stale, page);
  CHECK(kept.stored.outcome == store::FetchOutcome::kNewVersion);
  CHECK(kept.failure == "no body");
  CHECK_FALSE(kept.extract_error);
  auto v = store::load_version(archive, kept.stored.page_id, std::nullopt);
  REQUIRE(v);
  CHECK(v->article.title == "Tin Thạch Hà");
  CHECK(v->article.body.empty());
  CHECK(v->article.failure == "no body");
  CHECK(count(archive, "SELECT count(*) FROM fetch WHERE extraction_failure = 'no body'") == 1);
  std::int64_t version_id = *kept.stored.version_id;

  // A page nobody called an article stays "no article", as before.
  auto unknown = saved("https://example.vn/trang.html", "2024-01-01T00:00:00Z", example_page("5"));
  ingest::IngestResult none = ingest::ingest(archive, stale, unknown);
  CHECK(none.stored.outcome == store::FetchOutcome::kNoArticle);
  CHECK(none.extract_error == "no article text");
  // Nor does an article page with no title, no lead and no body.
  auto blank = saved("https://example.vn/tin-2.html", "2024-01-01T00:00:00Z", "<html><body><div><img src=\"a.png\"></div></body></html>");
  blank.page_kind = "article";
  CHECK(ingest::ingest(archive, stale, blank).stored.outcome == store::FetchOutcome::kNoArticle);
  CHECK(count(archive, "SELECT count(*) FROM version") == 1);

  // The selector file is mended: the flagged version is replaced in place, whole.
  auto mended = rules_for_example(dir, "mended", "");
  ingest::ReextractSummary s = ingest::reextract(archive, mended, std::nullopt);
  CHECK(s.failures_fixed == 1);
  CHECK(s.failures_new == 0);
  CHECK(s.failures_left == 0);
  auto whole = store::load_version(archive, kept.stored.page_id, std::nullopt);
  REQUIRE(whole);
  CHECK(whole->info.id == version_id);
  CHECK_FALSE(whole->article.failure);
  CHECK(whole->article.body.find("huyện Thạch Hà") != std::string::npos);
  CHECK(count(archive, "SELECT count(*) FROM fetch WHERE extraction_failure IS NOT NULL") == 0);
  CHECK(store::failed_pages(archive, std::nullopt).empty());

  // The stale file again: the failure comes back, counted as new.
  ingest::ReextractSummary back = ingest::reextract(archive, stale, std::nullopt);
  CHECK(back.failures_new == 1);
  CHECK(back.failures_left == 1);
}

TEST_CASE("headers are read case-insensitively from stored header lines", "[ingest]") {
  CHECK(ingest::header_value("Date: x\r\ncontent-type: text/html\r\n", "Content-Type") == "text/html");
  CHECK(ingest::header_value("Date: x\r\n", "Content-Type").empty());
  CHECK(ingest::is_html("", "<!DOCTYPE html><html>"));
  CHECK_FALSE(ingest::is_html("image/png", "<html>"));
}

TEST_CASE("an imported URL is filed as a crawl of the same URL would file it", "[ingest][door]") {
  TempDir dir;
  store::Archive archive((dir / "a.sqlite").string(), store::Access::kWrite);
  auto sites = rules_for_example(dir, "rules", "");
  std::string given = "http://www.example.vn/tin-1.html?utm_source=zalo&id=7#top";
  auto result = ingest::ingest(archive, sites, saved(given, "2024-01-01T00:00:00Z", example_page("1")));
  auto page = store::page_info(archive, result.stored.page_id);
  REQUIRE(page);
  CHECK(page->url == "http://example.vn/tin-1.html?id=7");
  CHECK(page->site == "example.vn");

  // A crawl of example.vn names the same URL so: its scope's folding, its door.
  crawl::Scope scope(sites, {"example.vn"}, {});
  CHECK(url::normalize(given, scope.folding()) == page->url);
  ingest::Door crawl_door(sites, scope.folding(), [&](std::string_view u) { return scope.site_of(u) != nullptr; });
  ingest::Prepared crawled = ingest::prepare(crawl_door, saved(given, "2024-01-02T00:00:00Z", example_page("1")));
  CHECK(crawled.fetch.url == page->url);
  CHECK(crawled.article->url == page->url);
  // The second fetch of the same page: no second page.
  ingest::commit(archive, crawled);
  CHECK(count(archive, "SELECT count(*) FROM page") == 1);
}

TEST_CASE("the door honours a canonical link of the page's site on an article only", "[ingest][door]") {
  TempDir dir;
  auto sites = rules_for_example(dir, "rules", "");
  ingest::Door door(sites);
  auto with_canonical = [](const std::string& canonical, const std::string& page) {
    std::string html = page;
    return html.replace(html.find("<body>"), 6, "<head><link rel=canonical href=\"" + canonical + "\"></head><body>");
  };
  std::string article = example_page("1");
  ingest::Prepared own =
      ingest::prepare(door, saved("https://example.vn/tin-1.html?ref=home", "2024-01-01T00:00:00Z",
                                  with_canonical("https://www.example.vn/tin-1.html", article)));
  CHECK(own.fetch.url == "https://example.vn/tin-1.html");
  CHECK(own.article->url == own.fetch.url);
  CHECK(own.identity.also == std::vector<std::string>{"https://example.vn/tin-1.html?ref=home"});

  ingest::Prepared other = ingest::prepare(
      door, saved("https://example.vn/tin-2.html", "2024-01-01T00:00:00Z", with_canonical("https://other.vn/x", article)));
  CHECK(other.fetch.url == "https://example.vn/tin-2.html");
  CHECK(other.article->url == other.fetch.url);

  FetchRecord listing = saved("https://example.vn/thoi-su", "2024-01-01T00:00:00Z",
                                     with_canonical("https://example.vn/thoi-su/trang-2", article));
  listing.page_kind = "listing";
  CHECK(ingest::prepare(door, listing).fetch.url == "https://example.vn/thoi-su");
}

TEST_CASE("one rule says what kind of document a body is", "[ingest][door]") {
  using ingest::BodyKind;
  CHECK(ingest::body_kind("text/html", "<?xml version='1.0'?><rss version='2.0'>") == BodyKind::kFeed);
  CHECK(ingest::body_kind("", "<!-- x --><urlset xmlns='x'>") == BodyKind::kSitemap);
  CHECK(ingest::body_kind("text/plain", "<html><body>x") == BodyKind::kHtml);
  CHECK(ingest::body_kind("image/png", "<html>") == BodyKind::kOther);
  CHECK(ingest::body_kind("", "<div><p>saved fragment</p></div>") == BodyKind::kHtml);
  CHECK(ingest::body_kind("text/plain", "<div><p>fragment</p></div>") == BodyKind::kOther);
  CHECK(ingest::body_kind("application/atom+xml", "") == BodyKind::kFeed);
  CHECK(ingest::body_kind("", "") == BodyKind::kOther);
  // A 404 page is no document to read, whatever its type.
  FetchRecord missing = saved("https://example.vn/x", "2024-01-01T00:00:00Z", "<html><body>gone");
  missing.status = 404;
  site::SiteSet none;
  CHECK(ingest::prepare(ingest::Door(none), missing).identity.kind == BodyKind::kOther);
}
