// The capped inflater (see gzip.hpp), on zlib behind RAII.
#include "core/gzip.hpp"

#include <zlib.h>

#include <algorithm>
#include <climits>
#include <stdexcept>
#include <string>

namespace khobao {

namespace {

int window_bits(DeflateWrapper w) {
  switch (w) {
    case DeflateWrapper::kZlib: return MAX_WBITS;
    case DeflateWrapper::kRaw: return -MAX_WBITS;
    case DeflateWrapper::kGzipOrZlib: break;
  }
  return MAX_WBITS + 32;  // zlib's automatic gzip-or-zlib header detection
}

// Grows `out` for more inflated bytes, never past `cap` in size nor in
// capacity: the last step allocates exactly, where doubling would overshoot.
void grow(std::string& out, std::size_t cap) {
  std::size_t want = std::min(cap, std::max<std::size_t>(out.size() * 2, 64u << 10));
  if (want > out.capacity() && want < 2 * out.capacity()) {
    std::string exact;
    exact.reserve(want);
    exact.append(out);
    out.swap(exact);
  }
  out.resize(want);
}

}  // namespace

bool is_gzip(std::string_view bytes) {
  return bytes.size() >= 2 && static_cast<unsigned char>(bytes[0]) == 0x1f &&
         static_cast<unsigned char>(bytes[1]) == 0x8b;
}

std::string Inflated::error() const {
  switch (status) {
    case InflateStatus::kComplete: return "";
    case InflateStatus::kCapped: return "decompressed data passes the limit of " + std::to_string(data.size()) + " bytes";
    case InflateStatus::kTruncated: return "compressed data ends early (cut in transfer?)";
    case InflateStatus::kCorrupt: return "compressed data is corrupt";
  }
  return "";
}

struct InflateStream::Impl {
  z_stream z{};
};

InflateStream::InflateStream(DeflateWrapper wrapper) : impl_(std::make_unique<Impl>()) {
  if (inflateInit2(&impl_->z, window_bits(wrapper)) != Z_OK) throw std::runtime_error("zlib: cannot start inflating");
}

InflateStream::~InflateStream() { inflateEnd(&impl_->z); }

void InflateStream::set_input(std::string_view input) {
  impl_->z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(input.data()));
  impl_->z.avail_in = static_cast<uInt>(std::min<std::size_t>(input.size(), UINT_MAX));
}

std::size_t InflateStream::pending_input() const { return impl_->z.avail_in; }

InflateStream::Result InflateStream::inflate(char* out, std::size_t room) {
  z_stream& z = impl_->z;
  z.next_out = reinterpret_cast<Bytef*>(out);
  z.avail_out = static_cast<uInt>(std::min<std::size_t>(room, UINT_MAX));
  const uInt before_out = z.avail_out;
  int rc = ::inflate(&z, Z_NO_FLUSH);
  Result r;
  r.produced = before_out - z.avail_out;
  if (rc == Z_STREAM_END) r.step = Step::kStreamEnd;
  else if (rc == Z_OK) r.step = Step::kOk;
  else if (rc == Z_BUF_ERROR) r.step = Step::kStuck;
  else r.step = Step::kError;
  return r;
}

void InflateStream::reset() { inflateReset(&impl_->z); }

std::string InflateStream::error() const { return impl_->z.msg ? impl_->z.msg : "error"; }

Inflated inflate_capped(std::string_view input, const InflateOptions& options) {
  Inflated result;
  std::string& out = result.data;
  InflateStream stream(options.wrapper);
  std::size_t fed = 0, have = 0;
  for (;;) {
    if (stream.pending_input() == 0 && fed < input.size()) {
      // zlib counts in 32 bits: an input past 4 GiB goes in pieces.
      std::string_view piece = input.substr(fed, UINT_MAX);
      stream.set_input(piece);
      fed += piece.size();
    }
    if (have == out.size()) {
      if (out.size() >= options.cap) {
        result.status = InflateStatus::kCapped;  // whatever remains is not inflated
        break;
      }
      grow(out, options.cap);
    }
    const std::size_t before_in = stream.pending_input();
    InflateStream::Result r = stream.inflate(out.data() + have, out.size() - have);
    have += r.produced;
    if (r.step == InflateStream::Step::kStreamEnd) {
      std::string_view rest = input.substr(fed - stream.pending_input());
      // Another gzip member may follow (a concatenated file).
      if (!options.all_members || !is_gzip(rest)) break;
      stream.reset();
      continue;
    }
    if (r.step == InflateStream::Step::kStuck && stream.pending_input() == 0 && fed == input.size()) {
      result.status = InflateStatus::kTruncated;  // the input ended inside the stream
      break;
    }
    if (r.step == InflateStream::Step::kError ||
        (r.step == InflateStream::Step::kStuck && r.produced == 0 && stream.pending_input() == before_in)) {
      result.status = InflateStatus::kCorrupt;  // keep what came before the damage; never spin
      break;
    }
  }
  out.resize(have);
  return result;
}

}  // namespace khobao
