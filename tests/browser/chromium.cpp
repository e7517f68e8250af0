// The DevTools client behind chromium.hpp: one browser process, two pipes
// and a loop that reads NUL-terminated JSON until the awaited answer or
// event has come, recording every event it passes on the way.
#include "browser/chromium.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <functional>
#include <sstream>
#include <stdexcept>
#include <string_view>
#include <thread>
#include <utility>

extern char** environ;

namespace khobao::test {
namespace {

using Clock = std::chrono::steady_clock;
using nlohmann::json;

std::runtime_error os_error(const std::string& what) {
  return std::runtime_error("chromium: " + what + ": " + std::strerror(errno));
}

// A file descriptor with exactly one owner, so that every path out of a
// function (exceptions included) closes it, and closes it once.
class UniqueFd {
 public:
  UniqueFd() = default;
  explicit UniqueFd(int fd) : fd_(fd) {}
  UniqueFd(UniqueFd&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
  UniqueFd& operator=(UniqueFd&& other) noexcept {
    if (this != &other) {
      reset();
      fd_ = std::exchange(other.fd_, -1);
    }
    return *this;
  }
  UniqueFd(const UniqueFd&) = delete;
  UniqueFd& operator=(const UniqueFd&) = delete;
  ~UniqueFd() { reset(); }

  int get() const { return fd_; }
  explicit operator bool() const { return fd_ >= 0; }
  void reset() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

 private:
  int fd_ = -1;
};

// Both ends close-on-exec: only the ends the browser is meant to have reach
// it, through the spawn's dup2, and no other child the tests start
// inherits a copy that would keep the browser from seeing end-of-file.
struct Pipe {
  UniqueFd read, write;
};

Pipe make_pipe() {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) throw os_error("pipe2");
  return {UniqueFd(fds[0]), UniqueFd(fds[1])};
}

// A copy of `fd` numbered 10 or more (still close-on-exec): the spawn then
// dup2s onto 1..4 without overwriting a descriptor it has yet to copy, and
// each target gets a fresh descriptor without close-on-exec.
UniqueFd above_stdio(const UniqueFd& fd) {
  int high = ::fcntl(fd.get(), F_DUPFD_CLOEXEC, 10);
  if (high < 0) throw os_error("fcntl(F_DUPFD_CLOEXEC)");
  return UniqueFd(high);
}

void set_nonblocking(const UniqueFd& fd) {
  int flags = ::fcntl(fd.get(), F_GETFL);
  if (flags < 0 || ::fcntl(fd.get(), F_SETFL, flags | O_NONBLOCK) != 0) throw os_error("fcntl(O_NONBLOCK)");
}

// A folder of our own under the temp folder, gone with all it holds when
// the owner is. mkdtemp's name is unique across processes, so test binaries
// running side by side never share a profile (Chromium locks its profile
// and would hand the second browser to the first).
class ScratchDir {
 public:
  ScratchDir() {
    std::string name = (std::filesystem::temp_directory_path() / "khobao-chromium-XXXXXX").string();
    if (::mkdtemp(name.data()) == nullptr) throw os_error("mkdtemp");
    path_ = name;
  }
  ~ScratchDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// The browser's process and, through its process group, the renderer, GPU
// and utility processes it forks. The leader is observed with WNOWAIT and
// reaped only after its group has been killed: until then its pid, which is
// also the group's id, cannot be reused, so the group kill can only reach
// processes this browser started.
class BrowserProcess {
 public:
  BrowserProcess() = default;
  BrowserProcess(const BrowserProcess&) = delete;
  BrowserProcess& operator=(const BrowserProcess&) = delete;
  ~BrowserProcess() { stop(Clock::duration::zero()); }

