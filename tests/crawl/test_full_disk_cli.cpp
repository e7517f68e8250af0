// A full disk: `khobao crawl` into an archive that cannot grow stops with a
// clear error and exit 1; the archive opens and passes integrity_check; the
// next run, with room again, finishes the crawl. The disk is a small tmpfs
// mounted by the test where it may mount, and a file size limit
// (RLIMIT_FSIZE) always.
#include "crawl_support.hpp"

#include "app/cli_support.hpp"
#include "store/testing.hpp"

#include <catch2/catch.hpp>

#include <fcntl.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <unistd.h>

using namespace khobao;

namespace {

// A tmpfs of `size` mounted on a fresh folder while it lives; mounted() is
// false where this process may not mount.
class SmallDisk {
 public:
  explicit SmallDisk(const std::filesystem::path& dir, const std::string& size) : dir_(dir) {
    std::filesystem::create_directories(dir_);
    mounted_ = ::mount("tmpfs", dir_.c_str(), "tmpfs", 0, ("size=" + size).c_str()) == 0;
  }
  ~SmallDisk() {
    if (mounted_) ::umount2(dir_.c_str(), MNT_DETACH);
  }
  SmallDisk(const SmallDisk&) = delete;
  SmallDisk& operator=(const SmallDisk&) = delete;
  bool mounted() const { return mounted_; }
  bool grow(const std::string& size) {
    return ::mount("tmpfs", dir_.c_str(), "tmpfs", MS_REMOUNT, ("size=" + size).c_str()) == 0;
  }

 private:
  std::filesystem::path dir_;
  bool mounted_ = false;
};

// Runs khobao with `args`, under a file size limit of `limit` bytes when
// given, with its stderr in `err`.
test::Run run_limited(std::vector<std::string> args, std::optional<rlim_t> limit) {
  test::TempDir out;
  std::string err_path = (out / "err").string();
  std::vector<std::string> argv = {KHOBAO_BINARY};
  argv.insert(argv.end(), args.begin(), args.end());
  std::vector<char*> raw;
  for (std::string& a : argv) raw.push_back(a.data());
  raw.push_back(nullptr);
  pid_t pid = fork();
  if (pid == 0) {  // only async-signal-safe calls until exec
    if (limit) {
      struct rlimit r = {*limit, *limit};
      setrlimit(RLIMIT_FSIZE, &r);
    }
    int fd = open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    dup2(fd, 2);
    int null = open("/dev/null", O_WRONLY);
    dup2(null, 1);
    execv(KHOBAO_BINARY, raw.data());
    _exit(127);
  }
  test::Run r;
  r.exit_code = test::wait_khobao(pid).exit_code;
  r.err = test::read_file(err_path);
  return r;
}

std::int64_t truth_articles(const testsite::SiteServer& server) {
  std::int64_t n = 0;
  for (const std::string& h : server.hosts()) n += static_cast<std::int64_t>(server.articles(h).size());
  return n;
}

// What must hold after the run that hit the full disk: a clear error, exit 1,
// an archive that opens, is intact, and holds part of the crawl.
void check_stopped_cleanly(const test::Run& full, const std::string& archive, const testsite::SiteServer& server,
                           const std::string& reason) {
  INFO(full.err);
  CHECK(full.exit_code == 1);
  CHECK(full.err.find("khobao: " + reason) != std::string::npos);
  CHECK(full.err.find("the last write was rolled back, the archive is intact") != std::string::npos);
  store::Connection db(archive, store::OpenMode::kReadOnly);
  store::Statement integrity = db.prepare("PRAGMA integrity_check");
  REQUIRE(integrity.step());
  CHECK(integrity.text(0) == "ok");
  std::int64_t versions = test::count(db, "SELECT count(*) FROM version");
  WARN("archived before the disk was full: " << versions << " of " << truth_articles(server) << " articles");
  CHECK(versions > 0);  // the disk filled mid-crawl, not at once
  CHECK(versions < truth_articles(server));
}

void check_finished(const test::Run& rest, const std::string& archive, const testsite::SiteServer& server) {
  INFO(rest.err);
  CHECK(rest.exit_code == 0);
  CHECK(rest.err.find("(resumed)") != std::string::npos);
  store::Connection db(archive, store::OpenMode::kReadOnly);
  CHECK(test::count(db, "SELECT count(*) FROM version") == truth_articles(server));
  CHECK(test::count(db, "SELECT count(DISTINCT page_id) FROM version") == truth_articles(server));
  store::Statement integrity = db.prepare("PRAGMA integrity_check");
  REQUIRE(integrity.step());
  CHECK(integrity.text(0) == "ok");
}

}  // namespace

TEST_CASE("a crawl onto a full disk stops with exit 1, the archive intact, and the next run finishes it",
          "[crawl][cli][full-disk]") {
  auto server = test::start_site(40);
  test::TempDir dir;

  SECTION("a small tmpfs") {
    SmallDisk disk(dir / "disk", "6m");
    if (!disk.mounted()) {
      WARN("skipped: this process may not mount a tmpfs (the file size limit case still runs)");
      return;
    }
    std::string archive = (dir / "disk" / "k.sqlite").string();
    std::vector<std::string> crawl = test::crawl_argv(*server, archive, {"--delay", "0"});
    check_stopped_cleanly(run_limited(crawl, std::nullopt), archive, *server, "the disk is full");
    REQUIRE(disk.grow("64m"));
    check_finished(run_limited(crawl, std::nullopt), archive, *server);
  }
  SECTION("a file size limit (RLIMIT_FSIZE)") {
    std::string archive = (dir / "k.sqlite").string();
    std::vector<std::string> crawl = test::crawl_argv(*server, archive, {"--delay", "0"});
    // 3.5 MiB: the WAL reaches it some 60 fetches in (it grows to 4 MiB between checkpoints).
    check_stopped_cleanly(run_limited(crawl, 7 << 19), archive, *server,
                          "the archive cannot grow past the file size limit");
    check_finished(run_limited(crawl, std::nullopt), archive, *server);
  }
}
