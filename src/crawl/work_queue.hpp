// A queue between the crawl's threads: producers push, consumers block in
// pop() until an item arrives or the queue is closed.
#pragma once

#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>

namespace khobao::crawl {

template <class T>
class WorkQueue {
 public:
  void push(T item) {
    {
      std::lock_guard lock(mutex_);
      items_.push_back(std::move(item));
    }
    ready_.notify_one();
  }

  // The next item; nullopt once the queue is closed and empty.
  std::optional<T> pop() {
    std::unique_lock lock(mutex_);
    ready_.wait(lock, [&] { return closed_ || !items_.empty(); });
    if (items_.empty()) return std::nullopt;
    T item = std::move(items_.front());
    items_.pop_front();
    return item;
  }

  // Everything queued now, without waiting.
  std::deque<T> take_all() {
    std::lock_guard lock(mutex_);
    return std::exchange(items_, {});
  }

  // Consumers drain what is left, then pop() returns nullopt.
  void close() {
    {
      std::lock_guard lock(mutex_);
      closed_ = true;
    }
    ready_.notify_all();
  }

 private:
  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<T> items_;
  bool closed_ = false;
};

}  // namespace khobao::crawl
