// /json/2/<model>/<method> (Odoo 19): HTTP in, JSON-2 service, HTTP out.
#include "common/strings.h"
#include "http/authorization.h"
#include "rpc/json_codec.h"
#include "services/json2_service.h"
#include "web/endpoints.h"

namespace keygate::web {

std::optional<http::HttpResponse> Json2UnsupportedMediaType(const http::HttpRequest& request) {
  // Odoo 19's Json2Dispatcher takes application/json, or no body at all; anything else is
  // werkzeug's 415 page, before any key is looked at.
  std::string_view mimetype = request.Header("content-type");
  mimetype = Trim(mimetype.substr(0, mimetype.find(';')));
  if (request.body.empty() || Lower(mimetype) == "application/json") return std::nullopt;
  http::HttpResponse r;
  r.status = 415;
  r.content_type = "text/html; charset=utf-8";
  r.headers.emplace_back("Accept", "application/json");
  r.app_status = StatusCode::kInvalidRequest;
  r.body =
      "<!doctype html>\n<html lang=en>\n<title>415 Unsupported Media "
      "Type</title>\n<h1>Unsupported "
      "Media Type</h1>\n<p>Request inferred type is compatible with [&#39;http&#39;] but "
      "&#39;/json/2/&lt;__model__&gt;/&lt;__method__&gt;&#39; is type=&#39;json2&#39;.<br><br>"
      "Please verify the Content-Type request header and try again.</p>\n";
  return r;
}

std::optional<Json2Route> Json2RouteOf(const http::HttpRequest& request) {
  if (request.method != "POST") return std::nullopt;
  const std::string path = DecodePercent(request.path);
  constexpr std::string_view kPrefix = "/json/2/";
  if (path.rfind(kPrefix, 0) != 0) return std::nullopt;
  const std::string rest = path.substr(kPrefix.size());
  const size_t slash = rest.find('/');
  if (slash == std::string::npos || slash == 0 || slash + 1 == rest.size() ||
      rest.find('/', slash + 1) != std::string::npos) {
    return std::nullopt;
  }
  return Json2Route{rest.substr(0, slash), rest.substr(slash + 1)};
}

http::HttpResponse Json2Response(services::Json2Reply reply) {
  http::HttpResponse r;
  r.status = reply.status;
  r.headers = std::move(reply.headers);
  r.app_status = reply.app_status;
  if (!reply.html.empty()) {
    r.content_type = "text/html; charset=utf-8";
    r.body = std::move(reply.html);
  } else {
    r.content_type = "application/json; charset=utf-8";
    r.body = rpc::SerializeJson(reply.body);
  }
  return r;
}

http::HttpResponse HandleJson2(const services::ServerContext& ctx, const http::HttpRequest& request,
                               const services::CallerInfo& caller) {
  if (auto refused = Json2UnsupportedMediaType(request)) return std::move(*refused);
  auto route = Json2RouteOf(request);
  if (!route) return Json2Response(services::Json2NotFound());
  services::Json2Request req;
  req.model = std::move(route->model);
  req.method = std::move(route->method);
  req.bearer_token = http::BearerToken(request.Header("authorization")).value_or("");
  req.database = std::string(request.Header("x-odoo-database"));
  req.body = request.body;
  return Json2Response(services::CallJson2(ctx, req, caller));
}

}  // namespace keygate::web
