// Read connections to the archive, shared by the server's threads: opening
// an archive checks its schema, which each request should not pay for.
#pragma once

#include "store/archive.hpp"

#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace khobao::serve {

class ArchivePool {
 public:
  // Opens nothing yet; the first lease opens the first connection, so that a
  // missing archive is reported by the request that needs it.
  explicit ArchivePool(std::string path) : path_(std::move(path)) {}

  // An archive opened for reading, for one request at a time: returned to the
  // pool when the lease ends. Throws what store::Archive throws.
  class Lease {
   public:
    Lease(ArchivePool& pool, std::unique_ptr<store::Archive> archive) : pool_(pool), archive_(std::move(archive)) {}
    ~Lease() { pool_.give_back(std::move(archive_)); }
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    store::Archive& operator*() { return *archive_; }
    store::Archive* operator->() { return archive_.get(); }

   private:
    ArchivePool& pool_;
    std::unique_ptr<store::Archive> archive_;
  };
  Lease lease();

  const std::string& path() const { return path_; }

 private:
  void give_back(std::unique_ptr<store::Archive> archive);

  std::string path_;
  std::mutex mutex_;
  std::vector<std::unique_ptr<store::Archive>> idle_;
};

}  // namespace khobao::serve
