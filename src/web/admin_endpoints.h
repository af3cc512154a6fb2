// The operator's endpoints: GET /metrics (Prometheus text format) and GET /healthz (200
// {"status": "ok", ...} when storage answers, 503 {"status": "unavailable", "reason": ...} when
// not). Served on the admin listener when admin_http_port is set, else on the main port in front
// of the router. Never a secret or SQL text in an answer.
// Thread-safety: the handler is thread-safe; `ctx` and `registry` must outlive it.
#pragma once

#include "http/http_types.h"
#include "metrics/registry.h"
#include "services/server_context.h"

namespace keygate::web {

http::HttpResponse HandleMetrics(const metrics::Registry& registry);

// SQLite: the data directory is a directory keygate may read, write and search. PostgreSQL: a
// connection to the server can be had (the database list is read).
http::HttpResponse HandleHealthz(const services::ServerContext& ctx);

// /metrics and /healthz (GET or HEAD; other methods 405); any other path goes to `fallback`, or
// gets a 404 when `fallback` is empty (the admin listener). `registry` null: /metrics is not
// served here (the public port without public_metrics) and goes to `fallback` like any path.
http::Handler MakeAdminHandler(const services::ServerContext& ctx,
                               const metrics::Registry* registry, http::Handler fallback);

}  // namespace keygate::web
