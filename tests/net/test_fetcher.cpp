// The fetcher against the test site on loopback: what each kind of answer
// becomes, and the limits that keep a hostile server from costing more than
// they allow.
#include "net/fetcher.hpp"
#include "testsite/site_server.hpp"

#include <catch2/catch.hpp>

#include <thread>

using namespace khobao;
using testsite::Fault;
using testsite::FaultKind;

namespace {

struct Loopback {
  std::unique_ptr<testsite::SiteServer> server;
  net::FetcherOptions options;

  Loopback() {
    testsite::SiteOptions o;
    o.hosts = {"baohatinh.vn"};
    o.articles = 4;
    server = std::make_unique<testsite::SiteServer>(o);
    int port = server->start();
    options.user_agent = "khobao-test";
    for (const char* h : {"baohatinh.vn", "www.baohatinh.vn"})
      options.connect_to.push_back(std::string(h) + ":80:127.0.0.1:" + std::to_string(port));
    options.limits.total_timeout_ms = 4000;
    options.limits.low_speed_seconds = 1;
    options.limits.low_speed_bytes_per_s = 1000;
    options.limits.max_received_bytes = 2 << 20;
    options.limits.max_decoded_bytes = 4 << 20;
  }

  const testsite::ArticleTruth& article(size_t i = 0) const { return server->articles("baohatinh.vn").at(i); }

  net::Response get(const std::string& url, std::optional<std::string> etag = std::nullopt) {
    net::Fetcher fetcher(options);
    fetcher.start({7, url, std::move(etag), std::nullopt, std::nullopt});
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (std::chrono::steady_clock::now() < deadline)
      for (net::Response& r : fetcher.poll(std::chrono::milliseconds(100))) return std::move(r);
    FAIL("no response within 20 s");
    return {};
  }

  void fault(const std::string& path, Fault f) { server->set_fault("baohatinh.vn", path, std::move(f)); }
};

Fault make(FaultKind kind) {
  Fault f;
  f.kind = kind;
  return f;
}

}  // namespace

TEST_CASE("a page arrives decoded, with its validators, and a 304 answers them", "[fetcher]") {
  Loopback site;
  net::Response r = site.get(site.article().url);
  REQUIRE(r.ok());
  CHECK(r.id == 7);
  CHECK(*r.status == 200);
  CHECK(r.body.find("<html") != std::string::npos);
  CHECK(r.content_type.rfind("text/html", 0) == 0);
  REQUIRE(r.etag);
  CHECK(r.last_modified);
  CHECK(r.headers.find("Content-Type:") != std::string::npos);
  auto log = site.server->requests();
  CHECK(log.back().accept_encoding.find("gzip") != std::string::npos);  // asked compressed, got it decoded

  net::Response again = site.get(site.article().url, r.etag);
  CHECK(again.ok());
  CHECK(*again.status == 304);
  CHECK(again.body.empty());
}

TEST_CASE("redirects are followed and checked hop by hop", "[fetcher]") {
  Loopback site;
  net::Response www = site.get("http://www.baohatinh.vn" + site.article().path);
  REQUIRE(www.ok());
  CHECK(www.final_url == site.article().url);
  CHECK(www.redirects == 1);

  Fault loop = make(FaultKind::kRedirectLoop);
  site.fault(site.article(1).path, loop);
  CHECK(site.get(site.article(1).url).error == net::FetchError::kRedirectLoop);

  Fault chain = make(FaultKind::kRedirectChain);
  chain.hops = 100;
  site.fault(site.article(2).path, chain);
  net::Response limited = site.get(site.article(2).url);
  CHECK(limited.error == net::FetchError::kRedirectLimit);
  CHECK(limited.redirects == site.options.limits.max_redirects);

  for (const char* target : {"ftp://baohatinh.vn/a", "file:///etc/passwd", "gopher://x/"}) {
    Fault away = make(FaultKind::kRedirect);
    away.location = target;
    site.fault(site.article(3).path, away);
    net::Response r = site.get(site.article(3).url);
    INFO(target);
    CHECK(r.error == net::FetchError::kRedirectRefused);
  }

  // The caller's check sees every hop, and can refuse it before any connection.
  Fault out = make(FaultKind::kRedirect);
  out.location = "http://example.com/elsewhere";
  site.fault(site.article(3).path, out);
  std::string asked;
  site.options.redirect_check = [&](std::string_view, std::string_view to) -> std::optional<std::string> {
    asked = std::string(to);
    return "out of scope";
  };
  net::Response refused = site.get(site.article(3).url);
  CHECK(refused.error == net::FetchError::kRedirectRefused);
  CHECK(refused.error_message == "out of scope");
  CHECK(asked == "http://example.com/elsewhere");
}

