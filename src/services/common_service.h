// Odoo's `common` service: version, about, login, authenticate.
// authenticate/login answer the uid or False for any bad credential, never a fault; an unknown
// database is a fault, as in Odoo (the registry cannot be loaded).
// Thread-safety: thread-safe.
#pragma once

#include <string>

#include "common/status.h"
#include "common/value.h"
#include "services/server_context.h"

namespace keygate::services {

// {'server_version': '18.0', 'server_version_info': [18, 0, 0, 'final', 0, ''], ...}
Value VersionInfo(const std::string& server_version);

StatusOr<Value> CallCommon(const ServerContext& ctx, const std::string& method,
                           const Value::Array& args, const CallerInfo& caller);

}  // namespace keygate::services
