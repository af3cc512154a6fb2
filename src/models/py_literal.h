// A small, safe parser for the Python literals Odoo stores as text, such as a record rule's
// domain_force "['|', ('user_id', '=', user.id), ('user_id', '=', False)]". It accepts lists,
// tuples, strings, integers, floats, True/False/None and a fixed set of names whose values the
// caller supplies (user.id, company_ids, ...). Nothing is ever evaluated: any other name, call,
// operator or attribute is an error, so a rule cannot run code.
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "common/value.h"

namespace keygate::models {

// Values of the names a literal may use, e.g. {"user.id", 7}, {"company_ids", [1, 2]}.
using PyNames = std::map<std::string, Value, std::less<>>;

// Parses `text` into a Value: lists and tuples become arrays, None becomes nil. Names are
// dotted identifiers looked up in `names`. kValidationError naming the position on any
// syntax error or unknown name; nesting deeper than 64 levels is refused.
StatusOr<Value> ParsePyLiteral(std::string_view text, const PyNames& names);

// The names a record rule's domain may use (Odoo's ir.rule._eval_context): user.id,
// user.partner_id.id, user.commercial_partner_id.id, user.company_id.id, user.company_ids.ids,
// company_id, company_ids. `commercial_partner_id` 0 stands for the user's own partner.
PyNames RuleEvalNames(int64_t uid, int64_t partner_id, int64_t company_id,
                      const std::vector<int64_t>& company_ids, int64_t commercial_partner_id = 0);

}  // namespace keygate::models
