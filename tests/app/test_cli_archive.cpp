// The archive commands as a user runs them: import, search, show, history,
// diff, export, reextract, sites, stats; exit codes and bad input.
#include "app/cli_support.hpp"
#include "store/warc_strict.hpp"
#include "support.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <fstream>

namespace fs = std::filesystem;
using nlohmann::json;
using khobao::test::lines;
using khobao::test::quote;
using khobao::test::read_file;
using khobao::test::Run;
using khobao::test::run_khobao;
using khobao::test::TempDir;

namespace {

const std::string kSites = "tests/fixtures/sites/";
const std::string kUrl2018 = "https://baohatinh.vn/thach-ha/xa-hoi/2018/07/05/154311.htm";
const std::string kUrlNew = "https://baohatinh.vn/buoi-phuc-trach-vao-vu-nha-vuon-huong-khe-tat-bat-don-thuong-lai-post281406.html";

// An archive holding the baohatinh.vn fixtures, imported with an input list.
struct ImportedArchive {
  TempDir dir;
  std::string archive = (dir / "a.sqlite").string();

  ImportedArchive() {
    std::ofstream list(dir / "list.tsv");
    list << kSites << "baohatinh.vn/2018-thach-ha.html\t" << kUrl2018 << "\t2018-07-05T10:00:00+07:00\n"
         << kSites << "baohatinh.vn/new-cms-article.html\t" << kUrlNew << "\t2024-09-12T09:00:00+07:00\n"
         << kSites << "baonghean.vn/article.html\thttps://baonghean.vn/bai-viet-10293847.html\t2024-05-01T00:00:00Z\n";
    list.close();
    Run r = run("import --input-list " + quote((dir / "list.tsv").string()));
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    CHECK_THAT(r.err, Catch::Contains("imported 3 pages: 3 new versions"));
  }

  Run run(const std::string& args) const { return run_khobao("--archive " + quote(archive) + " " + args); }
};

std::vector<json> json_lines(const std::string& out) {
  std::vector<json> records;
  for (const auto& line : lines(out)) records.push_back(json::parse(line));
  return records;
}

// The new-CMS fixture with one word of its body corrected.
std::string edited_new_article() {
  std::string html = read_file(khobao::test::fixtures() / "sites/baohatinh.vn/new-cms-article.html");
  size_t at = html.find("gần 1 ha");
  REQUIRE(at != std::string::npos);
  return html.replace(at, std::string("gần 1 ha").size(), "gần 2 ha");
}

}  // namespace

TEST_CASE("search finds imported articles with and without diacritics", "[cli][archive]") {
  ImportedArchive a;
  for (const char* query : {"thach ha", "'Thạch Hà'", "'buoi phuc trach'", "'Bưởi Phúc Trạch'"}) {
    Run r = a.run(std::string("search --json ") + query);
    INFO(query << "\n" << r.err);
    CHECK(r.exit_code == 0);
    CHECK_FALSE(json_lines(r.out).empty());
  }
  Run r = a.run("search --json --site baonghean.vn 'buoi phuc trach'");
  CHECK(r.exit_code == 0);
  CHECK(r.out.empty());
  Run text = a.run("search 'phuc trach'");
  CHECK_THAT(text.out, Catch::Contains("Bưởi Phúc Trạch vào vụ"));
  CHECK_THAT(text.out, Catch::Contains(kUrlNew));
}

TEST_CASE("show prints the archived record, by URL or id", "[cli][archive]") {
  ImportedArchive a;
  Run r = a.run("show --json " + quote(kUrlNew));
  REQUIRE(r.exit_code == 0);
  json shown = json::parse(r.out);
  json expected = json::parse(read_file(khobao::test::fixtures() / "sites/baohatinh.vn/new-cms-article.expected.json"));
  CHECK(shown["title"] == expected["title"]);
  CHECK(shown["body"] == expected["body"]);
  CHECK(shown["authors"] == expected["authors"]);
  CHECK(shown["version"] == 1);
  Run by_id = a.run("show --json " + std::to_string(shown["page_id"].get<int>()));
  CHECK(json::parse(by_id.out)["title"] == expected["title"]);
  Run text = a.run("show " + quote(kUrlNew));
  CHECK_THAT(text.out, Catch::Contains("version 1 of 1"));
}

