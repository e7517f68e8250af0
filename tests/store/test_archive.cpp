// The archive: schema, versions, raw bodies, migrations, bad files, full disks.
#include "store/store.hpp"

#include "store/archive_support.hpp"
#include "store/testing.hpp"
#include "support.hpp"

#include <catch2/catch.hpp>
#include <zlib.h>

using namespace khobao;
using khobao::test::article;
using khobao::test::fetch;
using khobao::test::site_page;
using khobao::test::TempDir;

namespace {

std::int64_t count(store::Connection& db, const char* sql) {
  store::Statement s = db.prepare(sql);
  s.step();
  return s.int64(0);
}

std::int64_t count(store::Archive& archive, const char* sql) { return count(store::testing::connection(archive), sql); }

std::string pragma_text(store::Archive& archive, const char* pragma) {
  store::Statement s = store::testing::connection(archive).prepare(pragma);
  s.step();
  return s.text(0);
}

std::size_t gzip_size(const std::string& bytes) {
  uLongf size = compressBound(bytes.size());
  std::string out(size, '\0');
  REQUIRE(compress2(reinterpret_cast<Bytef*>(out.data()), &size, reinterpret_cast<const Bytef*>(bytes.data()),
                    bytes.size(), Z_DEFAULT_COMPRESSION) == Z_OK);
  return size + 18;  // the gzip header and trailer around the deflate stream
}

}  // namespace

TEST_CASE("a new archive has the schema, WAL and khobao's application id", "[archive]") {
  TempDir dir;
  store::Archive archive((dir / "sub/a.sqlite").string(), store::Access::kWrite);
  CHECK(count(archive, "PRAGMA user_version") == store::kSchemaVersion);
  CHECK(count(archive, "PRAGMA application_id") == store::kApplicationId);
  CHECK(pragma_text(archive, "PRAGMA journal_mode") == "wal");
  CHECK(count(archive, "PRAGMA foreign_keys") == 1);
  CHECK(pragma_text(archive, "PRAGMA integrity_check") == "ok");
}

TEST_CASE("reading an archive that does not exist is an error and creates nothing", "[archive]") {
  TempDir dir;
  CHECK_THROWS_AS(store::Archive((dir / "none.sqlite").string(), store::Access::kRead), store::ArchiveFormatError);
  CHECK_FALSE(std::filesystem::exists(dir / "none.sqlite"));
}

TEST_CASE("versions: a new one only when the content changes", "[archive]") {
  TempDir dir;
  store::Archive archive((dir / "a.sqlite").string(), store::Access::kWrite);
  const std::string url = "https://baohatinh.vn/a-123.html";
  auto v1 = archive.store_fetch(fetch(url, "2026-01-01T00:00:00Z"), article("Tiêu đề", "Thân bài.", {"Thu Hà"}));
  CHECK(v1.outcome == store::FetchOutcome::kNewVersion);
  CHECK(v1.version_number == 1);

  // The same content in different bytes (a view counter changed): no version.
  auto same = archive.store_fetch(fetch(url, "2026-01-02T00:00:00Z", "<p>y</p>"), article("Tiêu đề", "Thân bài.", {"Thu Hà"}));
  CHECK(same.outcome == store::FetchOutcome::kUnchanged);
  CHECK(same.version_id == v1.version_id);

  auto v2 = archive.store_fetch(fetch(url, "2026-01-03T00:00:00Z", "<p>z</p>"),
                                article("Tiêu đề", "Thân bài đã sửa.", {"Thu Hà"}));
  CHECK(v2.outcome == store::FetchOutcome::kNewVersion);
  CHECK(v2.version_number == 2);

  // An added author is a change too.
  auto v3 = archive.store_fetch(fetch(url, "2026-01-04T00:00:00Z", "<p>w</p>"),
                                article("Tiêu đề", "Thân bài đã sửa.", {"Thu Hà", "Minh Đức"}));
  CHECK(v3.version_number == 3);

  CHECK(count(archive, "SELECT count(*) FROM fetch") == 4);
  CHECK(count(archive, "SELECT count(*) FROM version") == 3);
  auto latest = store::load_version(archive, v1.page_id, std::nullopt);
  REQUIRE(latest);
  CHECK(latest->info.number == 3);
  CHECK(latest->article.authors == std::vector<std::string>{"Thu Hà", "Minh Đức"});
  auto first = store::load_version(archive, v1.page_id, 1);
  REQUIRE(first);
  CHECK(first->article.body == "Thân bài.");
}

