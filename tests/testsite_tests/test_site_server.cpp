// Tests of the test site itself: the generated pages follow the real markup
// (khobao's extractor gives back their truth records), the server speaks
// HTTP correctly (types, 304, gzip, redirects) and every fault does what it says.
#include "testsite/site_server.hpp"
#include "site/site.hpp"
#include "testsite/text_gen.hpp"

#include "extract/extract.hpp"
#include "support.hpp"

#include <catch2/catch.hpp>
#include <curl/curl.h>
#include <zlib.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fcntl.h>

#include <chrono>
#include <map>
#include <regex>
#include <set>
#include <thread>

extern char** environ;

namespace {

using namespace khobao;
using testsite::ArticleTruth;
using testsite::Fault;
using testsite::FaultKind;
using testsite::SiteServer;
using Clock = std::chrono::steady_clock;

struct Reply {
  CURLcode code = CURLE_OK;
  long status = 0;
  std::string body;
  std::map<std::string, std::string> headers;  // lower-case names, last value
  long redirects = 0;
  double seconds = 0;
  std::string header(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? "" : it->second;
  }
};

struct FetchOptions {
  std::vector<std::string> headers{};
  long timeout_ms = 10000;
  bool decode = false;     // ask for gzip and let curl inflate it
  bool follow = false;     // follow http:// redirects only
  size_t max_bytes = 64u << 20;
  bool head = false;
};

size_t on_body(char* data, size_t, size_t n, void* user) {
  auto* r = static_cast<std::pair<std::string*, size_t>*>(user);
  if (r->first->size() + n > r->second) return 0;  // too big: abort the transfer
  r->first->append(data, n);
  return n;
}

size_t on_header(char* data, size_t, size_t n, void* user) {
  std::string line(data, n);
  size_t colon = line.find(':');
  if (colon != std::string::npos) {
    std::string name = line.substr(0, colon), value = line.substr(colon + 1);
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    while (!value.empty() && (value.front() == ' ')) value.erase(0, 1);
    while (!value.empty() && (value.back() == '\r' || value.back() == '\n')) value.pop_back();
    (*static_cast<std::map<std::string, std::string>*>(user))[name] = value;
  }
  return n;
}

// GETs `url` with every host mapped to 127.0.0.1:port (CURLOPT_CONNECT_TO):
// the tests never reach a non-loopback address.
Reply fetch(int port, const std::string& url, const FetchOptions& o = {}) {
  Reply r;
  CURL* curl = curl_easy_init();
  std::string connect_to = "::127.0.0.1:" + std::to_string(port);
  curl_slist* connect = curl_slist_append(nullptr, connect_to.c_str());
  curl_slist* headers = nullptr;
  for (const auto& h : o.headers) headers = curl_slist_append(headers, h.c_str());
  std::pair<std::string*, size_t> sink{&r.body, o.max_bytes};
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_CONNECT_TO, connect);
  curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http");
  curl_easy_setopt(curl, CURLOPT_REDIR_PROTOCOLS_STR, "http");
  curl_easy_setopt(curl, CURLOPT_NOPROXY, "*");
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, o.timeout_ms);
  curl_easy_setopt(curl, CURLOPT_USERAGENT, "khobao-testsite-tests");
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &sink);
  curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(curl, CURLOPT_HEADERDATA, &r.headers);
  if (o.decode) curl_easy_setopt(curl, CURLOPT_ACCEPT_ENCODING, "gzip");
  if (o.follow) {
    curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 1L);
    curl_easy_setopt(curl, CURLOPT_MAXREDIRS, 10L);
  }
  if (o.head) curl_easy_setopt(curl, CURLOPT_NOBODY, 1L);
  auto t0 = Clock::now();
  r.code = curl_easy_perform(curl);
  r.seconds = std::chrono::duration<double>(Clock::now() - t0).count();
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &r.status);
  curl_easy_getinfo(curl, CURLINFO_REDIRECT_COUNT, &r.redirects);
  curl_slist_free_all(headers);
  curl_slist_free_all(connect);
  curl_easy_cleanup(curl);
  return r;
}

