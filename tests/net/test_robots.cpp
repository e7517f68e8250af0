// net/robots: RFC 9309's examples, group selection, matching, and what a fetch's
// status means; plus files that are huge or not text at all.
#include "net/robots.hpp"

#include <catch2/catch.hpp>

#include <random>
#include <string>

using khobao::net::parse_robots;
using khobao::net::robots_for_status;
using khobao::net::RobotsRules;

namespace {

RobotsRules for_khobao(std::string_view body) { return parse_robots(body, "khobao"); }

// RFC 9309 section 5.1, verbatim.
constexpr const char* kRfcSimple =
    "User-Agent: *\n"
    "Disallow: *.gif$\n"
    "Disallow: /example/\n"
    "Allow: /publications/\n"
    "\n"
    "User-Agent: foobot\n"
    "Disallow:/\n"
    "Allow:/example/page.html\n"
    "Allow:/example/allowed.gif\n"
    "\n"
    "User-Agent: barbot\n"
    "User-Agent: bazbot\n"
    "Disallow: /example/page.html\n"
    "\n"
    "User-Agent: quxbot\n"
    "\n"
    "EOF\n";

}  // namespace

TEST_CASE("RFC 9309 5.1: the simple example, bot by bot", "[robots]") {
  RobotsRules foo = parse_robots(kRfcSimple, "foobot");
  CHECK(foo.allowed("/example/page.html"));
  CHECK(foo.allowed("/example/allowed.gif"));
  CHECK_FALSE(foo.allowed("/"));
  CHECK_FALSE(foo.allowed("/publications/"));

  for (const char* bot : {"barbot", "bazbot"}) {
    RobotsRules r = parse_robots(kRfcSimple, bot);
    INFO(bot);
    CHECK_FALSE(r.allowed("/example/page.html"));
    CHECK(r.allowed("/example/other.html"));
    CHECK(r.allowed("/image.gif"));  // the "*" group does not apply to a bot named elsewhere
  }

  RobotsRules qux = parse_robots(kRfcSimple, "quxbot");  // named, with no rules: all allowed
  CHECK(qux.rules.empty());
  CHECK(qux.allowed("/example/"));
  CHECK(qux.allowed("/a.gif"));

  RobotsRules other = parse_robots(kRfcSimple, "khobao");  // falls back to "*"
  CHECK_FALSE(other.allowed("/a/b.gif"));
  CHECK(other.allowed("/a/b.gif?x"));  // "$" anchors at the end
  CHECK_FALSE(other.allowed("/example/x"));
  CHECK(other.allowed("/publications/x"));
  CHECK(other.allowed("/else"));
}

TEST_CASE("RFC 9309 5.2: the longest match wins", "[robots]") {
  RobotsRules r = parse_robots(
      "User-Agent: foobot\n"
      "Allow: /example/page/\n"
      "Disallow: /example/page/disallowed.gif\n",
      "foobot");
  CHECK(r.allowed("/example/page/"));
  CHECK(r.allowed("/example/page/ok.gif"));
  CHECK_FALSE(r.allowed("/example/page/disallowed.gif"));
}

TEST_CASE("longest match counts octets, whatever the order", "[robots]") {
  RobotsRules r = for_khobao(
      "User-agent: *\n"
      "Disallow: /tin-tuc/archive/\n"
      "Allow: /tin-tuc/\n"
      "Disallow: /\n");
  CHECK(r.allowed("/tin-tuc/bai-1.html"));
  CHECK_FALSE(r.allowed("/tin-tuc/archive/2020"));
  CHECK_FALSE(r.allowed("/lien-he"));
}

TEST_CASE("Allow wins a tie", "[robots]") {
  CHECK(for_khobao("User-agent: *\nDisallow: /page\nAllow: /page\n").allowed("/page"));
  CHECK(for_khobao("User-agent: *\nAllow: /page\nDisallow: /page\n").allowed("/page"));
  // equal lengths with wildcards: "/*.php" and "/page1" are both 6 octets
  CHECK(for_khobao("User-agent: *\nDisallow: /page1\nAllow: /*.php\n").allowed("/page1.php"));
}

