// Extraction failures as an archivist meets them: a site re-platforms one
// article so that its selector file finds no body; the crawl keeps the
// article flagged and counts it (exit 0: it is not a fetch error), update
// counts it again, `sites` shows its share and lists it, `stats` names the
// site, and `reextract` with a mended selector file clears the flag.
#include "update_support.hpp"

#include "app/cli_support.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <functional>

using namespace khobao;
using namespace khobao::test;

namespace {

// The re-platformed page: title and lead where the selector file looks for
// them, the date in its metadata, the text in a container it does not know.
std::string replatformed_page(const testsite::ArticleTruth& a) {
  return "<!DOCTYPE html><html lang=\"vi\"><head><meta charset=\"utf-8\"><title>" + testsite::html_escape(a.title) +
         "</title><link rel=\"canonical\" href=\"" + a.url + "\">"
         "<meta property=\"article:published_time\" content=\"2025-03-01T08:00:00+07:00\"></head><body>"
         "<h1 class=\"article__title cms-title\">" + testsite::html_escape(a.title) + "</h1>"
         "<div class=\"article__sapo cms-desc\"><p>" + testsite::html_escape(a.lead) + "</p></div>"
         "<div class=\"content-v2\"><p>Khoảng 300 đại biểu, nông dân và cán bộ đã dự hội nghị tổng kết mùa màng năm "
         "nay ở huyện Thạch Hà, nhiều người phấn khởi.</p><p>Năng suất lúa đạt cao nhất trong mười năm qua, theo "
         "báo cáo của phòng nông nghiệp huyện, cao hơn năm trước.</p></div></body></html>";
}

// The bundled selector files in `dir`, baohatinh.vn's changed by `edit`.
std::string selectors_with(const TempDir& tmp, const std::string& dir,
                           const std::function<void(std::string&)>& edit) {
  std::filesystem::create_directories(tmp / dir);
  for (const auto& entry : std::filesystem::directory_iterator(source_dir() / "selectors")) {
    std::string text = read_file(entry.path());
    if (entry.path().filename() == "baohatinh.vn.toml") edit(text);
    write_file(tmp / dir / entry.path().filename(), text);
  }
  return " --selectors " + quote((tmp / dir).string());
}

void replace_once(std::string& text, const std::string& from, const std::string& to) {
  size_t at = text.find(from);
  REQUIRE(at != std::string::npos);
  text.replace(at, from.size(), to);
}

const testsite::ArticleTruth& new_cms_article(const testsite::SiteServer& server) {
  for (const testsite::ArticleTruth& a : server.articles("baohatinh.vn"))
    if (a.markup == testsite::Markup::kBaohatinhNew) return a;
  FAIL("no new-CMS article on the test site");
  throw std::logic_error("unreachable");
}

}  // namespace

