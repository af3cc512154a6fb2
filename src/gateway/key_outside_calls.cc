// Keys on the paths keygate passes through (see key_outside_calls.h).
#include "gateway/key_outside_calls.h"

#include <cctype>
#include <string_view>

#include "crypto/digest.h"
#include "rpc/error_mapping.h"
#include "rpc/json_codec.h"
#include "web/endpoints.h"

namespace keygate::gateway {

namespace {

bool StartsWithNoCase(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(text[i])) != prefix[i]) return false;
  }
  return true;
}

bool AuthorizationCarriesKey(std::string_view header) {
  if (StartsWithNoCase(header, "bearer ")) {
    return crypto::LooksLikeApiKey(header.substr(7));
  }
  if (StartsWithNoCase(header, "basic ")) {
    auto decoded = crypto::Base64Decode(header.substr(6));
    if (!decoded.ok()) return false;
    const size_t colon = decoded->find(':');
    return colon != std::string::npos &&
           crypto::LooksLikeApiKey(std::string_view(*decoded).substr(colon + 1));
  }
  return false;
}

// The `password` field of an application/x-www-form-urlencoded body (a key is plain hex, so no
// percent-decoding is needed to recognise one).
bool FormPasswordIsKey(std::string_view body) {
  while (!body.empty()) {
    const size_t amp = body.find('&');
    std::string_view field = body.substr(0, amp);
    if (field.rfind("password=", 0) == 0 && crypto::LooksLikeApiKey(field.substr(9))) return true;
    if (amp == std::string_view::npos) break;
    body = body.substr(amp + 1);
  }
  return false;
}

bool JsonPasswordIsKey(const std::string& body) {
  auto parsed = rpc::ParseJson(body);
  if (!parsed.ok() || !parsed->is_struct()) return false;
  const Value* params = parsed->Find("params");
  const Value* password =
      params != nullptr && params->is_struct() ? params->Find("password") : nullptr;
  return password != nullptr && password->is_string() &&
         crypto::LooksLikeApiKey(password->as_string());
}

}  // namespace

std::string KeyOutsideIntegrationCalls(const http::HttpRequest& request) {
  if (AuthorizationCarriesKey(request.Header("authorization"))) return "authorization";
  if (request.method != "POST") return "";
  if (request.path.rfind("/web/session/", 0) == 0 && web::IsJsonRequest(request) &&
      JsonPasswordIsKey(request.body)) {
    return "password";
  }
  if (request.path == "/web/login" && FormPasswordIsKey(request.body)) return "password";
  return "";
}

http::HttpResponse RefuseKeyOutsideIntegrationCalls(const http::HttpRequest& request,
                                                    const std::string& server_version) {
  http::HttpResponse r;
  r.app_status = StatusCode::kAccessDenied;
  if (request.method == "POST" && web::IsJsonRequest(request)) {
    Value envelope(Value::Struct{});
    envelope.Set("jsonrpc", "2.0");
    auto parsed = rpc::ParseJson(request.body);
    const Value* id = parsed.ok() && parsed->is_struct() ? parsed->Find("id") : nullptr;
    envelope.Set("id", id != nullptr ? *id : Value());
    envelope.Set("error", rpc::JsonRpcError(AccessDenied(), server_version));
    r.content_type = "application/json";
    r.body = rpc::SerializeJson(envelope);
    return r;
  }
  r.status = 401;
  r.content_type = "text/plain; charset=utf-8";
  r.body = "Access Denied: API keys are accepted only by integration calls (XML-RPC, JSON-RPC).\n";
  return r;
}

}  // namespace keygate::gateway
