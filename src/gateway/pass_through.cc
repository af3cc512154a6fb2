// Plain forwarding (see pass_through.h).
#include "gateway/pass_through.h"

#include "common/log.h"
#include "gateway/forward_headers.h"

namespace keygate::gateway {

UpstreamRequest UpstreamRequestFor(const http::HttpRequest& request,
                                   const services::CallerInfo& caller, std::string body) {
  UpstreamRequest up;
  up.method = request.method;
  up.target = request.path;
  if (!request.query.empty()) up.target += "?" + request.query;
  up.headers = UpstreamRequestHeaders(request.headers, {caller.client_ip, caller.https});
  up.body = std::move(body);
  return up;
}

http::HttpResponse Relay(UpstreamResponse response) {
  http::HttpResponse r;
  r.status = response.status;
  RelayedHeaders relayed = ResponseHeadersToRelay(response.headers);
  r.content_type = relayed.content_type;
  r.headers = std::move(relayed.headers);
  r.body = std::move(response.body);
  return r;
}

http::HttpResponse BadGateway(const UpstreamResult& failure, const http::HttpRequest& request) {
  // Method and path only: the query string may carry a secret.
  Log(LogLevel::kWarning, "gateway",
      "upstream " + std::string(UpstreamErrorName(failure.error)) + " for " + request.method + " " +
          request.path.substr(0, 128) + ": " + failure.error_text);
  http::HttpResponse r;
  r.status = failure.error == UpstreamError::kPoolBusy ? 503 : 502;
  r.content_type = "text/html; charset=utf-8";
  const std::string title = r.status == 503 ? "503 Service Unavailable" : "502 Bad Gateway";
  r.body = "<!doctype html>\n<html lang=en>\n<title>" + title + "</title>\n<h1>" + title +
           "</h1>\n<p>The Odoo server behind keygate did not answer. Please retry in a "
           "moment.</p>\n";
  r.app_status = StatusCode::kUnavailable;
  return r;
}

http::HttpResponse PassThrough(UpstreamClient& upstream, const http::HttpRequest& request,
                               const services::CallerInfo& caller) {
  UpstreamResult result = upstream.Send(UpstreamRequestFor(request, caller, request.body));
  if (!result.ok) return BadGateway(result, request);
  return Relay(std::move(result.response));
}

}  // namespace keygate::gateway
