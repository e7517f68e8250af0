// Tests for expand_d_variants: the exact rewrite of each query form, and each
// rule end to end against a real SQLite FTS5 table with khobao's tokenizer.
#include "store/search_query.hpp"

#include <catch2/catch.hpp>
#include "store/testing.hpp"  // SQLite itself, for an FTS5 table built by hand

#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

using khobao::store::expand_d_variants;
using khobao::store::QueryError;

namespace {

struct CloseDb {
  void operator()(sqlite3* db) const { sqlite3_close(db); }
};
struct FinalizeStatement {
  void operator()(sqlite3_stmt* statement) const { sqlite3_finalize(statement); }
};
using Db = std::unique_ptr<sqlite3, CloseDb>;
using Statement = std::unique_ptr<sqlite3_stmt, FinalizeStatement>;

void exec(sqlite3* db, const std::string& sql) {
  char* error = nullptr;
  if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
    std::string message = error ? error : "?";
    sqlite3_free(error);
    throw std::runtime_error(message);
  }
}

// An in-memory FTS5 table `t` with these columns and rows, tokenized as
// khobao's version_fts is.
Db fts_table(const std::string& columns, const std::vector<std::string>& rows) {
  sqlite3* raw = nullptr;
  if (sqlite3_open(":memory:", &raw) != SQLITE_OK) throw std::runtime_error("cannot open sqlite");
  Db db(raw);
  exec(db.get(), "CREATE VIRTUAL TABLE t USING fts5(" + columns + ", tokenize='unicode61 remove_diacritics 2')");
  for (const std::string& values : rows) exec(db.get(), "INSERT INTO t VALUES(" + values + ")");
  return db;
}

// How many rows FTS5 finds for `fts_query`, as given; throws SQLite's error.
int raw_count(sqlite3* db, const std::string& fts_query) {
  sqlite3_stmt* raw = nullptr;
  if (sqlite3_prepare_v2(db, "SELECT count(*) FROM t WHERE t MATCH ?1", -1, &raw, nullptr) != SQLITE_OK)
    throw std::runtime_error(sqlite3_errmsg(db));
  Statement statement(raw);
  sqlite3_bind_text(raw, 1, fts_query.c_str(), static_cast<int>(fts_query.size()), SQLITE_TRANSIENT);
  if (sqlite3_step(raw) != SQLITE_ROW) throw std::runtime_error(sqlite3_errmsg(db));
  return sqlite3_column_int(raw, 0);
}

// How many rows the user's query finds once rewritten, as khobao searches.
int count(sqlite3* db, const std::string& user_query) { return raw_count(db, expand_d_variants(user_query)); }

Db news() { return fts_table("x", {"'Đảng bộ huyện Thạch Hà'", "'Đi đường dài'", "'dang dở'"}); }

}  // namespace

TEST_CASE("a bareword or prefix with a d-syllable becomes an OR of spellings", "[search]") {
  CHECK(expand_d_variants("dang") == "(dang OR đang)");
  CHECK(expand_d_variants("Dang") == "(Dang OR Đang)");
  CHECK(expand_d_variants("DANG") == "(DANG OR ĐANG)");
  CHECK(expand_d_variants("dang*") == "(dang* OR đang*)");
  CHECK(expand_d_variants("dang *") == "(dang * OR đang *)");
  CHECK(expand_d_variants("^dang") == "(^dang OR ^đang)");
}

TEST_CASE("only a d that starts a syllable varies", "[search]") {
  CHECK(expand_d_variants("thach ha") == "thach ha");
  CHECK(expand_d_variants("radio") == "radio");
  CHECK(expand_d_variants("2d") == "2d");
  CHECK(expand_d_variants("dd") == "(dd OR đd)");
  CHECK(expand_d_variants("ha_dong") == "(ha_dong OR ha_đong)");
}

TEST_CASE("a quoted or joined phrase expands to every spelling", "[search]") {
  CHECK(expand_d_variants("\"dang bo\"") == "(\"dang bo\" OR \"đang bo\")");
  CHECK(expand_d_variants("\"di duong\"") ==
        "(\"di duong\" OR \"đi duong\" OR \"di đuong\" OR \"đi đuong\")");
  CHECK(expand_d_variants("dang + bo") == "(dang + bo OR đang + bo)");
  CHECK(expand_d_variants("^ di* + duong") ==
        "(^ di* + duong OR ^ đi* + duong OR ^ di* + đuong OR ^ đi* + đuong)");
  CHECK(expand_d_variants("\"a\"\"dang\"") == "(\"a\"\"dang\" OR \"a\"\"đang\")");
}