  // Starts argv[0] (a path, or a name looked up on $PATH) as the leader of a
  // new process group, with `commands` as its fd 3, `events` as its fd 4,
  // /dev/null as stdin, `log` as stdout and stderr, nothing else open,
  // default signal handling, no blocked signals and the environment `env`.
  // All four descriptors must be numbered above 4 (see above_stdio()).
  void spawn(const std::vector<std::string>& argv, const std::vector<std::string>& env, int commands, int events,
             int log) {
    posix_spawn_file_actions_t actions;
    posix_spawnattr_t attr;
    if (posix_spawn_file_actions_init(&actions) != 0)
      throw std::runtime_error("chromium: posix_spawn_file_actions_init failed");
    if (posix_spawnattr_init(&attr) != 0) {
      posix_spawn_file_actions_destroy(&actions);
      throw std::runtime_error("chromium: posix_spawnattr_init failed");
    }
    sigset_t none, reset;
    sigemptyset(&none);
    sigemptyset(&reset);
    // Ignored signals stay ignored across exec; these are the ones a test
    // binary or a library in it might ignore.
    for (int sig : {SIGPIPE, SIGHUP, SIGINT, SIGTERM, SIGCHLD}) sigaddset(&reset, sig);
    int rc = posix_spawn_file_actions_adddup2(&actions, commands, 3);
    if (rc == 0) rc = posix_spawn_file_actions_adddup2(&actions, events, 4);
    if (rc == 0) rc = posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    if (rc == 0) rc = posix_spawn_file_actions_adddup2(&actions, log, 1);
    if (rc == 0) rc = posix_spawn_file_actions_adddup2(&actions, log, 2);
    // Descriptors other threads opened without close-on-exec (sockets of a
    // test server, say) must not leak into the browser either.
    if (rc == 0) rc = posix_spawn_file_actions_addclosefrom_np(&actions, 5);
    if (rc == 0)
      rc = posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
    if (rc == 0) rc = posix_spawnattr_setpgroup(&attr, 0);
    if (rc == 0) rc = posix_spawnattr_setsigmask(&attr, &none);
    if (rc == 0) rc = posix_spawnattr_setsigdefault(&attr, &reset);
    std::vector<char*> args;
    for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    std::vector<char*> envp;
    for (const std::string& e : env) envp.push_back(const_cast<char*>(e.c_str()));
    envp.push_back(nullptr);
    pid_t pid = -1;
    if (rc == 0) rc = posix_spawnp(&pid, args[0], &actions, &attr, args.data(), envp.data());
    posix_spawnattr_destroy(&attr);
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) throw std::runtime_error("chromium: cannot start " + argv[0] + ": " + std::strerror(rc));
    pid_ = pid;
  }

  // True once the leader has exited; it stays unreaped.
  bool exited() {
    if (pid_ < 0 || exited_) return true;
    siginfo_t info{};
    if (::waitid(P_PID, static_cast<id_t>(pid_), &info, WEXITED | WNOHANG | WNOWAIT) == 0) {
      if (info.si_pid == pid_) {
        exited_ = true;
        info_ = info;
      }
    } else if (errno == ECHILD) {
      // Someone else reaped it (SIGCHLD ignored, or a stray waitpid(-1)):
      // its pid may already be another process's, so never signal it.
      pid_ = -1;
      return true;
    }
    return exited_;
  }

  // How the leader ended, for error messages. Its pipes close a moment
  // before it can be waited for, so this waits up to `patience` for it.
  std::string outcome(Clock::duration patience = std::chrono::seconds(2)) {
    const auto deadline = Clock::now() + patience;
    while (!exited() && Clock::now() < deadline) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    if (!exited()) return "still running";
    if (!exited_) return "reaped elsewhere";
    if (info_.si_code == CLD_EXITED) return "exited with status " + std::to_string(info_.si_status);
    return "killed by signal " + std::to_string(info_.si_status);
  }

  // Gives the leader `grace` to exit by itself, then SIGKILLs the whole
  // group (stragglers included, even after a clean exit) and reaps the
  // leader. Idempotent; never throws.
  void stop(Clock::duration grace) noexcept {
    if (pid_ < 0) return;
    const auto deadline = Clock::now() + grace;
    while (!exited() && Clock::now() < deadline) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    if (pid_ < 0) return;
    ::kill(-pid_, SIGKILL);
    int status = 0;
    while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
    }
    pid_ = -1;
  }