TEST_CASE("an extraction failure is kept as a flagged version with what was found", "[archive][failures]") {
  TempDir dir;
  store::Archive archive((dir / "a.sqlite").string(), store::Access::kWrite);
  const std::string url = "https://baohatinh.vn/c-1.html";
  khobao::Article found = article("Tiêu đề còn lại", "");
  found.lead = "Sa pô của bài.";
  found.published_at = "2026-01-01T07:00:00+07:00";
  found.failure = "no body";
  auto flagged = archive.store_fetch(fetch(url, "2026-01-01T00:00:00Z"), found);
  CHECK(flagged.outcome == store::FetchOutcome::kNewVersion);
  auto v = store::load_version(archive, flagged.page_id, std::nullopt);
  REQUIRE(v);
  CHECK(v->article.title == "Tiêu đề còn lại");
  CHECK(v->article.lead == "Sa pô của bài.");
  CHECK(v->article.published_at == "2026-01-01T07:00:00+07:00");
  CHECK(v->article.failure == "no body");
  CHECK(count(archive, "SELECT count(*) FROM fetch WHERE extraction_failure = 'no body'") == 1);

  // An empty record that does not say it failed is still no article.
  auto empty = archive.store_fetch(fetch("https://baohatinh.vn/c-2.html", "2026-01-01T00:00:00Z"), article("", ""));
  CHECK(empty.outcome == store::FetchOutcome::kNoArticle);

  // Counted per site and listed.
  auto summaries = store::site_summaries(archive);
  REQUIRE(summaries.size() == 1);
  CHECK(summaries[0].articles == 1);
  CHECK(summaries[0].extraction_failures.total == 1);
  CHECK(summaries[0].extraction_failures.no_body == 1);
  CHECK(summaries[0].failure_share() == 1.0);
  auto failed = store::failed_pages(archive, std::nullopt);
  REQUIRE(failed.size() == 1);
  CHECK(failed[0].url == url);
  CHECK(failed[0].reason == "no body");
  CHECK(failed[0].title == "Tiêu đề còn lại");
  CHECK(store::failed_pages(archive, std::string("baonghean.vn")).empty());
  CHECK(store::archive_stats(archive).extraction_failures.total == 1);

  // The whole article later: a new version, no longer flagged.
  khobao::Article whole = found;
  whole.body = "Thân bài đầy đủ.";
  whole.failure.reset();
  auto mended = archive.store_fetch(fetch(url, "2026-01-02T00:00:00Z", "<p>y</p>"), whole);
  CHECK(mended.outcome == store::FetchOutcome::kNewVersion);
  CHECK(store::failed_pages(archive, std::nullopt).empty());
  CHECK(store::load_version(archive, mended.page_id, 1)->article.failure == "no body");  // history keeps it
}

TEST_CASE("the failure flag is not content: a flag that comes or goes makes no version", "[archive][failures]") {
  TempDir dir;
  store::Archive archive((dir / "a.sqlite").string(), store::Access::kWrite);
  const std::string url = "https://baohatinh.vn/d-1.html";
  khobao::Article whole = article("Tiêu đề", "Một đoạn ngắn.");
  khobao::Article flagged = whole;
  flagged.failure = "short body: 14 of about 2000 characters";
  CHECK(store::content_hash(whole) == store::content_hash(flagged));

  auto v1 = archive.store_fetch(fetch(url, "2026-01-01T00:00:00Z"), whole);
  auto again = archive.store_fetch(fetch(url, "2026-01-02T00:00:00Z", "<p>y</p>"), flagged);
  CHECK(again.outcome == store::FetchOutcome::kUnchanged);
  CHECK(again.version_id == v1.version_id);
  CHECK(count(archive, "SELECT count(*) FROM version") == 1);
  CHECK(store::load_version(archive, v1.page_id, std::nullopt)->article.failure == flagged.failure);
  CHECK(count(archive, "SELECT count(*) FROM fetch WHERE extraction_failure IS NOT NULL") == 1);
  CHECK(store::site_summaries(archive)[0].extraction_failures.short_body == 1);

  // Read whole again: the flag goes, still one version.
  archive.store_fetch(fetch(url, "2026-01-03T00:00:00Z", "<p>z</p>"), whole);
  CHECK(count(archive, "SELECT count(*) FROM version") == 1);
  CHECK_FALSE(store::load_version(archive, v1.page_id, std::nullopt)->article.failure);
  CHECK(store::failed_pages(archive, std::nullopt).empty());
}

