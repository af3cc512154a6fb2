// /json/2/<model>/<method> (Odoo 19): HTTP in, JSON-2 service, HTTP out.
#include "rpc/json_codec.h"
#include "services/json2_service.h"
#include "web/endpoints.h"

namespace keygate::web {

http::HttpResponse HandleJson2(const services::ServerContext& ctx, const std::string& path,
                               const http::HttpRequest& request,
                               const services::CallerInfo& caller) {
  // path is /json/2/<model>/<method>; anything else (or not POST) gets Odoo's hint.
  services::Json2Reply reply;
  std::string rest = path.size() > 8 ? path.substr(8) : "";
  size_t slash = rest.find('/');
  bool shaped = request.method == "POST" && slash != std::string::npos && slash > 0 &&
                slash + 1 < rest.size() && rest.find('/', slash + 1) == std::string::npos;
  if (!shaped) {
    reply = services::Json2NotFound();
  } else {
    services::Json2Request req;
    req.model = rest.substr(0, slash);
    req.method = rest.substr(slash + 1);
    req.authorization = std::string(request.Header("authorization"));
    req.database = std::string(request.Header("x-odoo-database"));
    req.body = request.body;
    reply = services::CallJson2(ctx, req, caller);
  }
  http::HttpResponse r;
  r.status = reply.status;
  r.content_type = "application/json; charset=utf-8";
  r.headers = std::move(reply.headers);
  r.app_status = reply.app_status;
  r.body = rpc::SerializeJson(reply.body);
  return r;
}

}  // namespace keygate::web