 private:
  pid_t pid_ = -1;
  bool exited_ = false;
  siginfo_t info_{};
};

// Writing to a pipe whose reader has died raises SIGPIPE, whose default
// action would end the whole test binary. Blocking it on this thread for
// the length of a write turns it into EPIPE without touching the process's
// disposition: SIG_IGN would be inherited by every program the tests spawn.
class SigpipeBlocked {
 public:
  SigpipeBlocked() {
    sigemptyset(&pipe_);
    sigaddset(&pipe_, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &pipe_, &old_);
    sigset_t pending;
    sigemptyset(&pending);
    sigpending(&pending);
    was_pending_ = sigismember(&pending, SIGPIPE) == 1;
  }
  ~SigpipeBlocked() {
    if (!was_pending_) {
      // Swallow the SIGPIPE our write raised, if it raised one, before
      // unblocking it would deliver it.
      timespec zero{};
      int saved = errno;
      while (sigtimedwait(&pipe_, nullptr, &zero) < 0 && errno == EINTR) {
      }
      errno = saved;
    }
    pthread_sigmask(SIG_SETMASK, &old_, nullptr);
  }
  SigpipeBlocked(const SigpipeBlocked&) = delete;
  SigpipeBlocked& operator=(const SigpipeBlocked&) = delete;

 private:
  sigset_t pipe_{}, old_{};
  bool was_pending_ = false;
};

// The last lines of Chromium's log, for error messages. Lines about D-Bus
// are left out: a container has no bus, so every log is full of them and
// they would push out the line that says what went wrong.
std::string log_tail(const std::filesystem::path& log) {
  std::ifstream in(log, std::ios::binary);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);)
    if (line.find("dbus") == std::string::npos && line.find("DBus") == std::string::npos) lines.push_back(line);
  const size_t keep = 20;
  std::string out;
  for (size_t i = lines.size() > keep ? lines.size() - keep : 0; i < lines.size(); ++i) out += lines[i] + "\n";
  return out.empty() ? "(empty)\n" : out;
}

std::string base64_decode(std::string_view in) {
  static constexpr std::array<int8_t, 256> kValue = [] {
    std::array<int8_t, 256> t{};
    t.fill(-1);
    constexpr std::string_view alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    for (size_t i = 0; i < alphabet.size(); ++i) t[static_cast<unsigned char>(alphabet[i])] = static_cast<int8_t>(i);
    return t;
  }();
  std::string out;
  out.reserve(in.size() / 4 * 3);
  uint32_t bits = 0;
  int count = 0;
  for (char c : in) {
    if (c == '=') break;
    int v = kValue[static_cast<unsigned char>(c)];
    if (v < 0) {
      if (std::isspace(static_cast<unsigned char>(c))) continue;
      throw std::runtime_error("chromium: screenshot data is not base64");
    }
    bits = (bits << 6) | static_cast<uint32_t>(v);
    count += 6;
    if (count >= 8) {
      count -= 8;
      out.push_back(static_cast<char>((bits >> count) & 0xFF));
    }
  }
  return out;
}

// One console argument or thrown value as a person would read it.
std::string describe(const json& remote) {
  if (remote.contains("value")) {
    const json& v = remote["value"];
    return v.is_string() ? v.get<std::string>() : v.dump();
  }
  if (remote.contains("unserializableValue")) return remote.value("unserializableValue", "");
  if (remote.contains("description")) return remote.value("description", "");
  return remote.value("type", "?");
}

