// The keygate web console (README, "Web console"): the pages under /keygate, served by
// `keygate serve` where /metrics is — on the admin listener when admin_http_port is set, else on
// the public port. Checks, in order, for every request: the route (404/405), the Origin of a POST,
// the session (sign-in page, or 403 for a non-administrator), the CSRF token of a POST that
// changes something (403); then the page.
// Thread-safety: the handlers are thread-safe; `ctx` must outlive them.
#pragma once

#include <functional>

#include "http/http_types.h"
#include "services/server_context.h"

namespace keygate::console {

// The console alone: every path it is given is taken as a console path. `rpc_port` tells the port
// RPC clients use (the public listener's, known once it is bound: http_port 0 picks one); empty:
// http_port.
http::Handler MakeConsoleHandler(const services::ServerContext& ctx, bool on_admin_listener,
                                 std::function<int()> rpc_port = nullptr);

// Console paths to `console`, every other path to `fallback` (a plain 404 when it is empty).
http::Handler WithConsole(http::Handler console, http::Handler fallback);

}  // namespace keygate::console
