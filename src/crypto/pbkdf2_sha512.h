// PBKDF2-HMAC-SHA512 (RFC 8018 §5.2, HMAC per RFC 2104), the derivation behind passlib's
// pbkdf2_sha512 hashes. The HMAC key's inner and outer SHA-512 states are computed once per
// derivation, so each iteration costs exactly two compressions of one pre-padded block; the same
// bytes as OpenSSL's PKCS5_PBKDF2_HMAC with EVP_sha512() (tested against it).
// Thread-safety: pure function.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

namespace keygate::crypto {

// Fills `out` (any length; 64 bytes per PBKDF2 block) with the key derived from `password` and
// `salt` in `iterations` rounds. RFC 8018 requires iterations >= 1; 0 is treated as 1.
void Pbkdf2HmacSha512(std::string_view password, std::string_view salt, uint32_t iterations,
                      std::span<unsigned char> out);

}  // namespace keygate::crypto
