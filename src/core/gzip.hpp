// Inflating gzip, zlib and raw deflate data with a cap on the output: the one
// zlib inflater, for sitemaps (.xml.gz) and for HTTP bodies read from WARC files.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

namespace khobao {

// The wrapper around the deflate data.
enum class DeflateWrapper {
  kGzipOrZlib,  // a gzip header, or a zlib one (servers send either as "gzip")
  kZlib,        // RFC 1950, HTTP's "deflate" as the RFC says
  kRaw,         // bare RFC 1951, HTTP's "deflate" as some servers send it
};

enum class InflateStatus {
  kComplete,   // the stream (every member, with all_members) ended properly
  kCapped,     // the output reached the cap with data left: a bomb, or just too big
  kTruncated,  // the input ended inside the stream (cut in transfer)
  kCorrupt,    // zlib refused the data; `data` holds what came before the damage
};

struct Inflated {
  std::string data;  // at most the cap, in size and in capacity
  InflateStatus status = InflateStatus::kComplete;

  bool complete() const { return status == InflateStatus::kComplete; }
  // What went wrong, for a log or an error message; "" when complete.
  std::string error() const;
};

struct InflateOptions {
  std::size_t cap = 64u << 20;  // the most output bytes kept
  DeflateWrapper wrapper = DeflateWrapper::kGzipOrZlib;
  // With a gzip wrapper, inflate the members that follow the first (as
  // `cat a.gz b.gz` makes); otherwise bytes after the stream's end are ignored.
  bool all_members = true;
};

// A stream being inflated piece by piece, for input that arrives in parts (a
// .warc.gz read from a file, member by member). inflate_capped() runs on it.
class InflateStream {
 public:
  // Throws std::runtime_error when zlib cannot start (out of memory).
  explicit InflateStream(DeflateWrapper wrapper = DeflateWrapper::kGzipOrZlib);
  ~InflateStream();
  InflateStream(const InflateStream&) = delete;
  InflateStream& operator=(const InflateStream&) = delete;

  // Gives the next input. Its bytes must stay alive, and no other input be
  // given, until pending_input() is 0; pieces over 4 GiB must be split.
  void set_input(std::string_view input);
  // How many bytes of the last input zlib has not read yet.
  std::size_t pending_input() const;

  enum class Step {
    kOk,         // bytes came out or went in; call again
    kStreamEnd,  // the stream (one gzip member) ended; reset() for another
    kStuck,      // nothing can happen without more input or more room
    kError,      // corrupt data: error() says what zlib says
  };
  struct Result {
    std::size_t produced = 0;  // bytes written to `out`
    Step step = Step::kOk;
  };
  // Inflates into out[0, room) (room at most 4 GiB).
  Result inflate(char* out, std::size_t room);
  // Starts over for a new stream, as the next member of a gzip file.
  void reset();
  // zlib's message for the last kError.
  std::string error() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Inflates `input` into at most options.cap bytes. Never throws for bad data
// and never allocates past the cap: a gzip bomb stops there with kCapped and
// the first cap bytes. (std::bad_alloc still can, if the cap itself cannot be had.)
Inflated inflate_capped(std::string_view input, const InflateOptions& options = {});

// Whether `bytes` start with the gzip magic (1f 8b).
bool is_gzip(std::string_view bytes);

}  // namespace khobao
