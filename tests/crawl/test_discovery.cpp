// Discovery: feeds (RSS 2.0, RSS 1.0, Atom), sitemaps (plain, index, gzip'd,
// a gzip bomb), sniffing bodies and classifying URLs with a site's rules.
#include "crawl/discovery.hpp"
#include "site/site.hpp"
#include "support.hpp"

#include <catch2/catch.hpp>

#include <zlib.h>

#include <sys/resource.h>

using namespace khobao::crawl;

namespace {

using Urls = std::vector<std::string>;

Urls urls(const std::vector<FoundLink>& links) {
  Urls out;
  for (const auto& l : links) out.push_back(l.url);
  return out;
}

// Gzip-compresses what `chunk(i)` yields for i = 0.. until it returns
// false, streaming: the uncompressed whole is never held. Z_RLE compresses
// runs of zeros as well as the default and many times faster.
template <class Chunk>
std::string gzip_stream(Chunk&& chunk, int strategy = Z_DEFAULT_STRATEGY) {
  z_stream zs{};
  REQUIRE(deflateInit2(&zs, Z_BEST_COMPRESSION, Z_DEFLATED, 16 + MAX_WBITS, 9, strategy) == Z_OK);
  std::string out;
  std::string in;
  char buf[1 << 16];
  for (size_t i = 0;; ++i) {
    bool more = chunk(i, in);
    zs.next_in = reinterpret_cast<Bytef*>(in.data());
    zs.avail_in = static_cast<uInt>(in.size());
    do {
      zs.next_out = reinterpret_cast<Bytef*>(buf);
      zs.avail_out = sizeof buf;
      deflate(&zs, more ? Z_NO_FLUSH : Z_FINISH);
      out.append(buf, sizeof buf - zs.avail_out);
    } while (zs.avail_out == 0 || (!more && zs.avail_in > 0));
    if (!more) break;
  }
  deflateEnd(&zs);
  return out;
}

std::string gzip(std::string_view data) {
  return gzip_stream([&](size_t i, std::string& in) {
    in = i == 0 ? std::string(data) : "";
    return i == 0;
  });
}

long peak_rss_kib() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss;
}

// An old-CMS baohatinh.vn category feed: the description is CDATA holding
// an <img>, a <br /> and the lead.
const char* kRss2 = R"(<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">
<channel>
  <title>Báo Hà Tĩnh - Xã hội</title>
  <link>https://baohatinh.vn/xa-hoi/</link>
  <atom:link href="https://baohatinh.vn/rss/xa-hoi.xml" rel="self" type="application/rss+xml"/>
  <image><url>https://baohatinh.vn/logo.png</url><link>https://baohatinh.vn/</link></image>
  <item>
    <title><![CDATA[Thạch Hà: Nông dân ra quân sản xuất vụ Xuân]]></title>
    <link>https://baohatinh.vn/xa-hoi/thach-ha-nong-dan-ra-quan/152001.htm</link>
    <description><![CDATA[<a href="https://baohatinh.vn/xa-hoi/thach-ha-nong-dan-ra-quan/152001.htm"><img src="https://i.baohatinh.vn/news/1/a.jpg" width="120" /></a><br />(Baohatinh.vn) - Sáng nay, nông dân...]]></description>
    <pubDate>Tue, 13 Feb 2018 08:15:00 +0700</pubDate>
    <guid>https://baohatinh.vn/xa-hoi/thach-ha-nong-dan-ra-quan/152001.htm</guid>
  </item>
  <item>
    <title>Tin &amp; ảnh</title>
    <link><![CDATA[/xa-hoi/hoi-cho-xuan/152002.htm]]></link>
    <description>&lt;img src="x.jpg"&gt;&lt;br /&gt;Hội chợ</description>
    <pubDate>Wed, 14 Feb 2018 09:00:00 +0700</pubDate>
  </item>
  <item>
    <title>Raw HTML in the description, as some old feeds have it</title>
    <description><img src="y.jpg"><br>lead <b>bold</description>
    <link>https://baohatinh.vn/tim-kiem?q=ha+tinh&amp;page=1</link>
  </item>
  <item>
    <title>guid only</title>
    <guid isPermaLink="true">https://baohatinh.vn/guid-only-post3.html</guid>
  </item>
  <item><title>guid not a permalink</title><guid isPermaLink="false">https://baohatinh.vn/x-post4.html</guid></item>
  <item><title>a bare id</title><guid>152005</guid></item>
  <item>
    <link>https://baohatinh.vn/xa-hoi/thach-ha-nong-dan-ra-quan/152001.htm</link>
  </item>
