// passlib's pbkdf2_sha512 in its modular crypt format, as Odoo stores API keys and passwords:
//   $pbkdf2-sha512$<rounds>$<salt>$<checksum>
// salt and checksum in passlib's "adapted base64" (standard alphabet with '+' -> '.', no '=').
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>

#include "common/status.h"

namespace keygate::crypto {

inline constexpr int kApiKeyRounds = 6000;      // Odoo's API key hash
inline constexpr int kPasswordRounds = 600000;  // Odoo's MIN_ROUNDS for passwords
inline constexpr int kSaltBytes = 16;

// Hashes with a fresh random salt.
std::string HashPbkdf2Sha512(std::string_view secret, int rounds);
// Deterministic variant for tests.
std::string HashPbkdf2Sha512WithSalt(std::string_view secret, std::string_view salt, int rounds);

// True when `hash` is a well-formed passlib pbkdf2-sha512 string (any rounds >= 1) and `secret`
// matches it. Malformed hashes return false, never crash. Constant-time comparison.
bool VerifyPbkdf2Sha512(std::string_view secret, std::string_view hash);

// True when the string has passlib's pbkdf2-sha512 prefix (as opposed to a legacy plaintext).
bool IsPbkdf2Sha512Hash(std::string_view hash);

// Rounds in a well-formed hash, or 0.
int RoundsOf(std::string_view hash);

// passlib adapted base64 (ab64).
std::string Ab64Encode(std::string_view bytes);
StatusOr<std::string> Ab64Decode(std::string_view text);

}  // namespace keygate::crypto
