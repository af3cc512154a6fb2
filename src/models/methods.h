// The table of methods the `object` service exposes: each with its Python signature, the access
// operation checked before it runs (none for metadata methods), and the model it is limited to,
// if any. Adding write/create/unlink is adding rows here.
// Thread-safety: the table is immutable after static initialisation.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "common/status.h"
#include "common/value.h"
#include "models/access.h"
#include "models/arguments.h"
#include "models/method_context.h"

namespace keygate::models {

struct MethodDef {
  Signature signature;
  // Checked with AccessPolicy::CheckModel before the handler runs; nullopt: no model check
  // (fields_get, context_get), as in Odoo.
  std::optional<Operation> operation;
  std::string only_model;  // "" = every model
  std::function<StatusOr<Value>(const MethodContext&, const BoundArguments&)> handler;
  // Changes data: dispatch runs it inside one transaction.
  bool writes = false;
};

// nullptr when `model` has no such public method.
const MethodDef* FindMethod(std::string_view model, std::string_view method);

}  // namespace keygate::models
