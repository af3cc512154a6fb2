// Standard base64 (RFC 4648 alphabet, '=' padding), shared by the wire codecs (XML-RPC <base64>,
// JSON binary values) and crypto (passlib's adapted base64 builds on it).
// Thread-safety: pure functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace keygate {

std::string Base64Encode(std::string_view bytes);  // padded

enum class Base64Padding {
  kOptional,  // passlib and many clients omit '='
  kRequired,  // Python's base64.decodebytes: the padded length must be a multiple of 4
};

// Skips ASCII whitespace; padding, when present, must be complete and final. None on any
// malformed input.
std::optional<std::string> Base64Decode(std::string_view text, Base64Padding padding);

}  // namespace keygate
