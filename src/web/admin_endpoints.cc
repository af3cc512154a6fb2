// /metrics and /healthz.
#include "web/admin_endpoints.h"

#include <unistd.h>

#include <filesystem>
#include <utility>

#include "common/value.h"
#include "metrics/text_format.h"
#include "rpc/json_codec.h"

namespace keygate::web {

namespace {

http::HttpResponse Json(int status, const Value& body) {
  http::HttpResponse r;
  r.status = status;
  r.content_type = "application/json";
  r.headers.emplace_back("Cache-Control", "no-store");
  r.body = rpc::SerializeJson(body);
  return r;
}

http::HttpResponse PlainError(int status, std::string text) {
  http::HttpResponse r;
  r.status = status;
  r.body = std::move(text);
  return r;
}

}  // namespace

http::HttpResponse HandleMetrics(const metrics::Registry& registry) {
  http::HttpResponse r;
  r.content_type = metrics::kTextContentType;
  r.headers.emplace_back("Cache-Control", "no-store");
  r.body = metrics::RenderText(registry.Collect());
  return r;
}

http::HttpResponse HandleHealthz(const services::ServerContext& ctx) {
  const bool postgres = !ctx.options.db_host.empty();
  Value body(Value::Struct{});
  std::string reason;
  if (postgres) {
    if (ctx.backend == nullptr || !ctx.backend->List().ok()) {
      reason = "the PostgreSQL server is unavailable";
    }
  } else {
    std::error_code ec;
    const std::string& dir = ctx.options.data_dir;
    if (!std::filesystem::is_directory(dir, ec) || ::access(dir.c_str(), R_OK | W_OK | X_OK) != 0) {
      reason = "the data directory is not accessible";
    }
  }
  body.Set("status", reason.empty() ? "ok" : "unavailable");
  body.Set("backend", postgres ? "postgresql" : "sqlite");
  if (!reason.empty()) body.Set("reason", reason);
  return Json(reason.empty() ? 200 : 503, body);
}

http::Handler MakeAdminHandler(const services::ServerContext& ctx,
                               const metrics::Registry* registry, http::Handler fallback) {
  return [&ctx, registry, fallback = std::move(fallback)](const http::HttpRequest& request) {
    const bool metrics = registry != nullptr && request.path == "/metrics";
    if (metrics || request.path == "/healthz") {
      if (request.method != "GET" && request.method != "HEAD") {
        http::HttpResponse r = PlainError(405, "Method Not Allowed");
        r.headers.emplace_back("Allow", "GET, HEAD");
        return r;
      }
      return metrics ? HandleMetrics(*registry) : HandleHealthz(ctx);
    }
    if (fallback) return fallback(request);
    return PlainError(404, "Not Found");
  };
}

}  // namespace keygate::web
