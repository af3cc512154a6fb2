// Bounds on the shape of a request body that the wire codecs enforce while parsing, before any
// of it reaches a service: a request past one is refused with the codec's "malformed" error
// without converting the rest. docs/security.md lists them with the other bounds.
// Thread-safety: constants only.
#pragma once

#include <cstddef>
#include <limits>

namespace keygate::rpc {

// Members of one XML-RPC <struct> or JSON object in a request, repeated names included: far
// above any model's fields or a real `context`, and low enough that a body of megabytes of keys
// costs little to refuse.
inline constexpr size_t kMaxStructMembers = 10000;

// For documents keygate reads from a server it trusts (the upstream Odoo's answers, the doctor's
// probes): no bound on members.
inline constexpr size_t kUnboundedStructMembers = std::numeric_limits<size_t>::max();

}  // namespace keygate::rpc
