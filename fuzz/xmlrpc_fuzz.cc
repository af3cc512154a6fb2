// Fuzz target for the XML-RPC codec (rpc/xmlrpc_codec.h). Any body must parse as a call and as a
// response, or fail with kInvalidRequest; a call or response that parses must serialise to XML
// that parses again to the same method and values (except values that cannot survive XML by
// design: NaN, raw '\r'), and must also serialise to JSON that parses.
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_check.h"
#include "rpc/json_codec.h"
#include "rpc/xmlrpc_codec.h"
#include "value_walk.h"

namespace keygate::fuzz {
namespace {

bool Comparable(const Value& v) { return !HasNan(v) && !HasCarriageReturn(v); }

// A refused body is the client's: a malformed XML-RPC document, or no XML document at all.
bool IsRefusal(StatusCode code) {
  return code == StatusCode::kInvalidRequest || code == StatusCode::kXmlSyntaxError;
}

void CheckCall(std::string_view body) {
  StatusOr<rpc::XmlRpcCall> call = rpc::ParseXmlRpcCall(body);
  if (!call.ok()) {
    Check(IsRefusal(call.status().code()), "call: error other than 400");
    return;
  }
  const Value params(call->params);
  const std::string xml = rpc::SerializeXmlRpcCall(call->method, call->params);
  StatusOr<rpc::XmlRpcCall> again = rpc::ParseXmlRpcCall(xml);
  Check(again.ok(), "call: a serialised call does not parse");
  if (Comparable(params) && call->method.find('\r') == std::string::npos) {
    Check(again->method == call->method, "call: method name changed in a round trip");
    Check(Value(again->params) == params, "call: params changed in a round trip");
  }
  Check(rpc::ParseJson(rpc::SerializeJson(params)).ok(), "call: params as JSON do not parse");
}

void CheckResponse(std::string_view body) {
  bool is_fault = false;
  StatusOr<Value> response = rpc::ParseXmlRpcResponse(body, &is_fault);
  if (!response.ok()) {
    Check(IsRefusal(response.status().code()), "response: error other than 400");
    return;
  }
  if (is_fault) return;
  bool again_fault = false;
  StatusOr<Value> again =
      rpc::ParseXmlRpcResponse(rpc::SerializeXmlRpcResponse(*response), &again_fault);
  Check(again.ok() && !again_fault, "response: a serialised response does not parse");
  if (Comparable(*response)) Check(*again == *response, "response: value changed in a round trip");
  Check(rpc::ParseJson(rpc::SerializeJson(*response)).ok(), "response: JSON does not parse");
}

}  // namespace
}  // namespace keygate::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  keygate::fuzz::CheckCall(body);
  keygate::fuzz::CheckResponse(body);
  return 0;
}
