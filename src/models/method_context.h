// What a method implementation works with: the registry, the connection, the caller and the
// target model, plus the effective context (Env context with the call's `context` over it).
// Thread-safety: lives for one call on one thread.
#pragma once

#include "common/value.h"
#include "models/model_def.h"
#include "models/orm.h"
#include "models/registry.h"
#include "store/sql.h"

namespace keygate::models {

struct MethodContext {
  const Registry& registry;
  store::SqlConnection& conn;
  const Env& env;
  const ModelDef& model;
  Value context;  // effective context (a struct)

  // Odoo's active_test: archived records are skipped unless the context says otherwise.
  bool active_test() const {
    const Value* v = context.Find("active_test");
    return v == nullptr || v->Truthy();
  }
};

}  // namespace keygate::models
