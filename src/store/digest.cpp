// SHA-256 and SHA-1 through OpenSSL's EVP interface, which picks the fastest
// implementation the CPU allows.
#include "store/digest.hpp"

#include <openssl/evp.h>

#include <memory>
#include <stdexcept>

namespace khobao::store {
namespace {

struct MdCtxDeleter {
  void operator()(EVP_MD_CTX* ctx) const { EVP_MD_CTX_free(ctx); }
};

// Digests `bytes` with `md` into `out`, which holds EVP_MAX_MD_SIZE bytes;
// returns the digest's length.
unsigned digest(const EVP_MD* md, std::string_view bytes, unsigned char* out) {
  std::unique_ptr<EVP_MD_CTX, MdCtxDeleter> ctx(EVP_MD_CTX_new());
  unsigned length = 0;
  if (!ctx || EVP_DigestInit_ex(ctx.get(), md, nullptr) != 1 ||
      EVP_DigestUpdate(ctx.get(), bytes.data(), bytes.size()) != 1 ||
      EVP_DigestFinal_ex(ctx.get(), out, &length) != 1)
    throw std::runtime_error("OpenSSL digest failed");
  return length;
}

}  // namespace

Sha256 sha256(std::string_view bytes) {
  unsigned char out[EVP_MAX_MD_SIZE];
  digest(EVP_sha256(), bytes, out);
  Sha256 result;
  std::copy(out, out + result.size(), result.begin());
  return result;
}

std::string to_hex(const Sha256& digest) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(digest.size() * 2);
  for (unsigned char byte : digest) {
    hex += kHex[byte >> 4];
    hex += kHex[byte & 15];
  }
  return hex;
}

std::string warc_sha1_digest(std::string_view bytes) {
  static constexpr char kBase32[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned length = digest(EVP_sha1(), bytes, out);  // 20 bytes: 32 base32 digits, no padding
  std::string encoded = "sha1:";
  unsigned buffer = 0;
  int bits = 0;
  for (unsigned i = 0; i < length; ++i) {
    buffer = (buffer << 8) | out[i];
    bits += 8;
    while (bits >= 5) {
      encoded += kBase32[(buffer >> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) encoded += kBase32[(buffer << (5 - bits)) & 31];
  return encoded;
}

}  // namespace khobao::store
