// Odoo's HTTP controllers that keygate serves, each a thin function from an HTTP request to an
// HTTP response over the neutral services: XML-RPC (/xmlrpc/2/<service>, legacy
// /xmlrpc/<service>), JSON-RPC (/jsonrpc) and the JSON routes under /web/.
// Thread-safety: thread-safe (called concurrently on worker threads).
#pragma once

#include <optional>
#include <string>

#include "http/http_types.h"
#include "services/json2_service.h"
#include "services/server_context.h"

namespace keygate::web {

http::HttpResponse HandleXmlRpc(const services::ServerContext& ctx, const std::string& service,
                                bool legacy, const http::HttpRequest& request,
                                const services::CallerInfo& caller);

http::HttpResponse HandleJsonRpc(const services::ServerContext& ctx,
                                 const http::HttpRequest& request,
                                 const services::CallerInfo& caller);

// Odoo's JsonRPCDispatcher refusing a body, outside any envelope: a plain 400 whose text is
// "Invalid JSON data" (not JSON) or "Invalid JSON-RPC data" (not a JSON object), answered late
// (HttpResponse::refusal).
http::HttpResponse BadJsonBody(const std::string& text);

// Whether a request may reach a JSON route (Odoo's type='json'): its Content-Type is
// application/json or application/json-rpc, whatever the method. Otherwise Odoo answers
// werkzeug's 400 BadRequest page (odoo.http.Request._set_request_dispatcher).
bool IsJsonRequest(const http::HttpRequest& request);

// /web/webclient/version_info and /web/database/list: JSON-RPC envelopes around one function.
http::HttpResponse HandleWebJson(const services::ServerContext& ctx, const std::string& route,
                                 const http::HttpRequest& request,
                                 const services::CallerInfo& caller);

// /web/session/authenticate, get_session_info, destroy and /web/dataset/call_kw[/...].
http::HttpResponse HandleSessionRoute(const services::ServerContext& ctx, const std::string& route,
                                      const http::HttpRequest& request,
                                      const services::CallerInfo& caller);

// /json/2 and everything under it (Odoo 19's JSON-2 API).
http::HttpResponse HandleJson2(const services::ServerContext& ctx, const http::HttpRequest& request,
                               const services::CallerInfo& caller);

// The JSON-2 pieces gateway mode shares (gateway/gated_json2.h):
// - werkzeug's 415 page for a /json/2 request whose body is not application/json (Odoo answers
//   it before any key is looked at), else nullopt;
std::optional<http::HttpResponse> Json2UnsupportedMediaType(const http::HttpRequest& request);
// - the model and method of POST /json/2/<model>/<method>, read from the percent-decoded path as
//   werkzeug routes it (so "res%2Epartner" is res.partner); nullopt for any other request;
struct Json2Route {
  std::string model;
  std::string method;
};
std::optional<Json2Route> Json2RouteOf(const http::HttpRequest& request);
// - a reply on the wire.
http::HttpResponse Json2Response(services::Json2Reply reply);

}  // namespace keygate::web
