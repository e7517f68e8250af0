// Building archives in tests: articles, fetches, and pages that look like a
// news site's (shared furniture, distinct text).
#pragma once

#include "store/store.hpp"

#include <fmt/format.h>

#include <string>

namespace khobao::test {

inline khobao::Article article(std::string title, std::string body, std::vector<std::string> authors = {}) {
  khobao::Article a;
  a.title = std::move(title);
  a.body = std::move(body);
  a.authors = std::move(authors);
  a.extractor = "generic";
  return a;
}

inline khobao::FetchRecord fetch(std::string url, std::string time, std::optional<std::string> body = "<p>x</p>",
                                int status = 200) {
  khobao::FetchRecord f;
  f.url = std::move(url);
  f.site = "baohatinh.vn";
  f.fetched_at = std::move(time);
  f.status = status;
  f.headers = "Content-Type: text/html; charset=utf-8\r\n";
  f.body = std::move(body);
  return f;
}

// A page of a made-up site: the same 60 KB of scripts, styles and menus
// around `n`'s own text, like the pages of one template.
inline std::string site_page(int n, const std::string& furniture_seed = "baohatinh") {
  std::string furniture;
  for (int i = 0; i < 600; ++i)
    furniture += fmt::format("<li class=\"menu-{0}\"><a href=\"/{1}/muc-{0}.html\">Chuyên mục {0} {1}</a></li>\n",
                             i, furniture_seed);
  std::string text;
  for (int i = 0; i < 40; ++i)
    text += fmt::format("<p>Đoạn {} của bài {}: huyện Thạch Hà triển khai kế hoạch số {}.</p>\n", i, n, n * 97 + i);
  return "<!doctype html><html><head><style>" + furniture + "</style></head><body><ul>" + furniture +
         "</ul><article>" + text + "</article></body></html>";
}

}  // namespace khobao::test