TEST_CASE("bodies over the limits are cut: gzip bombs, huge and endless bodies", "[fetcher]") {
  Loopback site;
  site.fault(site.article(0).path, make(FaultKind::kGzipBomb));
  net::Response bomb = site.get(site.article(0).url);
  CHECK(bomb.error == net::FetchError::kDecodedTooLarge);
  CHECK(bomb.body.empty());

  site.fault(site.article(1).path, make(FaultKind::kHuge));
  CHECK(site.get(site.article(1).url).error == net::FetchError::kTooLarge);

  site.fault(site.article(2).path, make(FaultKind::kEndless));
  net::Response endless = site.get(site.article(2).url);
  CHECK(endless.error == net::FetchError::kTooLarge);
  CHECK(endless.received_bytes <= site.options.limits.max_received_bytes + (1 << 20));
}

TEST_CASE("stalls, slow bodies and resets end as errors worth a retry", "[fetcher]") {
  Loopback site;
  Fault stall = make(FaultKind::kStall);
  stall.delay = std::chrono::milliseconds(3000);
  site.fault(site.article(0).path, stall);
  net::Response stalled = site.get(site.article(0).url);
  CHECK(stalled.error == net::FetchError::kStalled);
  CHECK(stalled.retryable());

  Fault slow = make(FaultKind::kSlow);
  slow.chunk = 100;
  slow.delay = std::chrono::milliseconds(300);
  site.fault(site.article(1).path, slow);
  net::Response crawling = site.get(site.article(1).url);
  CHECK((crawling.error == net::FetchError::kStalled || crawling.error == net::FetchError::kTimeout));

  site.fault(site.article(2).path, make(FaultKind::kReset));
  net::Response reset = site.get(site.article(2).url);
  CHECK(reset.error == net::FetchError::kReset);
  CHECK(reset.retryable());
}

TEST_CASE("statuses: 5xx and 429 are retryable, with Retry-After read, 404 is not", "[fetcher]") {
  Loopback site;
  Fault busy = make(FaultKind::kStatus);
  busy.status = 429;
  busy.retry_after = "17";
  site.fault(site.article(0).path, busy);
  net::Response r = site.get(site.article(0).url);
  REQUIRE(r.ok());
  CHECK(*r.status == 429);
  CHECK(r.retryable());
  REQUIRE(r.retry_after_seconds);
  CHECK(*r.retry_after_seconds == Approx(17));

  net::Response missing = site.get("http://baohatinh.vn/khong-co-bai-nay-post1.html");
  REQUIRE(missing.ok());
  CHECK(*missing.status == 404);
  CHECK_FALSE(missing.retryable());
}

TEST_CASE("a page served as an image is refused by its content type", "[fetcher]") {
  Loopback site;
  site.fault(site.article(0).path, make(FaultKind::kWrongType));
  net::Response r = site.get(site.article(0).url);
  CHECK(r.error == net::FetchError::kContentType);
  CHECK(r.error_message.find("image/png") != std::string::npos);
}

TEST_CASE("malformed and conflicting headers give an error or a response, never a crash", "[fetcher]") {
  Loopback site;
  site.fault(site.article(0).path, make(FaultKind::kBadHeaders));
  net::Response r = site.get(site.article(0).url);
  CHECK((r.ok() || r.error == net::FetchError::kProtocol || r.error == net::FetchError::kOther));
}

