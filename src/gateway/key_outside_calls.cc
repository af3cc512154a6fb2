// Keys on the paths keygate passes through (see key_outside_calls.h).
#include "gateway/key_outside_calls.h"

#include <string_view>

#include "crypto/digest.h"
#include "http/authorization.h"
#include "http/form.h"
#include "rpc/error_mapping.h"
#include "rpc/json_codec.h"
#include "web/endpoints.h"

namespace keygate::gateway {

namespace {

constexpr size_t kIndexSize = 8;
constexpr size_t kMaxNoted = 128;  // longest login or database name kept from a refused request

std::string Bounded(std::string_view text) { return std::string(text.substr(0, kMaxNoted)); }

// A key in an Authorization header: Bearer KEY, or Basic with KEY as the password, each read as
// Odoo reads it (http/authorization.h).
std::optional<KeyOutsideCalls> AuthorizationKey(std::string_view header) {
  if (auto token = http::BearerToken(header)) {
    if (!crypto::LooksLikeApiKey(*token)) return std::nullopt;
    return KeyOutsideCalls{"authorization", token->substr(0, kIndexSize), "", ""};
  }
  if (auto basic = http::AuthorizationCredentials(header, "basic")) {
    auto decoded = crypto::Base64Decode(*basic);
    if (!decoded.ok()) return std::nullopt;
    const size_t colon = decoded->find(':');
    if (colon == std::string::npos) return std::nullopt;
    const std::string_view key = std::string_view(*decoded).substr(colon + 1);
    if (!crypto::LooksLikeApiKey(key)) return std::nullopt;
    return KeyOutsideCalls{"authorization", std::string(key.substr(0, kIndexSize)),
                           Bounded(std::string_view(*decoded).substr(0, colon)), ""};
  }
  return std::nullopt;
}

// The `password` field of an application/x-www-form-urlencoded body (a key is plain hex: the
// decoded value is the typed one).
std::optional<KeyOutsideCalls> FormPasswordKey(std::string_view body) {
  const http::FormData form = http::FormData::Parse(body);
  const std::string password = form.Get("password");
  if (!crypto::LooksLikeApiKey(password)) return std::nullopt;
  return KeyOutsideCalls{"password", password.substr(0, kIndexSize), Bounded(form.Get("login")),
                         Bounded(form.Get("db"))};
}

std::optional<KeyOutsideCalls> JsonPasswordKey(const std::string& body) {
  auto parsed = rpc::ParseJson(body);
  if (!parsed.ok() || !parsed->is_struct()) return std::nullopt;
  const Value* params = parsed->Find("params");
  if (params == nullptr || !params->is_struct()) return std::nullopt;
  const Value* password = params->Find("password");
  if (password == nullptr || !password->is_string() ||
      !crypto::LooksLikeApiKey(password->as_string())) {
    return std::nullopt;
  }
  auto text = [&](const char* name) {
    const Value* v = params->Find(name);
    return v != nullptr && v->is_string() ? Bounded(v->as_string()) : std::string();
  };
  return KeyOutsideCalls{"password", password->as_string().substr(0, kIndexSize), text("login"),
                         text("db")};
}

}  // namespace

std::optional<KeyOutsideCalls> FindKeyOutsideIntegrationCalls(const http::HttpRequest& request) {
  std::optional<KeyOutsideCalls> found = AuthorizationKey(request.Header("authorization"));
  if (!found && request.method == "POST") {
    if (request.path.rfind("/web/session/", 0) == 0 && web::IsJsonRequest(request)) {
      found = JsonPasswordKey(request.body);
    } else if (request.path == "/web/login") {
      found = FormPasswordKey(request.body);
    }
  }
  if (found && found->db.empty())
    found->db = Bounded(http::FormData::Parse(request.query).Get("db"));
  if (found && found->db.empty()) found->db = Bounded(request.Header("x-odoo-database"));
  return found;
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
