// The error every archive operation may throw from SQLite, for the modules
// that report it: they need its meaning, not SQLite's headers.
#pragma once

#include <stdexcept>
#include <string>

namespace khobao::store {

// An SQLite error, with its extended result code (SQLITE_FULL, SQLITE_BUSY...)
// and the errno of the system call that failed, where one did.
class SqliteError : public std::runtime_error {
 public:
  SqliteError(int code, const std::string& what, int system_errno = 0)
      : std::runtime_error(what), code_(code), system_errno_(system_errno) {}
  int code() const { return code_; }
  int system_errno() const { return system_errno_; }
  // Whether the archive could not grow: a full disk (SQLITE_FULL), or a
  // write refused for space, quota or a file size limit, which SQLite
  // reports as an I/O error.
  bool out_of_space() const;
  // Whether a read or write of the file failed (SQLITE_IOERR, any extended code).
  bool io_error() const;

 private:
  int code_;
  int system_errno_;
};

}  // namespace khobao::store