TEST_CASE("import --url normalizes: the page a crawl of that URL files", "[cli][archive][door]") {
  ImportedArchive a;
  khobao::test::write_file(a.dir / "edited.html", edited_new_article());
  // www. folded, a tracking parameter and the fragment dropped, then the
  // page's canonical link in its own site: kUrlNew, one page.
  std::string given = "https://www.baohatinh.vn/buoi-phuc-trach-vao-vu-nha-vuon-huong-khe-tat-bat-don-thuong-lai-"
                      "post281406.html?utm_source=zalo#comments";
  Run imported = a.run("import --url " + quote(given) + " --fetched-at 2024-09-13T09:00:00+07:00 " +
                       quote((a.dir / "edited.html").string()));
  INFO(imported.err);
  REQUIRE(imported.exit_code == 0);
  CHECK_THAT(imported.err, Catch::Contains("1 new versions"));
  Run text = a.run("show " + quote(kUrlNew));
  CHECK_THAT(text.out, Catch::Contains("version 2 of 2"));
  Run stats = a.run("stats --json");
  CHECK(json::parse(stats.out)["pages"] == 3);
}

TEST_CASE("import --url refuses what is not an http(s) URL, writing nothing", "[cli][archive][door]") {
  ImportedArchive a;
  khobao::test::write_file(a.dir / "edited.html", edited_new_article());
  int pages_before = json::parse(a.run("stats --json").out)["pages"];
  Run refused = a.run("import --url 'javascript:alert(1)' " + quote((a.dir / "edited.html").string()));
  CHECK(refused.exit_code == 2);
  CHECK_THAT(refused.err, Catch::Contains("'javascript:alert(1)'") && Catch::Contains("not an http(s) URL"));
  CHECK(json::parse(a.run("stats --json").out)["pages"] == pages_before);
}

TEST_CASE("an edited article becomes version 2, with its history and word diff", "[cli][archive]") {
  ImportedArchive a;
  khobao::test::write_file(a.dir / "edited.html", edited_new_article());
  Run imported = a.run("import --url " + quote(kUrlNew) + " --fetched-at 2024-09-13T09:00:00+07:00 " +
                       quote((a.dir / "edited.html").string()));
  REQUIRE(imported.exit_code == 0);
  // The same bytes again, a day later: a fetch, no version.
  Run again = a.run("import --url " + quote(kUrlNew) + " --fetched-at 2024-09-14T09:00:00+07:00 " +
                    quote((a.dir / "edited.html").string()));
  CHECK_THAT(again.err, Catch::Contains("0 new versions, 1 unchanged"));

  json history = json::parse(a.run("history --json " + quote(kUrlNew)).out);
  REQUIRE(history["versions"].size() == 2);
  CHECK(history["versions"][1]["fetched_at"] == "2024-09-13T02:00:00Z");
  CHECK(history["fetches"].size() == 3);

  Run diff = a.run("diff " + quote(kUrlNew));
  REQUIRE(diff.exit_code == 0);
  CHECK_THAT(diff.out, Catch::Contains("[-1-]{+2+}"));
  json changes = json::parse(a.run("diff --json --from 1 --to 2 " + quote(kUrlNew)).out)["changes"];
  CHECK(changes.size() == 1);
  REQUIRE(changes.contains("body"));
  int deletes = 0;
  for (const auto& chunk : changes["body"])
    if (chunk["op"] == "delete") {
      ++deletes;
      CHECK(chunk["text"] == "1");
    }
  CHECK(deletes == 1);
  CHECK(a.run("diff --from 1 --to 7 " + quote(kUrlNew)).exit_code == 2);
}