TEST_CASE("an article whose body the extractor misses is kept, counted, listed and mended by reextract",
          "[crawl][cli][failures]") {
  auto server = start_site(5, {"baohatinh.vn"});
  const testsite::ArticleTruth& a = new_cms_article(*server);
  testsite::Fault page;
  page.kind = testsite::FaultKind::kBody;
  page.status = 200;
  page.content_type = "text/html; charset=utf-8";
  page.body = replatformed_page(a);
  server->set_fault("baohatinh.vn", a.path, page);

  TempDir dir;
  std::string archive = " --archive " + quote((dir / "archive" / "k.sqlite").string());
  // A stale rule of the file removes the new container (the old CMS used that
  // class for a box of links): neither the file nor the generic extractor
  // finds a body.
  std::string stale = selectors_with(dir, "stale", [](std::string& toml) {
    replace_once(toml, "\"div.rennab\",", "\"div.rennab\",\n  \"div.content-v2\",");
  });
  std::string crawl_args = " --delay 0 --seed http://baohatinh.vn/" + routes(*server);

  Run crawl = run_khobao(archive + stale + " crawl" + crawl_args);
  INFO(crawl.err);
  REQUIRE(crawl.exit_code == 0);
  CHECK(crawl.err.find("; 1 extraction failure (no body 1, short 0);") != std::string::npos);
  std::size_t articles = server->articles("baohatinh.vn").size();
  CHECK(crawl.err.find(" " + std::to_string(articles) + " new versions") != std::string::npos);

  // Kept with what was found, flagged.
  Run show = run_khobao(archive + " show --json " + quote(a.url));
  REQUIRE(show.exit_code == 0);
  nlohmann::json record = nlohmann::json::parse(show.out);
  CHECK(record["title"] == a.title);
  CHECK(record["lead"] == a.lead);
  CHECK(record["published_at"] == "2025-03-01T08:00:00+07:00");
  CHECK(record["body"] == "");
  CHECK(record["failure"] == "no body");
  CHECK(run_khobao(archive + " show " + quote(a.url)).out.find("[extraction failure: no body") != std::string::npos);
  CHECK(run_khobao(archive + " history " + quote(a.url)).out.find(", extraction failure: no body)") != std::string::npos);

  // A crawl run again fetches the page in full (it has no validators) and counts it again, in JSON too.
  Run again = run_khobao(archive + stale + " --quiet crawl --json" + crawl_args);
  REQUIRE(again.exit_code == 0);
  nlohmann::json summary = nlohmann::json::parse(again.out);
  CHECK(summary["extraction_failures"] == 1);
  CHECK(summary["no_body"] == 1);
  CHECK(summary["short_body"] == 0);
  REQUIRE(summary["failed_urls"].size() == 1);
  CHECK(summary["failed_urls"][0]["url"] == a.url);
  CHECK(summary["failed_urls"][0]["reason"] == "no body");
  CHECK(summary["failed_urls_more"] == 0);
  CHECK(summary["new_versions"] == 0);

  // So does update, when the articles are due again: 1 h after the first visit, then 6 h after the second.
  Run update = run_khobao(archive + stale + " --quiet update --json --delay 0" + routes(*server) + " --now " +
                          store::utc_time(store::clock_now() + 7 * kHour));
  INFO(update.out);
  REQUIRE(update.exit_code == 0);
  nlohmann::json u = nlohmann::json::parse(update.out);
  CHECK(u["extraction_failures"] == 1);
  CHECK(u["by_site"][0]["extraction_failures"] == 1);
  REQUIRE(u["failed_urls"].size() == 1);
  CHECK(u["failed_urls"][0]["url"] == a.url);
  // The log names it, with its reason, at warning level.
  std::string log = read_file(dir / "archive" / "khobao.log");
  CHECK(log.find(" warning: " + a.url + ": extraction failure: no body") != std::string::npos);

  // sites: the share per site, and the list.
  std::string share = "1 (" + fmt::format("{:.1f}", 100.0 / static_cast<double>(articles)) + "%)";
  Run table = run_khobao(archive + " sites --site baohatinh.vn");
  REQUIRE(table.exit_code == 0);
  CHECK(table.out.find("failures") != std::string::npos);
  CHECK(table.out.find(share) != std::string::npos);
  nlohmann::json site = nlohmann::json::parse(run_khobao(archive + " sites --json --site baohatinh.vn").out);
  CHECK(site["articles"] == articles);
  CHECK(site["extraction_failures"] == 1);
  CHECK(site["no_body"] == 1);
  Run list = run_khobao(archive + " sites --failures");
  REQUIRE(list.exit_code == 0);
  CHECK(list.out == "baohatinh.vn\tno body\t" + a.url + "\t" + a.title + "\n");
  CHECK(list.err.find("1 article whose latest version is an extraction failure") != std::string::npos);
  nlohmann::json listed = nlohmann::json::parse(run_khobao(archive + " sites --failures --json").out);
  CHECK(listed["url"] == a.url);
  CHECK(listed["reason"] == "no body");

  // stats: the total and the sites that have failures.
  Run stats = run_khobao(archive + " stats");
  CHECK(stats.out.find("failures     1 extraction failure (no body 1, short 0) among latest versions: baohatinh.vn 1") !=
        std::string::npos);
  nlohmann::json stats_json = nlohmann::json::parse(run_khobao(archive + " stats --json").out);
  CHECK(stats_json["extraction_failures"] == 1);
  CHECK(stats_json["extraction_failures_by_site"]["baohatinh.vn"] == 1);

  // The selector file learns the new container: reextract mends the article.
  std::string mended = selectors_with(dir, "mended", [](std::string& toml) {
    replace_once(toml, "div.detail_content\"", "div.detail_content, div.content-v2\"");
  });
  Run reextract = run_khobao(archive + mended + " reextract --site baohatinh.vn");
  INFO(reextract.err);
  REQUIRE(reextract.exit_code == 0);
  CHECK(reextract.err.find("extraction failures: 1 fixed, 0 new, 0 remain") != std::string::npos);
  nlohmann::json whole = nlohmann::json::parse(run_khobao(archive + " show --json " + quote(a.url)).out);
  CHECK(whole["failure"].is_null());
  CHECK(whole["body"].get<std::string>().find("huyện Thạch Hà") != std::string::npos);
  CHECK(whole["versions"] == 1);
  CHECK(run_khobao(archive + " sites --failures").out.empty());
  CHECK(nlohmann::json::parse(run_khobao(archive + " sites --json --site baohatinh.vn").out)["extraction_failures"] == 0);
}
