// Bottom-k MinHash with a gear rolling hash: one pass, a few ns per byte.
#include "store/sketch.hpp"

#include <algorithm>
#include <array>
#include <queue>

namespace khobao::store {
namespace {

// Gear hash table: fixed pseudo-random values (splitmix64 of the byte), so that
// sketches stay comparable across runs and versions of khobao.
constexpr std::uint64_t splitmix(std::uint64_t x) {
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

constexpr std::array<std::uint64_t, 256> make_gear() {
  std::array<std::uint64_t, 256> gear{};
  for (std::size_t i = 0; i < gear.size(); ++i) gear[i] = splitmix(i);
  return gear;
}

constexpr std::array<std::uint64_t, 256> kGear = make_gear();
constexpr std::size_t kShingle = 32;  // a gear hash depends on the last 64 bytes at most; mixed below

}  // namespace

Sketch sketch_of(std::string_view bytes) {
  Sketch sketch;
  if (bytes.size() < kShingle) return sketch;
  // A max-heap of the k smallest hashes seen; most hashes fail the first comparison.
  std::priority_queue<std::uint64_t> smallest;
  std::uint64_t h = 0;
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    h = (h << 1) + kGear[static_cast<unsigned char>(bytes[i])];
    if (i + 1 < kShingle) continue;
    // The low bits of a gear hash depend on the last bytes only: mix all 64.
    std::uint64_t mixed = splitmix(h);
    if (smallest.size() < kSketchSize) {
      smallest.push(mixed);
    } else if (mixed < smallest.top()) {
      smallest.pop();
      smallest.push(mixed);
    }
  }
  while (!smallest.empty()) {
    sketch.push_back(smallest.top());
    smallest.pop();
  }
  std::sort(sketch.begin(), sketch.end());
  sketch.erase(std::unique(sketch.begin(), sketch.end()), sketch.end());
  return sketch;
}

double similarity(const Sketch& a, const Sketch& b) {
  if (a.empty() || b.empty()) return 0;
  // Walk the k smallest of the union; count those present in both.
  std::size_t i = 0, j = 0, taken = 0, shared = 0;
  std::size_t k = std::min(kSketchSize, std::max(a.size(), b.size()));
  while (taken < k && (i < a.size() || j < b.size())) {
    if (j == b.size() || (i < a.size() && a[i] < b[j])) {
      ++i;
    } else if (i == a.size() || b[j] < a[i]) {
      ++j;
    } else {
      ++shared;
      ++i;
      ++j;
    }
    ++taken;
  }
  return static_cast<double>(shared) / static_cast<double>(taken);
}

std::string encode_sketch(const Sketch& sketch) {
  std::string bytes;
  bytes.reserve(sketch.size() * 8);
  for (std::uint64_t v : sketch)
    for (int shift = 0; shift < 64; shift += 8) bytes += static_cast<char>((v >> shift) & 0xFF);
  return bytes;
}

Sketch decode_sketch(std::string_view bytes) {
  Sketch sketch;
  if (bytes.size() % 8 != 0) return sketch;
  for (std::size_t i = 0; i < bytes.size(); i += 8) {
    std::uint64_t v = 0;
    for (int b = 0; b < 8; ++b) v |= static_cast<std::uint64_t>(static_cast<unsigned char>(bytes[i + b])) << (8 * b);
    sketch.push_back(v);
  }
  return sketch;
}

}  // namespace khobao::store