TEST_CASE("no match means allowed, no groups at all means allowed", "[robots]") {
  CHECK(for_khobao("User-agent: *\nDisallow: /private/\n").allowed("/public"));
  CHECK(for_khobao("").allowed("/anything"));
  CHECK(for_khobao("User-agent: otherbot\nDisallow: /\n").allowed("/anything"));
  CHECK(for_khobao("# only a comment\n").allowed("/"));
}

TEST_CASE("rules before any user-agent line belong to no group", "[robots]") {
  CHECK(for_khobao("Disallow: /\nUser-agent: *\nDisallow: /x\n").allowed("/y"));
}

TEST_CASE("/robots.txt is always allowed", "[robots]") {
  CHECK(for_khobao("User-agent: *\nDisallow: /\n").allowed("/robots.txt"));
  CHECK(RobotsRules::disallow_everything().allowed("/robots.txt"));
  CHECK_FALSE(RobotsRules::disallow_everything().allowed("/robots.txt.bak"));
  CHECK_FALSE(RobotsRules::disallow_everything().allowed("/"));
}

TEST_CASE("* matches any sequence, $ anchors the end", "[robots]") {
  RobotsRules r = for_khobao(
      "User-agent: *\n"
      "Disallow: /*/print\n"
      "Disallow: /*.pdf$\n"
      "Disallow: /search$\n"
      "Disallow: /a*b*c\n");
  CHECK_FALSE(r.allowed("/tin-tuc/print"));
  CHECK_FALSE(r.allowed("/tin-tuc/sub/print/1"));
  CHECK(r.allowed("/print"));
  CHECK_FALSE(r.allowed("/files/x.pdf"));
  CHECK(r.allowed("/files/x.pdf?download=1"));
  CHECK(r.allowed("/files/x.pdfx"));
  CHECK_FALSE(r.allowed("/search"));
  CHECK(r.allowed("/search?q=ha+tinh"));
  CHECK(r.allowed("/searching"));
  CHECK_FALSE(r.allowed("/a-b-c"));
  CHECK_FALSE(r.allowed("/aXXbYYcZZ"));
  CHECK(r.allowed("/aXXcYYb"));
}

TEST_CASE("a $ inside a pattern is a literal", "[robots]") {
  RobotsRules r = for_khobao("User-agent: *\nDisallow: /price$list\n");
  CHECK_FALSE(r.allowed("/price$list"));
  CHECK_FALSE(r.allowed("/price%24list/2"));
  CHECK(r.allowed("/price"));
}

TEST_CASE("pattern and path compared after percent-encoding normalization", "[robots]") {
  SECTION("RFC 9309 2.2.2's table") {
    RobotsRules r = for_khobao(
        "User-agent: *\n"
        "Disallow: /foo/bar?baz=https://foo.bar\n"
        "Disallow: /foo/bar/\xE3\x83\x84\n"
        "Disallow: /foo/bar/%62%61%7A\n");
    CHECK_FALSE(r.allowed("/foo/bar?baz=https://foo.bar"));
    CHECK_FALSE(r.allowed("/foo/bar/%E3%83%84"));
    CHECK_FALSE(r.allowed("/foo/bar/%e3%83%84"));
    CHECK_FALSE(r.allowed("/foo/bar/\xE3\x83\x84"));
    CHECK_FALSE(r.allowed("/foo/bar/baz"));
    CHECK_FALSE(r.allowed("/foo/bar/%62az"));
  }
  SECTION("RFC 9309 2.2.3: %2A and %24 are literal * and $") {
    RobotsRules r = for_khobao(
        "User-agent: *\n"
        "Disallow: /path/file-with-a-%2A.html\n"
        "Disallow: /path/foo-%24\n");
    CHECK_FALSE(r.allowed("/path/file-with-a-*.html"));
    CHECK(r.allowed("/path/file-with-a-b.html"));  // not a wildcard
    CHECK_FALSE(r.allowed("/path/foo-$"));
  }
  SECTION("Vietnamese paths, raw or encoded, either case") {
    RobotsRules r = for_khobao("User-agent: *\nDisallow: /t\xC3\xACm-ki\xE1\xBA\xBFm\n");
    CHECK_FALSE(r.allowed("/t%C3%ACm-ki%E1%BA%BFm?q=x"));
    CHECK_FALSE(r.allowed("/t%c3%acm-ki%e1%ba%bfm"));
    CHECK_FALSE(r.allowed("/t\xC3\xACm-ki\xE1\xBA\xBFm"));
    CHECK(r.allowed("/tim-kiem"));
  }
  SECTION("reserved characters stay distinct from their escapes") {
    RobotsRules r = for_khobao("User-agent: *\nDisallow: /a%2Fb\n");
    CHECK_FALSE(r.allowed("/a%2fb"));
    CHECK(r.allowed("/a/b"));
  }
}