// The test's environment, but with a home of its own under `home`:
// --user-data-dir does not cover everything, and Chromium would otherwise
// write crash reports to ~/.config/chromium and certificates to ~/.pki of
// whoever runs the tests.
std::vector<std::string> private_home_environment(const std::filesystem::path& home) {
  std::vector<std::string> env;
  for (char** e = environ; *e != nullptr; ++e) {
    std::string_view entry(*e);
    if (entry.starts_with("HOME=") || entry.starts_with("XDG_CONFIG_HOME=") || entry.starts_with("XDG_CACHE_HOME="))
      continue;
    env.emplace_back(entry);
  }
  env.push_back("HOME=" + home.string());
  env.push_back("XDG_CONFIG_HOME=" + (home / ".config").string());
  env.push_back("XDG_CACHE_HOME=" + (home / ".cache").string());
  return env;
}

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

}  // namespace

std::optional<std::string> find_chromium() {
  if (const char* env = std::getenv("KHOBAO_CHROMIUM")) {
    if (*env == '\0') return std::nullopt;
    return std::string(env);
  }
  if (::access("/usr/bin/chromium", X_OK) == 0) return std::string("/usr/bin/chromium");
  const char* path = std::getenv("PATH");
  if (path == nullptr) return std::nullopt;
  for (const char* name : {"chromium", "chromium-browser"}) {
    std::istringstream dirs(path);
    for (std::string dir; std::getline(dirs, dir, ':');) {
      std::filesystem::path candidate = std::filesystem::path(dir.empty() ? "." : dir) / name;
      std::error_code ec;
      if (std::filesystem::is_regular_file(candidate, ec) && ::access(candidate.c_str(), X_OK) == 0)
        return candidate.string();
    }
  }
  return std::nullopt;
}

struct Chromium::Impl {
  // Declared in the order they must outlive one another: the pipes close
  // first (the browser sees end-of-file), then the process is stopped, then
  // its profile folder goes.
  ScratchDir dir;
  BrowserProcess process;
  UniqueFd to_browser;    // our end of the browser's fd 3
  UniqueFd from_browser;  // our end of the browser's fd 4
  std::filesystem::path log;
  std::chrono::milliseconds timeout{20000};

  std::string inbox;   // bytes read and not yet dispatched
  size_t scanned = 0;  // inbox[0, scanned) holds no NUL: a multi-MB screenshot is searched once, not per read
  bool closed = false;
  long next_id = 0;
  std::map<long, json> replies;
  std::string target_id, session;
  std::string crashed;  // why the page is gone, once it is

  // Navigation, as a sequence: `seq` counts main-frame commits and load
  // events, so "the load event after this commit" is a comparison and a
  // late event of an older page cannot be taken for the awaited one.
  uint64_t seq = 0;
  struct Commit {
    uint64_t seq = 0;
    std::string loader, url;
  };
  Commit latest;                          // the main frame's current document
  std::map<std::string, Commit> commits;  // every main-frame commit, by loader id
  struct Load {
    uint64_t seq = 0;
    std::string loader;
  } loaded;                                // the latest load event, and whose it was
  std::map<std::string, Loaded> documents;  // document responses, by loader id
  std::map<std::string, std::string> failures;      // documents that got no response: loader id -> net:: error
  std::map<std::string, std::string> doc_requests;  // request id -> loader id, for documents

  std::vector<std::string> console, requests, blocked;
  std::map<std::string, std::string> request_urls;  // request id -> URL, to name blocked ones

  explicit Impl(const std::string& binary) {
    log = dir.path() / "chromium.log";
    std::filesystem::create_directories(dir.path() / "home");
    UniqueFd log_fd(::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600));
    if (!log_fd) throw os_error("cannot create " + log.string());
    Pipe commands = make_pipe(), events = make_pipe();
    {
      UniqueFd child_commands = above_stdio(commands.read), child_events = above_stdio(events.write),
               child_log = above_stdio(log_fd);
      commands.read.reset();
      events.write.reset();
      log_fd.reset();
      process.spawn({binary, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                     "--disable-background-networking", "--disable-component-update", "--disable-sync",
                     "--window-size=1280,900", "--hide-scrollbars",
                     "--user-data-dir=" + (dir.path() / "profile").string(), "--remote-debugging-pipe",
                     // The first tab opens on a blank page, not the heavier new-tab page.
                     "about:blank"},
                    private_home_environment(dir.path() / "home"), child_commands.get(), child_events.get(),
                    child_log.get());
      // Our copies of the browser's ends close here: from now on the
      // browser's death reads as end-of-file.
    }
    to_browser = std::move(commands.write);
    from_browser = std::move(events.read);
    set_nonblocking(to_browser);
    set_nonblocking(from_browser);

