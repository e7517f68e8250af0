// One crawl or update at a time per archive. The lock is an OS file lock
// (flock) on ARCHIVE.lock, which the kernel releases when its process dies:
// a killed run never leaves a stale lock behind. The holder writes its pid,
// command and start time into the file, for the message a second run prints.
#pragma once

#include <stdexcept>
#include <string>

namespace khobao::app {

// Another process holds the lock; what() names it.
class LockHeld : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class RunLock {
 public:
  // Takes the lock of `archive` (creating ARCHIVE.lock and its folder), or
  // throws LockHeld at once, without waiting. `command` describes this run
  // ("khobao update") for whoever finds the lock taken. Throws
  // std::runtime_error when the lock file cannot be created.
  RunLock(const std::string& archive, const std::string& command);
  ~RunLock();
  RunLock(const RunLock&) = delete;
  RunLock& operator=(const RunLock&) = delete;

  const std::string& path() const { return path_; }

 private:
  std::string path_;
  int fd_ = -1;
};

}  // namespace khobao::app
