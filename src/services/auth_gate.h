// The one place every channel passes through to authenticate a request: XML-RPC, JSON-RPC,
// JSON-2 and web sessions. Defences (login cooldown, per-key address and rate limits) and the
// auth event log hook in here, so that no channel can skip them.
// Thread-safety: thread-safe.
#pragma once

#include <string>

#include "auth/auth_outcome.h"
#include "common/status.h"
#include "services/auth_defences.h"
#include "services/server_context.h"
#include "store/sql.h"

namespace keygate::services {

// Non-interactive check of (uid, secret): object.execute_kw/execute and JSON-2 bearer keys.
// A failure is an outcome with ok=false (the caller answers Odoo's AccessDenied); a Status error
// is a storage problem.
StatusOr<auth::AuthOutcome> CheckUidCredentials(const ServerContext& ctx, store::SqlConnection& c,
                                                const std::string& db, int64_t uid,
                                                const std::string& secret,
                                                const CallerInfo& caller);

// Non-interactive login: common.authenticate / common.login.
StatusOr<auth::AuthOutcome> CheckLoginCredentials(const ServerContext& ctx, store::SqlConnection& c,
                                                  const std::string& db, const std::string& login,
                                                  const std::string& secret,
                                                  const CallerInfo& caller);

// JSON-2 bearer key: the key alone names the user.
StatusOr<auth::AuthOutcome> CheckBearerCredentials(const ServerContext& ctx,
                                                   store::SqlConnection& c, const std::string& db,
                                                   const std::string& secret,
                                                   const CallerInfo& caller);

// Interactive login: /web/session/authenticate (password only unless apikey_session_login).
StatusOr<auth::AuthOutcome> CheckInteractiveCredentials(
    const ServerContext& ctx, store::SqlConnection& c, const std::string& db,
    const std::string& login, const std::string& secret, const CallerInfo& caller);

// Gateway mode (gateway/gated_call.h): the check is the gateway's own (keys by keygate,
// passwords decided by the upstream Odoo) and runs inside the same defences and event log; a
// failure is logged as on every other channel. `subject` names the login or the uid the call
// claims.
StatusOr<auth::AuthOutcome> CheckForwardedCredentials(
    const ServerContext& ctx, store::SqlConnection& c, const std::string& db,
    const AttemptSubject& subject, const std::string& secret, const CallerInfo& caller,
    const CredentialCheck& check);

}  // namespace keygate::services
