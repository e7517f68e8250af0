// The pool of read connections.
#include "serve/archive_pool.hpp"

namespace khobao::serve {

ArchivePool::Lease ArchivePool::lease() {
  {
    std::lock_guard lock(mutex_);
    if (!idle_.empty()) {
      std::unique_ptr<store::Archive> archive = std::move(idle_.back());
      idle_.pop_back();
      return Lease(*this, std::move(archive));
    }
  }
  return Lease(*this, std::make_unique<store::Archive>(path_, store::Access::kRead));
}

void ArchivePool::give_back(std::unique_ptr<store::Archive> archive) {
  if (!archive) return;
  std::lock_guard lock(mutex_);
  idle_.push_back(std::move(archive));
}

}  // namespace khobao::serve
