// An archive for the web UI's tests: articles of two sites with authors,
// captions, tags, related links and an edited version, 25 short articles to
// page through, and one hostile page whose every field carries markup,
// javascript: links and terminal escapes.
#pragma once

#include "store/archive_support.hpp"
#include "store/store.hpp"

#include <fmt/format.h>

#include <string>

namespace khobao::test {

// ESC ] (OSC), BEL, CSI sequences and the one-byte C1 CSI.
inline const std::string kServeEscapes = "\x1b]0;pwned\x07\x1b[2J\x1b[31m\xc2\x9b" "5m";
inline const std::string kXss = "\"><img src=x onerror=alert(1)>";

// The raw page of the hostile article: scripts that would leave marks in the
// document if they ran, and an image that would call home.
inline std::string hostile_raw_page(const std::string& beacon_url) {
  return "<!DOCTYPE html><html lang=\"vi\"><head><meta charset=\"utf-8\"><title>Tin nóng</title>"
         "<script>document.title = 'SCRIPT RAN';</script></head>"
         "<body onload=\"document.body.setAttribute('data-ran', 'onload')\"><h1>Tin nóng</h1>"
         "<p>Thân bài.</p><img src=\"" + beacon_url + "\" onerror=\"document.body.setAttribute('data-ran', 'onerror')\">"
         "<script>document.body.setAttribute('data-ran', 'script'); fetch('" + beacon_url + "?fetch');</script>"
         "</body></html>";
}

struct ServeArchive {
  std::int64_t edited = 0;    // page with versions 1 and 2 (Thạch Hà)
  std::int64_t related = 0;   // page the edited one links to
  std::int64_t nghean = 0;    // page of baonghean.vn
  std::int64_t hostile = 0;   // page with markup and escapes everywhere
  std::int64_t listing = 0;   // a page fetched without an article
};

// Fills the archive at `path` (created). `beacon_url` goes into the hostile
// page's raw HTML, for the browser test to see whether it was requested.
inline ServeArchive build_serve_archive(const std::string& path, const std::string& beacon_url = "http://127.0.0.1:9/beacon") {
  store::Archive archive(path, store::Access::kWrite);
  ServeArchive ids;

  khobao::Article related = article("Hà Tĩnh mở rộng vùng trồng bưởi Phúc Trạch",
                                     "Nông dân Hương Khê mở rộng vùng trồng bưởi.\n\nSản lượng tăng mạnh.",
                                     {"Thu Hà"});
  related.url = "http://baohatinh.vn/ha-tinh-mo-rong-vung-trong-buoi-phuc-trach-post1.html";
  related.published_at = "2026-10-02T08:00:00+07:00";
  ids.related = archive.store_fetch(fetch(*related.url, "2026-10-02T02:00:00Z", "<p>buoi</p>"), related).page_id;

  auto edited = [&](const std::string& body) {
    khobao::Article a = article("Thạch Hà triển khai kế hoạch phòng chống thiên tai", body,
                                 {"Thu Hà", "Nguyễn Văn An"});
    a.url = "http://baohatinh.vn/thach-ha-trien-khai-ke-hoach-phong-chong-thien-tai-post2.html";
    a.lead = "(Baohatinh.vn) - Huyện Thạch Hà chủ động ứng phó với mùa mưa bão.";
    a.published_at = "2026-10-05T07:30:00+07:00";
    a.captions = {{"Lực lượng xung kích ra quân.", "http://baohatinh.vn/images/xung-kich.jpg"}};
    a.tags = {"Thạch Hà", "thiên tai"};
    a.related = {{*related.url, "Hà Tĩnh mở rộng vùng trồng bưởi Phúc Trạch", std::nullopt},
                 {"http://baohatinh.vn/chua-luu-post9.html", "Một bài chưa lưu", std::string("Tóm tắt.")},
                 {"javascript:alert(5)", "Liên kết javascript", std::nullopt}};
    return a;
  };
  khobao::FetchRecord first = fetch(*edited("").url, "2026-10-05T01:00:00Z", "<html><body><p>v1</p></body></html>");
  ids.edited = archive.store_fetch(first, edited("Đoạn một nói về đê điều.\n\nĐoạn hai nói về sơ tán dân.")).page_id;
  khobao::FetchRecord second = fetch(*edited("").url, "2026-10-06T01:00:00Z", "<html><body><p>v2</p></body></html>");
  archive.store_fetch(second, edited("Đoạn một nói về đê điều và kè biển.\n\nĐoạn hai nói về sơ tán dân."));

  khobao::Article nghean = article("Nghệ An đón du khách về quê Bác", "Khu di tích Kim Liên đón khách.", {"Minh Châu"});
  nghean.url = "http://baonghean.vn/nghe-an-don-du-khach-post3.html";
  nghean.published_at = "2026-09-01T09:00:00+07:00";
  khobao::FetchRecord na = fetch(*nghean.url, "2026-09-01T03:00:00Z", "<p>na</p>");
  na.site = "baonghean.vn";
  ids.nghean = archive.store_fetch(na, nghean).page_id;

  for (int i = 1; i <= 25; ++i) {
    khobao::Article a = article(fmt::format("Bản tin nông nghiệp số {}", i),
                                 fmt::format("Bản tin số {} về lúa hè thu ở Can Lộc.", i), {"Quang Trang"});
    a.url = fmt::format("http://baohatinh.vn/ban-tin-nong-nghiep-so-{}-post{}.html", i, 100 + i);
    a.published_at = fmt::format("2026-08-{:02}T06:00:00+07:00", i);
    archive.store_fetch(fetch(*a.url, fmt::format("2026-08-{:02}T00:00:00Z", i), fmt::format("<p>{}</p>", i)), a);
  }

  const std::string url = "http://baohatinh.vn/tin-nong-%1B%5B31m-\"><script>alert(1)</script>.html";
  khobao::Article hostile = article("Tin nóng <script>alert(1)</script>" + kXss + kServeEscapes + " hôm nay",
                                     "Đoạn có <script>alert('x')</script> và " + kXss + " và " + kServeEscapes +
                                         " giữa câu.",
                                     {"Nguyễn Văn An" + kServeEscapes + kXss});
  hostile.url = url;
  hostile.lead = "Mở đầu <b>đậm</b> " + kXss;
  hostile.source = "<script>alert('source')</script>";
  hostile.published_at = "2026-10-07T08:00:00+07:00\"><script>alert(6)</script>";
  hostile.captions = {{"Ảnh " + kXss, "javascript:alert(7)"}};
  hostile.tags = {"<script>alert(8)</script>"};
  hostile.related = {{"javascript:alert(4)", "Bài " + kServeEscapes + " liên quan", std::nullopt},
                     {"data:text/html,<script>alert(3)</script>", "Dữ liệu", std::nullopt}};
  khobao::FetchRecord hf = fetch(url, "2026-10-07T01:00:00Z", hostile_raw_page(beacon_url));
  ids.hostile = archive.store_fetch(hf, hostile).page_id;

  khobao::FetchRecord listing = fetch("http://baohatinh.vn/thoi-su/", "2026-10-07T01:00:00Z", "<p>menu</p>");
  listing.page_kind = "listing";
  ids.listing = archive.store_fetch(listing, std::nullopt).page_id;
  return ids;
}

}  // namespace khobao::test
