// The archive's run lock; see run_lock.hpp.
#include "app/run_lock.hpp"

#include "store/clock.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <ctime>
#include <fcntl.h>
#include <filesystem>
#include <sys/file.h>
#include <unistd.h>

namespace khobao::app {
namespace {

// What the holder wrote into the lock file, without its line end.
std::string read_holder(int fd) {
  char buffer[512];
  ssize_t n = pread(fd, buffer, sizeof buffer - 1, 0);
  if (n <= 0) return "a process that has not said who it is yet";
  std::string text(buffer, static_cast<size_t>(n));
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
  return text;
}

}  // namespace

RunLock::RunLock(const std::string& archive, const std::string& command) : path_(archive + ".lock") {
  std::filesystem::path parent = std::filesystem::path(path_).parent_path();
  if (!parent.empty()) std::filesystem::create_directories(parent);
  fd_ = ::open(path_.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd_ < 0) throw std::runtime_error(fmt::format("cannot open the lock file {}: {}", path_, std::strerror(errno)));
  if (flock(fd_, LOCK_EX | LOCK_NB) != 0) {
    int err = errno;
    std::string holder = err == EWOULDBLOCK ? read_holder(fd_) : std::string();
    ::close(fd_);
    fd_ = -1;
    if (err != EWOULDBLOCK)
      throw std::runtime_error(fmt::format("cannot lock {}: {}", path_, std::strerror(err)));
    throw LockHeld(fmt::format("another run holds the lock {}: {}", path_, holder));
  }
  std::string me = fmt::format("pid {}: {}, started {}\n", getpid(), command, store::utc_time(std::time(nullptr)));
  // Best effort: the lock is the flock, the text only names its holder.
  if (ftruncate(fd_, 0) != 0 || pwrite(fd_, me.data(), me.size(), 0) != static_cast<ssize_t>(me.size()))
    return;
}

RunLock::~RunLock() {
  if (fd_ >= 0) ::close(fd_);  // releases the flock
}

}  // namespace khobao::app
