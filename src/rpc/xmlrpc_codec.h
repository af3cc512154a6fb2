// XML-RPC wire format <-> Value. Parses untrusted request bodies defensively: no DTDs or entity
// declarations (rejected outright, which defeats entity-expansion bombs and external entities),
// a nesting limit, strict UTF-8, and exact type checks of every scalar.
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>

#include "common/status.h"
#include "common/value.h"

namespace keygate::rpc {

struct XmlRpcCall {
  std::string method;
  Value::Array params;
};

inline constexpr int kMaxNestingDepth = 100;

// kInvalidRequest with a one-line explanation on any malformed input, or past the bounds of
// rpc/request_limits.h.
StatusOr<XmlRpcCall> ParseXmlRpcCall(std::string_view body);

// <methodResponse><params><param><value>...</value></param></params></methodResponse>
std::string SerializeXmlRpcResponse(const Value& result);

// <methodResponse><fault>... with faultCode an <int> (integer code) or a <string> (legacy
// /xmlrpc/ endpoints).
std::string SerializeXmlRpcFault(int fault_code, std::string_view fault_string);
std::string SerializeXmlRpcFault(std::string_view fault_code, std::string_view fault_string);

// Parses a methodResponse (used by `keygate doctor` and tests): the result value, or the fault as
// a struct {faultCode, faultString} with *is_fault set.
StatusOr<Value> ParseXmlRpcResponse(std::string_view body, bool* is_fault);

// Serialises a method call (used by `keygate doctor`).
std::string SerializeXmlRpcCall(std::string_view method, const Value::Array& params);

}  // namespace keygate::rpc
