// Routing in gateway mode (see gateway_handler.h).
#include "gateway/gateway_handler.h"

#include "common/log.h"
#include "common/strings.h"
#include "gateway/gated_call.h"
#include "gateway/key_outside_calls.h"
#include "gateway/pass_through.h"
#include "gateway/rpc_inspection.h"
#include "http/authorization.h"
#include "rpc/json_codec.h"
#include "services/auth_defences.h"
#include "services/db_service.h"
#include "services/json2_service.h"
#include "store/repositories.h"
#include "web/caller.h"
#include "web/endpoints.h"

namespace keygate::gateway {

namespace {

http::HttpResponse TooLarge(size_t limit) {
  http::HttpResponse r;
  r.status = 413;
  r.content_type = "text/html; charset=utf-8";
  r.body =
      "<!doctype html>\n<html lang=en>\n<title>413 Request Entity Too Large</title>\n<h1>Request "
      "Entity Too Large</h1>\n<p>The data value transmitted exceeds the capacity limit of " +
      std::to_string(limit) + " bytes.</p>\n";
  r.app_status = StatusCode::kInvalidRequest;
  r.refusal = true;
  return r;
}

// The channel a path is counted and logged under, as the router names them.
const char* ChannelOf(const std::string& path) {
  if (path.rfind("/xmlrpc/2/", 0) == 0) return "xmlrpc";
  if (path.rfind("/xmlrpc/", 0) == 0) return "xmlrpc-legacy";
  if (path == "/jsonrpc") return "jsonrpc";
  if (path.rfind("/web/", 0) == 0) return "web";
  if (path.rfind("/json/2", 0) == 0) return "json2";
  return "other";
}

// The attached database a refused key is recorded in: the one the request names, else the only
// one this server serves; "" when that is no attached Odoo database (the refusal is then only in
// the server log and the metrics).
std::string DatabaseOfRefusal(const services::ServerContext& ctx, Gateway& gateway,
                              const KeyOutsideCalls& found, const services::CallerInfo& caller) {
  std::string db = found.db;
  if (db.empty()) {
    auto served = services::ListDatabasesUnrestricted(ctx, caller.host);
    if (!served.ok() || served->size() != 1) return "";
    db = served->front();
  }
  auto database = services::OpenServedDatabase(ctx, db, caller.host);
  if (!database.ok()) return "";
  auto conn = (*database)->Acquire();
  if (!conn.ok() || !gateway.IsAttached(**conn, db)) return "";
  return db;
}

// The integration call in `request`, when it is one the gate inspects.
std::optional<InspectedCall> Inspect(const http::HttpRequest& request) {
  if (request.method != "POST") return std::nullopt;
  const std::string& path = request.path;
  if (path.rfind("/xmlrpc/", 0) == 0) {
    std::string rest = path.substr(8);
    bool legacy = true;
    if (rest.rfind("2/", 0) == 0) {
      rest = rest.substr(2);
      legacy = false;
    }
    if (rest.empty() || rest.find('/') != std::string::npos) return std::nullopt;
    return InspectXmlRpc(rest, legacy, request.body);
  }
  if (path == "/jsonrpc" && web::IsJsonRequest(request)) return InspectJsonRpc(request.body);
  return std::nullopt;
}

// A JSON-2 request that carries a bearer token: keygate's to check, never forwarded unchecked.
// Odoo's answers that come before any key is looked at (415 for a body that is not JSON, the
// 404 of a path that is no /json/2/<model>/<method>) are keygate's own. nullopt: not such a
// request (without a bearer token it is a session's, and passes through).
std::optional<http::HttpResponse> GateJson2(const services::ServerContext& ctx, Gateway& gateway,
                                            const http::HttpRequest& request,
                                            const services::CallerInfo& caller) {
  const std::string path = DecodePercent(request.path);
  if (path != "/json/2" && path.rfind("/json/2/", 0) != 0) return std::nullopt;
  auto token = http::BearerToken(request.Header("authorization"));
  if (!token) return std::nullopt;
  if (auto refused = web::Json2UnsupportedMediaType(request)) return refused;
  auto route = web::Json2RouteOf(request);
  if (!route) return web::Json2Response(services::Json2NotFound());
  auto db = services::Json2DatabaseOf(ctx, std::string(request.Header("x-odoo-database")), caller);
  if (!db.ok()) return web::Json2Response(services::Json2Error(db.status()));
  return HandleGatedCall(ctx, gateway, request, caller,
                         InspectJson2(std::move(route->model), std::move(route->method),
                                      std::move(*token), std::move(db).value(), request.body));
}

}  // namespace

bool StreamsUpload(const http::HttpRequest& head) {
  const std::string path = DecodePercent(head.path);
  // keygate's own routes (the console, /healthz, /metrics) read their bodies whole too.
  for (const char* gated : {"/xmlrpc/", "/jsonrpc", "/json/2", "/web/session/", "/web/login",
                            "/keygate", "/healthz", "/metrics"}) {
    if (path.rfind(gated, 0) == 0) return false;
  }
  return !FindKeyOutsideIntegrationCalls(head).has_value();
}

bool Gateway::IsAttached(store::SqlConnection& c, const std::string& db) {
  {
    std::lock_guard lock(attached_mu_);
    if (attached_.count(db) > 0) return true;
  }
  auto attached = store::IsAttachedOdooDatabase(c);
  if (!attached.ok() || !*attached) return false;
  std::lock_guard lock(attached_mu_);
  attached_.insert(db);
  return true;
}

http::Handler MakeGatewayHandler(const services::ServerContext& ctx, Gateway& gateway) {
  return [&ctx, &gateway](const http::HttpRequest& request) -> http::HttpResponse {
    const uint64_t length =
        request.body_stream ? request.body_stream->length() : request.body.size();
    if (length > gateway.max_request_bytes) {
      return TooLarge(gateway.max_request_bytes);
    }
    services::AnswerHints hints;
    services::CallerInfo caller =
        web::CallerFor(ctx, gateway.trusted_proxies, request, ChannelOf(request.path));
    caller.hints = &hints;
    http::HttpResponse response;
    if (auto json2 = GateJson2(ctx, gateway, request, caller)) {
      response = std::move(*json2);
    } else if (auto call = Inspect(request)) {
      response = HandleGatedCall(ctx, gateway, request, caller, *call);
    } else if (auto found = FindKeyOutsideIntegrationCalls(request)) {
      Log(LogLevel::kInfo, "gateway",
          "refused an API key in the " + found->where + " of " + request.path.substr(0, 128) +
              ": keys are accepted only by integration calls");
      services::NoteKeyOutsideIntegrationCalls(ctx, DatabaseOfRefusal(ctx, gateway, *found, caller),
                                               found->login, found->key_index, caller);
      response = RefuseKeyOutsideIntegrationCalls(request, ctx.options.server_version);
      response.refusal = true;
    } else {
      response = PassThrough(gateway.upstream, request, caller);
    }
    // Refusals are answered late, as keygate's own (HttpResponse::refusal).
    return web::WithAnswerHints(std::move(response), hints);
  };
}

http::Handler WithUpstreamHealth(http::Handler inner, Gateway& gateway) {
  return [inner = std::move(inner), &gateway](const http::HttpRequest& request) {
    http::HttpResponse response = inner(request);
    if (request.path != "/healthz" || (response.status != 200 && response.status != 503)) {
      return response;
    }
    auto body = rpc::ParseJson(response.body);
    if (!body.ok() || !body->is_struct()) return response;
    Status up = gateway.upstream.Probe();
    body->Set("upstream", up.ok() ? "ok" : "unavailable");
    if (!up.ok()) {
      body->Set("status", "unavailable");
      if (body->Find("reason") == nullptr) body->Set("reason", "the upstream Odoo does not answer");
      response.status = 503;
    }
    response.body = rpc::SerializeJson(*body);
    return response;
  };
}

}  // namespace keygate::gateway
