// ASCII text helpers shared by the parsers of configuration, protocol text and headers, and the
// messages built from them: one Trim and one Lower for the whole code base. They look at bytes
// only (no locale), so UTF-8 text passes through unchanged.
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>

namespace keygate {

// ' ', '\t', '\n', '\v', '\f' and '\r'.
bool IsAsciiSpace(char c);

// `s` without its leading and trailing ASCII whitespace (a view into `s`).
std::string_view Trim(std::string_view s);

// `s` with the ASCII letters A-Z lowered; every other byte unchanged.
std::string Lower(std::string_view s);

}  // namespace keygate