</channel>
</rss>
)";

}  // namespace

TEST_CASE("RSS 2.0: item links in order, relative resolved, guid fallback", "[discovery]") {
  auto items = parse_feed(kRss2, "https://baohatinh.vn/rss/xa-hoi.xml");
  Urls want = {"https://baohatinh.vn/xa-hoi/thach-ha-nong-dan-ra-quan/152001.htm",
               "https://baohatinh.vn/xa-hoi/hoi-cho-xuan/152002.htm",
               "https://baohatinh.vn/tim-kiem?q=ha+tinh&page=1",
               "https://baohatinh.vn/guid-only-post3.html"};
  REQUIRE(urls(items) == want);
  CHECK(items[0].modified == "Tue, 13 Feb 2018 08:15:00 +0700");
  CHECK(items[1].modified == "Wed, 14 Feb 2018 09:00:00 +0700");
  CHECK_FALSE(items[2].modified);
}

TEST_CASE("RSS 1.0 (RDF): link, else rdf:about, dc:date", "[discovery]") {
  const char* rdf = R"(<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
         xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel rdf:about="https://baonghean.vn/rss">
    <link>https://baonghean.vn/</link>
    <items><rdf:Seq><rdf:li rdf:resource="https://baonghean.vn/a-1.html"/></rdf:Seq></items>
  </channel>
  <item rdf:about="https://baonghean.vn/about-only-10.html">
    <title>A</title><dc:date>2024-03-01T08:00:00+07:00</dc:date>
  </item>
  <item rdf:about="https://baonghean.vn/about-11.html">
    <title>B</title><link>https://baonghean.vn/link-11.html</link>
  </item>
</rdf:RDF>)";
  auto items = parse_feed(rdf, "https://baonghean.vn/rss");
  REQUIRE(urls(items) == Urls{"https://baonghean.vn/about-only-10.html", "https://baonghean.vn/link-11.html"});
  CHECK(items[0].modified == "2024-03-01T08:00:00+07:00");
}

TEST_CASE("Atom: the alternate link, never self, edit or a <source>'s", "[discovery]") {
  const char* atom = R"(<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Báo Thanh Hóa</title>
  <link href="https://baothanhhoa.vn/" rel="alternate"/>
  <link href="https://baothanhhoa.vn/atom.xml" rel="self"/>
  <updated>2024-05-02T10:00:00Z</updated>
  <entry>
    <title>One</title>
    <link rel="edit" href="/edit/1"/>
    <link rel="alternate" type="text/html" href="/thoi-su/mot-hai-ba-bon-245001.htm"/>
    <id>tag:baothanhhoa.vn,2024:245001</id>
    <published>2024-05-01T07:00:00+07:00</published>
    <updated>2024-05-02T09:30:00+07:00</updated>
  </entry>
  <entry>
    <source><link href="https://other.example/"/><updated>1999-01-01T00:00:00Z</updated></source>
    <link href="https://baothanhhoa.vn/no-rel-245002.htm"></link>
    <published>2024-05-01T08:00:00+07:00</published>
  </entry>
  <entry><title>no link</title></entry>
</feed>)";
  auto items = parse_feed(atom, "https://baothanhhoa.vn/atom.xml");
  REQUIRE(urls(items) == Urls{"https://baothanhhoa.vn/thoi-su/mot-hai-ba-bon-245001.htm",
                              "https://baothanhhoa.vn/no-rel-245002.htm"});
  CHECK(items[0].modified == "2024-05-02T09:30:00+07:00");  // updated, not published
  CHECK(items[1].modified == "2024-05-01T08:00:00+07:00");  // not the source's updated
}

TEST_CASE("a truncated feed gives the items that were complete", "[discovery]") {
  const std::string xml = kRss2;
  const Urls full = urls(parse_feed(xml, "https://baohatinh.vn/"));
  size_t seen_partial = 0;
  for (size_t n = 0; n <= xml.size(); ++n) {
    Urls part = urls(parse_feed(std::string_view(xml).substr(0, n), "https://baohatinh.vn/"));
    REQUIRE(part.size() <= full.size());
    for (size_t i = 0; i < part.size(); ++i) REQUIRE(part[i] == full[i]);
    if (!part.empty() && part.size() < full.size()) ++seen_partial;
  }
  CHECK(seen_partial > 0);
  // Cut inside the second item's link: only the first item.
  size_t cut = xml.find("hoi-cho-xuan");
  CHECK(urls(parse_feed(xml.substr(0, cut), "https://baohatinh.vn/")) == Urls{full[0]});
}

