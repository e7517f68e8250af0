// A small sketch of a byte string (bottom-k MinHash over 32-byte shingles):
// enough to tell which stored page a new page most resembles, to pick it as
// the zstd reference for that page, without parsing anything.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace khobao::store {

// The k smallest distinct shingle hashes of a byte string, ascending.
using Sketch = std::vector<std::uint64_t>;

inline constexpr std::size_t kSketchSize = 128;

// Sketch of `bytes` (empty for strings shorter than a shingle).
Sketch sketch_of(std::string_view bytes);

// Estimated Jaccard similarity of the two strings' shingle sets, 0 to 1.
double similarity(const Sketch& a, const Sketch& b);

// The sketch as bytes for the archive (little-endian u64s), and back; a
// malformed encoding decodes to an empty sketch.
std::string encode_sketch(const Sketch& sketch);
Sketch decode_sketch(std::string_view bytes);

}  // namespace khobao::store
