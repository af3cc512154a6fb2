// Decoding integration calls and Odoo's answers (see rpc_inspection.h).
#include "gateway/rpc_inspection.h"

#include "rpc/json_codec.h"
#include "rpc/xmlrpc_codec.h"

namespace keygate::gateway {

namespace {

constexpr size_t kLargestParsedAnswer = size_t{256} * 1024;

// Fills the credential fields from the positional params of a call; false when they are not
// what Odoo's dispatch expects.
bool ReadParams(const Value::Array& params, InspectedCall& call) {
  const bool object = call.service == "object";
  if (object && call.method != "execute_kw" && call.method != "execute") return false;
  if (!object && call.method != "authenticate" && call.method != "login") return false;
  if (params.size() < (object ? 5u : 3u)) return false;
  if (!params[0].is_string() || !params[2].is_string()) return false;
  call.db = params[0].as_string();
  call.secret = params[2].as_string();
  if (object) {
    if (!params[1].is_int() || !params[3].is_string() || !params[4].is_string()) return false;
    call.uid = params[1].as_int();
    call.model = params[3].as_string();
    call.model_method = params[4].as_string();
    if (call.method == "execute_kw") {
      if (params.size() > 5 && params[5].is_array()) call.args = params[5].as_array();
      if (params.size() > 6) call.kwargs = params[6];
    } else {
      call.args.assign(params.begin() + 5, params.end());
    }
  } else {
    if (!params[1].is_string()) return false;
    call.login = params[1].as_string();
  }
  return true;
}

}  // namespace

std::optional<InspectedCall> InspectXmlRpc(const std::string& service, bool legacy,
                                           const std::string& body) {
  if (service != "object" && service != "common") return std::nullopt;
  auto parsed = rpc::ParseXmlRpcCall(body);
  if (!parsed.ok()) return std::nullopt;
  InspectedCall call;
  call.wire = legacy ? Wire::kXmlRpcLegacy : Wire::kXmlRpc;
  call.service = service;
  call.method = parsed->method;
  if (!ReadParams(parsed->params, call)) return std::nullopt;
  return call;
}

std::optional<InspectedCall> InspectJsonRpc(const std::string& body) {
  auto parsed = rpc::ParseJson(body);
  if (!parsed.ok() || !parsed->is_struct()) return std::nullopt;
  const Value* params = parsed->Find("params");
  if (params == nullptr || !params->is_struct()) return std::nullopt;
  const Value* service = params->Find("service");
  const Value* method = params->Find("method");
  const Value* args = params->Find("args");
  if (service == nullptr || method == nullptr || args == nullptr || !service->is_string() ||
      !method->is_string() || !args->is_array()) {
    return std::nullopt;
  }
  InspectedCall call;
  call.wire = Wire::kJsonRpc;
  call.service = service->as_string();
  call.method = method->as_string();
  if (call.service != "object" && call.service != "common") return std::nullopt;
  if (!ReadParams(args->as_array(), call)) return std::nullopt;
  if (const Value* id = parsed->Find("id")) call.json_id = *id;
  call.json_envelope = std::move(parsed).value();
  return call;
}

InspectedCall InspectJson2(std::string model, std::string method, std::string token, std::string db,
                           const std::string& body) {
  InspectedCall call;
  call.wire = Wire::kJson2;
  call.service = "object";
  call.method = "json2";
  call.db = std::move(db);
  call.secret = std::move(token);
  call.model = std::move(model);
  call.model_method = std::move(method);
  if (!body.empty()) {
    auto parsed = rpc::ParseJson(body);
    if (!parsed.ok()) {
      call.unread_body = true;
    } else if (parsed->is_struct()) {
      call.kwargs = std::move(parsed).value();
    }
  }
  return call;
}

AnswerReading ReadAnswer(const InspectedCall& call, int http_status, const std::string& body) {
  AnswerReading reading;
  if (call.wire == Wire::kJson2) {
    if (http_status == 200) return reading;
    reading.kind = AnswerKind::kOtherError;
    if (http_status == 401) reading.kind = AnswerKind::kAccessDenied;
    if (http_status == 403 && body.size() <= kLargestParsedAnswer) {
      auto parsed = rpc::ParseJson(body, rpc::kUnboundedStructMembers);
      const Value* name = parsed.ok() && parsed->is_struct() ? parsed->Find("name") : nullptr;
      if (name != nullptr && name->is_string() &&
          name->as_string() == "odoo.exceptions.AccessError") {
        reading.kind = AnswerKind::kAccessError;
      }
    }
    return reading;
  }
  if (http_status != 200) {
    reading.kind = AnswerKind::kOtherError;
    return reading;
  }
  if (body.size() > kLargestParsedAnswer) return reading;
  const bool login_call = call.service == "common";
  if (call.wire == Wire::kJsonRpc) {
    // The upstream's answer: a result may be any size (the request's bounds are not its).
    auto parsed = rpc::ParseJson(body, rpc::kUnboundedStructMembers);
    if (!parsed.ok() || !parsed->is_struct()) {
      reading.kind = AnswerKind::kOtherError;
      return reading;
    }
    if (const Value* error = parsed->Find("error")) {
      const Value* data = error->Find("data");
      const Value* name = data != nullptr ? data->Find("name") : nullptr;
      const std::string exception = name != nullptr && name->is_string() ? name->as_string() : "";
      reading.kind = exception == "odoo.exceptions.AccessDenied"  ? AnswerKind::kAccessDenied
                     : exception == "odoo.exceptions.AccessError" ? AnswerKind::kAccessError
                                                                  : AnswerKind::kOtherError;
      return reading;
    }
    if (login_call) {
      const Value* result = parsed->Find("result");
      if (result != nullptr && result->is_int()) reading.uid = result->as_int();
    }
    return reading;
  }
  bool is_fault = false;
  auto parsed = rpc::ParseXmlRpcResponse(body, &is_fault);
  if (!parsed.ok()) {
    reading.kind = AnswerKind::kOtherError;
    return reading;
  }
  if (is_fault) {
    const Value* code = parsed->Find("faultCode");
    reading.kind = AnswerKind::kOtherError;
    if (code != nullptr && code->is_int()) {
      if (code->as_int() == 3) reading.kind = AnswerKind::kAccessDenied;
      if (code->as_int() == 4) reading.kind = AnswerKind::kAccessError;
    } else if (code != nullptr && code->is_string()) {
      // The legacy endpoints' string codes: "AccessDenied", "warning -- AccessError\n\n...".
      const std::string& text = code->as_string();
      if (text.rfind("AccessDenied", 0) == 0) reading.kind = AnswerKind::kAccessDenied;
      if (text.find("AccessError") != std::string::npos) reading.kind = AnswerKind::kAccessError;
    }
    return reading;
  }
  if (login_call && parsed->is_int()) reading.uid = parsed->as_int();
  return reading;
}

}  // namespace keygate::gateway