TEST_CASE("feeds: garbage and a DOCTYPE entity give no invented links", "[discovery]") {
  CHECK(parse_feed("", "https://a.vn/").empty());
  CHECK(parse_feed("not xml at all <<<>>> &&& ]]>", "https://a.vn/").empty());
  CHECK(parse_feed(std::string("\x1f\x8b\0\xff<item><link>", 16), "https://a.vn/").empty());
  const char* evil = R"(<?xml version="1.0"?>
<!DOCTYPE rss [ <!ENTITY host "evil.example"> <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>
<rss><channel><item><link>https://&host;/&xxe;</link></item>
<item><link>https://baohatinh.vn/ok-post1.html</link></item></channel></rss>)";
  auto items = parse_feed(evil, "https://baohatinh.vn/");
  for (const auto& i : items) {
    CHECK(i.url.find("evil.example") == std::string::npos);
    CHECK(i.url.find("root:") == std::string::npos);
  }
  CHECK(urls(items).back() == "https://baohatinh.vn/ok-post1.html");
}

TEST_CASE("feeds: 60,000 items are capped at 50,000", "[discovery]") {
  std::string xml = "<rss><channel>";
  for (int i = 0; i < 60000; ++i)
    xml += "<item><link>https://baohatinh.vn/a-post" + std::to_string(i) + ".html</link></item>";
  xml += "</channel></rss>";
  auto items = parse_feed(xml, "https://baohatinh.vn/");
  REQUIRE(items.size() == kMaxFeedItems);
  CHECK(items.back().url == "https://baohatinh.vn/a-post" + std::to_string(kMaxFeedItems - 1) + ".html");
}

TEST_CASE("sitemap index pointing to monthly sitemaps", "[discovery]") {
  const char* index = R"(<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <sitemap><loc>https://baohatinh.vn/sitemaps/2024-04.xml</loc><lastmod>2024-04-30T23:59:00+07:00</lastmod></sitemap>
  <sitemap><loc>https://baohatinh.vn/sitemaps/2024-05.xml</loc><lastmod>2024-05-31</lastmod></sitemap>
  <sitemap><loc>/sitemaps/2024-06.xml</loc></sitemap>
  <sitemap><loc>https://baohatinh.vn/sitemaps/2024-05.xml</loc></sitemap>
</sitemapindex>)";
  Sitemap s = parse_sitemap(index, "https://baohatinh.vn/sitemap.xml");
  CHECK(s.pages.empty());
  CHECK_FALSE(s.truncated);
  REQUIRE(urls(s.sitemaps) == Urls{"https://baohatinh.vn/sitemaps/2024-04.xml",
                                   "https://baohatinh.vn/sitemaps/2024-05.xml",
                                   "https://baohatinh.vn/sitemaps/2024-06.xml"});
  CHECK(s.sitemaps[0].modified == "2024-04-30T23:59:00+07:00");
  CHECK(s.sitemaps[1].modified == "2024-05-31");
  CHECK_FALSE(s.sitemaps[2].modified);
}

TEST_CASE("urlset: page loc and lastmod, not image or alternate URLs", "[discovery]") {
  const char* urlset = R"(<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:image="http://www.google.com/schemas/sitemap-image/1.1"
        xmlns:xhtml="http://www.w3.org/1999/xhtml">
  <url>
    <image:image><image:loc>https://i.baohatinh.vn/a.jpg</image:loc></image:image>
    <loc>https://baohatinh.vn/a-post1.html?x=1&amp;y=2</loc>
    <xhtml:link rel="alternate" hreflang="en" href="https://baohatinh.vn/en/a"/>
    <lastmod>2024-05-01T08:00:00+07:00</lastmod>
    <changefreq>daily</changefreq>
  </url>
  <url><loc> <![CDATA[/b-post2.html]]> </loc></url>
</urlset>)";
  Sitemap s = parse_sitemap(urlset, "https://baohatinh.vn/sitemaps/2024-05.xml");
  CHECK(s.sitemaps.empty());
  REQUIRE(urls(s.pages) == Urls{"https://baohatinh.vn/a-post1.html?x=1&y=2", "https://baohatinh.vn/b-post2.html"});
  CHECK(s.pages[0].modified == "2024-05-01T08:00:00+07:00");
  // Truncated after the first entry's loc: that entry still counts.
  std::string cut(urlset, std::string_view(urlset).find("<changefreq>"));
  CHECK(urls(parse_sitemap(cut, "https://baohatinh.vn/").pages) == Urls{"https://baohatinh.vn/a-post1.html?x=1&y=2"});
}

