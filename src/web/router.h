// Maps HTTP paths to Odoo's controllers (web/endpoints.h); unknown paths get werkzeug's 404 page
// and wrong methods a 405, as Odoo answers.
// Thread-safety: the returned handler is thread-safe; `ctx` must outlive it.
#pragma once

#include "http/http_types.h"
#include "services/server_context.h"

namespace keygate::web {

http::Handler MakeRouter(const services::ServerContext& ctx);

}  // namespace keygate::web