TEST_CASE("304 records a fetch, 404 after versions marks the page gone and keeps them", "[archive]") {
  TempDir dir;
  store::Archive archive((dir / "a.sqlite").string(), store::Access::kWrite);
  const std::string url = "https://baohatinh.vn/b-1.html";
  auto v1 = archive.store_fetch(fetch(url, "2026-01-01T00:00:00Z"), article("T", "B"));
  auto not_modified = archive.store_fetch(fetch(url, "2026-01-02T00:00:00Z", std::nullopt, 304), std::nullopt);
  CHECK(not_modified.outcome == store::FetchOutcome::kNotModified);
  auto gone = archive.store_fetch(fetch(url, "2026-01-03T00:00:00Z", "Not found", 404), std::nullopt);
  CHECK(gone.outcome == store::FetchOutcome::kGone);
  auto page = store::page_info(archive, v1.page_id);
  REQUIRE(page);
  CHECK(page->state == "gone");
  CHECK(page->gone_at == "2026-01-03T00:00:00Z");
  CHECK(page->versions == 1);
  CHECK(page->fetches == 3);
}

TEST_CASE("an imported older copy takes its place in the history by time", "[archive]") {
  TempDir dir;
  store::Archive archive((dir / "a.sqlite").string(), store::Access::kWrite);
  const std::string url = "https://baohatinh.vn/c-1.html";
  archive.store_fetch(fetch(url, "2026-01-01T00:00:00Z", "<p>1</p>"), article("T", "Một"));
  auto later = archive.store_fetch(fetch(url, "2026-03-01T00:00:00Z", "<p>3</p>"), article("T", "Ba"));
  auto middle = archive.store_fetch(fetch(url, "2026-02-01T00:00:00Z", "<p>2</p>"), article("T", "Hai"));
  CHECK(middle.version_number == 2);
  auto versions = store::versions_of(archive, later.page_id);
  REQUIRE(versions.size() == 3);
  CHECK(versions[1].created_at == "2026-02-01T00:00:00Z");
  CHECK(versions[2].created_at == "2026-03-01T00:00:00Z");
  CHECK(store::load_version(archive, later.page_id, std::nullopt)->article.body == "Ba");
  // An even older copy of the latest content moves its first sighting back.
  auto early = archive.store_fetch(fetch(url, "2026-02-15T00:00:00Z", "<p>3b</p>"), article("T", "Ba"));
  CHECK(early.outcome == store::FetchOutcome::kUnchanged);
  CHECK(store::versions_of(archive, later.page_id)[2].created_at == "2026-02-15T00:00:00Z");
}