TEST_CASE("a phrase varies at most its first six d-syllables", "[search]") {
  const std::string rewritten = expand_d_variants("\"d1 d2 d3 d4 d5 d6 d7\"");
  std::size_t ors = 0;
  for (std::size_t at = rewritten.find(" OR "); at != std::string::npos; at = rewritten.find(" OR ", at + 1)) ++ors;
  CHECK(ors == 63);
  CHECK(rewritten.find("đ7") == std::string::npos);
  CHECK(rewritten.find("\"đ1 đ2 đ3 đ4 đ5 đ6 d7\")") != std::string::npos);
}

TEST_CASE("keywords, column names and NEAR groups stay as typed", "[search]") {
  CHECK(expand_d_variants("dang AND bo") == "(dang OR đang) AND bo");
  CHECK(expand_d_variants("bo OR NOT") == "bo OR NOT");
  CHECK(expand_d_variants("title:dang") == "title:(dang OR đang)");
  CHECK(expand_d_variants("title : ^dang") == "title : (^dang OR ^đang)");
  CHECK(expand_d_variants("-title:dang") == "-title:(dang OR đang)");
  CHECK(expand_d_variants("{title body}:dang") == "{title body}:(dang OR đang)");
  CHECK(expand_d_variants("date:bo") == "date:bo");
  CHECK(expand_d_variants("{date dept}:bo") == "{date dept}:bo");
  CHECK(expand_d_variants("\"date\":bo") == "\"date\":bo");
  CHECK(expand_d_variants("date:(bo OR dang)") == "date:(bo OR (dang OR đang))");
  CHECK(expand_d_variants("NEAR(dang bo)") == "NEAR(dang bo)");
  CHECK(expand_d_variants("NEAR(dang bo, 3)") == "NEAR(dang bo, 3)");
  CHECK(expand_d_variants("title:NEAR(dang bo)") == "title:NEAR(dang bo)");
}

TEST_CASE("a run of phrases with one rewritten becomes an explicit AND group", "[search]") {
  CHECK(expand_d_variants("huyen dang") == "(huyen AND (dang OR đang))");
  CHECK(expand_d_variants("and dang") == "(and AND (dang OR đang))");
  CHECK(expand_d_variants("thach NOT bo dai") == "thach NOT (bo AND (dai OR đai))");
  CHECK(expand_d_variants("title:dang bo") == "(title:(dang OR đang) AND bo)");
  CHECK(expand_d_variants("NEAR(a b) dang") == "(NEAR(a b) AND (dang OR đang))");
  CHECK(expand_d_variants("  (thach  ha)  OR  dang ") == "  (thach  ha)  OR  (dang OR đang) ");
}

TEST_CASE("a query typed with diacritics is returned as typed", "[search]") {
  CHECK(expand_d_variants("Đảng") == "Đảng");
  CHECK(expand_d_variants("dang Hà") == "dang Hà");
  CHECK(expand_d_variants("Dang bo") != "Dang bo");
  CHECK(expand_d_variants("\xE2\x80\x9C" "dang" "\xE2\x80\x9D") ==  // curly quotes are no diacritics
        "(\xE2\x80\x9C" "dang" "\xE2\x80\x9D OR \xE2\x80\x9C" "đang" "\xE2\x80\x9D)");
}

TEST_CASE("an unterminated quote is a QueryError naming its column", "[search]") {
  CHECK_THROWS_MATCHES(expand_d_variants("\""), QueryError, Catch::Message("unterminated quote at column 1"));
  CHECK_THROWS_MATCHES(expand_d_variants("dang \"bo"), QueryError, Catch::Message("unterminated quote at column 6"));
  CHECK_THROWS_MATCHES(expand_d_variants("Hà \"bo\" \"x"), QueryError, Catch::Message("unterminated quote at column 9"));
  // "" inside a string is a quote, not its end.
  CHECK_THROWS_MATCHES(expand_d_variants("Hà \"bo\"\""), QueryError, Catch::Message("unterminated quote at column 4"));
}

