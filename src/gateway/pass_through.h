// Forwarding a request to the upstream Odoo and relaying its answer: the client's method, path,
// query, body and end-to-end headers go up (with keygate's own forwarding headers,
// forward_headers.h); Odoo's status, headers and body come back unchanged. When Odoo does not
// answer, plain requests get HTTP 502 (gated calls answer in their wire form instead).
// A protocol switch (a GET whose Connection names Upgrade, such as Odoo's /websocket bus) goes up
// with its Upgrade and Connection headers on a connection of its own; when Odoo answers 101 the
// two connections are joined, and bytes cross unread both ways (http::HttpResponse::upgrade).
// Thread-safety: thread-safe.
#pragma once

#include <string>

#include "gateway/upstream_client.h"
#include "http/http_types.h"
#include "services/server_context.h"

namespace keygate::gateway {

// The upstream request for `request`, its body replaced by `body`.
UpstreamRequest UpstreamRequestFor(const http::HttpRequest& request,
                                   const services::CallerInfo& caller, std::string body);

// Odoo's answer as keygate's response.
http::HttpResponse Relay(UpstreamResponse response);

// Logs the failure and answers 502 Bad Gateway.
http::HttpResponse BadGateway(const UpstreamResult& failure, const http::HttpRequest& request);

// Whether `request` asks to switch protocols: a GET with an Upgrade header whose Connection
// header names "upgrade".
bool AsksForUpgrade(const http::HttpRequest& request);

// Forwards `request` as it is and relays the answer (or 502).
http::HttpResponse PassThrough(UpstreamClient& upstream, const http::HttpRequest& request,
                               const services::CallerInfo& caller);

}  // namespace keygate::gateway
