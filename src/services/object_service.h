// Odoo's `object` service: execute_kw(db, uid, password, model, method, args, kwargs=None) and
// execute(db, uid, password, model, method, *args). Every call authenticates (cached after the
// first success), then runs the model method in models/.
// Thread-safety: thread-safe.
#pragma once

#include <string>

#include "common/status.h"
#include "common/value.h"
#include "services/server_context.h"

namespace keygate::services {

StatusOr<Value> CallObject(const ServerContext& ctx, const std::string& method,
                           const Value::Array& args, const CallerInfo& caller);

}  // namespace keygate::services
