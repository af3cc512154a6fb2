// The operators of Odoo's search domains as a type: one enumerator per operator and one table
// (domain_operator.cc) of its spelling and properties (negation, LIKE family, case), so that code
// matching operators names enumerators and a typo does not compile. The spellings are Odoo's,
// exactly as clients send them (lower case; "<>" is read as "!=").
// Thread-safety: pure functions over constant data.
#pragma once

#include <optional>
#include <string_view>

namespace keygate::models {

enum class DomainOperator {
  kEq,        // =
  kNe,        // !=
  kLt,        // <
  kGt,        // >
  kLe,        // <=
  kGe,        // >=
  kIn,        // in
  kNotIn,     // not in
  kLike,      // like
  kNotLike,   // not like
  kIlike,     // ilike
  kNotIlike,  // not ilike
  kEqLike,    // =like
  kEqIlike,   // =ilike
  kChildOf,   // child_of
  kParentOf,  // parent_of
  kEqIfSet,   // =? (true when the value is unset, else =)
};

// The operator's spelling, e.g. "not ilike".
std::string_view OperatorName(DomainOperator op);
// The operator spelled `name` (already lower case; "<>" gives kNe), or none.
std::optional<DomainOperator> ParseOperator(std::string_view name);

// Odoo's TERM_OPERATORS_NEGATION: the operator a '!' in front turns `op` into, or none.
std::optional<DomainOperator> Negation(DomainOperator op);
// like, not like, ilike, not ilike, =like, =ilike.
bool IsLike(DomainOperator op);
// !=, not in, not like, not ilike.
bool IsNegative(DomainOperator op);
// The positive form of a negative operator (not ilike -> ilike); others unchanged.
DomainOperator Positive(DomainOperator op);
// ilike, not ilike, =ilike.
bool IsCaseInsensitive(DomainOperator op);
// =like, =ilike: the value is the whole pattern (no implicit %...%).
bool IsExactPattern(DomainOperator op);
// <, >, <=, >=.
bool IsOrdering(DomainOperator op);

}  // namespace keygate::models
