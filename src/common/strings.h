// ASCII text helpers shared by the parsers of configuration, protocol text and headers, and the
// messages built from them: one Trim, one Lower and one percent decoding for the whole code base.
// They look at bytes only (no locale), so UTF-8 text passes through unchanged. Thread-safety: pure
// functions.
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
char Lower(char c);

// One component of application/x-www-form-urlencoded text, as Python's unquote_plus reads it:
// '+' is a space, "%XX" the byte XX; a '%' without two hex digits stays itself.
std::string DecodeFormComponent(std::string_view s);

// A URL path as Python's unquote reads it: "%XX" is the byte XX, a '%' without two hex digits
// stays itself, and '+' is itself.
std::string DecodePercent(std::string_view s);

}  // namespace keygate