TEST_CASE("the group for khobao beats the * group", "[robots]") {
  const char* body =
      "User-agent: *\n"
      "Disallow: /\n"
      "\n"
      "User-agent: khobao\n"
      "Disallow: /admin/\n"
      "Crawl-delay: 2\n";
  RobotsRules r = for_khobao(body);
  CHECK(r.allowed("/tin-tuc/"));
  CHECK_FALSE(r.allowed("/admin/x"));
  CHECK(r.crawl_delay == Approx(2.0));
  REQUIRE(r.rules.size() == 1);
  CHECK_FALSE(r.rules[0].allow);
  CHECK(r.rules[0].pattern == "/admin/");

  RobotsRules other = parse_robots(body, "otherbot");
  CHECK_FALSE(other.allowed("/tin-tuc/"));
  CHECK_FALSE(other.crawl_delay);
}

TEST_CASE("user-agent matching", "[robots]") {
  auto blocks = [](const std::string& agent_line) {
    return !for_khobao("User-agent: " + agent_line + "\nDisallow: /\n").allowed("/x");
  };
  CHECK(blocks("khobao"));
  CHECK(blocks("KhoBao"));
  CHECK(blocks("KHOBAO"));
  CHECK(blocks("khobao/1.0"));
  CHECK(blocks("khobao/1.0 (+https://example.vn/bot)"));
  CHECK(blocks("khobao # our crawler"));
  CHECK(blocks("*"));
  CHECK_FALSE(blocks("khobaobot"));  // another product token
  CHECK_FALSE(blocks("kho"));
  CHECK_FALSE(blocks("googlebot"));
  CHECK_FALSE(blocks("*bot"));  // not the global group
  CHECK(for_khobao("USER-AGENT: khobao\nDISALLOW: /\n").allowed("/x") == false);  // keys too
}

TEST_CASE("all groups naming us are merged, all * groups are merged", "[robots]") {
  RobotsRules r = for_khobao(
      "User-agent: khobao\n"
      "Disallow: /a/\n"
      "\n"
      "User-agent: googlebot\n"
      "Disallow: /g/\n"
      "\n"
      "User-agent: KHOBAO/2\n"
      "Disallow: /b/\n");
  CHECK_FALSE(r.allowed("/a/1"));
  CHECK_FALSE(r.allowed("/b/1"));
  CHECK(r.allowed("/g/1"));

  RobotsRules star = for_khobao(
      "User-agent: *\nDisallow: /a/\n"
      "User-agent: x\nDisallow: /x/\n"
      "User-agent: *\nDisallow: /b/\n");
  CHECK_FALSE(star.allowed("/a/1"));
  CHECK_FALSE(star.allowed("/b/1"));
  CHECK(star.allowed("/x/1"));
}

TEST_CASE("consecutive user-agent lines form one group, a rule ends it", "[robots]") {
  const char* body =
      "User-agent: a\n"
      "User-agent: khobao\n"
      "User-agent: b\n"
      "Disallow: /shared/\n"
      "User-agent: c\n"
      "Disallow: /c-only/\n";
  RobotsRules r = for_khobao(body);
  CHECK_FALSE(r.allowed("/shared/1"));
  CHECK(r.allowed("/c-only/1"));
}

