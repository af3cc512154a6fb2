// JSON text <-> Value, on RapidJSON. Parsing is iterative (no recursion on untrusted input),
// validates UTF-8 and enforces a nesting limit. Serialisation writes Binary as base64 text and
// DateTime as its text, nil as null; doubles in shortest round-trip form.
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>

#include "common/status.h"
#include "common/value.h"
#include "rpc/request_limits.h"

namespace keygate::rpc {

inline constexpr int kMaxJsonDepth = 100;

// kInvalidRequest with a one-line explanation on malformed input, excessive nesting, or an object
// of more than `max_object_members` members (repeated keys included; rpc/request_limits.h:
// requests keep the default, documents from a trusted server pass kUnboundedStructMembers).
StatusOr<Value> ParseJson(std::string_view text, size_t max_object_members = kMaxStructMembers);
std::string SerializeJson(const Value& value);

// What Python's json.loads says of text that does not parse, as Odoo passes it on ("Expecting
// property name enclosed in double quotes: line 1 column 2 (char 1)"); positions count bytes.
// "" when the text parses.
std::string PythonJsonDecodeError(std::string_view text);

}  // namespace keygate::rpc
