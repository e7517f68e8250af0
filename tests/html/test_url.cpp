// Resolving links against the page URL (RFC 3986 section 5.4's examples).
#include "html/url.hpp"

#include <catch2/catch.hpp>

using khobao::html::resolve_url;
using khobao::html::url_host;

TEST_CASE("relative references resolve as RFC 3986 says", "[url]") {
  const char* base = "http://a/b/c/d;p?q";
  CHECK(resolve_url(base, "g") == "http://a/b/c/g");
  CHECK(resolve_url(base, "./g") == "http://a/b/c/g");
  CHECK(resolve_url(base, "g/") == "http://a/b/c/g/");
  CHECK(resolve_url(base, "/g") == "http://a/g");
  CHECK(resolve_url(base, "//g") == "http://g/");
  CHECK(resolve_url(base, "?y") == "http://a/b/c/d;p?y");
  CHECK(resolve_url(base, "g?y") == "http://a/b/c/g?y");
  CHECK(resolve_url(base, "#s") == "http://a/b/c/d;p?q#s");
  CHECK(resolve_url(base, "") == "http://a/b/c/d;p?q");
  CHECK(resolve_url(base, "..") == "http://a/b/");
  CHECK(resolve_url(base, "../g") == "http://a/b/g");
  CHECK(resolve_url(base, "../../g") == "http://a/g");
  CHECK(resolve_url(base, "../../../g") == "http://a/g");
  CHECK(resolve_url(base, "/./g") == "http://a/g");
  CHECK(resolve_url(base, "g/../h") == "http://a/b/c/h");
}

TEST_CASE("only http(s) links come out", "[url]") {
  CHECK(resolve_url("https://baohatinh.vn/", "javascript:void(0)") == "");
  CHECK(resolve_url("https://baohatinh.vn/", "mailto:a@b") == "");
  CHECK(resolve_url("https://baohatinh.vn/", "data:image/gif;base64,R0") == "");
  CHECK(resolve_url("", "/relative") == "");
  CHECK(resolve_url("", "HTTPS://i.baohatinh.vn/x.jpg") == "https://i.baohatinh.vn/x.jpg");
  CHECK(resolve_url("https://baohatinh.vn/a/", " \n/b\t/c ") == "https://baohatinh.vn/b/c");
}

TEST_CASE("url_host lower-cases and drops port and credentials", "[url]") {
  CHECK(url_host("https://User@BaoHaTinh.VN:8443/x") == "baohatinh.vn");
  CHECK(url_host("http://[::1]:80/") == "[::1]");
  CHECK(url_host("ftp://x/") == "");
  CHECK(url_host("not a url") == "");
}