TEST_CASE("Crawl-delay", "[robots]") {
  CHECK(for_khobao("User-agent: *\nCrawl-delay: 5\n").crawl_delay == Approx(5.0));
  CHECK(for_khobao("User-agent: *\ncrawl-DELAY: 0.5\n").crawl_delay == Approx(0.5));
  CHECK_FALSE(for_khobao("User-agent: *\nCrawl-delay: soon\n").crawl_delay);
  CHECK_FALSE(for_khobao("User-agent: *\nCrawl-delay: -1\n").crawl_delay);
  CHECK_FALSE(for_khobao("Crawl-delay: 5\nUser-agent: *\nDisallow: /x\n").crawl_delay);  // no group
  CHECK_FALSE(for_khobao("User-agent: other\nCrawl-delay: 5\n").crawl_delay);
  // first valid one of the groups that apply
  CHECK(for_khobao("User-agent: *\nCrawl-delay: x\nCrawl-delay: 3\nUser-agent: *\nCrawl-delay: 9\n").crawl_delay ==
        Approx(3.0));
}

TEST_CASE("Sitemap lines count wherever they are", "[robots]") {
  RobotsRules r = for_khobao(
      "Sitemap: https://baohatinh.vn/sitemap.xml\n"
      "User-agent: otherbot\n"
      "sitemap: https://baohatinh.vn/news-sitemap.xml # news\n"
      "Disallow: /\n"
      "SITEMAP:https://baohatinh.vn/Sitemap_Index.xml\n"
      "Sitemap:\n");
  CHECK(r.sitemaps == std::vector<std::string>{"https://baohatinh.vn/sitemap.xml",
                                               "https://baohatinh.vn/news-sitemap.xml",
                                               "https://baohatinh.vn/Sitemap_Index.xml"});
  CHECK(r.allowed("/x"));  // the otherbot group is not ours, sitemaps or not
}

TEST_CASE("an empty Disallow forbids nothing", "[robots]") {
  RobotsRules r = for_khobao("User-agent: *\nDisallow:\n");
  CHECK(r.rules.empty());
  CHECK(r.allowed("/"));
  CHECK(for_khobao("User-agent: *\nDisallow:   # nothing\nDisallow: /x\n").rules.size() == 1);
}

TEST_CASE("tolerant reading: BOM, line ends, comments, spacing, misspellings", "[robots]") {
  SECTION("BOM") { CHECK_FALSE(for_khobao("\xEF\xBB\xBFUser-agent: *\nDisallow: /x\n").allowed("/x")); }
  SECTION("CR, LF and CRLF") {
    for (const char* eol : {"\n", "\r", "\r\n"}) {
      std::string body = std::string("User-agent: *") + eol + "Disallow: /x" + eol + "Allow: /x/y" + eol;
      RobotsRules r = for_khobao(body);
      CHECK_FALSE(r.allowed("/x"));
      CHECK(r.allowed("/x/y"));
    }
  }
  SECTION("comments and whitespace") {
    RobotsRules r = for_khobao("  User-agent :\t* # everyone\n\tDisallow :  /x   # no\n# Disallow: /y\n");
    CHECK_FALSE(r.allowed("/x"));
    CHECK(r.allowed("/y"));
  }
  SECTION("lines without a colon are skipped") {
    RobotsRules r = for_khobao("User-agent: *\nDisallow /x\nDisallow: /z\n");
    CHECK(r.allowed("/x"));
    CHECK_FALSE(r.allowed("/z"));
  }
  SECTION("misspellings Google accepts") {
    CHECK_FALSE(for_khobao("useragent: *\ndissallow: /x\n").allowed("/x"));
    CHECK_FALSE(for_khobao("User agent: khobao\ndisalow: /x\n").allowed("/x"));
  }
}

