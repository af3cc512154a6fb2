// RFC 6238 TOTP as Odoo's auth_totp: HMAC-SHA1, 6 digits, 30 s step.
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace keygate::crypto {

inline constexpr int kTotpStep = 30;
inline constexpr int kTotpDigits = 6;

// The code for a raw secret at a unix time.
std::string TotpCode(std::string_view secret_bytes, int64_t unix_time);

// The step counter (unix_time / 30) of the code that matches within +/- `window` steps, or none.
std::optional<int64_t> TotpMatch(std::string_view secret_bytes, std::string_view code,
                                 int64_t unix_time, int window = 1);

// otpauth://totp/<issuer>:<account>?secret=...&issuer=...&algorithm=SHA1&digits=6&period=30
std::string TotpUri(std::string_view secret_base32, std::string_view issuer,
                    std::string_view account);

}  // namespace keygate::crypto
