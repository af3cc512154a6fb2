// Who is calling, as the services see it (services::CallerInfo), from an HTTP request: the client
// address is the peer's unless a trusted proxy named another (web/client_address.h). Shared by
// the router and the console so that both apply the same proxy rules. And what the services
// asked of the answer (services::AnswerHints) put onto the HTTP response.
// Thread-safety: pure function.
#pragma once

#include <vector>

#include "auth/ip_network.h"
#include "http/http_types.h"
#include "services/server_context.h"

namespace keygate::web {

services::CallerInfo CallerFor(const services::ServerContext& ctx,
                               const std::vector<auth::IpNetwork>& trusted_proxies,
                               const http::HttpRequest& request, const char* channel);

// `response` with what the services asked of it: held until min_latency after arrival, and
// marked a refusal (answered late, http/server.h) when they refused a credential.
http::HttpResponse WithAnswerHints(http::HttpResponse response, const services::AnswerHints& hints);

}  // namespace keygate::web
