// Hashes, encodings and comparisons used across keygate.
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>

#include "common/status.h"

namespace keygate::crypto {

std::string Sha256(std::string_view data);                          // 32 raw bytes
std::string HmacSha1(std::string_view key, std::string_view data);  // 20 raw bytes
std::string HexEncode(std::string_view bytes);                      // lowercase
StatusOr<std::string> HexDecode(std::string_view hex);
std::string Base64Encode(std::string_view bytes);           // standard, padded
StatusOr<std::string> Base64Decode(std::string_view text);  // ignores whitespace
std::string Base32Encode(std::string_view bytes);           // RFC 4648, no padding
StatusOr<std::string> Base32Decode(std::string_view text);  // case-insensitive, padding optional
bool ConstantTimeEquals(std::string_view a, std::string_view b);
// 40 lowercase hex characters (the shape of an Odoo API key).
bool LooksLikeApiKey(std::string_view secret);

}  // namespace keygate::crypto