TEST_CASE("a raw body is stored once, and pages of one site compress against a reference", "[archive][blob]") {
  TempDir dir;
  store::Archive archive((dir / "a.sqlite").string(), store::Access::kWrite);
  std::size_t gzip_total = 0;
  for (int n = 0; n < 10; ++n) {
    std::string page = site_page(n);
    gzip_total += gzip_size(page);
    archive.store_fetch(fetch(fmt::format("https://baohatinh.vn/p-{}.html", n), "2026-01-01T00:00:00Z", page),
                        article("T", fmt::format("B{}", n)));
  }
  // The same bytes again under another URL: no new blob.
  archive.store_fetch(fetch("https://baohatinh.vn/copy.html", "2026-01-01T00:00:00Z", site_page(3)), std::nullopt);
  CHECK(count(archive, "SELECT count(*) FROM blob") == 10);
  CHECK(count(archive, "SELECT count(*) FROM reference") == 1);
  CHECK(count(archive, "SELECT count(*) FROM blob WHERE codec = 'zstd+ref'") == 9);
  std::int64_t stored = count(archive, "SELECT sum(length(data)) FROM blob");
  INFO("stored " << stored << " bytes; gzip one by one " << gzip_total);
  CHECK(stored * 8 < static_cast<std::int64_t>(gzip_total));
  // Every page reads back exactly, on its own.
  store::Statement ids = store::testing::connection(archive).prepare("SELECT f.blob_id, p.url FROM fetch f JOIN page p ON p.id = f.page_id");
  while (ids.step()) {
    std::string url = ids.text(1);
    int n = url == "https://baohatinh.vn/copy.html" ? 3 : std::stoi(url.substr(url.find("p-") + 2));
    CHECK(archive.blobs().read(ids.int64(0)) == site_page(n));
  }
}

TEST_CASE("a page of another template starts a new reference", "[archive][blob]") {
  TempDir dir;
  store::Archive archive((dir / "a.sqlite").string(), store::Access::kWrite);
  archive.store_fetch(fetch("https://baohatinh.vn/1.html", "2026-01-01T00:00:00Z", site_page(1, "mau-a")), std::nullopt);
  archive.store_fetch(fetch("https://baohatinh.vn/2.html", "2026-01-01T00:00:00Z", site_page(2, "mau-a")), std::nullopt);
  std::string other;
  for (int i = 0; i < 3000; ++i) other += fmt::format("<div id=\"x{}\">{}</div>", i * 7919 % 10007, i * i);
  archive.store_fetch(fetch("https://baohatinh.vn/3.html", "2026-01-01T00:00:00Z", other), std::nullopt);
  CHECK(count(archive, "SELECT count(*) FROM reference") == 2);
}

TEST_CASE("raw bodies and references can be neither changed nor deleted", "[archive][blob]") {
  TempDir dir;
  store::Archive archive((dir / "a.sqlite").string(), store::Access::kWrite);
  archive.store_fetch(fetch("https://baohatinh.vn/1.html", "2026-01-01T00:00:00Z", site_page(1)), std::nullopt);
  CHECK_THROWS_AS(store::testing::connection(archive).exec("UPDATE blob SET data = x'00'"), store::SqliteError);
  CHECK_THROWS_AS(store::testing::connection(archive).exec("DELETE FROM blob"), store::SqliteError);
  CHECK_THROWS_AS(store::testing::connection(archive).exec("DELETE FROM reference"), store::SqliteError);
}

TEST_CASE("a damaged blob is reported, not returned", "[archive][blob]") {
  TempDir dir;
  store::Archive archive((dir / "a.sqlite").string(), store::Access::kWrite);
  archive.store_fetch(fetch("https://baohatinh.vn/1.html", "2026-01-01T00:00:00Z", "<p>short page</p>"), std::nullopt);
  store::testing::connection(archive).exec("DROP TRIGGER blob_immutable");
  store::testing::connection(archive).exec("UPDATE blob SET sha256 = zeroblob(32)");
  CHECK_THROWS_AS(archive.blobs().read(1), store::BlobCorruptError);
}

