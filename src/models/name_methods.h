// Naming and access-probing methods of every model: name_search and check_access_rights (Odoo 18
// has no name_get: calling it is the AttributeError of any unknown method).
// Thread-safety: per call.
#pragma once

#include "common/status.h"
#include "common/value.h"
#include "models/arguments.h"
#include "models/method_context.h"

namespace keygate::models {

// name_search(name='', args=None, operator='ilike', limit=100) -> [[id, display_name], ...].
StatusOr<Value> MethodNameSearch(const MethodContext& ctx, const BoundArguments& args);
// check_access_rights(operation, raise_exception=True), as Odoo 18's: with raise_exception,
// check_access (None or the AccessError), else has_access (True or False).
StatusOr<Value> MethodCheckAccessRights(const MethodContext& ctx, const BoundArguments& args);

// The `operation` argument of check_access_rights and has_access: "read", "write", "create" or
// "unlink", else Odoo's AssertionError "Invalid access mode" (ir.model.access.check).
StatusOr<Operation> AccessModeArgument(const Value& operation);

}  // namespace keygate::models
