// A linear scan of an XML-RPC request's raw bytes that finds a <struct> with too many members
// before any parser builds a tree: a body of megabytes of context keys is then refused after
// reading its first 10,001 members, not after a DOM of millions of nodes has been built.
// Thread-safety: pure functions.
#pragma once

#include <cstddef>
#include <string_view>

namespace keygate::rpc {

// True when some <struct> element of `body` has more than `max_members` <member> children. Tags
// are read as XML writes them (comments, CDATA sections and processing instructions are skipped,
// quoted attribute values may hold '>'); namespace prefixes are ignored, as the codec ignores
// them. On a body that is not well-formed the answer is a best effort: the parser that runs after
// the scan reports such a body anyway. Works on bytes, so invalid UTF-8 cannot mislead it (no
// byte of a multi-byte sequence is '<' or '>').
bool HasStructOverMembers(std::string_view body, size_t max_members);

}  // namespace keygate::rpc
