// /json/2/<model>/<method> (Odoo 19): HTTP in, JSON-2 service, HTTP out.
#include <cctype>

#include "rpc/json_codec.h"
#include "services/json2_service.h"
#include "web/endpoints.h"

namespace keygate::web {

http::HttpResponse HandleJson2(const services::ServerContext& ctx, const std::string& path,
                               const http::HttpRequest& request,
                               const services::CallerInfo& caller) {
  // path is /json/2/<model>/<method>; anything else (or not POST) gets Odoo's hint.
  services::Json2Reply reply;
  // Odoo 19's Json2Dispatcher takes application/json, or no body at all; anything else is
  // werkzeug's 415 page, before any key is looked at.
  std::string mimetype(request.Header("content-type"));
  mimetype = mimetype.substr(0, mimetype.find(';'));
  while (!mimetype.empty() && mimetype.back() == ' ') mimetype.pop_back();
  for (char& c : mimetype) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (!request.body.empty() && mimetype != "application/json") {
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

}  // namespace keygate::web