    // A tab of our own rather than the first one, which may not be
    // registered yet when the first command arrives.
    target_id = call("Target.createTarget", {{"url", "about:blank"}}, false).at("targetId");
    session = call("Target.attachToTarget", {{"targetId", target_id}, {"flatten", true}}, false).at("sessionId");
    for (const char* domain : {"Page", "Runtime", "Log", "Network", "Inspector"})
      call(std::string(domain) + ".enable", json::object(), true);
    // The first tab costs a renderer for nothing; closing it is a courtesy
    // to a busy machine, so a failure here does not matter.
    try {
      for (const json& t : call("Target.getTargets", json::object(), false).value("targetInfos", json::array()))
        if (t.value("type", "") == "page" && t.value("targetId", "") != target_id)
          call("Target.closeTarget", {{"targetId", t.value("targetId", "")}}, false);
    } catch (const std::runtime_error&) {
    }
  }

  ~Impl() {
    // A browser that took Browser.close in (it answered, or closed the pipe
    // on its way out) gets time to finish; one that did neither within 5 s
    // is hung, and is killed at once.
    bool closing = closed || process.exited();
    if (to_browser && !closing) {
      try {
        timeout = std::min(timeout, std::chrono::milliseconds(5000));
        call("Browser.close", json::object(), false);
        closing = true;
      } catch (...) {
        closing = closed;
      }
    }
    to_browser.reset();
    from_browser.reset();
    process.stop(closing ? std::chrono::seconds(10) : std::chrono::seconds(0));
  }

  // An error about the browser rather than the page: it carries the log.
  std::runtime_error failure(const std::string& what) {
    // The log's own folder is gone with this object, so its end is copied.
    return std::runtime_error("chromium: " + what + "\n--- the end of Chromium's log ---\n" + log_tail(log));
  }

  // Reads what the browser has written so far and dispatches every whole
  // message in it. Sets `closed` at end-of-file.
  void read_available() {
    char chunk[1 << 16];
    for (;;) {
      ssize_t n = ::read(from_browser.get(), chunk, sizeof chunk);
      if (n > 0) {
        inbox.append(chunk, static_cast<size_t>(n));
        continue;
      }
      if (n == 0) {
        closed = true;
        break;
      }
      if (errno == EINTR) continue;
      if (errno == EAGAIN || errno == EWOULDBLOCK) break;
      throw os_error("reading the DevTools pipe");
    }
    size_t start = 0;
    for (;;) {
      size_t nul = inbox.find('\0', scanned);
      if (nul == std::string::npos) {
        scanned = inbox.size();
        break;
      }
      json message;
      try {
        message = json::parse(std::string_view(inbox).substr(start, nul - start));
      } catch (const json::exception& e) {
        throw failure(std::string("unreadable DevTools message: ") + e.what());
      }
      start = scanned = nul + 1;
      try {
        dispatch(message);
      } catch (const json::exception&) {
        // An event shaped otherwise than this file expects (a newer
        // Chromium, say) is skipped: the awaited answer may still come.
      }
    }
    inbox.erase(0, start);
    scanned -= start;
  }

  // Dispatches whatever has already arrived, without waiting: the getters
  // then report all Chromium has said so far, not only what the last call
  // happened to read.
  void drain() {
    pollfd p{from_browser.get(), POLLIN, 0};
    if (!closed && ::poll(&p, 1, 0) > 0) read_available();
  }

  // Reads and dispatches until `done()` holds; throws if the timeout runs
  // out, the browser goes or the page crashes first.
  void pump_until(const std::function<bool()>& done, const std::string& what) {
    const auto deadline = Clock::now() + timeout;
    for (;;) {
      if (done()) return;
      if (!crashed.empty()) throw failure(crashed + " while waiting for " + what);
      if (closed) throw failure("Chromium closed its pipe (" + process.outcome() + ") while waiting for " + what);
      auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - Clock::now());
      if (left.count() <= 0)
        throw failure("timed out after " + std::to_string(timeout.count()) + " ms waiting for " + what);
      pollfd p{from_browser.get(), POLLIN, 0};
      int rc = ::poll(&p, 1, static_cast<int>(left.count()));
      if (rc < 0 && errno != EINTR) throw os_error("poll");
      if (rc > 0) read_available();
    }
  }

  void send(const json& message, const std::string& method) {
    std::string bytes = message.dump(-1, ' ', false, json::error_handler_t::replace);
    bytes.push_back('\0');
    const auto deadline = Clock::now() + timeout;
    SigpipeBlocked no_sigpipe;
    size_t done = 0;
    while (done < bytes.size()) {
      ssize_t n = ::write(to_browser.get(), bytes.data() + done, bytes.size() - done);
      if (n > 0) {
        done += static_cast<size_t>(n);
        continue;
      }
      if (n < 0 && errno == EINTR) continue;
      if (n < 0 && errno == EPIPE)
        throw failure("Chromium closed its pipe (" + process.outcome() + ") before reading " + method);
      if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK) throw os_error("writing the DevTools pipe");
      // The pipe is full: wait for room, and keep reading meanwhile so that
      // neither side can block on the other.
      auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - Clock::now());
      if (left.count() <= 0)
        throw failure("timed out after " + std::to_string(timeout.count()) + " ms sending " + method);
      pollfd p[2] = {{to_browser.get(), POLLOUT, 0}, {from_browser.get(), POLLIN, 0}};
      int rc = ::poll(p, closed ? 1 : 2, static_cast<int>(left.count()));
      if (rc < 0 && errno != EINTR) throw os_error("poll");
      if (rc > 0 && !closed && (p[1].revents & (POLLIN | POLLHUP))) read_available();
    }
  }

  // Sends a command (to the tab, or to the browser itself) and returns its
  // result once the answer arrives. `about` names what the command was for
  // in error messages ("for http://...").
  json call(const std::string& method, const json& params, bool to_page, const std::string& about = "") {
    const long id = ++next_id;
    json message = {{"id", id}, {"method", method}, {"params", params}};
    if (to_page) message["sessionId"] = session;
    const std::string named = about.empty() ? method : method + " " + about;
    send(message, named);
    pump_until([&] { return replies.count(id) > 0; }, "the answer to " + named);
    json reply = std::move(replies[id]);
    // Answers to calls that timed out earlier are no longer awaited.
    replies.erase(replies.begin(), replies.upper_bound(id));
    if (reply.contains("error")) {
      const json& e = reply["error"];
      std::string text = "chromium: " + named + " failed: " + e.value("message", e.dump());
      if (e.contains("data")) text += " (" + describe({{"value", e["data"]}}) + ")";
      throw std::runtime_error(text);
    }
    return reply.value("result", json::object());
  }

  void dispatch(const json& message) {
    if (message.contains("id")) {
      if (message["id"].is_number_integer()) replies[message["id"].get<long>()] = message;
      return;
    }
    const std::string method = message.value("method", "");
    const json params = message.value("params", json::object());
    const std::string from = message.value("sessionId", "");
    if (from.empty() || from != session) {
      if (method == "Target.detachedFromTarget" && params.value("sessionId", "") == session)
        crashed = "the tab was closed";
      return;
    }
    if (method == "Page.frameNavigated") {
      const json frame = params.value("frame", json::object());
      if (frame.contains("parentId")) return;
      latest = {++seq, frame.value("loaderId", ""), frame.value("url", "")};
      commits[latest.loader] = latest;
    } else if (method == "Page.loadEventFired") {
      loaded = {++seq, latest.loader};
    } else if (method == "Network.responseReceived") {
      if (params.value("type", "") != "Document") return;
      const json response = params.value("response", json::object());
      Loaded doc;
      doc.status = response.value("status", 0);
      doc.url = response.value("url", "");
      const json headers = response.value("headers", json::object());  // items() of a temporary would dangle
      for (const auto& [name, value] : headers.items()) {
        std::string& slot = doc.headers[lower(name)];
        slot += (slot.empty() ? "" : "\n") + (value.is_string() ? value.get<std::string>() : value.dump());
      }
      documents[params.value("loaderId", "")] = std::move(doc);
    } else if (method == "Network.requestWillBeSent") {
      const std::string id = params.value("requestId", "");
      if (params.value("type", "") == "Document") doc_requests[id] = params.value("loaderId", "");
      std::string url = params.value("request", json::object()).value("url", "");
      if (url.starts_with("data:")) return;  // no request at all, and error pages have many
      request_urls[id] = url;
      requests.push_back(std::move(url));
    } else if (method == "Network.loadingFailed") {
      const std::string id = params.value("requestId", "");
      if (params.value("type", "") == "Document" && doc_requests.count(id))
        failures[doc_requests[id]] = params.value("errorText", "");
      if (!params.contains("blockedReason")) return;
      auto it = request_urls.find(id);
      if (it != request_urls.end()) blocked.push_back(it->second);
    } else if (method == "Runtime.consoleAPICalled") {
      std::string line = "console." + params.value("type", "log") + ":";
      for (const json& arg : params.value("args", json::array())) line += " " + describe(arg);
      console.push_back(std::move(line));
    } else if (method == "Runtime.exceptionThrown") {
      const json details = params.value("exceptionDetails", json::object());
      std::string line = "exception: " + details.value("text", "");
      if (details.contains("exception")) line += " " + describe(details["exception"]);
      console.push_back(std::move(line));
    } else if (method == "Log.entryAdded") {
      const json entry = params.value("entry", json::object());
      console.push_back("log." + entry.value("level", "info") + " (" + entry.value("source", "other") +
                        "): " + entry.value("text", ""));
    } else if (method == "Inspector.targetCrashed") {
      crashed = "the page crashed";
    } else if (method == "Inspector.detached") {
      crashed = "DevTools was detached from the tab (" + params.value("reason", "") + ")";
    }
  }

  // What the load of `loader`'s document brought: its response, or nothing
  // (about:blank). Throws if its request failed and Chromium's own error
  // page is what loaded: that is no page of the site under test.
  Loaded document_of(const std::string& loader, const std::string& what) const {
    auto it = documents.find(loader);
    if (it != documents.end()) return it->second;
    Loaded none;
    auto commit = commits.find(loader);
    if (commit != commits.end()) none.url = commit->second.url;
    auto failure = failures.find(loader);
    if (failure != failures.end())
      throw std::runtime_error("chromium: " + what + " got no response: " + failure->second);
    return none;
  }
};

