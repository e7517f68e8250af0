// core/gzip: the one inflater: gzip, zlib and raw deflate, concatenated
// members, and a cap that stops a gzip bomb with a clear error.
#include "core/gzip.hpp"

#include <catch2/catch.hpp>

#include <zlib.h>

#include <string>

using namespace khobao;

namespace {

// `text` deflated with `window_bits` (31: gzip, 15: zlib, -15: raw).
std::string deflated(const std::string& text, int window_bits) {
  z_stream z{};
  REQUIRE(deflateInit2(&z, 9, Z_DEFLATED, window_bits, 8, Z_DEFAULT_STRATEGY) == Z_OK);
  std::string out(deflateBound(&z, text.size()) + 64, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
  z.avail_in = static_cast<uInt>(text.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  REQUIRE(deflate(&z, Z_FINISH) == Z_STREAM_END);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

}  // namespace

TEST_CASE("gzip, zlib and raw deflate inflate whole", "[gzip]") {
  const std::string text = "<urlset><url><loc>https://baohatinh.vn/a-post1.html</loc></url></urlset>";
  Inflated gz = inflate_capped(deflated(text, 31));
  CHECK(gz.complete());
  CHECK(gz.error().empty());
  CHECK(gz.data == text);
  CHECK(inflate_capped(deflated(text, 15)).data == text);  // zlib sent as "gzip"
  CHECK(inflate_capped(deflated(text, 15), {.wrapper = DeflateWrapper::kZlib}).data == text);
  Inflated raw = inflate_capped(deflated(text, -15), {.wrapper = DeflateWrapper::kRaw});
  CHECK(raw.complete());
  CHECK(raw.data == text);
  CHECK(is_gzip(deflated(text, 31)));
  CHECK_FALSE(is_gzip(deflated(text, 15)));
}

TEST_CASE("concatenated gzip members, or only the first", "[gzip]") {
  std::string two = deflated("a\n", 31) + deflated("b\n", 31);
  CHECK(inflate_capped(two).data == "a\nb\n");
  Inflated first = inflate_capped(two, {.all_members = false});
  CHECK(first.complete());
  CHECK(first.data == "a\n");
  CHECK(inflate_capped(deflated("a\n", 31) + "trailing junk").data == "a\n");
}

TEST_CASE("a gzip bomb stops at the cap with a clear error", "[gzip]") {
  std::string bomb = deflated(std::string(64u << 20, '\0'), 31);  // 64 MiB of zeros
  REQUIRE(bomb.size() < 128u << 10);
  Inflated out = inflate_capped(bomb, {.cap = 1'000'000});
  CHECK(out.status == InflateStatus::kCapped);
  CHECK(out.data.size() == 1'000'000);
  CHECK(out.data.capacity() <= 1'000'000);
  CHECK(out.error() == "decompressed data passes the limit of 1000000 bytes");
  // Exactly at the cap is whole.
  CHECK(inflate_capped(deflated(std::string(1000, 'x'), 31), {.cap = 1000}).complete());
}

TEST_CASE("truncated and corrupt data keep what came before", "[gzip]") {
  std::string text;
  for (int i = 0; i < 2000; ++i) text += "https://baohatinh.vn/a-post" + std::to_string(i) + ".html\n";
  std::string gz = deflated(text, 31);
  Inflated cut = inflate_capped(std::string_view(gz).substr(0, gz.size() / 2));
  CHECK(cut.status == InflateStatus::kTruncated);
  CHECK_FALSE(cut.error().empty());
  CHECK(text.starts_with(cut.data));
  std::string bad = gz;
  bad[bad.size() / 2] ^= 0x55;
  bad[bad.size() / 2 + 1] ^= 0x55;
  Inflated corrupt = inflate_capped(bad);
  CHECK_FALSE(corrupt.complete());
  CHECK(inflate_capped("not gzip at all").status == InflateStatus::kCorrupt);
  CHECK(inflate_capped("").status == InflateStatus::kTruncated);
}
