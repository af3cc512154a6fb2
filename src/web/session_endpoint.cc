// /web/session/* (including keygate's /web/session/totp) and /web/dataset/call_kw: JSON-RPC routes
// bound to the session_id cookie. Only the cookie carries the session; the old X-Openerp-Session-Id
// header is ignored on purpose (Odoo removed it for security).
#include "rpc/error_mapping.h"
#include "rpc/json_codec.h"
#include "services/session_service.h"
#include "web/endpoints.h"

namespace keygate::web {

namespace {

std::string SessionCookieHeader(const std::string& value, int64_t max_age, bool secure) {
  std::string h = "session_id=" + value + "; Max-Age=" + std::to_string(max_age) +
                  "; HttpOnly; Path=/; SameSite=Lax";
  if (secure) h += "; Secure";
  return h;
}

}  // namespace

http::HttpResponse HandleSessionRoute(const services::ServerContext& ctx, const std::string& route,
                                      const http::HttpRequest& request,
                                      const services::CallerInfo& caller) {
  Value id;
  Value params(Value::Struct{});
  auto body = rpc::ParseJson(request.body);
  // As jsonrpc_endpoint.cc: a plain 400, except for nesting too deep (Python's RecursionError).
  const bool too_deep =
      !body.ok() && body.status().message().find("nesting too deep") != std::string::npos;
  if (!body.ok() && !too_deep) return BadJsonBody("Invalid JSON data");
  if (body.ok() && !body->is_struct()) return BadJsonBody("Invalid JSON-RPC data");
  StatusOr<services::SessionReply> reply = services::SessionReply{};
  if (too_deep) {
    reply = InvalidRequest("400 Bad Request: Invalid JSON data: " + body.status().message());
  } else {
    if (const Value* v = body->Find("id")) id = *v;
    const Value* p = body->Find("params");
    if (p && p->is_struct()) params = *p;
    std::string cookie = request.Cookie("session_id");
    if (p && !p->is_nil() && !p->is_struct()) {
      reply = InvalidRequest("400 Bad Request: params must be an object");
    } else if (route == "/web/session/authenticate") {
      reply = services::SessionAuthenticate(ctx, params, caller);
    } else if (route == "/web/session/get_session_info") {
      reply = services::SessionInfo(ctx, cookie, caller);
    } else if (route == "/web/session/totp") {
      reply = services::SessionTotp(ctx, cookie, params, caller);
    } else if (route == "/web/session/destroy") {
      reply = services::SessionDestroy(ctx, cookie, caller);
    } else {
      reply = services::SessionCallKw(ctx, cookie, params, caller);
    }
  }

  // Odoo checks a route's session before it reads the request's id: a refused session is
  // answered with "id": null.
  const bool refused_session = !reply.ok() && reply.status().code() == StatusCode::kSessionExpired;
  Value envelope(Value::Struct{});
  envelope.Set("jsonrpc", "2.0");
  envelope.Set("id", refused_session ? Value() : id);
  http::HttpResponse r;
  r.content_type = "application/json";
  if (reply.ok()) {
    // Odoo's JSON-RPC response leaves "result" out when it is None (/web/session/destroy).
    if (!reply->result.is_nil()) envelope.Set("result", reply->result);
    if (reply->set_cookie) {
      r.headers.emplace_back(
          "Set-Cookie",
          SessionCookieHeader(*reply->set_cookie, ctx.options.session_idle_seconds, caller.https));
    } else if (reply->clear_cookie) {
      r.headers.emplace_back("Set-Cookie", SessionCookieHeader("", 0, caller.https));
    }
  } else {
    envelope.Set("error", rpc::JsonRpcError(reply.status(), ctx.options.server_version));
    r.app_status = reply.status().code();
  }
  r.body = rpc::SerializeJson(envelope);
  return r;
}

}  // namespace keygate::web
