// Naming and access-probing methods of every model: name_search, name_get (removed in Odoo 17,
// still called by many clients) and check_access_rights.
// Thread-safety: per call.
#pragma once

#include "common/status.h"
#include "common/value.h"
#include "models/arguments.h"
#include "models/method_context.h"

namespace keygate::models {

// name_search(name='', args=None, operator='ilike', limit=100) -> [[id, display_name], ...].
StatusOr<Value> MethodNameSearch(const MethodContext& ctx, const BoundArguments& args);
// name_get(ids) -> [[id, display_name], ...] in the order of ids.
StatusOr<Value> MethodNameGet(const MethodContext& ctx, const BoundArguments& args);
// check_access_rights(operation, raise_exception=True) -> True, False or the AccessError.
StatusOr<Value> MethodCheckAccessRights(const MethodContext& ctx, const BoundArguments& args);

}  // namespace keygate::models
