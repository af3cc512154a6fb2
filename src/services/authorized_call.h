// The one authorized-call pipeline: every way a request reaches a model (XML-RPC execute_kw and
// execute, JSON-RPC, JSON-2, web sessions' /web/dataset/call_kw) ends here once its credential
// has passed the auth gate (auth_gate.h). It builds the caller's access policy (groups, access
// rights, record rules, narrowed by the key's scope), makes the model call, and records what the
// key did or the AccessError the caller got. So a rule is written once and no channel drifts.
//
// The last step is replaceable: ServerContext::model_invoker, when set, is called instead of the
// local models (the gateway forwards there); the policy and the notes stay the same.
// Thread-safety: stateless functions; the connection is the caller's.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "auth/auth_outcome.h"
#include "common/status.h"
#include "common/value.h"
#include "services/server_context.h"
#include "store/sql.h"

namespace keygate::services {

// A model call that an authenticated grant makes on one database.
struct AuthorizedCall {
  const std::string& db;
  const std::shared_ptr<store::Database>& database;
  store::SqlConnection& conn;
  const auth::Grant& grant;
  const ModelCall& call;
  // The auth generation the grant was checked under, when known: the access policy then comes
  // from this thread's memo of that generation (models/policy_cache.h).
  std::optional<int64_t> generation = std::nullopt;
};

// Runs the call under the grant's access policy and notes the outcome (key usage on success, an
// "access_error" event on an AccessError). Errors are the model's (AccessError, UserError...).
StatusOr<Value> RunAuthorizedCall(const ServerContext& ctx, const AuthorizedCall& request,
                                  const CallerInfo& caller);

}  // namespace keygate::services