TEST_CASE("an archive left at each older schema version is migrated on open", "[archive][migration]") {
  for (int from = 0; from < store::kSchemaVersion; ++from) {
    DYNAMIC_SECTION("from schema version " << from) {
      TempDir dir;
      std::string path = (dir / "old.sqlite").string();
      {
        store::Connection db(path, store::OpenMode::kCreate);
        store::migrate_to(db, from);
        if (from >= 1) {
          db.exec("INSERT INTO site (host, first_seen) VALUES ('baohatinh.vn', '2020-01-01T00:00:00Z');"
                  "INSERT INTO page (site_id, url, discovered_at) VALUES (1, 'https://baohatinh.vn/x.html', "
                  "'2020-01-01T00:00:00Z');"
                  "INSERT INTO fetch (page_id, fetched_at, source, url, status, outcome) VALUES (1, "
                  "'2020-01-01T00:00:00Z', 'crawl', 'https://baohatinh.vn/x.html', 200, 'new-version');"
                  "INSERT INTO version (page_id, number, fetch_id, created_at, content_hash, title, body, extractor) "
                  "VALUES (1, 1, 1, '2020-01-01T00:00:00Z', zeroblob(32), 'Đảng bộ Thạch Hà', 'Thân bài', 'generic');"
                  "UPDATE page SET latest_version_id = 1;");
        }
      }
      store::Archive archive(path, store::Access::kWrite);
      CHECK(count(archive, "PRAGMA user_version") == store::kSchemaVersion);
      CHECK(pragma_text(archive, "PRAGMA integrity_check") == "ok");
      if (from >= 1) {
        store::SearchRequest request;
        request.query = "thach ha";
        CHECK(store::search(archive, request).size() == 1);
        // Versions from before extraction failures were flagged read as whole.
        CHECK_FALSE(store::load_version(archive, 1, std::nullopt)->article.failure);
        CHECK(store::site_summaries(archive)[0].extraction_failures.total == 0);
      }
    }
  }
}

TEST_CASE("foreign and newer files are refused and left untouched", "[archive][bad-input]") {
  TempDir dir;
  SECTION("a text file") {
    auto path = dir / "notes.txt";
    khobao::test::write_file(path, "these are my notes, not an archive\n");
    CHECK_THROWS_AS(store::Archive(path.string(), store::Access::kWrite), store::ArchiveFormatError);
    CHECK(khobao::test::read_file(path) == "these are my notes, not an archive\n");
    CHECK_FALSE(std::filesystem::exists(path.string() + "-wal"));
  }
  SECTION("another program's SQLite database") {
    auto path = (dir / "other.sqlite").string();
    {
      store::Connection db(path, store::OpenMode::kCreate);
      db.exec("CREATE TABLE accounts (id INTEGER PRIMARY KEY)");
    }
    std::string before = khobao::test::read_file(path);
    CHECK_THROWS_AS(store::Archive(path, store::Access::kWrite), store::ArchiveFormatError);
    CHECK(khobao::test::read_file(path) == before);
  }
  SECTION("an archive of a newer khobao") {
    auto path = (dir / "newer.sqlite").string();
    { store::Archive archive(path, store::Access::kWrite); }
    {
      store::Connection db(path, store::OpenMode::kReadWrite);
      db.exec("PRAGMA user_version = 99");
    }
    try {
      store::Archive archive(path, store::Access::kRead);
      FAIL("opened");
    } catch (const store::ArchiveFormatError& e) {
      CHECK_THAT(e.what(), Catch::Contains("newer"));
    }
    store::Connection db(path, store::OpenMode::kReadOnly);
    CHECK(count(db, "PRAGMA user_version") == 99);
  }
}

TEST_CASE("a full disk in the middle of a write rolls the fetch back", "[archive][bad-input]") {
  TempDir dir;
  std::string path = (dir / "a.sqlite").string();
  {
    store::Archive archive(path, store::Access::kWrite);
    archive.store_fetch(fetch("https://baohatinh.vn/1.html", "2026-01-01T00:00:00Z"), article("T", "B"));
    // The file may not grow any more: the next big write hits SQLITE_FULL.
    std::int64_t pages = count(archive, "PRAGMA page_count");
    store::testing::connection(archive).exec(fmt::format("PRAGMA max_page_count = {}", pages + 2).c_str());
    std::string big;
    for (int i = 0; i < 20000; ++i) big += fmt::format("<p>{} {}</p>", i, i * 7919 % 65521);
    try {
      archive.store_fetch(fetch("https://baohatinh.vn/2.html", "2026-01-02T00:00:00Z", big), article("T2", big));
      FAIL("the write succeeded");
    } catch (const store::SqliteError& e) {
      CHECK((e.code() & 0xFF) == SQLITE_FULL);
    }
  }
  store::Archive archive(path, store::Access::kWrite);
  CHECK(pragma_text(archive, "PRAGMA integrity_check") == "ok");
  CHECK(count(archive, "SELECT count(*) FROM page") == 1);
  CHECK(count(archive, "SELECT count(*) FROM fetch") == 1);
  // With room again, the next run goes on.
  archive.store_fetch(fetch("https://baohatinh.vn/2.html", "2026-01-02T00:00:00Z"), article("T2", "B2"));
  CHECK(count(archive, "SELECT count(*) FROM version") == 2);
}