// Sends `request` on a plain socket to 127.0.0.1:port and returns all bytes
// until the server closes: for responses curl would refuse to parse.
std::string raw_exchange(int port, const std::string& request) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  REQUIRE(::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
  REQUIRE(::send(fd, request.data(), request.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(request.size()));
  std::string out;
  char buf[65536];
  for (ssize_t n; (n = ::recv(fd, buf, sizeof buf, 0)) > 0;) out.append(buf, static_cast<size_t>(n));
  ::close(fd);
  return out;
}

const site::SiteSet& rules() {
  static const auto set = site::SiteSet::load_dir(test::source_dir() / "selectors");
  return set;
}

khobao::Article extract_reply(const Reply& r, const std::string& url) {
  return extract::extract_article({r.body, url, r.header("content-type"), ""}, rules());
}

// One server for the tests that only read; tests that change pages or set
// faults start their own.
SiteServer& shared_server() {
  static SiteServer server = [] {
    return SiteServer(testsite::SiteOptions{});
  }();
  static int port = server.start();
  (void)port;
  return server;
}

testsite::SiteOptions small_sites() {
  testsite::SiteOptions o;
  o.articles = 10;
  o.generic_articles = 10;
  return o;
}

std::string first_article_url(const SiteServer& s, const std::string& host) { return s.articles(host).front().url; }

void check_against_truth(const khobao::Article& got, const ArticleTruth& truth) {
  INFO(truth.url);
  CHECK(got.title == truth.title);
  CHECK(got.lead == truth.lead);
  CHECK(got.body == truth.body());
  CHECK(got.authors == truth.authors);
  CHECK(got.source == truth.source);
  CHECK(got.published_at == truth.published_at);
  CHECK(got.updated_at == truth.updated_at);
  CHECK(got.url == truth.url);
  CHECK(got.tags == truth.tags);
  std::vector<std::string> related;
  for (const auto& r : got.related) related.push_back(r.url);
  CHECK(related == truth.related);
}

}  // namespace

TEST_CASE("test site: every page type is served with its content type", "[testsite]") {
  SiteServer& s = shared_server();
  for (const auto& host : s.hosts()) {
    INFO(host);
    std::string base = "http://" + host;
    auto home = fetch(s.port(), base + "/");
    CHECK(home.status == 200);
    CHECK(home.header("content-type") == "text/html; charset=utf-8");
    auto article = fetch(s.port(), first_article_url(s, host));
    CHECK(article.status == 200);
    CHECK(article.header("content-type") == "text/html; charset=utf-8");
    CHECK(!article.header("etag").empty());
    CHECK(!article.header("last-modified").empty());
    auto robots = fetch(s.port(), base + "/robots.txt");
    CHECK(robots.status == 200);
    CHECK(robots.header("content-type").starts_with("text/plain"));
    CHECK(robots.body.find("Disallow: /admin/\n") != std::string::npos);
    CHECK(robots.body.find("Disallow: /tim-kiem\n") != std::string::npos);
    CHECK(robots.body.find("Sitemap: " + base + "/sitemap.xml") != std::string::npos);
    auto sitemap = fetch(s.port(), base + "/sitemap.xml");
    CHECK(sitemap.status == 200);
    CHECK(sitemap.header("content-type") == "application/xml; charset=utf-8");
    for (const auto& listing : s.listings(host)) CHECK(fetch(s.port(), base + listing).status == 200);
    CHECK(fetch(s.port(), base + "/khong-co-trang-nay.html").status == 404);
  }
  // Every feed of the selector files answers, with at most 20 items.
  for (std::string feed : {"http://baohatinh.vn/rss/home.rss", "http://baohatinh.vn/rss/xa-hoi.xml",
                           "http://baohatinh.vn/rss/quoc-te.xml", "http://baothanhhoa.vn/rss/home.rss",
                           "http://baohonglinh.vn/feed.xml"}) {
    INFO(feed);
    auto r = fetch(s.port(), feed);
    CHECK(r.status == 200);
    CHECK(r.header("content-type") == "application/rss+xml; charset=utf-8");
    CHECK(r.body.find("<rss version=\"2.0\">") != std::string::npos);
    size_t items = 0;
    for (size_t at = 0; (at = r.body.find("<item>", at)) != std::string::npos; ++at) ++items;
    CHECK(items >= 1);
    CHECK(items <= 20);
  }
  auto home_rss = fetch(s.port(), "http://baohatinh.vn/rss/home.rss");
  CHECK(home_rss.body.find("<link>" + s.articles("baohatinh.vn").front().url + "</link>") != std::string::npos);
}

