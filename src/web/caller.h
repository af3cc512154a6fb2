// Who is calling, as the services see it (services::CallerInfo), from an HTTP request: the client
// address is the peer's unless a trusted proxy named another (web/client_address.h). Shared by
// the router and the console so that both apply the same proxy rules.
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

}  // namespace keygate::web
