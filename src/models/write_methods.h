// The write-side methods of every model: create, write, unlink. Dispatch has checked the model
// access and opened the call's transaction; these check record rules and run RecordWriter.
// Thread-safety: per call.
#pragma once

#include "common/status.h"
#include "common/value.h"
#include "models/arguments.h"
#include "models/method_context.h"

namespace keygate::models {

// create(vals_list): a dict gives one id, a list of dicts a list of ids (Odoo 18).
StatusOr<Value> MethodCreate(const MethodContext& ctx, const BoundArguments& args);
// write(ids, vals) -> True.
StatusOr<Value> MethodWrite(const MethodContext& ctx, const BoundArguments& args);
// unlink(ids) -> True.
StatusOr<Value> MethodUnlink(const MethodContext& ctx, const BoundArguments& args);
// copy(ids, default=None) -> the ids of the copies: each record's stored fields but the magic
// ones, x2many and computed fields, ModelDef::copy_renamed suffixed " (copy)", `default` over
// them; created as the caller (Odoo 18 returns the new records).
StatusOr<Value> MethodCopy(const MethodContext& ctx, const BoundArguments& args);
// has_access(ids, operation) -> whether the caller may do it on all the records (access rights,
// then record rules), where a write or unlink would raise the AccessError.
StatusOr<Value> MethodHasAccess(const MethodContext& ctx, const BoundArguments& args);

}  // namespace keygate::models