TEST_CASE("test site: generated articles extract to their truth records", "[testsite]") {
  SiteServer& s = shared_server();
  for (std::string host : {"baohatinh.vn", "baonghean.vn", "baothanhhoa.vn"}) {
    const auto& articles = s.articles(host);
    CHECK(articles.size() == (host == "baohatinh.vn" ? 120u : 60u));
    for (const auto& truth : articles) {
      auto r = fetch(s.port(), truth.url);
      REQUIRE(r.status == 200);
      auto got = extract_reply(r, truth.url);
      CHECK(got.extractor == "site:" + host);
      check_against_truth(got, truth);
    }
  }
  // Both baohatinh.vn generations are there, with their URL shapes.
  size_t old_cms = 0;
  for (const auto& a : s.articles("baohatinh.vn")) old_cms += a.path.ends_with(".htm");
  CHECK(old_cms == 60);
  // The generic site has no selector file: the generic extractor finds title and text.
  for (const auto& truth : s.articles("baohonglinh.vn")) {
    auto got = extract_reply(fetch(s.port(), truth.url), truth.url);
    INFO(truth.url);
    CHECK(got.extractor == "generic");
    CHECK(got.title == truth.title);
    for (const auto& p : truth.paragraphs) CHECK(got.body.find(p) != std::string::npos);
  }
}

TEST_CASE("test site: texts are unique and generation is deterministic", "[testsite]") {
  auto a = testsite::generate_sites(small_sites());
  auto b = testsite::generate_sites(small_sites());
  auto other_seed = small_sites();
  other_seed.seed = 7;
  auto c = testsite::generate_sites(other_seed);
  REQUIRE(a.size() == 4);
  std::set<std::string> titles, paragraphs;
  for (size_t i = 0; i < a.size(); ++i) {
    REQUIRE(a[i].articles.size() == b[i].articles.size());
    for (size_t k = 0; k < a[i].articles.size(); ++k) {
      const auto& x = a[i].articles[k];
      CHECK(x.title == b[i].articles[k].title);
      CHECK(x.body() == b[i].articles[k].body());
      CHECK(x.title != c[i].articles[k].title);
      CHECK(titles.insert(x.title).second);
      CHECK(x.related.size() >= 2);
      CHECK(x.related.size() <= 4);
      for (const auto& p : x.paragraphs)
        if (p.size() > 80) CHECK(paragraphs.insert(p).second);
    }
  }
  CHECK(testsite::slugify("Bưởi Phúc Trạch vào vụ, nhà vườn Hương Khê") == "buoi-phuc-trach-vao-vu-nha-vuon-huong-khe");
}

