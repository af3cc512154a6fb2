// Fuzz target for the JSON codec (rpc/json_codec.h). Any text must parse or fail with
// kInvalidRequest; a value that parses must serialise to JSON that parses again to the same
// value (non-finite doubles are written as null by design), serialisation must be canonical (a
// second pass gives the same text), and the value must serialise to an XML-RPC response that
// parses, unless a string holds a character XML 1.0 cannot carry (such as U+0000): those are
// written raw, as Python's xmlrpc.client and Odoo write them.
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_check.h"
#include "rpc/json_codec.h"
#include "rpc/xmlrpc_codec.h"
#include "value_walk.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using keygate::fuzz::Check;
  using namespace keygate;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  StatusOr<Value> value = rpc::ParseJson(text);
  if (!value.ok()) {
    Check(value.status().code() == StatusCode::kInvalidRequest, "error other than 400");
    return 0;
  }
  const std::string json = rpc::SerializeJson(*value);
  StatusOr<Value> again = rpc::ParseJson(json);
  Check(again.ok(), "serialised JSON does not parse");
  if (!fuzz::HasNonFinite(*value)) {
    Check(*again == *value, "value changed in a round trip");
    Check(rpc::SerializeJson(*again) == json, "serialisation is not canonical");
  }
  if (fuzz::HasNonXmlChar(*value)) return 0;
  bool is_fault = false;
  Check(rpc::ParseXmlRpcResponse(rpc::SerializeXmlRpcResponse(*value), &is_fault).ok(),
        "value as an XML-RPC response does not parse");
  return 0;
}
