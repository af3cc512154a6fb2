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

}  // namespace keygate::models
