// What a key scope means on a real Odoo's models: the one table that maps an Odoo model method to
// the operation a scope grants (models/key_scope.h: read, write, create, unlink). A method that is
// not in the table counts as a write, so that a method Odoo adds (or a module's own, such as
// action_confirm or message_post) needs a scope that allows writing the model.
// Thread-safety: pure function over a constant table.
#pragma once

#include <string_view>

#include "models/access.h"

namespace keygate::gateway {

models::Operation OperationOfMethod(std::string_view method);

}  // namespace keygate::gateway
