// Text helpers shared by the wire codecs: strict UTF-8 checks, base64 as XML-RPC uses it, and
// numbers read and written the way Python's int(), float() and repr() do, so that values survive
// a round trip through Python clients unchanged.
// Thread-safety: pure functions.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/python_float.h"  // FormatPythonFloat, for the codecs

namespace keygate::rpc {

// True when `text` is well-formed UTF-8: no overlong forms, no surrogates, nothing above
// U+10FFFF, no truncated sequences.
bool IsValidUtf8(std::string_view text);

// Decodes the well-formed UTF-8 sequence starting at text[pos] into *code_point and returns its
// length in bytes, or 0 when the bytes there are ill-formed (same rules as IsValidUtf8).
size_t DecodeUtf8(std::string_view text, size_t pos, uint32_t* code_point);

// `text` with every ill-formed byte replaced by U+FFFD, so serialisers always emit valid UTF-8
// even for a string that did not come through a validating parser.
std::string ToValidUtf8(std::string_view text);

// Standard alphabet, '=' padded, no line breaks.
std::string Base64Encode(std::string_view bytes);

// Standard alphabet with correct '=' padding; ASCII whitespace anywhere is ignored (XML-RPC
// clients wrap lines). nullopt for any other character or bad padding.
std::optional<std::string> Base64Decode(std::string_view text);

// Python's int(text) restricted to int64: surrounding whitespace, an optional sign, decimal
// digits with single underscores between them. nullopt when malformed or out of range.
std::optional<int64_t> ParsePythonInt(std::string_view text);

// Python's float(text) for decimal input: surrounding whitespace, sign, digits with underscores,
// optional fraction and exponent, and "inf"/"infinity"/"nan" in any case. Overflow gives inf as
// in Python. nullopt when malformed.
std::optional<double> ParsePythonFloat(std::string_view text);

}  // namespace keygate::rpc
