// The one table of domain operators.
#include "models/domain_operator.h"

#include <array>

namespace keygate::models {

namespace {

struct OperatorRow {
  DomainOperator op;
  std::string_view name;
  std::optional<DomainOperator> negation;
  DomainOperator positive;
  bool like;
  bool negative;
  bool case_insensitive;
  bool exact_pattern;
  bool ordering;
};

using O = DomainOperator;
constexpr std::nullopt_t kNone = std::nullopt;
constexpr size_t kOperatorCount = static_cast<size_t>(DomainOperator::kEqIfSet) + 1;

// One row per operator, in the enum's order (checked below, so an operator without its row, or a
// row out of place, does not compile).
// clang-format off
constexpr std::array<OperatorRow, kOperatorCount> kTable = {{
    // op           name         negation      positive      like   neg    ci     exact  order
    {O::kEq,        "=",         O::kNe,       O::kEq,       false, false, false, false, false},
    {O::kNe,        "!=",        O::kEq,       O::kEq,       false, true,  false, false, false},
    {O::kLt,        "<",         O::kGe,       O::kLt,       false, false, false, false, true},
    {O::kGt,        ">",         O::kLe,       O::kGt,       false, false, false, false, true},
    {O::kLe,        "<=",        O::kGt,       O::kLe,       false, false, false, false, true},
    {O::kGe,        ">=",        O::kLt,       O::kGe,       false, false, false, false, true},
    {O::kIn,        "in",        O::kNotIn,    O::kIn,       false, false, false, false, false},
    {O::kNotIn,     "not in",    O::kIn,       O::kIn,       false, true,  false, false, false},
    {O::kLike,      "like",      O::kNotLike,  O::kLike,     true,  false, false, false, false},
    {O::kNotLike,   "not like",  O::kLike,     O::kLike,     true,  true,  false, false, false},
    {O::kIlike,     "ilike",     O::kNotIlike, O::kIlike,    true,  false, true,  false, false},
    {O::kNotIlike,  "not ilike", O::kIlike,    O::kIlike,    true,  true,  true,  false, false},
    {O::kEqLike,    "=like",     kNone,        O::kEqLike,   true,  false, false, true,  false},
    {O::kEqIlike,   "=ilike",    kNone,        O::kEqIlike,  true,  false, true,  true,  false},
    {O::kChildOf,   "child_of",  kNone,        O::kChildOf,  false, false, false, false, false},
    {O::kParentOf,  "parent_of", kNone,        O::kParentOf, false, false, false, false, false},
    {O::kEqIfSet,   "=?",        kNone,        O::kEqIfSet,  false, false, false, false, false},
}};
// clang-format on

constexpr bool EveryRowInPlace() {
  for (size_t i = 0; i < kTable.size(); ++i) {
    if (kTable[i].op != static_cast<DomainOperator>(i) || kTable[i].name.empty()) return false;
  }
  return true;
}
static_assert(EveryRowInPlace(), "kTable needs one row per DomainOperator, in the enum's order");

const OperatorRow& Of(DomainOperator op) { return kTable[static_cast<size_t>(op)]; }

}  // namespace

std::string_view OperatorName(DomainOperator op) { return Of(op).name; }

std::optional<DomainOperator> ParseOperator(std::string_view name) {
  if (name == "<>") return DomainOperator::kNe;
  for (size_t i = 0; i < kTable.size(); ++i) {
    if (kTable[i].name == name) return static_cast<DomainOperator>(i);
  }
  return std::nullopt;
}

std::optional<DomainOperator> Negation(DomainOperator op) { return Of(op).negation; }
bool IsLike(DomainOperator op) { return Of(op).like; }
bool IsNegative(DomainOperator op) { return Of(op).negative; }
DomainOperator Positive(DomainOperator op) { return Of(op).positive; }
bool IsCaseInsensitive(DomainOperator op) { return Of(op).case_insensitive; }
bool IsExactPattern(DomainOperator op) { return Of(op).exact_pattern; }
bool IsOrdering(DomainOperator op) { return Of(op).ordering; }

}  // namespace keygate::models
