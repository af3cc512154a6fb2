// Routes a neutral RPC call (service, method, args) to Odoo's services: common, db, object. Used
// by every wire protocol that carries service calls (XML-RPC, legacy XML-RPC, JSON-RPC).
// Thread-safety: thread-safe.
#pragma once

#include <string>

#include "common/status.h"
#include "common/value.h"
#include "services/server_context.h"

namespace keygate::services {

StatusOr<Value> Dispatch(const ServerContext& ctx, const std::string& service,
                         const std::string& method, const Value::Array& args,
                         const CallerInfo& caller);

}  // namespace keygate::services
