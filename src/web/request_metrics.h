// Request metrics of the public API: requests by channel and outcome and latency histograms by
// channel, and the SQL statements requests cost by channel, counted by a wrapper around the router
// (so every route is counted once, at one place). Channels: xmlrpc, xmlrpc-legacy, jsonrpc, web,
// json2, other (unknown paths). Outcomes: ok, access_denied (AccessDenied, session expired, rate
// limit), access_error (AccessError), user_error (UserError, ValidationError, MissingError, unknown
// database), bad_request (malformed call, wrong method, too large), not_found (no such route),
// error (internal, storage down). Thread-safety: thread-safe after construction (atomic counters
// resolved at construction).
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

#include "http/http_types.h"
#include "metrics/registry.h"
#include "rpc/error_mapping.h"

namespace keygate::web {

enum class Channel { kXmlRpc, kXmlRpcLegacy, kJsonRpc, kWeb, kJson2, kOther };
inline constexpr size_t kChannelCount = 6;
// The outcomes and the outcome of each StatusCode are rpc/error_mapping.h's (one table).
using rpc::kOutcomeCount;
using rpc::Outcome;
using rpc::OutcomeName;

const char* ChannelName(Channel c);

// The channel of a request path, as the router dispatches it.
Channel ChannelForPath(std::string_view path);
// The outcome of a response: the table's outcome of its app_status when set, else of its HTTP
// status (routes answered outside any RPC envelope).
Outcome OutcomeOf(const http::HttpResponse& response);

class RequestMetrics {
 public:
  // Registers keygate_http_requests_total and keygate_http_request_duration_seconds.
  explicit RequestMetrics(metrics::Registry& registry);
  // `statements`: SQL statements the request's thread sent while serving it.
  void Observe(Channel channel, Outcome outcome, double seconds, uint64_t statements = 0);

 private:
  std::array<std::array<metrics::Counter*, kOutcomeCount>, kChannelCount> requests_{};
  std::array<metrics::Histogram*, kChannelCount> latency_{};
  std::array<metrics::Counter*, kChannelCount> statements_{};
};

// `inner` with every request counted and timed into `metrics` (which must outlive the handler).
http::Handler InstrumentHandler(http::Handler inner, RequestMetrics* metrics);

}  // namespace keygate::web