TEST_CASE("Retry-After in seconds or as an HTTP date", "[fetcher]") {
  auto now = std::chrono::system_clock::from_time_t(784111777);  // Sun, 06 Nov 1994 08:49:37 GMT
  CHECK(net::parse_retry_after("120", now) == Approx(120));
  CHECK(net::parse_retry_after(" 0 ", now) == Approx(0));
  CHECK(net::parse_retry_after("Sun, 06 Nov 1994 08:51:37 GMT", now) == Approx(120));
  CHECK(net::parse_retry_after("Sun, 06 Nov 1994 08:00:00 GMT", now) == Approx(0));  // in the past: now
  CHECK_FALSE(net::parse_retry_after("soon", now));
  CHECK_FALSE(net::parse_retry_after("", now));
}

TEST_CASE("the fetcher refuses what is not an http(s) URL before any transfer", "[fetcher]") {
  net::Fetcher fetcher({});
  for (const char* url : {"file:///etc/passwd", "ftp://example.com/"})
    CHECK_THROWS_AS(fetcher.start({1, url, std::nullopt, std::nullopt, std::nullopt}), std::invalid_argument);
  CHECK(fetcher.active() == 0);
}

namespace {

// A forged article, sent as a whole HTTP response that no request asked for.
std::string forged_response() {
  std::string body = "<html><head><title>BÀI GIẢ MẠO</title></head><body><article><h1>BÀI GIẢ MẠO</h1>"
                     "<p>Tin này không do trang nào đăng.</p></article></body></html>";
  return "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: " +
         std::to_string(body.size()) + "\r\nConnection: keep-alive\r\n\r\n" + body;
}

Fault smuggle(std::chrono::milliseconds delay) {
  Fault f = make(FaultKind::kSmuggle);
  f.body = "<html><body><article><h1>Trang thật</h1><p>" + std::string(60, 'x') + "</p></article></body></html>";
  f.delay = delay;
  f.smuggled = forged_response();
  return f;
}

// The next response of `fetcher`, within 20 s.
net::Response next_response(net::Fetcher& fetcher) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (std::chrono::steady_clock::now() < deadline)
    for (net::Response& r : fetcher.poll(std::chrono::milliseconds(20))) return std::move(r);
  FAIL("no response within 20 s");
  return {};
}

}  // namespace

TEST_CASE("a response smuggled after a page is never read as the next page's answer", "[fetcher][smuggle]") {
  Loopback site;
  struct Form {
    const char* name;
    std::chrono::milliseconds delay;       // between the page and the smuggled response
    std::chrono::milliseconds next_after;  // when the next request on the host starts
  };
  using ms = std::chrono::milliseconds;
  for (Form form : {Form{"at once", ms(0), ms(0)}, Form{"0.3 s later, next request before it", ms(300), ms(0)},
                    Form{"0.3 s later, next request after it", ms(300), ms(600)}}) {
    INFO(form.name);
    site.server->clear_faults();
    site.fault(site.article(0).path, smuggle(form.delay));
    net::Fetcher fetcher(site.options);  // one fetcher: one connection pool, as in a crawl
    fetcher.start({1, site.article(0).url, std::nullopt, std::nullopt, std::nullopt});
    net::Response page = next_response(fetcher);
    REQUIRE(page.ok());
    CHECK(page.body.find("Trang thật") != std::string::npos);
    std::this_thread::sleep_for(form.next_after);
    for (std::uint64_t id : {2, 3}) {
      const auto& next = site.article(id - 1);
      fetcher.start({id, next.url, std::nullopt, std::nullopt, std::nullopt});
      net::Response r = next_response(fetcher);
      REQUIRE(r.ok());
      CHECK(*r.status == 200);
      CHECK(r.body.find("GIẢ MẠO") == std::string::npos);
      CHECK(r.body.find(next.title) != std::string::npos);
    }
  }
}
