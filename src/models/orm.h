// Entry point of the `object` service's data layer: Call(model, method, args, kwargs) checks the
// method name, the model and the arguments as Odoo does, applies the access policy and runs the
// method against the store. Methods are data-driven from the Registry; none is written per model
// (except context_get, which only res.users has).
// Thread-safety: Call is reentrant; the connection is used by the calling thread only.
#pragma once

#include <cstdint>
#include <string_view>

#include "common/status.h"
#include "common/value.h"
#include "models/access.h"
#include "models/registry.h"
#include "store/sql.h"

namespace keygate::models {

// Who calls, with which context and under which access policy (must not be null).
struct Env {
  int64_t uid = 0;
  Value context;  // the caller's context (a struct or nil); a `context` kwarg overrides keys
  const AccessPolicy* access = nullptr;
  // Write methods (create, write, unlink) run in a transaction of their own, committed when the
  // method succeeds. A caller that already holds a transaction sets this to false: the method
  // then runs inside a savepoint, so a failure still leaves nothing behind.
  bool own_transaction = true;
};

// execute_kw style: positional args (record methods: ids first) and kwargs.
StatusOr<Value> Call(const Registry& registry, store::SqlConnection& conn, const Env& env,
                     std::string_view model, std::string_view method, const Value::Array& args,
                     const Value::Struct& kwargs);

// JSON-2 style (Odoo 19): every argument by name, plus "ids" and "context".
StatusOr<Value> CallNamed(const Registry& registry, store::SqlConnection& conn, const Env& env,
                          std::string_view model, std::string_view method,
                          const Value::Struct& named);

}  // namespace keygate::models
