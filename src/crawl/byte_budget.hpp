// A budget of bytes shared by the extraction workers: a page's parse takes
// its estimated cost from it and gives it back when done, so that the parse
// trees built at once stay within the budget, whatever the pages' sizes.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <mutex>

namespace khobao::crawl {

class ByteBudget {
 public:
  explicit ByteBudget(std::int64_t limit) : limit_(limit) {}

  // Holds `bytes` of the budget while it lives. It waits until they fit; a
  // cost over the whole budget waits until nothing else is held, then runs
  // alone (one page is never refused).
  class Lease {
   public:
    Lease(ByteBudget& budget, std::int64_t bytes) : budget_(budget), bytes_(bytes) { budget_.acquire(bytes_); }
    ~Lease() { budget_.release(bytes_); }
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;

   private:
    ByteBudget& budget_;
    std::int64_t bytes_;
  };

  std::int64_t limit() const { return limit_; }

 private:
  void acquire(std::int64_t bytes) {
    std::unique_lock lock(mutex_);
    room_.wait(lock, [&] { return used_ == 0 || used_ + bytes <= limit_; });
    used_ += bytes;
  }
  void release(std::int64_t bytes) {
    {
      std::lock_guard lock(mutex_);
      used_ -= bytes;
    }
    room_.notify_all();
  }

  const std::int64_t limit_;
  std::int64_t used_ = 0;
  std::mutex mutex_;
  std::condition_variable room_;
};

}  // namespace khobao::crawl
