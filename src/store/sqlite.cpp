// RAII wrappers over SQLite: every C handle owned, every result code checked.
#include "store/sqlite.hpp"

#include <fmt/format.h>

#include <cerrno>

namespace khobao::store {

bool SqliteError::out_of_space() const {
  if ((code_ & 0xFF) == SQLITE_FULL) return true;
  return (code_ & 0xFF) == SQLITE_IOERR &&
         (system_errno_ == ENOSPC || system_errno_ == EFBIG || system_errno_ == EDQUOT);
}

bool SqliteError::io_error() const { return (code_ & 0xFF) == SQLITE_IOERR; }

namespace {

// Throws the SqliteError of `rc` on `db` (may be null), saying `message`.
[[noreturn]] void throw_error(sqlite3* db, int rc, std::string message) {
  int code = db ? sqlite3_extended_errcode(db) : rc;
  int system_errno = db ? sqlite3_system_errno(db) : 0;
  // "disk I/O error" alone does not say which of a dozen calls failed.
  if ((code & 0xFF) == SQLITE_IOERR) message += fmt::format(" (extended code {}, errno {})", code, system_errno);
  throw SqliteError(code, message, system_errno);
}

}  // namespace

void check(sqlite3* db, int rc, std::string_view doing) {
  if (rc == SQLITE_OK || rc == SQLITE_ROW || rc == SQLITE_DONE) return;
  throw_error(db, rc, fmt::format("{}: {}", doing, db ? sqlite3_errmsg(db) : sqlite3_errstr(rc)));
}

Statement& Statement::bind(int index, std::int64_t value) {
  check(db_, sqlite3_bind_int64(stmt_.get(), index, value), "bind");
  return *this;
}

Statement& Statement::bind(int index, double value) {
  check(db_, sqlite3_bind_double(stmt_.get(), index, value), "bind");
  return *this;
}

Statement& Statement::bind(int index, std::string_view text) {
  check(db_, sqlite3_bind_text64(stmt_.get(), index, text.data(), text.size(), SQLITE_TRANSIENT, SQLITE_UTF8),
        "bind");
  return *this;
}

Statement& Statement::bind_blob(int index, std::string_view bytes) {
  check(db_, sqlite3_bind_blob64(stmt_.get(), index, bytes.data(), bytes.size(), SQLITE_TRANSIENT), "bind");
  return *this;
}

Statement& Statement::bind_null(int index) {
  check(db_, sqlite3_bind_null(stmt_.get(), index), "bind");
  return *this;
}

bool Statement::step() {
  int rc = sqlite3_step(stmt_.get());
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  // The statement must be reset so that it can run again after the error.
  sqlite3_reset(stmt_.get());
  check(db_, rc, sqlite3_sql(stmt_.get()));
  return false;
}

void Statement::run() {
  while (step()) {
  }
}

void Statement::reset() {
  sqlite3_reset(stmt_.get());
  sqlite3_clear_bindings(stmt_.get());
}

int Statement::column_count() const { return sqlite3_column_count(stmt_.get()); }

bool Statement::is_null(int column) const { return sqlite3_column_type(stmt_.get(), column) == SQLITE_NULL; }

std::int64_t Statement::int64(int column) const { return sqlite3_column_int64(stmt_.get(), column); }

double Statement::real(int column) const { return sqlite3_column_double(stmt_.get(), column); }

std::string Statement::text(int column) const { return std::string(blob(column)); }

std::optional<std::string> Statement::optional_text(int column) const {
  if (is_null(column)) return std::nullopt;
  return text(column);
}

std::optional<std::int64_t> Statement::optional_int64(int column) const {
  if (is_null(column)) return std::nullopt;
  return int64(column);
}

std::string_view Statement::blob(int column) const {
  const void* data = sqlite3_column_blob(stmt_.get(), column);
  int size = sqlite3_column_bytes(stmt_.get(), column);
  if (!data) return {};
  return {static_cast<const char*>(data), static_cast<size_t>(size)};
}

Connection::Connection(const std::string& path, OpenMode mode) {
  int flags = SQLITE_OPEN_NOMUTEX;
  if (mode == OpenMode::kReadOnly) flags |= SQLITE_OPEN_READONLY;
  else flags |= SQLITE_OPEN_READWRITE;
  if (mode == OpenMode::kCreate) flags |= SQLITE_OPEN_CREATE;
  sqlite3* raw = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  db_.reset(raw);  // owned even when opening failed, as SQLite asks
  check(raw, rc, "cannot open " + path);
  sqlite3_extended_result_codes(raw, 1);
}

void Connection::exec(const char* sql) {
  char* error = nullptr;
  int rc = sqlite3_exec(db_.get(), sql, nullptr, nullptr, &error);
  std::unique_ptr<char, decltype(&sqlite3_free)> owned(error, &sqlite3_free);
  if (rc != SQLITE_OK) throw_error(db_.get(), rc, error ? error : sqlite3_errstr(rc));
}

Statement Connection::prepare(std::string_view sql) {
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v3(db_.get(), sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT,
                              &stmt, nullptr);
  Statement owned(db_.get(), stmt);
  check(db_.get(), rc, "prepare");
  return owned;
}

Transaction::Transaction(Connection& db) : db_(db) { db_.exec("BEGIN IMMEDIATE"); }

Transaction::~Transaction() {
  if (!open_) return;
  // A failed ROLLBACK (e.g. SQLite already rolled back after SQLITE_FULL) has
  // nothing left to undo; destructors must not throw.
  sqlite3_exec(db_.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
}

void Transaction::commit() {
  db_.exec("COMMIT");
  open_ = false;
}

ReadTransaction::ReadTransaction(Connection& db) : db_(db) {
  db_.exec("BEGIN DEFERRED");
  // The snapshot starts at the first read, not at BEGIN: read now.
  db_.exec("SELECT count(*) FROM sqlite_schema");
}

ReadTransaction::~ReadTransaction() {
  // Nothing was written: ending the transaction cannot lose anything.
  sqlite3_exec(db_.handle(), "COMMIT", nullptr, nullptr, nullptr);
}

}  // namespace khobao::store
