// Fuzz target for the XML-RPC codec: any body must parse or fail cleanly, and whatever parses
// must serialise to XML that parses again to the same values.
#include <string_view>

#include "fuzz_targets.h"
#include "rpc/json_codec.h"
#include "rpc/xmlrpc_codec.h"

namespace keygate::fuzz {
namespace {

// NaN is the one value that does not compare equal to itself after a round trip.
bool HasNan(const Value& v) {
  if (v.is_double()) return v.as_double() != v.as_double();
  if (v.is_array()) {
    for (const Value& item : v.as_array()) {
      if (HasNan(item)) return true;
    }
  }
  if (v.is_struct()) {
    for (const auto& [k, item] : v.as_struct()) {
      if (HasNan(item)) return true;
    }
  }
  return false;
}

// '\r' written raw comes back as '\n' (XML end-of-line handling), as with Python's marshaller.
bool HasCarriageReturn(const Value& v) {
  if (v.is_string()) return v.as_string().find('\r') != std::string::npos;
  if (v.is_datetime()) return v.as_datetime().find('\r') != std::string::npos;
  if (v.is_array()) {
    for (const Value& item : v.as_array()) {
      if (HasCarriageReturn(item)) return true;
    }
  }
  if (v.is_struct()) {
    for (const auto& [k, item] : v.as_struct()) {
      if (k.find('\r') != std::string::npos || HasCarriageReturn(item)) return true;
    }
  }
  return false;
}

}  // namespace

bool FuzzXmlRpc(const uint8_t* data, size_t size) {
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  StatusOr<rpc::XmlRpcCall> call = rpc::ParseXmlRpcCall(body);
  if (call.ok()) {
    const Value params(call->params);
    const std::string xml = rpc::SerializeXmlRpcCall(call->method, call->params);
    (void)rpc::SerializeXmlRpcResponse(params);
    (void)rpc::SerializeJson(params);
    StatusOr<rpc::XmlRpcCall> again = rpc::ParseXmlRpcCall(xml);
    if (!again.ok()) return false;
    if (!HasNan(params) && !HasCarriageReturn(params) &&
        call->method.find('\r') == std::string::npos) {
      if (again->method != call->method || Value(again->params) != params) return false;
    }
  } else if (call.status().code() != StatusCode::kInvalidRequest) {
    return false;
  }
  bool is_fault = false;
  StatusOr<Value> response = rpc::ParseXmlRpcResponse(body, &is_fault);
  if (response.ok()) {
    (void)rpc::SerializeXmlRpcResponse(*response);
    (void)rpc::SerializeJson(*response);
  } else if (response.status().code() != StatusCode::kInvalidRequest) {
    return false;
  }
  return true;
}

}  // namespace keygate::fuzz

#ifndef KEYGATE_FUZZ_NO_MAIN
extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (!keygate::fuzz::FuzzXmlRpc(data, size)) __builtin_trap();
  return 0;
}
#endif