TEST_CASE("export writes JSON Lines, CSV, and a WARC that a strict reader accepts", "[cli][archive][warc]") {
  ImportedArchive a;
  Run jsonl = a.run("export --format jsonl");
  REQUIRE(jsonl.exit_code == 0);
  CHECK(json_lines(jsonl.out).size() == 3);
  Run site_only = a.run("export --format jsonl --site baonghean.vn");
  CHECK(json_lines(site_only.out).size() == 1);

  Run csv = a.run("export --format csv -o " + quote((a.dir / "out.csv").string()));
  REQUIRE(csv.exit_code == 0);
  std::string table = read_file(a.dir / "out.csv");
  CHECK(table.starts_with("page_id,version,fetched_at,url,"));
  CHECK_THAT(table, Catch::Contains("Bưởi Phúc Trạch"));

  std::string warc_path = (a.dir / "out.warc.gz").string();
  Run warc = a.run("export --format warc -o " + quote(warc_path));
  INFO(warc.err);
  REQUIRE(warc.exit_code == 0);
  std::string warc_bytes = read_file(warc_path);
  CHECK(khobao::test::strict_warc_problems(warc_bytes).empty());
  std::string cdxj = read_file(a.dir / "out.cdxj");
  CHECK(lines(cdxj).size() == 3);
  CHECK(khobao::test::cdxj_problems(cdxj, warc_bytes).empty());
  CHECK(a.run("export --format warc").exit_code == 2);  // a WARC needs -o

  // The WARC imports into a new archive with the same records.
  TempDir other;
  std::string copy = (other / "b.sqlite").string();
  Run back = run_khobao("--archive " + quote(copy) + " import --warc " + quote(warc_path));
  INFO(back.err);
  REQUIRE(back.exit_code == 0);
  std::vector<json> original = json_lines(jsonl.out);
  std::vector<json> copied = json_lines(run_khobao("--archive " + quote(copy) + " export --format jsonl").out);
  REQUIRE(copied.size() == original.size());
  for (size_t i = 0; i < copied.size(); ++i) {
    CHECK(copied[i]["body"] == original[i]["body"]);
    CHECK(copied[i]["fetched_at"] == original[i]["fetched_at"]);
  }
}

TEST_CASE("a damaged WARC: records before the damage are imported, the offset reported, exit 1",
          "[cli][archive][warc][bad-input]") {
  ImportedArchive a;
  std::string warc_path = (a.dir / "out.warc.gz").string();
  REQUIRE(a.run("export --format warc -o " + quote(warc_path)).exit_code == 0);
  std::string bytes = read_file(warc_path);
  // Cut through the last response record: the offset the index gives it, plus a little.
  std::uint64_t last_response = 0;
  for (const auto& line : lines(read_file(a.dir / "out.cdxj")))
    last_response = std::max<std::uint64_t>(last_response, std::stoull(json::parse(line.substr(line.find('{')))["offset"].get<std::string>()));
  khobao::test::write_file(a.dir / "cut.warc.gz", bytes.substr(0, last_response + 100));
  TempDir other;
  Run r = run_khobao("--archive " + quote((other / "b.sqlite").string()) + " import --warc " +
                     quote((a.dir / "cut.warc.gz").string()));
  CHECK(r.exit_code == 1);
  CHECK_THAT(r.err, Catch::Contains("offset"));
  CHECK_THAT(r.err, Catch::Contains("imported 2 pages"));

  khobao::test::write_file(a.dir / "random.warc.gz", std::string(5000, '\x5a'));
  Run junk = run_khobao("--archive " + quote((other / "b.sqlite").string()) + " import --warc " +
                        quote((a.dir / "random.warc.gz").string()));
  CHECK(junk.exit_code == 1);
  CHECK_THAT(junk.err, Catch::Contains("offset 0"));
}

TEST_CASE("reextract, sites and stats", "[cli][archive]") {
  ImportedArchive a;
  Run r = a.run("reextract");
  INFO(r.err);
  CHECK(r.exit_code == 0);
  CHECK_THAT(r.err, Catch::Contains("re-extracted 3 pages: 0 changed"));
  // Without the selector files, the generic extractor takes over: versions change in place.
  TempDir empty;
  Run generic = run_khobao("--archive " + quote(a.archive) + " --selectors " + quote(empty.path().string()) +
                           " reextract --site baonghean.vn");
  CHECK(generic.exit_code == 0);
  CHECK_THAT(generic.err, Catch::Contains("re-extracted 1 pages"));

  std::vector<json> sites = json_lines(a.run("sites --json").out);
  bool found = false;
  for (const auto& s : sites)
    if (s["site"] == "baohatinh.vn") {
      found = true;
      CHECK(s["articles"] == 2);
      CHECK(s["selector_file"] == true);
    }
  CHECK(found);
  json stats = json::parse(a.run("stats --json").out);
  CHECK(stats["versions"] == 3);
  CHECK(stats["blobs"] == 3);
  CHECK(stats["schema_version"].get<int>() >= 2);
}

