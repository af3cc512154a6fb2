// Notes what an API key did (model and operation) after a successful call, for the audit's
// "scope wider than use" check. Buffered by the auth event log; never on the request's path to
// storage.
// Thread-safety: thread-safe.
#pragma once

#include <string>

#include "auth/auth_outcome.h"
#include "services/server_context.h"

namespace keygate::services {

void NoteKeyUsage(const ServerContext& ctx, const std::string& db, const auth::Grant& grant,
                  const std::string& model, const std::string& method);

}  // namespace keygate::services
