// /jsonrpc and the JSON routes under /web/, with Odoo's JSON-RPC 2.0 envelope.
#include <cctype>
#include <string>
#include <vector>

#include "common/strings.h"
#include "rpc/error_mapping.h"
#include "rpc/json_codec.h"
#include "services/common_service.h"
#include "services/db_service.h"
#include "services/dispatcher.h"
#include "web/endpoints.h"

namespace keygate::web {

namespace {

http::HttpResponse JsonResponse(const Value& id, StatusOr<Value> result,
                                const std::string& server_version) {
  const StatusCode code = result.status().code();  // before the value is moved out
  Value envelope(Value::Struct{});
  envelope.Set("jsonrpc", "2.0");
  envelope.Set("id", id);
  if (result.ok()) {
    // Odoo's JSON-RPC response leaves "result" out when it is None.
    if (!result->is_nil()) envelope.Set("result", std::move(result).value());
  } else {
    envelope.Set("error", rpc::JsonRpcError(result.status(), server_version));
  }
  http::HttpResponse r;
  r.app_status = code;
  r.content_type = "application/json";
  r.body = rpc::SerializeJson(envelope);
  return r;
}

// The parsed body of a JSON route: its id and params (a dict).
struct JsonRequest {
  Value id;
  Value params;
  Status error;  // a request Odoo reads but refuses inside its envelope
};

// A body that is no JSON, or no JSON object: Odoo's JsonRPCDispatcher answers a plain 400 (the
// text of BadJsonBody). Nesting too deep is Python's RecursionError, which Odoo answers in the
// envelope, as params that are no object.
StatusOr<JsonRequest> ParseJsonRequest(const http::HttpRequest& request) {
  auto body = rpc::ParseJson(request.body);
  JsonRequest out;
  if (!body.ok()) {
    if (body.status().message().find("nesting too deep") == std::string::npos) {
      return InvalidRequest("Invalid JSON data");
    }
    out.error = InvalidRequest("400 Bad Request: Invalid JSON data: " + body.status().message());
    return out;
  }
  if (!body->is_struct()) return InvalidRequest("Invalid JSON-RPC data");
  if (const Value* id = body->Find("id")) out.id = *id;
  const Value* params = body->Find("params");
  if (params == nullptr || params->is_nil()) {
    out.params = Value(Value::Struct{});
  } else if (!params->is_struct()) {
    out.error = InvalidRequest("400 Bad Request: params must be an object");
  } else {
    out.params = *params;
  }
  return out;
}

// A body Odoo reads but whose params it cannot use (too deep, no object): refused in the
// envelope, and answered late as every unreadable request is (http/server.h).
http::HttpResponse UnreadableParams(const JsonRequest& req, const std::string& server_version) {
  http::HttpResponse r = JsonResponse(req.id, req.error, server_version);
  r.refusal = true;
  return r;
}

StatusOr<Value> CallFromParams(const services::ServerContext& ctx, const Value& params,
                               const services::CallerInfo& caller) {
  const Value* service = params.Find("service");
  const Value* method = params.Find("method");
  const Value* args = params.Find("args");
  // Odoo calls its controller RPC.jsonrpc(service, method, args) with the params as keywords.
  for (const auto& [k, v] : params.as_struct()) {
    if (k != "service" && k != "method" && k != "args") {
      return TypeError("RPC.jsonrpc() got an unexpected keyword argument '" + k.substr(0, 64) +
                       "'");
    }
  }
  std::vector<std::string> missing;
  if (!service) missing.emplace_back("'service'");
  if (!method) missing.emplace_back("'method'");
  if (!args) missing.emplace_back("'args'");
  if (!missing.empty()) {
    // Python's list: 'a'; 'a' and 'b'; 'a', 'b', and 'c'.
    std::string names = missing[0];
    if (missing.size() == 2) names += " and " + missing[1];
    if (missing.size() == 3) names += ", " + missing[1] + ", and " + missing[2];
    return TypeError("RPC.jsonrpc() missing " + std::to_string(missing.size()) +
                     " required positional argument" + (missing.size() == 1 ? "" : "s") + ": " +
                     names);
  }
  if (!service->is_string() || !method->is_string()) {
    return InvalidRequest("jsonrpc(): 'service' and 'method' must be strings");
  }
  if (!args->is_array()) return InvalidRequest("jsonrpc(): 'args' must be a list");
  return services::Dispatch(ctx, service->as_string(), method->as_string(), args->as_array(),
                            caller);
}

}  // namespace

bool IsJsonRequest(const http::HttpRequest& request) {
  std::string_view type = request.Header("content-type");
  type = type.substr(0, type.find(';'));
  const std::string mimetype = Lower(Trim(type));
  return mimetype == "application/json" || mimetype == "application/json-rpc";
}

http::HttpResponse BadJsonBody(const std::string& text) {
  http::HttpResponse r;
  r.status = 400;
  r.content_type = "text/html; charset=utf-8";
  r.body = text;
  r.app_status = StatusCode::kInvalidRequest;
  r.refusal = true;  // answered late (http/server.h)
  return r;
}

http::HttpResponse HandleJsonRpc(const services::ServerContext& ctx,
                                 const http::HttpRequest& request,
                                 const services::CallerInfo& caller) {
  auto req = ParseJsonRequest(request);
  if (!req.ok()) return BadJsonBody(req.status().message());
  if (!req->error.ok()) return UnreadableParams(*req, ctx.options.server_version);
  return JsonResponse(req->id, CallFromParams(ctx, req->params, caller),
                      ctx.options.server_version);
}

http::HttpResponse HandleWebJson(const services::ServerContext& ctx, const std::string& route,
                                 const http::HttpRequest& request,
                                 const services::CallerInfo& caller) {
  auto req = ParseJsonRequest(request);
  if (!req.ok()) return BadJsonBody(req.status().message());
  if (!req->error.ok()) return UnreadableParams(*req, ctx.options.server_version);
  StatusOr<Value> result = NotFound("404 Not Found");
  if (route == "/web/webclient/version_info") {
    result = services::VersionInfo(ctx.options.server_version);
  } else if (route == "/web/database/list") {
    auto dbs = services::ListDatabases(ctx, caller.host);
    if (dbs.ok()) {
      Value::Array out;
      for (auto& d : *dbs) out.emplace_back(d);
      result = Value(std::move(out));
    } else {
      result = dbs.status();
    }
  }
  return JsonResponse(req->id, std::move(result), ctx.options.server_version);
}

}  // namespace keygate::web