Chromium::Chromium(const std::string& binary) : impl_(std::make_unique<Impl>(binary)) {}

Chromium::~Chromium() = default;

Chromium::Loaded Chromium::navigate(const std::string& url) {
  Impl& s = *impl_;
  json r = s.call("Page.navigate", {{"url", url}}, true, "for " + url);
  const std::string loader = r.value("loaderId", "");
  const std::string error = r.value("errorText", "");
  if (r.value("isDownload", false)) throw std::runtime_error("chromium: " + url + " is a download, not a page");
  // An HTTP error with an empty body is reported as a failed navigation,
  // yet it had a response and Chromium shows its own error page for it:
  // that is the 404 a test wants to see, not an exception.
  if (!error.empty() && error != "net::ERR_HTTP_RESPONSE_CODE_FAILURE")
    throw std::runtime_error("chromium: cannot load " + url + ": " + error);
  if (loader.empty()) return s.document_of(s.latest.loader, url);  // same document: no load event comes
  s.pump_until(
      [&] {
        auto it = s.commits.find(loader);
        return it != s.commits.end() && s.loaded.seq > it->second.seq;
      },
      "the load event of " + url);
  return s.document_of(s.loaded.loader, url);
}

json Chromium::evaluate(const std::string& expression) {
  json r = impl_->call("Runtime.evaluate",
                       {{"expression", expression},
                        {"returnByValue", true},
                        {"awaitPromise", true},
                        {"userGesture", true}},
                       true);
  if (r.contains("exceptionDetails")) {
    const json& d = r["exceptionDetails"];
    std::string what = d.contains("exception") ? describe(d["exception"]) : d.value("text", "an exception");
    throw std::runtime_error("chromium: evaluating `" + expression + "` threw " + what);
  }
  const json result = r.value("result", json::object());
  if (result.contains("value")) return result["value"];
  if (result.contains("unserializableValue")) return result["unserializableValue"];
  return nullptr;
}