TEST_CASE("plain-text sitemaps: one URL a line", "[discovery]") {
  Sitemap s = parse_sitemap("\xEF\xBB\xBFhttps://baohatinh.vn/a-post1.html\r\n\n  https://baohatinh.vn/b-post2.html  \n"
                            "# comment\nftp://x/\nhttps://baohatinh.vn/a-post1.html",
                            "https://baohatinh.vn/sitemap.txt");
  CHECK(urls(s.pages) == Urls{"https://baohatinh.vn/a-post1.html", "https://baohatinh.vn/b-post2.html"});
}

TEST_CASE("a gzip'd sitemap is inflated", "[discovery]") {
  std::string xml = "<urlset>";
  for (int i = 0; i < 1000; ++i) xml += "<url><loc>https://baohatinh.vn/a-post" + std::to_string(i) + ".html</loc></url>";
  xml += "</urlset>";
  std::string gz = gzip(xml);
  REQUIRE(gz.size() < xml.size() / 5);
  Sitemap s = parse_sitemap(gz, "https://baohatinh.vn/sitemap.xml.gz");
  CHECK(s.pages.size() == 1000);
  CHECK_FALSE(s.truncated);
  // Cut in transfer or corrupted: what came before, and truncated.
  Sitemap cut = parse_sitemap(std::string_view(gz).substr(0, gz.size() / 2), "https://baohatinh.vn/");
  CHECK(cut.truncated);
  CHECK(cut.pages.size() < 1000);
  std::string bad = gz;
  bad[bad.size() / 2] ^= 0x55;
  bad[bad.size() / 2 + 1] ^= 0x55;
  CHECK(parse_sitemap(bad, "https://baohatinh.vn/").truncated);
  // Two gzip members, as `cat a.gz b.gz` makes.
  Sitemap two = parse_sitemap(gzip("https://baohatinh.vn/a\n") + gzip("https://baohatinh.vn/b\n"), "https://baohatinh.vn/");
  CHECK(urls(two.pages) == Urls{"https://baohatinh.vn/a", "https://baohatinh.vn/b"});
}

TEST_CASE("a gzip bomb stops at the cap", "[discovery]") {
  // A real first entry, then 1 GiB of zero bytes, compressed in 1 MiB steps.
  const std::string head = "<urlset><url><loc>https://baohatinh.vn/a-post1.html</loc></url><url><loc>";
  const size_t mib = 1 << 20;
  std::string bomb = gzip_stream([&](size_t i, std::string& in) {
    if (i == 0) in = head;
    else in.assign(mib, '\0');
    return i < 1024;
  }, Z_RLE);
  REQUIRE(bomb.size() < 4 * mib);

  bool truncated = false;
  std::string small = gunzip_capped(bomb, 1'000'000, &truncated);
  CHECK(truncated);
  CHECK(small.size() == 1'000'000);
  CHECK(small.capacity() <= 1'000'000);
  CHECK(small.substr(0, head.size()) == head);

  long before = peak_rss_kib();
  Sitemap s = parse_sitemap(bomb, "https://baohatinh.vn/");
  long grew_mib = (peak_rss_kib() - before) / 1024;
  CHECK(s.truncated);
  CHECK(urls(s.pages) == Urls{"https://baohatinh.vn/a-post1.html"});
  INFO("peak RSS grew by " << grew_mib << " MiB");
  CHECK(grew_mib < 256);  // 64 MiB inflated (plus sanitizer shadow), never 1 GiB
}