TEST_CASE("a reader sees the archive before a writer's transaction, never half of it", "[archive][concurrency]") {
  TempDir dir;
  std::string path = (dir / "a.sqlite").string();
  store::Archive writer(path, store::Access::kWrite);
  writer.store_fetch(fetch("https://baohatinh.vn/1.html", "2026-01-01T00:00:00Z"), article("T", "B"));
  store::Archive reader(path, store::Access::kRead);
  {
    store::Transaction t(store::testing::connection(writer));
    store::testing::connection(writer).exec("INSERT INTO site (host, first_seen) VALUES ('other.vn', '2026-01-01T00:00:00Z')");
    auto start = std::chrono::steady_clock::now();
    CHECK(count(reader, "SELECT count(*) FROM site") == 1);
    CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(1));
    t.commit();
  }
  CHECK(count(reader, "SELECT count(*) FROM site") == 2);
  CHECK_THROWS_AS(store::testing::connection(reader).exec("DELETE FROM site"), store::SqliteError);  // readers are read-only
}

TEST_CASE("times are stored as ISO 8601 UTC", "[archive]") {
  CHECK(store::to_utc_timestamp("2026-03-07T15:00:00+07:00") == "2026-03-07T08:00:00Z");
  CHECK(store::to_utc_timestamp("2026-03-07T08:00:00.123Z") == "2026-03-07T08:00:00Z");
  CHECK(store::to_utc_timestamp("2026-03-07") == "2026-03-07T00:00:00Z");
  CHECK(store::to_utc_timestamp("2026-03-01T01:00-0200") == "2026-03-01T03:00:00Z");
  CHECK_FALSE(store::to_utc_timestamp("2026-02-30"));
  CHECK_FALSE(store::to_utc_timestamp("yesterday"));
  TempDir dir;
  store::Archive archive((dir / "a.sqlite").string(), store::Access::kWrite);
  CHECK_THROWS_AS(archive.store_fetch(fetch("https://baohatinh.vn/1.html", "07/03/2026"), std::nullopt),
                  std::invalid_argument);
}

TEST_CASE("opening the archive twice in one process keeps SQLite's locks: no other process deletes the WAL under it",
          "[archive][concurrency]") {
  // Closing any descriptor of a file drops all of a process's POSIX locks on
  // it. Opening an archive used to read its header (and probe it for
  // writing) through descriptors of its own: a crawl's worker opening its
  // reader dropped the writer's locks, and a search that ended then took
  // itself for the last user and deleted the WAL the crawl was writing.
  TempDir dir;
  std::string path = (dir / "a.sqlite").string();
  store::Archive writer(path, store::Access::kWrite);
  writer.store_fetch(fetch("https://baohatinh.vn/1.html", "2026-01-01T00:00:00Z"), article("T", "B"));
  REQUIRE(std::filesystem::exists(path + "-wal"));
  { store::Archive reader(path, store::Access::kRead); }
  store::Archive reader(path, store::Access::kRead);
  // Another process opens the archive and closes it.
  std::string cmd = "sqlite3 '" + path + "' 'SELECT count(*) FROM page' > /dev/null";
  REQUIRE(std::system(cmd.c_str()) == 0);
  CHECK(std::filesystem::exists(path + "-wal"));
  writer.store_fetch(fetch("https://baohatinh.vn/2.html", "2026-01-02T00:00:00Z"), article("T2", "B2"));
  CHECK(count(reader, "SELECT count(*) FROM version") == 2);
  CHECK(pragma_text(writer, "PRAGMA integrity_check") == "ok");
}
