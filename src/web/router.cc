// Path routing.
#include "web/router.h"

#include <memory>
#include <vector>

#include "web/caller.h"
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

// A JSON route asked with another Content-Type: werkzeug's BadRequest, naming the route as Odoo
// does (its first path; keygate's routes have one each, call_kw's prefix aside).
http::HttpResponse NotJsonRequest(std::string_view route) {
  return HtmlError(400, "Bad Request",
                   "Request inferred type is compatible with [&#x27;http&#x27;] but &#x27;" +
                       std::string(route) + "&#x27; is type=&#x27;json&#x27;.");
}

http::HttpResponse MethodNotAllowed() {
  http::HttpResponse r =
      HtmlError(405, "Method Not Allowed", "The method is not allowed for the requested URL.");
  r.headers.emplace_back("Allow", "POST");
  return r;
}

}  // namespace

http::Handler MakeRouter(const services::ServerContext& ctx) {
  // An invalid list was refused at start-up (keygate serve); here it can only mean "none".
  auto parsed = auth::ParseIpNetworkList(ctx.options.trusted_proxies);
  auto trusted = std::make_shared<const std::vector<auth::IpNetwork>>(
      parsed.ok() ? *parsed : std::vector<auth::IpNetwork>{});
  auto CallerFor = [&ctx, trusted](const http::HttpRequest& request, const char* channel) {
    return web::CallerFor(ctx, *trusted, request, channel);
  };
  auto route = [&ctx, CallerFor](const http::HttpRequest& request,
                                 services::AnswerHints* hints) -> http::HttpResponse {
    auto CallerWithHints = [&](const char* channel) {
      services::CallerInfo caller = CallerFor(request, channel);
      caller.hints = hints;
      return caller;
    };
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
                          CallerWithHints(legacy ? "xmlrpc-legacy" : "xmlrpc"));
    }
    // Odoo's JSON routes take any method; the Content-Type decides (IsJsonRequest).
    if (path == "/jsonrpc") {
      if (!IsJsonRequest(request)) return NotJsonRequest(path);
      return HandleJsonRpc(ctx, request, CallerWithHints("jsonrpc"));
    }
    if (path == "/web/webclient/version_info" || path == "/web/database/list") {
      if (!IsJsonRequest(request)) return NotJsonRequest(path);
      return HandleWebJson(ctx, path, request, CallerWithHints("web"));
    }
    if (path == "/web/session/authenticate" || path == "/web/session/get_session_info" ||
        path == "/web/session/destroy" || path == "/web/session/totp" ||
        path == "/web/dataset/call_kw" || path.rfind("/web/dataset/call_kw/", 0) == 0) {
      if (!IsJsonRequest(request)) {
        return NotJsonRequest(path.rfind("/web/dataset/call_kw", 0) == 0 ? "/web/dataset/call_kw"
                                                                         : path);
      }
      return HandleSessionRoute(ctx, path, request, CallerWithHints("web"));
    }
    if (path == "/json/2" || path.rfind("/json/2/", 0) == 0) {
      return HandleJson2(ctx, request, CallerWithHints("json2"));
    }
    return NotFoundPage();
  };
  return [route](const http::HttpRequest& request) -> http::HttpResponse {
    services::AnswerHints hints;
    http::HttpResponse response = route(request, &hints);
    return WithAnswerHints(std::move(response), hints);
  };
}

}  // namespace keygate::web
