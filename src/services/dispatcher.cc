// Service routing, as odoo.http.dispatch_rpc.
#include "services/dispatcher.h"

#include "services/common_service.h"
#include "services/db_service.h"
#include "services/object_service.h"

namespace keygate::services {

StatusOr<Value> Dispatch(const ServerContext& ctx, const std::string& service,
                         const std::string& method, const Value::Array& args,
                         const CallerInfo& caller) {
  if (service == "common") return CallCommon(ctx, method, args, caller);
  if (service == "object") return CallObject(ctx, method, args, caller);
  if (service == "db") return CallDb(ctx, method, args, caller);
  // Odoo looks the service up in a dict: KeyError('nosuch').
  return KeyError(service.substr(0, 64));
}

}  // namespace keygate::services
