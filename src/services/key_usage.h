// Notes what an API key did (model and operation) after a successful call, for the audit's
// "scope wider than use" check, and the AccessErrors an authenticated caller got (an event with
// reason "access_error", for the detection of permission probing). Buffered by the auth event
// log; never on the request's path to storage.
// Thread-safety: thread-safe.
#pragma once

#include <string>

#include "auth/auth_outcome.h"
#include "services/server_context.h"
#include "store/sql.h"

namespace keygate::services {

void NoteKeyUsage(const ServerContext& ctx, const std::string& db, const auth::Grant& grant,
                  const std::string& model, const std::string& method);

// Records an AccessError answered to an authenticated call (outcome failure, reason
// "access_error"): the key (or, for a password, the uid) that was refused. One indexed read of the
// user's login; only on the AccessError path.
void NoteAccessError(const ServerContext& ctx, store::SqlConnection& c, const std::string& db,
                     const auth::Grant& grant, const CallerInfo& caller);

}  // namespace keygate::services
