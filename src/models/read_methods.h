// The read-side methods of every model: search, search_read, read, search_count, fields_get,
// exists, default_get, and res.users' context_get. Each takes arguments already bound to its
// signature and the access check already done by dispatch; record rules are applied inside, through
// search.h. Thread-safety: per call.
#pragma once

#include "common/status.h"
#include "common/value.h"
#include "models/arguments.h"
#include "models/method_context.h"

namespace keygate::models {

StatusOr<Value> MethodSearch(const MethodContext& ctx, const BoundArguments& args);
StatusOr<Value> MethodSearchRead(const MethodContext& ctx, const BoundArguments& args);
StatusOr<Value> MethodRead(const MethodContext& ctx, const BoundArguments& args);
StatusOr<Value> MethodSearchCount(const MethodContext& ctx, const BoundArguments& args);
StatusOr<Value> MethodFieldsGet(const MethodContext& ctx, const BoundArguments& args);
StatusOr<Value> MethodContextGet(const MethodContext& ctx, const BoundArguments& args);
// exists(ids): the ids that are records of the model, in the order given (no record rule: Odoo's
// exists() asks the table).
StatusOr<Value> MethodExists(const MethodContext& ctx, const BoundArguments& args);
// default_get(fields_list): {field: default} for the listed fields that have a default (the
// declared value, the caller for a default_user field); others are left out.
StatusOr<Value> MethodDefaultGet(const MethodContext& ctx, const BoundArguments& args);

}  // namespace keygate::models