Chromium::Loaded Chromium::click_and_wait(const std::string& css_selector) {
  Impl& s = *impl_;
  const uint64_t before = s.seq;
  // A JSON string is a JavaScript string literal.
  const std::string selector = json(css_selector).dump(-1, ' ', false, json::error_handler_t::replace);
  if (!evaluate("(() => { const e = document.querySelector(" + selector + "); if (e) e.click(); return !!e; })()")
           .get<bool>())
    throw std::runtime_error("chromium: nothing matches " + css_selector + " to click");
  s.pump_until([&] { return s.latest.seq > before && s.loaded.seq > s.latest.seq; },
               "a page to load after clicking " + css_selector);
  return s.document_of(s.loaded.loader, "the page " + css_selector + " led to");
}

std::string Chromium::outer_html() {
  json doc = impl_->call("DOM.getDocument", {{"depth", 0}}, true);
  json html = impl_->call("DOM.getOuterHTML", {{"nodeId", doc.at("root").at("nodeId")}}, true);
  return html.at("outerHTML").get<std::string>();
}

void Chromium::screenshot(const std::filesystem::path& path) {
  json metrics = impl_->call("Page.getLayoutMetrics", json::object(), true);
  json size = metrics.value("cssContentSize", json::object());
  json params = {{"format", "png"}};
  double width = size.value("width", 0.0), height = std::min(size.value("height", 0.0), 16384.0);
  if (width > 0 && height > 0) {
    params["captureBeyondViewport"] = true;
    params["clip"] = {{"x", 0}, {"y", 0}, {"width", width}, {"height", height}, {"scale", 1}};
  }
  json shot = impl_->call("Page.captureScreenshot", params, true);
  std::string png = base64_decode(shot.at("data").get<std::string>());
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(png.data(), static_cast<std::streamsize>(png.size()));
  out.close();
  if (!out) throw std::runtime_error("chromium: cannot write the screenshot to " + path.string());
}

std::vector<std::string> Chromium::console() const {
  impl_->drain();
  return impl_->console;
}

void Chromium::clear_console() {
  impl_->drain();
  impl_->console.clear();
}

std::vector<std::string> Chromium::requests() const {
  impl_->drain();
  return impl_->requests;
}

std::vector<std::string> Chromium::blocked_requests() const {
  impl_->drain();
  return impl_->blocked;
}

void Chromium::clear_requests() {
  impl_->drain();
  impl_->requests.clear();
  impl_->blocked.clear();
  impl_->request_urls.clear();
}

void Chromium::set_viewport(int width, int height, bool mobile) {
  impl_->call("Emulation.setDeviceMetricsOverride",
              {{"width", width}, {"height", height}, {"deviceScaleFactor", 1}, {"mobile", mobile}}, true);
  impl_->call("Emulation.setTouchEmulationEnabled", {{"enabled", mobile}}, true);
}

json Chromium::command(const std::string& method, const json& params) { return impl_->call(method, params, true); }

std::chrono::milliseconds Chromium::timeout() const { return impl_->timeout; }

void Chromium::set_timeout(std::chrono::milliseconds timeout) { impl_->timeout = timeout; }

}  // namespace khobao::test
