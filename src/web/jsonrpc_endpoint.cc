// /jsonrpc and the JSON routes under /web/, with Odoo's JSON-RPC 2.0 envelope.
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
  r.app_status = result.status().code();
  r.content_type = "application/json";
  r.body = rpc::SerializeJson(envelope);
  return r;
}

// The parsed body of a JSON route: its id and params (a dict).
struct JsonRequest {
  Value id;
  Value params;
};

StatusOr<JsonRequest> ParseJsonRequest(const http::HttpRequest& request) {
  auto body = rpc::ParseJson(request.body);
  if (!body.ok()) {
    return InvalidRequest("400 Bad Request: Invalid JSON data: " + body.status().message());
  }
  if (!body->is_struct()) return InvalidRequest("400 Bad Request: Invalid JSON-RPC data");
  JsonRequest out;
  if (const Value* id = body->Find("id")) out.id = *id;
  const Value* params = body->Find("params");
  if (params == nullptr || params->is_nil()) {
    out.params = Value(Value::Struct{});
  } else if (!params->is_struct()) {
    return InvalidRequest("400 Bad Request: params must be an object");
  } else {
    out.params = *params;
  }
  return out;
}

StatusOr<Value> CallFromParams(const services::ServerContext& ctx, const Value& params,
                               const services::CallerInfo& caller) {
  const Value* service = params.Find("service");
  const Value* method = params.Find("method");
  const Value* args = params.Find("args");
  for (const auto& [k, v] : params.as_struct()) {
    if (k != "service" && k != "method" && k != "args") {
      return InvalidRequest("jsonrpc() got an unexpected keyword argument '" + k.substr(0, 64) +
                            "'");
    }
  }
  if (!service || !method || !args) {
    return InvalidRequest(
        "jsonrpc() missing required arguments: 'service', 'method' and 'args' are all required");
  }
  if (!service->is_string() || !method->is_string()) {
    return InvalidRequest("jsonrpc(): 'service' and 'method' must be strings");
  }
  if (!args->is_array()) return InvalidRequest("jsonrpc(): 'args' must be a list");
  return services::Dispatch(ctx, service->as_string(), method->as_string(), args->as_array(),
                            caller);
}

}  // namespace

http::HttpResponse HandleJsonRpc(const services::ServerContext& ctx,
                                 const http::HttpRequest& request,
                                 const services::CallerInfo& caller) {
  auto req = ParseJsonRequest(request);
  if (!req.ok()) return JsonResponse(Value(), req.status(), ctx.options.server_version);
  return JsonResponse(req->id, CallFromParams(ctx, req->params, caller),
                      ctx.options.server_version);
}

http::HttpResponse HandleWebJson(const services::ServerContext& ctx, const std::string& route,
                                 const http::HttpRequest& request,
                                 const services::CallerInfo& caller) {
  auto req = ParseJsonRequest(request);
  if (!req.ok()) return JsonResponse(Value(), req.status(), ctx.options.server_version);
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
