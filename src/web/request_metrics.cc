// Request counting and timing around the router.
#include "web/request_metrics.h"

#include <chrono>
#include <utility>

#include "store/sql.h"

namespace keygate::web {

const char* ChannelName(Channel c) {
  switch (c) {
    case Channel::kXmlRpc:
      return "xmlrpc";
    case Channel::kXmlRpcLegacy:
      return "xmlrpc-legacy";
    case Channel::kJsonRpc:
      return "jsonrpc";
    case Channel::kWeb:
      return "web";
    case Channel::kJson2:
      return "json2";
    case Channel::kOther:
      return "other";
  }
  return "other";
}

Channel ChannelForPath(std::string_view path) {
  if (path.rfind("/xmlrpc/2/", 0) == 0) return Channel::kXmlRpc;
  if (path.rfind("/xmlrpc/", 0) == 0) return Channel::kXmlRpcLegacy;
  if (path == "/jsonrpc") return Channel::kJsonRpc;
  if (path.rfind("/web/", 0) == 0) return Channel::kWeb;
  if (path == "/json/2" || path.rfind("/json/2/", 0) == 0) return Channel::kJson2;
  return Channel::kOther;
}

Outcome OutcomeOf(const http::HttpResponse& r) {
  if (r.app_status != StatusCode::kOk) return rpc::OutcomeFor(r.app_status);
  const int s = r.status;
  if (s < 400) return Outcome::kOk;
  if (s == 401 || s == 429) return Outcome::kAccessDenied;
  if (s == 403) return Outcome::kAccessError;
  if (s == 404) return Outcome::kNotFound;
  if (s == 422) return Outcome::kUserError;
  if (s < 500) return Outcome::kBadRequest;
  return Outcome::kError;
}

RequestMetrics::RequestMetrics(metrics::Registry& registry) {
  for (size_t c = 0; c < kChannelCount; ++c) {
    const char* channel = ChannelName(static_cast<Channel>(c));
    for (size_t o = 0; o < kOutcomeCount; ++o) {
      requests_[c][o] = &registry.AddCounter(
          "keygate_http_requests_total",
          "Requests to the public API by channel and outcome (faults and JSON-RPC errors "
          "included).",
          {{"channel", channel}, {"outcome", OutcomeName(static_cast<Outcome>(o))}});
    }
  }
  for (size_t c = 0; c < kChannelCount; ++c) {
    statements_[c] = &registry.AddCounter(
        "keygate_sql_statements_total",
        "SQL statements the requests of a channel sent to the database while they were served "
        "(background writers excluded).",
        {{"channel", ChannelName(static_cast<Channel>(c))}});
    latency_[c] = &registry.AddHistogram(
        "keygate_http_request_duration_seconds",
        "Time from a complete request to its response, by channel (network I/O excluded).",
        metrics::LatencyBuckets(), {{"channel", ChannelName(static_cast<Channel>(c))}});
  }
}

void RequestMetrics::Observe(Channel channel, Outcome outcome, double seconds,
                             uint64_t statements) {
  const auto c = static_cast<size_t>(channel);
  requests_[c][static_cast<size_t>(outcome)]->Inc();
  latency_[c]->Observe(seconds);
  if (statements > 0) statements_[c]->Inc(statements);
}

http::Handler InstrumentHandler(http::Handler inner, RequestMetrics* metrics) {
  return [inner = std::move(inner), metrics](const http::HttpRequest& request) {
    auto start = std::chrono::steady_clock::now();
    const uint64_t statements_before = store::StatementsOnThisThread();
    http::HttpResponse response = inner(request);
    double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    metrics->Observe(ChannelForPath(request.path), OutcomeOf(response), seconds,
                     store::StatementsOnThisThread() - statements_before);
    return response;
  };
}

}  // namespace keygate::web
