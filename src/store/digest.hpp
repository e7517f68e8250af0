// Content digests: SHA-256 names raw bodies and article contents in the
// archive; SHA-1 in base32 is what WARC readers expect in WARC-*-Digest.
#pragma once

#include <array>
#include <string>
#include <string_view>

namespace khobao::store {

using Sha256 = std::array<unsigned char, 32>;

// The SHA-256 of `bytes` (OpenSSL's implementation).
Sha256 sha256(std::string_view bytes);

// Lower-case hex of a digest: 64 characters for SHA-256.
std::string to_hex(const Sha256& digest);

// "sha1:" followed by the RFC 4648 base32 of the SHA-1 of `bytes`, the form
// WARC 1.1 files use in WARC-Block-Digest and WARC-Payload-Digest.
std::string warc_sha1_digest(std::string_view bytes);

}  // namespace khobao::store