TEST_CASE("only the first 500 KiB are parsed", "[robots]") {
  constexpr std::size_t limit = 500 * 1024;
  std::string body = "User-agent: *\nDisallow: /early\n";
  const std::string filler = "# padding padding padding padding padding padding padding\n";
  while (body.size() + filler.size() < limit - 100) body += filler;
  // A last comment line sized so that the limit falls right after "Allow: /early".
  body += "#" + std::string(limit - 13 - body.size() - 2, 'x') + "\n";
  REQUIRE(body.size() == limit - 13);
  body += "Allow: /early-but-cut-by-the-limit\n";  // read whole, it would not match /early
  while (body.size() < 600 * 1024) body += filler;
  body += "Disallow: /late\n";

  RobotsRules r = for_khobao(body);
  CHECK(r.allowed("/late"));
  // A cut line read as "Allow: /early" would tie with the Disallow and win.
  CHECK_FALSE(r.allowed("/early"));
  CHECK(r.rules.size() == 1);
}

TEST_CASE("garbage bytes do not crash", "[robots]") {
  std::mt19937 rng(9309);
  std::uniform_int_distribution<int> byte(0, 255);
  for (int round = 0; round < 50; ++round) {
    std::string body;
    for (int i = 0; i < 4000; ++i) body += static_cast<char>(byte(rng));
    body += "\nUser-agent: *\nDisallow: /*\x80*\xFF$\n";
    RobotsRules r = for_khobao(body);
    (void)r.allowed("/");
    (void)r.allowed(body.substr(0, 200));
  }
  // long wildcard chains against a long path stay quick
  std::string pattern = "/";
  for (int i = 0; i < 200; ++i) pattern += "*a";
  RobotsRules r = for_khobao("User-agent: *\nDisallow: " + pattern + "b\n");
  CHECK(r.allowed("/" + std::string(5000, 'a')));
  CHECK_FALSE(r.allowed("/" + std::string(5000, 'a') + "b"));
}

TEST_CASE("hand-made rules and an empty path", "[robots]") {
  RobotsRules r;
  r.rules.push_back({false, "/"});
  r.rules.push_back({true, "/$"});
  CHECK(r.allowed(""));  // read as "/"
  CHECK(r.allowed("/"));
  CHECK_FALSE(r.allowed("/x"));
  CHECK(RobotsRules::allow_all().allowed("/x"));
}

TEST_CASE("what a robots.txt status means", "[robots]") {
  const char* body = "User-agent: *\nDisallow: /private/\n";
  SECTION("2xx: the body") {
    for (int s : {200, 203, 299}) {
      RobotsRules r = robots_for_status(s, body, "khobao");
      CHECK_FALSE(r.allowed("/private/x"));
      CHECK(r.allowed("/public"));
    }
  }
  SECTION("4xx: allow all, the body is not read") {
    for (int s : {400, 401, 403, 404, 410, 451}) {
      INFO(s);
      RobotsRules r = robots_for_status(s, body, "khobao");
      CHECK(r.allowed("/private/x"));
      CHECK_FALSE(r.disallow_all);
    }
  }
  SECTION("3xx left over: allow all") { CHECK(robots_for_status(301, body, "khobao").allowed("/private/x")); }
  SECTION("5xx, 429 and no response: disallow everything") {
    for (std::optional<int> s : {std::optional<int>(500), std::optional<int>(503), std::optional<int>(599),
                                 std::optional<int>(429), std::optional<int>()}) {
      RobotsRules r = robots_for_status(s, body, "khobao");
      CHECK(r.disallow_all);
      CHECK_FALSE(r.allowed("/public"));
      CHECK(r.allowed("/robots.txt"));
    }
  }
  SECTION("nonsense statuses count as unreachable") {
    CHECK(robots_for_status(100, body, "khobao").disallow_all);
    CHECK(robots_for_status(0, body, "khobao").disallow_all);
    CHECK(robots_for_status(700, body, "khobao").disallow_all);
  }
}