TEST_CASE("sitemaps: 60,000 URLs are capped at 50,000, garbage gives none", "[discovery]") {
  std::string xml = "<urlset>";
  for (int i = 0; i < 60000; ++i) xml += "<url><loc>/p" + std::to_string(i) + "</loc></url>";
  Sitemap s = parse_sitemap(xml, "https://baohatinh.vn/");  // truncated: no </urlset>
  REQUIRE(s.pages.size() == kMaxSitemapUrls);
  CHECK(s.pages.back().url == "https://baohatinh.vn/p" + std::to_string(kMaxSitemapUrls - 1));
  CHECK(parse_sitemap("<html><body><a href='/x'>x</a></body></html>", "https://a.vn/").pages.empty());
  CHECK(parse_sitemap(std::string("\0\1\2<url><loc>", 13), "https://a.vn/").pages.empty());
  CHECK(parse_sitemap("<url><loc>javascript:alert(1)</loc></url>", "https://a.vn/").pages.empty());
}

TEST_CASE("sniffing a body's kind", "[discovery]") {
  CHECK(sniff_body("application/rss+xml", kRss2) == BodyKind::kFeed);
  CHECK(sniff_body("text/html", kRss2) == BodyKind::kFeed);  // the body wins over a wrong type
  CHECK(sniff_body("", "\xEF\xBB\xBF<?xml version='1.0'?><!-- c --><feed xmlns='http://www.w3.org/2005/Atom'>") ==
        BodyKind::kFeed);
  CHECK(sniff_body("application/xml", "<rdf:RDF xmlns:rdf='x'>") == BodyKind::kFeed);
  CHECK(sniff_body("text/xml", "<?xml version='1.0'?>\n<urlset xmlns='x'>") == BodyKind::kSitemap);
  CHECK(sniff_body("application/xml", "<sitemapindex>") == BodyKind::kSitemap);
  CHECK(sniff_body("application/octet-stream", gzip("<urlset/>")) == BodyKind::kSitemap);
  CHECK(sniff_body("text/html; charset=utf-8", "<!DOCTYPE html><html><head>") == BodyKind::kHtml);
  CHECK(sniff_body("", "  <!doctype HTML>\n<title>x</title>") == BodyKind::kHtml);
  CHECK(sniff_body("", "<html lang=vi>") == BodyKind::kHtml);
  CHECK(sniff_body("text/html", "<div>fragment</div>") == BodyKind::kHtml);
  CHECK(sniff_body("application/atom+xml", "<x/>") == BodyKind::kFeed);
  CHECK(sniff_body("application/json", "{\"a\":1}") == BodyKind::kOther);
  CHECK(sniff_body("image/jpeg", "\xff\xd8\xff\xe0") == BodyKind::kOther);
  CHECK(sniff_body("", "") == BodyKind::kOther);
}

TEST_CASE("page kind names are the archive's", "[discovery]") {
  CHECK(std::string(page_kind_name(PageKind::kArticle)) == "article");
  CHECK(std::string(page_kind_name(PageKind::kListing)) == "listing");
  CHECK(std::string(page_kind_name(PageKind::kFeed)) == "feed");
  CHECK(std::string(page_kind_name(PageKind::kSitemap)) == "sitemap");
  CHECK(std::string(page_kind_name(PageKind::kOther)) == "other");
  CHECK(std::string(page_kind_name(PageKind::kUnknown)) == "unknown");
}

TEST_CASE("classifying URLs with baohatinh.vn's rules", "[discovery]") {
  auto rules = khobao::site::load_site(khobao::test::source_dir() / "selectors" / "baohatinh.vn.toml");
  UrlClassifier c(&rules);
  // Articles: new CMS and old CMS.
  CHECK(c.classify("https://baohatinh.vn/ha-tinh-ra-quan-san-xuat-post281234.html") == PageKind::kArticle);
  CHECK(c.classify("https://baohatinh.vn/xa-hoi/thach-ha-nong-dan-ra-quan/152001.htm") == PageKind::kArticle);
  // Listings: home, a seeded category, a category the regex knows.
  CHECK(c.classify("https://baohatinh.vn/") == PageKind::kListing);
  CHECK(c.classify("https://baohatinh.vn/xa-hoi/giao-duc/") == PageKind::kListing);
  CHECK(c.classify("https://www.baohatinh.vn/kinh-te/nong-nghiep/") == PageKind::kListing);
  // Feeds and sitemaps: seeds, and an unseeded feed by its shape.
  CHECK(c.classify("https://baohatinh.vn/rss/home.rss") == PageKind::kFeed);
  CHECK(c.classify("https://baohatinh.vn/rss/the-thao.xml") == PageKind::kFeed);
  CHECK(c.classify("https://baohatinh.vn/sitemap.xml") == PageKind::kSitemap);
  // Unknown: the rules are trusted over the generic guess.
  CHECK(c.classify("https://baohatinh.vn/tim-kiem?q=ha+tinh") == PageKind::kUnknown);
  CHECK(c.classify("https://baohatinh.vn/a/b/ha-tinh-trien-khai-ke-hoach-moi") == PageKind::kUnknown);
  CHECK(c.classify("https://baohatinh.vn/ha-tinh-post1.html.evil") == PageKind::kUnknown);
  CHECK(c.classify("https://i.baohatinh.vn/news/1/a.jpg") == PageKind::kOther);
  CHECK(c.classify("https://baohatinh.vn/" + std::string(100000, 'a') + "-post1.html") == PageKind::kUnknown);
}

