// url::surt: the keys of pywb's CDXJ indexes, as the Python surt package computes them.
#include "url/url.hpp"

#include <catch2/catch.hpp>

using khobao::url::surt;

TEST_CASE("SURT keys are the surt package's", "[url]") {
  // Expected values from the surt package's own tests and pywb's behaviour.
  CHECK(surt("http://www.archive.org/") == "org,archive)/");
  CHECK(surt("http://archive.org/goo/") == "org,archive)/goo");
  CHECK(surt("http://archive.org/goo/?") == "org,archive)/goo");
  CHECK(surt("http://archive.org/goo/?b&a") == "org,archive)/goo?a&b");
  CHECK(surt("http://archive.org/goo/?a=2&b&a=1") == "org,archive)/goo?a=1&a=2&b");
  CHECK(surt("http://www34.archive.org/index.html?b=a&b=b&a=b") == "org,archive)/index.html?a=b&b=a&b=b");
  CHECK(surt("http://www2foo.com/") == "com,www2foo)/");
  CHECK(surt("https://www.archive.org:443/") == "org,archive)/");
  CHECK(surt("http://www.archive.org:8080/big/") == "org,archive:8080)/big");
  CHECK(surt("http://user:secret@Example.COM./x") == "com,example)/x");
  CHECK(surt("http://example.com/foo?X=Y") == "com,example)/foo?x=y");
  CHECK(surt("http://www.google.com/blah/..") == "com,google)/");
  CHECK(surt("http://host.com//twoslashes?more//slashes") == "com,host)/twoslashes?more//slashes");
  CHECK(surt("http://evil.com/foo#bar#baz") == "com,evil)/foo");
  CHECK(surt("http://host/%25%32%35") == "host)/%25");
  CHECK(surt("www.example.com/x") == "com,example)/x");
  CHECK(surt("dns:archive.org") == "dns:archive.org");
  CHECK(surt("https://baohatinh.vn/tin-tức/a.htm") == "vn,baohatinh)/tin-t%e1%bb%a9c/a.htm");
  CHECK(surt("http://visit.webhosting.yahoo.com/visit.gif?&r=http%3A//web.archive.org/web/20090517140029/"
             "http%3A//anthonystewarthead.electric-chi.com/&b=Netscape%205.0%20%28Windows%3B%20en-US%29&s=1366x768"
             "&o=Win32&c=24&j=true&v=1.2") ==
        "com,yahoo,webhosting,visit)/visit.gif?&b=netscape%205.0%20(windows;%20en-us)&c=24&j=true&o=win32"
        "&r=http://web.archive.org/web/20090517140029/http://anthonystewarthead.electric-chi.com/&s=1366x768&v=1.2");
}