TEST_CASE("other syntax errors pass through for FTS5 to report", "[search]") {
  CHECK(expand_d_variants("AND OR") == "AND OR");
  CHECK(expand_d_variants("*") == "*");
  CHECK(expand_d_variants("dang +") == "(dang OR đang) +");
  CHECK(expand_d_variants("") == "");
}

TEST_CASE("end to end: d finds đ, diacritics stay exact", "[search]") {
  Db db = news();
  CHECK(raw_count(db.get(), "dang") == 1);  // why the rewrite exists
  CHECK(count(db.get(), "dang") == 2);
  CHECK(count(db.get(), "Dang") == 2);
  CHECK(count(db.get(), "Đảng") == 1);
  CHECK(count(db.get(), "thach ha") == 1);
  CHECK(count(db.get(), "\"di duong\"") == 1);
  CHECK(count(db.get(), "\"dang bo\"") == 1);
  CHECK(count(db.get(), "dang + bo") == 1);
  CHECK(count(db.get(), "dang*") == 2);
  CHECK(count(db.get(), "^dang") == 2);
  CHECK(count(db.get(), "^ di* + duong") == 1);
  CHECK(count(db.get(), "\"d1 d2 d3 d4 d5 d6 d7\"") == 0);  // 64 alternatives FTS5 accepts
}

TEST_CASE("end to end: operators keep their meaning after the rewrite", "[search]") {
  Db db = news();
  CHECK(count(db.get(), "huyen dang") == 1);  // FTS5 rejects "huyen (dang OR đang)"
  CHECK(count(db.get(), "dang NOT ha") == 1);
  CHECK(count(db.get(), "dang OR di") == 3);
  CHECK(count(db.get(), "and dang") == 0);  // lowercase "and" is a word
  // The run "bo dai" binds tighter than NOT: rewritten, it must still.
  CHECK(raw_count(db.get(), "thach NOT bo dai") == 1);
  CHECK(count(db.get(), "thach NOT bo dai") == 1);
  // FTS5's NOT is binary: "AND NOT" is its syntax error, before and after.
  CHECK_THROWS_AS(raw_count(db.get(), "dang AND NOT ha"), std::runtime_error);
  CHECK_THROWS_AS(count(db.get(), "dang AND NOT ha"), std::runtime_error);
}

TEST_CASE("end to end: column filters apply to every spelling", "[search]") {
  Db db = fts_table("title, body", {"'Đảng bộ huyện Thạch Hà', 'tin tức'", "'Tin mới', 'dang dở'"});
  CHECK(count(db.get(), "dang") == 2);
  CHECK(count(db.get(), "title:dang") == 1);
  CHECK(count(db.get(), "body:dang") == 1);
  CHECK(count(db.get(), "-body:dang") == 1);
  CHECK(count(db.get(), "{title body}:dang") == 2);
  CHECK(count(db.get(), "title:^dang") == 1);
  CHECK(count(db.get(), "title:(dang OR tin)") == 2);
  CHECK(count(db.get(), "title:dang bo") == 1);
}

TEST_CASE("end to end: NEAR groups are left as typed", "[search]") {
  Db db = news();
  CHECK(count(db.get(), "NEAR(dang bo)") == 0);  // documented: no đ inside NEAR
  CHECK(count(db.get(), "NEAR(đang bo)") == 1);
  CHECK(count(db.get(), "NEAR(thach ha, 2)") == 1);
  CHECK(count(db.get(), "NEAR(thach ha) dang") == 1);
}

TEST_CASE("end to end: syntax errors stay errors", "[search]") {
  Db db = news();
  CHECK_THROWS_AS(count(db.get(), "\""), QueryError);
  CHECK_THROWS_AS(count(db.get(), "AND OR"), std::runtime_error);
  CHECK_THROWS_AS(count(db.get(), "*"), std::runtime_error);
  CHECK_THROWS_AS(count(db.get(), "dang +"), std::runtime_error);
  CHECK_THROWS_AS(count(db.get(), "near(dang bo)"), std::runtime_error);
}
