// Thin RAII over SQLite's C API: a connection, prepared statements with bound
// parameters (the only way khobao builds SQL), and transactions. Store's own:
// other modules call store's functions (tests: store/testing.hpp).
#pragma once

#include "store/sqlite_error.hpp"

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace khobao::store {

struct SqliteCloser {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
struct StatementFinalizer {
  void operator()(sqlite3_stmt* s) const { sqlite3_finalize(s); }
};

// One prepared statement. Parameters are numbered from 1 as in SQLite; columns
// from 0. Step until it returns false; reset() to run it again.
class Statement {
 public:
  Statement(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}

  Statement& bind(int index, std::int64_t value);
  Statement& bind(int index, int value) { return bind(index, static_cast<std::int64_t>(value)); }
  Statement& bind(int index, double value);
  Statement& bind(int index, std::string_view text);
  Statement& bind(int index, const char* text) { return bind(index, std::string_view(text)); }
  Statement& bind(int index, const std::string& text) { return bind(index, std::string_view(text)); }
  Statement& bind_blob(int index, std::string_view bytes);
  Statement& bind_null(int index);
  template <class T>
  Statement& bind(int index, const std::optional<T>& value) {
    return value ? bind(index, *value) : bind_null(index);
  }

  // Runs one step: true when a row is ready, false when done. Throws SqliteError.
  bool step();
  // Steps a statement that returns no rows.
  void run();
  void reset();

  int column_count() const;
  bool is_null(int column) const;
  std::int64_t int64(int column) const;
  double real(int column) const;
  std::string text(int column) const;
  std::optional<std::string> optional_text(int column) const;
  std::optional<std::int64_t> optional_int64(int column) const;
  // The bytes of a BLOB (or TEXT) column; valid until the next step or reset.
  std::string_view blob(int column) const;

 private:
  sqlite3* db_;
  std::unique_ptr<sqlite3_stmt, StatementFinalizer> stmt_;
};

enum class OpenMode { kReadOnly, kReadWrite, kCreate };

// One connection to an SQLite file.
class Connection {
 public:
  // Opens `path`. kCreate creates a missing file; kReadOnly never writes.
  // Throws SqliteError when the file cannot be opened.
  Connection(const std::string& path, OpenMode mode);

  sqlite3* handle() const { return db_.get(); }
  // Runs SQL without parameters (schema, pragmas). Never for values.
  void exec(const char* sql);
  Statement prepare(std::string_view sql);
  std::int64_t last_insert_id() const { return sqlite3_last_insert_rowid(db_.get()); }
  int changes() const { return sqlite3_changes(db_.get()); }

 private:
  std::unique_ptr<sqlite3, SqliteCloser> db_;
};

// A write transaction (BEGIN IMMEDIATE, so that a second writer waits for the
// lock at the start instead of failing at its first write); rolls back unless
// commit() was called.
class Transaction {
 public:
  explicit Transaction(Connection& db);
  ~Transaction();
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  void commit();

 private:
  Connection& db_;
  bool open_ = true;
};

// A read transaction: every query in its scope sees the same snapshot of the
// archive, whatever writers commit meanwhile (WAL mode), so a command that
// reads with several queries never mixes two states of the file.
class ReadTransaction {
 public:
  explicit ReadTransaction(Connection& db);
  ~ReadTransaction();
  ReadTransaction(const ReadTransaction&) = delete;
  ReadTransaction& operator=(const ReadTransaction&) = delete;

 private:
  Connection& db_;
};

// Throws SqliteError for a result code that is not OK/ROW/DONE, with SQLite's message.
void check(sqlite3* db, int rc, std::string_view doing);

}  // namespace khobao::store
