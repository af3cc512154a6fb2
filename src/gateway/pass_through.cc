// Plain forwarding (see pass_through.h).
#include "gateway/pass_through.h"

#include <cstdlib>

#include "common/log.h"
#include "common/strings.h"
#include "gateway/forward_headers.h"

namespace keygate::gateway {

namespace {

// Pass-through answers with a longer body (downloads, database backups) are relayed as they
// arrive, never held whole in memory.
constexpr uint64_t kRelayAbove = uint64_t{1} << 20;

}  // namespace

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
  r.body_from = std::move(response.body_from);
  r.body_length = response.body_length;
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

bool AsksForUpgrade(const http::HttpRequest& request) {
  if (request.method != "GET" || request.Header("upgrade").empty()) return false;
  for (const auto& [name, value] : request.headers) {
    if (name != "connection") continue;
    std::string_view rest = value;
    while (!rest.empty()) {
      const size_t comma = rest.find(',');
      if (Lower(Trim(rest.substr(0, comma))) == "upgrade") return true;
      if (comma == std::string_view::npos) break;
      rest.remove_prefix(comma + 1);
    }
  }
  return false;
}

namespace {

// The switch: Upgrade and Connection, which forward_headers.h drops as hop-by-hop, go up and
// come back with the 101.
http::HttpResponse PassThroughUpgrade(UpstreamClient& upstream, const http::HttpRequest& request,
                                      const services::CallerInfo& caller) {
  UpstreamRequest up = UpstreamRequestFor(request, caller, request.body);
  SetHeader(up.headers, "upgrade", std::string(request.Header("upgrade")));
  SetHeader(up.headers, "connection", "Upgrade");
  std::shared_ptr<http::HandedOverConnection> upgraded;
  UpstreamResult result = upstream.Upgrade(up, &upgraded);
  if (!result.ok) return BadGateway(result, request);
  std::string protocol;
  for (const auto& [name, value] : result.response.headers) {
    if (Lower(name) == "upgrade") protocol = value;
  }
  http::HttpResponse r = Relay(std::move(result.response));
  if (r.status == 101 && upgraded) {
    r.headers.emplace_back("Upgrade", protocol);
    r.headers.emplace_back("Connection", "Upgrade");
    r.upgrade = std::move(upgraded);
  }
  return r;
}

}  // namespace

http::HttpResponse PassThrough(UpstreamClient& upstream, const http::HttpRequest& request,
                               const services::CallerInfo& caller) {
  if (AsksForUpgrade(request)) return PassThroughUpgrade(upstream, request, caller);
  UpstreamRequest up = UpstreamRequestFor(request, caller, request.body);
  up.hand_over_above = kRelayAbove;
  up.body_stream = request.body_stream;
  UpstreamResult result = upstream.Send(up);
  if (result.ok && request.method == "HEAD") {
    // Odoo's answer to HEAD has no body: the length it announces is relayed as it is.
    for (const auto& [name, value] : result.response.headers) {
      if (Lower(name) != "content-length") continue;
      result.response.body_length = std::strtoull(value.c_str(), nullptr, 10);
    }
  }
  if (!result.ok) return BadGateway(result, request);
  return Relay(std::move(result.response));
}

}  // namespace keygate::gateway
