// Reading pages and selector files; failures into exit codes.
#include "app/inputs.hpp"

#include "app/run_lock.hpp"

#include "crawl/scope.hpp"
#include "site/site.hpp"
#include "store/store.hpp"
#include "store/search.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <sys/resource.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>

namespace khobao::app {

std::string read_page(const std::string& path) {
  std::error_code ec;
  auto size = std::filesystem::file_size(path, ec);
  if (ec) throw std::runtime_error("cannot read: " + ec.message());
  if (size > kMaxPageBytes)
    throw std::runtime_error("file too large (" + std::to_string(size >> 20) + " MB; the limit is 256 MB)");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read: permission denied or not a file");
  std::string bytes(size, '\0');
  in.read(bytes.data(), static_cast<std::streamsize>(size));
  bytes.resize(static_cast<size_t>(in.gcount()));
  return bytes;
}

std::optional<site::SiteSet> load_selectors(const GlobalOptions& global) {
  if (!std::filesystem::is_directory(global.selectors)) {
    if (global.selectors_given) {
      std::cerr << "khobao: no selector folder " << global.selectors << "\n";
      return std::nullopt;
    }
    spdlog::warn("no selector folder '{}' here: every page goes through the generic extractor "
                 "(run from khobao's folder, or give --selectors DIR)", global.selectors);
  }
  try {
    return site::SiteSet::load_dir(global.selectors);
  } catch (const site::SiteFileError& e) {
    spdlog::error("bad selector file: {}", e.what());
    std::cerr << "khobao: bad selector file: " << e.what() << "\n";
    return std::nullopt;
  }
}

namespace {

// The process's file size limit, if it has one. SQLite reports a write cut
// by it as a plain I/O error, its errno lost on the way.
std::optional<std::uint64_t> file_size_limit() {
  struct rlimit r {};
  if (getrlimit(RLIMIT_FSIZE, &r) != 0 || r.rlim_cur == RLIM_INFINITY) return std::nullopt;
  return static_cast<std::uint64_t>(r.rlim_cur);
}

}  // namespace

int run_guarded(const std::function<int()>& body) {
  auto fail = [](int code, std::string_view message) {
    spdlog::debug("exit {}: {}", code, message);
    std::cerr << "khobao: " << message << "\n";
    return code;
  };
  try {
    return body();
  } catch (const LockHeld& e) {
    return fail(kLocked, e.what());
  } catch (const store::ArchiveFormatError& e) {
    return fail(kBadInput, e.what());
  } catch (const store::SearchSyntaxError& e) {
    return fail(kBadInput, e.what());
  } catch (const crawl::ScopeError& e) {  // a seed that is not an http(s) URL
    return fail(kBadInput, e.what());
  } catch (const store::SqliteError& e) {
    auto cannot_grow = [&](const std::string& why) {
      return fail(kFailure, fmt::format("{}; the last write was rolled back, the archive is intact ({})", why,
                                        e.what()));
    };
    if (e.out_of_space()) return cannot_grow("the disk is full (or the archive hit a file size limit)");
    if (std::optional<std::uint64_t> limit = file_size_limit(); limit && e.io_error())
      return cannot_grow(fmt::format("the archive cannot grow past the file size limit (ulimit -f) of {} bytes",
                                     *limit));
    return fail(kFailure, std::string("archive error: ") + e.what());
  } catch (const std::exception& e) {
    return fail(kFailure, e.what());
  }
}

}  // namespace khobao::app
