// Bounds on text a client sends that keygate keeps or shows (logins), shared by the store, which
// refuses to create what a client could never present, and the auth gate, which refuses longer
// input before it reaches a lookup, a counter, an event row or a log line.
// Thread-safety: pure functions and constants.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace keygate {

// An e-mail address is at most 254 bytes, and logins are commonly e-mail addresses.
inline constexpr size_t kMaxLoginBytes = 256;

inline bool LoginTooLong(std::string_view login) { return login.size() > kMaxLoginBytes; }

// What a log line or an event row shows of text a client sent: at most `shown` bytes, control
// characters replaced, and the full length named when it was cut.
inline std::string PrintablePrefix(std::string_view text, size_t shown = kMaxLoginBytes) {
  std::string out(text.substr(0, shown));
  for (char& ch : out) {
    if (static_cast<unsigned char>(ch) < 0x20 || ch == 0x7f) ch = '?';
  }
  if (text.size() > shown) out += "...(" + std::to_string(text.size()) + " bytes)";
  return out;
}

}  // namespace keygate
