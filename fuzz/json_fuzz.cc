// Fuzz target for the JSON codec: any text must parse or fail cleanly, and whatever parses must
// serialise to JSON that parses again to the same values.
#include <cmath>
#include <string_view>

#include "fuzz_targets.h"
#include "rpc/json_codec.h"
#include "rpc/xmlrpc_codec.h"

namespace keygate::fuzz {
namespace {

// Non-finite doubles are written as null, so they do not survive a round trip by design.
bool HasNonFinite(const Value& v) {
  if (v.is_double()) return !std::isfinite(v.as_double());
  if (v.is_array()) {
    for (const Value& item : v.as_array()) {
      if (HasNonFinite(item)) return true;
    }
  }
  if (v.is_struct()) {
    for (const auto& [k, item] : v.as_struct()) {
      if (HasNonFinite(item)) return true;
    }
  }
  return false;
}

}  // namespace

bool FuzzJson(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  StatusOr<Value> value = rpc::ParseJson(text);
  if (!value.ok()) return value.status().code() == StatusCode::kInvalidRequest;
  const std::string json = rpc::SerializeJson(*value);
  (void)rpc::SerializeXmlRpcResponse(*value);
  StatusOr<Value> again = rpc::ParseJson(json);
  if (!again.ok()) return false;
  if (!HasNonFinite(*value) && *again != *value) return false;
  // Serialisation is canonical: a second pass gives the same text.
  return rpc::SerializeJson(*again) == json || HasNonFinite(*value);
}

}  // namespace keygate::fuzz

#ifndef KEYGATE_FUZZ_NO_MAIN
extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (!keygate::fuzz::FuzzJson(data, size)) __builtin_trap();
  return 0;
}
#endif