TEST_CASE("a bad regex in a selector file names file and key", "[discovery]") {
  khobao::site::Site rules;
  rules.file = "selectors/example.vn.toml";
  rules.article_patterns = {"^https://example\\.vn/([a-z-]+-post[0-9]+\\.html$"};
  try {
    UrlClassifier c(&rules);
    FAIL("no error");
  } catch (const khobao::site::SiteFileError& e) {
    CHECK(e.key() == "urls.article");
    CHECK(e.file() == "selectors/example.vn.toml");
  }
  // The loader rejects it first, with the line.
  khobao::test::TempDir dir;
  khobao::test::write_file(dir / "example.vn.toml",
                           "[site]\nhost = \"example.vn\"\n[urls]\narticle = ['[a-z+']\n");
  try {
    khobao::site::load_site(dir / "example.vn.toml");
    FAIL("no error");
  } catch (const khobao::site::SiteFileError& e) {
    CHECK(e.key() == "urls.article");
    CHECK(e.line() == 4);
  }
}

TEST_CASE("classifying URLs of a site without rules, by shape", "[discovery]") {
  UrlClassifier c(nullptr);
  auto k = [&](const char* url) { return std::string(page_kind_name(c.classify(url))); };
  CHECK(k("https://baoquangbinh.vn/rss/thoi-su.rss") == "feed");
  CHECK(k("https://baoquangbinh.vn/feed/") == "feed");
  CHECK(k("https://baoquangbinh.vn/rss/thoi-su.xml") == "feed");
  CHECK(k("https://baoquangbinh.vn/sitemap.xml") == "sitemap");
  CHECK(k("https://baoquangbinh.vn/sitemaps/sitemap-2024-05.xml.gz") == "sitemap");
  CHECK(k("https://baoquangbinh.vn/thoi-su/quang-binh-don-nhan-bang-khen-cua-thu-tuong") == "article");
  CHECK(k("https://baoquangbinh.vn/thoi-su/202405/bai-viet-2217386.htm") == "article");
  CHECK(k("https://baoquangbinh.vn/thoi-su/12345.html") == "article");
  CHECK(k("https://baoquangbinh.vn/mot-bai-post12345.html") == "article");
  CHECK(k("https://baoquangbinh.vn/") == "listing");
  CHECK(k("https://baoquangbinh.vn") == "listing");
  CHECK(k("https://baoquangbinh.vn/?utm_source=x") == "listing");
  CHECK(k("https://baoquangbinh.vn/thoi-su/") == "listing");
  CHECK(k("https://baoquangbinh.vn/quoc-phong-an-ninh/") == "listing");  // a category slug of 4 words
  CHECK(k("https://baoquangbinh.vn/nguoi-ha-tinh-muon-phuong/") == "listing");
  CHECK(k("https://baoquangbinh.vn/thoi-su/trong-tinh") == "listing");
  CHECK(k("https://baoquangbinh.vn/thoi-su/trong-tinh/trang-3.html") == "listing");
  CHECK(k("https://baoquangbinh.vn/chuyen-muc/thoi-su/page/2/") == "listing");
  CHECK(k("https://baoquangbinh.vn/chuyen-muc/thoi-su/index.aspx?page=4") == "listing");
  CHECK(k("https://baoquangbinh.vn/uploads/2024/anh-mot-hai-ba-bon.jpg") == "other");
  CHECK(k("https://baoquangbinh.vn/a/b/c") == "unknown");
  CHECK(k("https://baoquangbinh.vn/lien-he.html") == "unknown");
  CHECK(k("not a url") == "unknown");
}