TEST_CASE("bad archive files, queries and pages: a message and exit 2", "[cli][archive][bad-input]") {
  ImportedArchive a;
  khobao::test::write_file(a.dir / "notes.txt", "not an archive");
  Run foreign = run_khobao("--archive " + quote((a.dir / "notes.txt").string()) + " search x");
  CHECK(foreign.exit_code == 2);
  CHECK_THAT(foreign.err, Catch::Contains("not an SQLite database"));
  CHECK(read_file(a.dir / "notes.txt") == "not an archive");
  Run missing = run_khobao("--archive " + quote((a.dir / "none.sqlite").string()) + " search x");
  CHECK(missing.exit_code == 2);
  CHECK_FALSE(fs::exists(a.dir / "none.sqlite"));
  for (const char* query : {"'\"'", "'AND OR'", "'*'"}) {
    Run r = a.run(std::string("search ") + query);
    INFO(query);
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Catch::Contains("search"));
  }
  CHECK(a.run("show https://baohatinh.vn/no-such-page.html").exit_code == 2);
  CHECK(a.run("show --version 9 " + quote(kUrlNew)).exit_code == 2);
}

TEST_CASE("a plain sqlite3 shell and the zstd tool read the archive as docs/archive.md says", "[cli][archive]") {
  if (std::system("command -v sqlite3 >/dev/null && command -v zstd >/dev/null") != 0) {
    WARN("sqlite3 or zstd is not installed: skipped");
    return;
  }
  ImportedArchive a;
  khobao::test::write_file(a.dir / "edited.html", edited_new_article());
  REQUIRE(a.run("import --url " + quote(kUrlNew) + " " + quote((a.dir / "edited.html").string())).exit_code == 0);
  auto shell = [&](const std::string& sql) {
    std::string cmd = "cd " + quote(a.dir.path().string()) + " && sqlite3 " + quote(a.archive) + " " + quote(sql) +
                      " > out.txt 2>&1";
    CHECK(std::system(cmd.c_str()) == 0);
    return read_file(a.dir / "out.txt");
  };
  CHECK(shell("SELECT count(*) FROM version_fts WHERE version_fts MATCH 'Thạch Hà'") != "0\n");
  CHECK(shell("SELECT count(*) FROM version_fts WHERE version_fts MATCH 'Bưởi Phúc Trạch'") == "2\n");
  CHECK(shell("SELECT count(*) FROM version_fts WHERE version_fts MATCH 'buoi phuc trach'") == "2\n");

  // The edited page, the last blob, was compressed against a reference page:
  // decode it with zstd --patch-from.
  std::string ids = shell("SELECT max(id) FROM blob WHERE codec = 'zstd+ref'");
  REQUIRE_FALSE(ids.empty());
  shell("SELECT writefile('ref.zst', r.data), writefile('page.zst', b.data) FROM blob b "
        "JOIN blob r ON r.id = b.reference_id WHERE b.id = " + std::to_string(std::stoi(ids)));
  std::string cmd = "cd " + quote(a.dir.path().string()) +
                    " && zstd -q -d ref.zst -o ref.html && zstd -q -d --patch-from=ref.html --memory=128MB page.zst "
                    "-o page.html";
  REQUIRE(std::system(cmd.c_str()) == 0);
  CHECK(read_file(a.dir / "page.html") == edited_new_article());
}

TEST_CASE("a saved page without a URL is filed under its canonical link", "[cli][archive]") {
  TempDir dir;
  std::string archive = "--archive " + quote((dir / "a.sqlite").string()) + " ";
  Run r = run_khobao(archive + "import --fetched-at 2025-03-14T07:00:00+07:00 " + kSites +
                     "baohatinh.vn/redesigned-article.html");
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  json shown = json::parse(
      run_khobao(archive + "show --json https://baohatinh.vn/ngu-dan-cam-nhuong-trung-dam-ruoc-bien-dau-mua-post287915.html").out);
  CHECK(shown["fetched_at"] == "2025-03-14T00:00:00Z");

  khobao::test::write_file(dir / "bare.html", "<html><body><p>Một trang không có liên kết chuẩn, đủ dài để có thân bài "
                                              "như một bài báo ngắn về huyện Thạch Hà.</p></body></html>");
  Run bare = run_khobao(archive + "import " + quote((dir / "bare.html").string()));
  CHECK(bare.exit_code == 1);
  CHECK_THAT(bare.err, Catch::Contains("no URL"));
}