TEST_CASE("test site: every listing paginates to all of its articles", "[testsite]") {
  SiteServer& s = shared_server();
  std::regex next_link(R"re(<a class="next" rel="next" href="([^"]+)">Trang sau</a>)re");
  for (const auto& host : s.hosts()) {
    for (const auto& listing : s.listings(host)) {
      INFO(host << listing);
      std::string all, url = "http://" + host + listing;
      int pages = 0;
      while (!url.empty() && pages < 50) {
        auto r = fetch(s.port(), url);
        REQUIRE(r.status == 200);
        ++pages;
        all += r.body;
        std::smatch m;
        bool has_next = std::regex_search(r.body, m, next_link);
        CHECK(has_next == (r.body.find("<link rel=\"next\"") != std::string::npos));
        url = has_next ? m[1].str() : "";
      }
      size_t expected = 0;
      for (const auto& a : s.articles(host)) {
        if (listing != "/" && !a.category.starts_with(listing)) continue;
        ++expected;
        CHECK(all.find("href=\"" + (host == "baonghean.vn" || host == "baohonglinh.vn" ? a.path : a.url) + "\"") != std::string::npos);
      }
      CHECK(pages == static_cast<int>(std::max<size_t>(1, (expected + 9) / 10)));
    }
  }
  // The two pagination forms.
  CHECK(fetch(s.port(), "http://baohatinh.vn/xa-hoi/?page=2").status == 200);
  CHECK(fetch(s.port(), "http://baonghean.vn/trang-2/").status == 200);
  CHECK(fetch(s.port(), "http://baohatinh.vn/?page=99").status == 404);
}

TEST_CASE("test site: sitemaps index monthly urlsets, one also gzip'd", "[testsite]") {
  SiteServer& s = shared_server();
  auto index = fetch(s.port(), "http://baohatinh.vn/sitemap.xml");
  REQUIRE(index.body.find("<sitemapindex") != std::string::npos);
  std::regex loc("<loc>([^<]+)</loc>");
  std::set<std::string> listed;
  for (auto it = std::sregex_iterator(index.body.begin(), index.body.end(), loc); it != std::sregex_iterator(); ++it) {
    std::string url = (*it)[1].str();
    auto r = fetch(s.port(), url);
    REQUIRE(r.status == 200);
    std::string xml = r.body;
    if (url.ends_with(".gz")) {
      CHECK(r.header("content-type") == "application/gzip");
      CHECK(fetch(s.port(), url.substr(0, url.size() - 3)).status == 200);
      // inflate it
      z_stream z{};
      inflateInit2(&z, 15 + 16);
      std::string out(1 << 20, '\0');
      z.next_in = reinterpret_cast<Bytef*>(xml.data());
      z.avail_in = static_cast<uInt>(xml.size());
      z.next_out = reinterpret_cast<Bytef*>(out.data());
      z.avail_out = static_cast<uInt>(out.size());
      CHECK(inflate(&z, Z_FINISH) == Z_STREAM_END);
      out.resize(z.total_out);
      inflateEnd(&z);
      xml = out;
    }
    CHECK(xml.find("<lastmod>") != std::string::npos);
    for (auto u = std::sregex_iterator(xml.begin(), xml.end(), loc); u != std::sregex_iterator(); ++u)
      listed.insert((*u)[1].str());
  }
  CHECK(index.body.find(".xml.gz</loc>") != std::string::npos);
  CHECK(listed.size() == s.articles("baohatinh.vn").size());
  for (const auto& a : s.articles("baohatinh.vn")) CHECK(listed.count(a.url) == 1);
}

TEST_CASE("test site: ETag and Last-Modified give 304, gzip on request, www redirects", "[testsite]") {
  SiteServer& s = shared_server();
  std::string url = first_article_url(s, "baothanhhoa.vn");
  auto first = fetch(s.port(), url);
  std::string etag = first.header("etag"), modified = first.header("last-modified");
  REQUIRE(!etag.empty());
  auto same = fetch(s.port(), url, {.headers = {"If-None-Match: " + etag}});
  CHECK(same.status == 304);
  CHECK(same.body.empty());
  CHECK(same.header("etag") == etag);
  CHECK(fetch(s.port(), url, {.headers = {"If-None-Match: \"0000\""}}).status == 200);
  CHECK(fetch(s.port(), url, {.headers = {"If-Modified-Since: " + modified}}).status == 304);
  CHECK(fetch(s.port(), url, {.headers = {"If-Modified-Since: Mon, 01 Jan 2018 00:00:00 GMT"}}).status == 200);
  // Listings and feeds are conditional too.
  auto home = fetch(s.port(), "http://baothanhhoa.vn/");
  CHECK(fetch(s.port(), "http://baothanhhoa.vn/", {.headers = {"If-None-Match: " + home.header("etag")}}).status == 304);

  auto zipped = fetch(s.port(), url, {.decode = true});
  CHECK(zipped.header("content-encoding") == "gzip");
  CHECK(zipped.body == first.body);
  CHECK(first.header("content-encoding").empty());

  auto www = fetch(s.port(), "http://www.baohatinh.vn/xa-hoi/?page=2");
  CHECK(www.status == 301);
  CHECK(www.header("location") == "http://baohatinh.vn/xa-hoi/?page=2");
  auto followed = fetch(s.port(), "http://www.baonghean.vn/", {.follow = true});
  CHECK(followed.status == 200);
  CHECK(followed.redirects == 1);

  auto head = fetch(s.port(), url, {.head = true});
  CHECK(head.status == 200);
  CHECK(head.header("content-length") == std::to_string(first.body.size()));
}

TEST_CASE("test site: forbidden links are on the pages, robots.txt forbids them", "[testsite]") {
  SiteServer& s = shared_server();
  for (const auto& host : s.hosts()) {
    INFO(host);
    auto article = fetch(s.port(), first_article_url(s, host));
    auto home = fetch(s.port(), "http://" + host + "/");
    for (const auto* body : {&article.body, &home.body}) {
      CHECK(body->find("/tim-kiem?q=") != std::string::npos);
      CHECK(body->find("/admin/\"") != std::string::npos);
    }
  }
  CHECK(fetch(s.port(), "http://baohatinh.vn/admin/").status == 403);
}

TEST_CASE("test site: the request log and count_requests", "[testsite]") {
  SiteServer s(small_sites());
  int port = s.start();
  std::string url = first_article_url(s, "baonghean.vn");
  std::string path = s.articles("baonghean.vn").front().path;
  fetch(port, url, {.headers = {"If-None-Match: \"abc\""}, .decode = true});
  fetch(port, url + "?utm_source=rss");
  fetch(port, "http://www.baonghean.vn/");
  CHECK(s.count_requests("baonghean.vn", path) == 1);
  CHECK(s.count_requests("baonghean.vn", path + "?utm_source=rss") == 1);
  CHECK(s.count_requests("www.baonghean.vn", "/") == 1);
  auto log = s.requests();
  REQUIRE(log.size() == 3);
  CHECK(log[0].method == "GET");
  CHECK(log[0].host == "baonghean.vn");
  CHECK(log[0].if_none_match == "\"abc\"");
  CHECK(log[0].accept_encoding == "gzip");
  CHECK(log[0].user_agent == "khobao-testsite-tests");
  CHECK(log[0].status == 200);
  CHECK(log[2].status == 301);
  s.clear_log();
  CHECK(s.requests().empty());
}

TEST_CASE("test site: edited, volatile and removed pages", "[testsite]") {
  SiteServer s(small_sites());
  int port = s.start();
  const ArticleTruth& truth = s.articles("baohatinh.vn").front();
  std::string url = truth.url;
  auto before = fetch(port, url);

  SECTION("an edit changes the content, the ETag, Last-Modified and the truth") {
    testsite::ArticleEdit edit;
    edit.title = "Tiêu đề đã được sửa lại sau khi đăng";
    edit.paragraph = std::pair<size_t, std::string>{0, "Đoạn mở đầu đã được biên tập viên viết lại hoàn toàn."};
    s.edit_article("baohatinh.vn", truth.path, edit);
    auto after = fetch(port, url);
    CHECK(after.header("etag") != before.header("etag"));
    CHECK(after.header("last-modified") != before.header("last-modified"));
    CHECK(fetch(port, url, {.headers = {"If-None-Match: " + before.header("etag")}}).status == 200);
    CHECK(fetch(port, url, {.headers = {"If-Modified-Since: " + before.header("last-modified")}}).status == 200);
    const ArticleTruth& edited = s.articles("baohatinh.vn").front();
    CHECK(edited.title == *edit.title);
    check_against_truth(extract_reply(after, url), edited);
  }
  SECTION("volatile furniture changes the bytes, not the article") {
    s.set_volatile_furniture(true);
    auto one = fetch(port, url), two = fetch(port, url);
    CHECK(one.body != two.body);
    CHECK(one.header("etag") != two.header("etag"));
    CHECK(one.body.find("phút trước") != std::string::npos);
    CHECK(extract_reply(one, url) == extract_reply(before, url));
    CHECK(extract_reply(two, url) == extract_reply(before, url));
    s.set_volatile_furniture(false);
    CHECK(fetch(port, url).body == before.body);
  }
  SECTION("a removed article answers 404 or 410 and leaves the listings") {
    s.remove_article("baohatinh.vn", truth.path);
    CHECK(fetch(port, url).status == 404);
    CHECK(fetch(port, "http://baohatinh.vn/").body.find(url) == std::string::npos);
    s.remove_article("baohatinh.vn", truth.path, 410);
    CHECK(fetch(port, url).status == 410);
  }
}

TEST_CASE("test site faults: slow, stall, reset, status with Retry-After", "[testsite]") {
  SiteServer s(small_sites());
  int port = s.start();
  const ArticleTruth& a = s.articles("baothanhhoa.vn").front();
  auto normal = fetch(port, a.url);

  SECTION("slow: the whole page, in pieces") {
    s.set_fault("baothanhhoa.vn", a.path, {.kind = FaultKind::kSlow, .delay = std::chrono::milliseconds(40), .chunk = 4096});
    auto r = fetch(port, a.url);
    CHECK(r.status == 200);
    CHECK(r.body == normal.body);
    CHECK(r.seconds >= 0.04 * static_cast<double>(normal.body.size() / 4096));
  }
  SECTION("stall: headers, then nothing") {
    s.set_fault("baothanhhoa.vn", a.path, {.kind = FaultKind::kStall, .delay = std::chrono::milliseconds(1500)});
    auto r = fetch(port, a.url, {.timeout_ms = 300});
    CHECK(r.code == CURLE_OPERATION_TIMEDOUT);
    CHECK(r.status == 200);
    CHECK(r.body.empty());
    CHECK(r.seconds < 1.2);
  }
  SECTION("reset: no response at all") {
    s.set_fault("baothanhhoa.vn", a.path, {.kind = FaultKind::kReset});
    auto r = fetch(port, a.url);
    CHECK((r.code == CURLE_RECV_ERROR || r.code == CURLE_GOT_NOTHING));
    CHECK(r.status == 0);
    CHECK(s.requests().back().status == 0);
  }
  SECTION("status: 503 twice with Retry-After in seconds, then the page") {
    s.set_fault("baothanhhoa.vn", a.path, {.kind = FaultKind::kStatus, .status = 503, .retry_after = "120", .times = 2});
    for (int i = 0; i < 2; ++i) {
      auto r = fetch(port, a.url);
      CHECK(r.status == 503);
      CHECK(r.header("retry-after") == "120");
    }
    CHECK(fetch(port, a.url).status == 200);
  }
  SECTION("status: 429 with Retry-After as an HTTP date, on a path prefix") {
    std::string date = testsite::http_date(std::time(nullptr) + 30);
    s.set_fault("baothanhhoa.vn", "/xa-hoi/*", {.kind = FaultKind::kStatus, .status = 429, .retry_after = date});
    auto r = fetch(port, "http://baothanhhoa.vn/xa-hoi/?page=2");
    CHECK(r.status == 429);
    CHECK(r.header("retry-after") == date);
    CHECK(fetch(port, "http://baothanhhoa.vn/kinh-te/").status == 200);
    s.clear_faults();
    CHECK(fetch(port, "http://baothanhhoa.vn/xa-hoi/").status == 200);
  }
}

TEST_CASE("test site faults: redirects", "[testsite]") {
  SiteServer s(small_sites());
  int port = s.start();
  const ArticleTruth& a = s.articles("baohatinh.vn").front();

  SECTION("out of scope and non-http targets are only announced") {
    for (std::string target : {"http://example.com/", "ftp://baohatinh.vn/x", "file:///etc/passwd"}) {
      s.set_fault("*", a.path, {.kind = FaultKind::kRedirect, .location = target});
      auto r = fetch(port, a.url);  // never followed
      CHECK(r.status == 302);
      CHECK(r.header("location") == target);
    }
  }
  SECTION("a loop: a -> b -> a") {
    s.set_fault("baohatinh.vn", a.path, {.kind = FaultKind::kRedirectLoop});
    auto r1 = fetch(port, a.url);
    CHECK(r1.status == 302);
    std::string b = r1.header("location");
    CHECK(b == a.url + "?loop=b");
    auto r2 = fetch(port, b);
    CHECK(r2.status == 302);
    CHECK(r2.header("location") == a.url);
    auto followed = fetch(port, a.url, {.follow = true});
    CHECK(followed.code == CURLE_TOO_MANY_REDIRECTS);
  }
  SECTION("a chain of N hops, then the page") {
    s.set_fault("baohatinh.vn", a.path, {.kind = FaultKind::kRedirectChain, .hops = 4});
    auto r = fetch(port, a.url, {.follow = true});
    CHECK(r.status == 200);
    CHECK(r.redirects == 4);
    check_against_truth(extract_reply(r, a.url), a);
    CHECK(s.count_requests("baohatinh.vn", "/hop/4?to=" + a.path) == 1);
  }
}

TEST_CASE("test site faults: hostile bodies", "[testsite]") {
  SiteServer s(small_sites());
  int port = s.start();
  const ArticleTruth& a = s.articles("baonghean.vn").front();

  SECTION("gzip bomb: 1 GiB of zeros in about 1 MB") {
    s.set_fault("baonghean.vn", a.path, {.kind = FaultKind::kGzipBomb});
    auto raw = fetch(port, a.url);  // no Accept-Encoding, so curl leaves it compressed
    CHECK(raw.header("content-encoding") == "gzip");
    CHECK(raw.body.size() > 500'000);
    CHECK(raw.body.size() < 2'000'000);
    z_stream z{};
    inflateInit2(&z, 15 + 16);
    z.next_in = reinterpret_cast<Bytef*>(raw.body.data());
    z.avail_in = static_cast<uInt>(raw.body.size());
    std::string out(1 << 22, '\0');
    uint64_t total = 0;
    int rc = Z_OK;
    while (rc == Z_OK) {
      z.next_out = reinterpret_cast<Bytef*>(out.data());
      z.avail_out = static_cast<uInt>(out.size());
      rc = inflate(&z, Z_NO_FLUSH);
      total += out.size() - z.avail_out;
    }
    inflateEnd(&z);
    CHECK(rc == Z_STREAM_END);
    CHECK(total == (uint64_t{1} << 30));
    auto capped = fetch(port, a.url, {.decode = true, .max_bytes = 8u << 20});
    CHECK(capped.code == CURLE_WRITE_ERROR);
  }
  SECTION("huge: Content-Length 10 GB, bytes until the client leaves") {
    s.set_fault("baonghean.vn", a.path, {.kind = FaultKind::kHuge});
    auto r = fetch(port, a.url, {.max_bytes = 2u << 20});
    CHECK(r.code == CURLE_WRITE_ERROR);
    CHECK(r.header("content-length") == "10737418240");
    CHECK(fetch(port, "http://baonghean.vn/").status == 200);  // the server is still fine
  }
  SECTION("endless: chunked, never ends") {
    s.set_fault("baonghean.vn", a.path, {.kind = FaultKind::kEndless});
    auto r = fetch(port, a.url, {.max_bytes = 1u << 20});
    CHECK(r.code == CURLE_WRITE_ERROR);
    CHECK(r.header("transfer-encoding") == "chunked");
  }
  SECTION("wrong type, nested tags, many links") {
    s.set_fault("baonghean.vn", a.path, {.kind = FaultKind::kWrongType});
    CHECK(fetch(port, a.url).header("content-type") == "image/png");
    s.set_fault("baonghean.vn", a.path, {.kind = FaultKind::kNestedTags});
    auto nested = fetch(port, a.url);
    CHECK(nested.body.size() > 5'000'000);
    CHECK(nested.body.find("<div><div><div>") != std::string::npos);
    s.set_fault("baonghean.vn", a.path, {.kind = FaultKind::kManyLinks});
    auto links = fetch(port, a.url);
    size_t n = 0;
    for (size_t at = 0; (at = links.body.find("<a href=", at)) != std::string::npos; ++at) ++n;
    CHECK(n == 100000);
  }
  SECTION("bad headers: two Content-Length values, a garbage charset, a line without a colon") {
    s.set_fault("baonghean.vn", a.path, {.kind = FaultKind::kBadHeaders});
    std::string reply = raw_exchange(port, "GET " + a.path + " HTTP/1.1\r\nHost: baonghean.vn\r\n\r\n");
    std::string head = reply.substr(0, reply.find("\r\n\r\n"));
    CHECK(head.starts_with("HTTP/1.1 200"));
    size_t lengths = 0;
    for (size_t at = 0; (at = head.find("Content-Length:", at)) != std::string::npos; ++at) ++lengths;
    CHECK(lengths == 2);
    CHECK(head.find("charset=x-khong-ro-8") != std::string::npos);
    CHECK(head.find("\r\nThis header line has no colon") != std::string::npos);
  }
  SECTION("change on each visit: a new article text every time") {
    s.set_fault("baonghean.vn", a.path, {.kind = FaultKind::kChangeEachVisit});
    auto one = extract_reply(fetch(port, a.url), a.url), two = extract_reply(fetch(port, a.url), a.url);
    CHECK(one.body != two.body);
    CHECK(one.title == two.title);
  }
}

TEST_CASE("test site faults: robots.txt variants", "[testsite]") {
  SiteServer s(small_sites());
  int port = s.start();
  s.set_fault("baohatinh.vn", "/robots.txt", {.kind = FaultKind::kStatus, .status = 503});
  s.set_fault("baonghean.vn", "/robots.txt", {.kind = FaultKind::kStatus, .status = 404});
  s.set_fault("baothanhhoa.vn", "/robots.txt",
              {.kind = FaultKind::kBody, .status = 200, .body = "User-agent: *\nDisallow: /xa-hoi/\nCrawl-delay: 2\n"});
  CHECK(fetch(port, "http://baohatinh.vn/robots.txt").status == 503);
  CHECK(fetch(port, "http://baonghean.vn/robots.txt").status == 404);
  auto r = fetch(port, "http://baothanhhoa.vn/robots.txt");
  CHECK(r.status == 200);
  CHECK(r.body.find("Crawl-delay: 2") != std::string::npos);
  CHECK(fetch(port, "http://baohonglinh.vn/robots.txt").body.find("Disallow: /admin/") != std::string::npos);
}

TEST_CASE("khobao-testsite: writes its port, serves, exits 0 on SIGTERM", "[testsite]") {
  test::TempDir dir;
  std::string port_file = (dir / "port").string();
  std::vector<std::string> args = {KHOBAO_TESTSITE_BINARY, "--port", "0", "--port-file", port_file, "--articles", "10"};
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, (dir / "stdout").c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  pid_t pid = 0;
  REQUIRE(posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ) == 0);
  posix_spawn_file_actions_destroy(&actions);
  for (int i = 0; i < 200 && !std::filesystem::exists(port_file); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  REQUIRE(std::filesystem::exists(port_file));
  int port = std::stoi(test::read_file(port_file));
  CHECK(fetch(port, "http://baohatinh.vn/robots.txt").status == 200);
  ::kill(pid, SIGTERM);
  int status = 0;
  REQUIRE(::waitpid(pid, &status, 0) == pid);
  CHECK(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);
  CHECK(test::read_file(dir / "stdout") ==
        "khobao-testsite: serving baohatinh.vn, baonghean.vn, baothanhhoa.vn, baohonglinh.vn on 127.0.0.1:" +
            std::to_string(port) + "\n");
}
