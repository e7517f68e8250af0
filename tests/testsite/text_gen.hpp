// Deterministic Vietnamese-looking text for the generated sites: headlines,
// sentences, names and slugs, from word lists written for the tests.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace khobao::testsite {

// splitmix64: the same numbers on every platform and standard library (the
// std:: distributions are not specified bit for bit).
class Rng {
 public:
  explicit Rng(uint64_t seed) : state_(seed) {}
  uint64_t next();
  // A number in [0, n); n must be > 0.
  size_t below(size_t n) { return static_cast<size_t>(next() % n); }
  // A number in [lo, hi].
  int between(int lo, int hi) { return lo + static_cast<int>(below(static_cast<size_t>(hi - lo + 1))); }
  template <class T>
  const T& pick(const std::vector<T>& v) { return v[below(v.size())]; }

 private:
  uint64_t state_;
};

// FNV-1a 64: a stable hash for seeds and ETags.
uint64_t fnv1a(std::string_view s);

// A headline of 8-14 words naming one of `places`.
std::string make_title(Rng& rng, const std::vector<std::string>& places);
// A short heading (3-6 words) for a subheading inside a body.
std::string make_subheading(Rng& rng);
// One sentence ending with '.', with a number in it so that texts rarely repeat.
std::string make_sentence(Rng& rng, const std::vector<std::string>& places);
// `sentences` sentences joined by spaces.
std::string make_paragraph(Rng& rng, const std::vector<std::string>& places, int sentences);
// A two-word pen name such as "Thu Phương".
std::string make_person_name(Rng& rng);

// A URL slug: ASCII lower case, Vietnamese diacritics removed (đ -> d),
// runs of anything else turned into one '-'.
std::string slugify(std::string_view text);

}  // namespace khobao::testsite
