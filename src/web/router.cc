// Path routing.
#include "web/router.h"

#include "web/endpoints.h"

namespace keygate::web {

namespace {

http::HttpResponse HtmlError(int status, const std::string& title, const std::string& text) {
  http::HttpResponse r;
  r.status = status;
  r.content_type = "text/html; charset=utf-8";
  r.body = "<!doctype html>\n<html lang=en>\n<title>" + std::to_string(status) + " " + title +
           "</title>\n<h1>" + title + "</h1>\n<p>" + text + "</p>\n";
  return r;
}

http::HttpResponse NotFoundPage() {
  return HtmlError(404, "Not Found",
                   "The requested URL was not found on the server. If you entered the URL "
                   "manually please check your spelling and try again.");
}

http::HttpResponse MethodNotAllowed() {
  http::HttpResponse r =
      HtmlError(405, "Method Not Allowed", "The method is not allowed for the requested URL.");
  r.headers.emplace_back("Allow", "POST");
  return r;
}

services::CallerInfo CallerFor(const http::HttpRequest& request, const char* channel) {
  services::CallerInfo c;
  c.channel = channel;
  c.peer_address = request.peer_address;
  c.client_ip = request.peer_address;
  c.user_agent = std::string(request.Header("user-agent").substr(0, 256));
  c.host = std::string(request.Header("host").substr(0, 256));
  return c;
}

}  // namespace

http::Handler MakeRouter(const services::ServerContext& ctx) {
  return [&ctx](const http::HttpRequest& request) -> http::HttpResponse {
    const std::string& path = request.path;
    const bool post = request.method == "POST";
    if (path.rfind("/xmlrpc/", 0) == 0) {
      std::string rest = path.substr(8);
      bool legacy = true;
      if (rest.rfind("2/", 0) == 0) {
        rest = rest.substr(2);
        legacy = false;
      }
      if (rest.empty() || rest.find('/') != std::string::npos) return NotFoundPage();
      if (!post) return MethodNotAllowed();
      return HandleXmlRpc(ctx, rest, legacy, request,
                          CallerFor(request, legacy ? "xmlrpc-legacy" : "xmlrpc"));
    }
    if (path == "/jsonrpc") {
      if (!post) return MethodNotAllowed();
      return HandleJsonRpc(ctx, request, CallerFor(request, "jsonrpc"));
    }
    if (path == "/web/webclient/version_info" || path == "/web/database/list") {
      if (!post) return MethodNotAllowed();
      return HandleWebJson(ctx, path, request, CallerFor(request, "web"));
    }
    if (path == "/web/session/authenticate" || path == "/web/session/get_session_info" ||
        path == "/web/session/destroy" || path == "/web/dataset/call_kw" ||
        path.rfind("/web/dataset/call_kw/", 0) == 0) {
      if (!post) return MethodNotAllowed();
      return HandleSessionRoute(ctx, path, request, CallerFor(request, "web"));
    }
    if (path == "/json/2" || path.rfind("/json/2/", 0) == 0) {
      return HandleJson2(ctx, path, request, CallerFor(request, "json2"));
    }
    return NotFoundPage();
  };
}

}  // namespace keygate::web
