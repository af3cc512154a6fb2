// What every service needs, wired once by main (or by a test): settings, the storage backend, the
// credential checker, the model registry and the clock.
// Thread-safety: all members are thread-safe; the struct is read-only after start-up.
#pragma once

#include <chrono>
#include <functional>
#include <string>

#include "auth/authenticator.h"
#include "common/clock.h"
#include "config/options.h"
#include "models/orm.h"
#include "models/registry.h"
#include "store/sql.h"

namespace keygate::services {

struct Defences;  // services/auth_defences.h

// One call of a model method, as the channels parse it: positional `args` and `kwargs`
// (execute_kw, call_kw), or every argument by name in `kwargs` (JSON-2, `named`).
struct ModelCall {
  std::string model;
  std::string method;
  Value::Array args;
  Value::Struct kwargs;
  bool named = false;
};

// The last step of the authorized-call pipeline (authorized_call.h): runs an authorized call.
using ModelInvoker = std::function<StatusOr<Value>(const models::Registry&, store::SqlConnection&,
                                                   const models::Env&, const ModelCall&)>;

struct ServerContext {
  config::Options options;
  store::Backend* backend = nullptr;
  auth::Authenticator* authenticator = nullptr;
  const models::Registry* registry = nullptr;
  const Clock* clock = nullptr;
  // Cooldown, key restrictions and the auth event log (null: cooldown only, no event log).
  Defences* defences = nullptr;
  // Where authorized calls go (null: the local models of `registry`).
  ModelInvoker model_invoker;
};

// Who is calling and through what, for logs and (later) the auth event log.
// What the services ask of the transport of one answer; the endpoint that made the CallerInfo
// owns it and applies it to the response.
struct AnswerHints {
  // Hold the answer until this long after the request arrived (0: at once).
  std::chrono::microseconds min_latency{0};
  // The answer refuses a credential: the server holds it refusal_delay_ms too
  // (http::HttpResponse::refusal).
  bool refusal = false;
};

struct CallerInfo {
  std::string channel;       // "xmlrpc", "xmlrpc-legacy", "jsonrpc", "web", "json2"
  std::string peer_address;  // TCP peer
  std::string client_ip;     // after trusted-proxy resolution
  std::string user_agent;
  std::string host;    // Host header, for dbfilter
  bool https = false;  // TLS, or X-Forwarded-Proto: https from a trusted proxy (cookie Secure)
  AnswerHints* hints = nullptr;  // null: the channel cannot hold its answer
};

}  // namespace keygate::services
