// Parsing of `order` specifications ("name asc, id desc nulls last") against a model's declared
// fields. Strict: only sortable field names, asc/desc and nulls first/last are accepted, so an
// order string can never carry SQL.
// Thread-safety: pure functions.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "models/model_def.h"

namespace keygate::models {

struct OrderTerm {
  const FieldDef* field = nullptr;
  bool descending = false;
  std::optional<bool> nulls_first;  // unset: the engine's default for the direction
  // "partner_id.id": a many2one ordered by the stored id rather than by the comodel's order.
  bool by_stored_id = false;
};

// Odoo 18's terms: `field[.property][:function] [asc|desc] [nulls first|last]`. The function is
// ignored (Odoo uses it only in read_group); a property is a ValueError except `.id` after a
// many2one. kValidationError 'Invalid "order" specified (...)' on a specification that is not
// one, then Odoo's ValueErrors: a field the model lacks, a field that is not stored.
StatusOr<std::vector<OrderTerm>> ParseOrder(const ModelDef& model, std::string_view spec);

}  // namespace keygate::models
