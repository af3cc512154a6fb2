// Odoo search domains: parsing the prefix notation a client sends (['|', ('a', '=', 1), '!',
// ('b', 'ilike', 'x')], implicit '&' between terms) into a tree, and compiling that tree into a
// parameterised SQL condition with Odoo's semantics (NULL handling, negation pushed into the
// operators, dotted paths through relations, child_of/parent_of). Field names and operators are
// checked against the model and a fixed list; values are only ever bound as parameters.
// Thread-safety: Domain is an immutable value; compilation uses a per-query SqlBuilder.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "common/value.h"
#include "models/access.h"
#include "models/domain_operator.h"
#include "models/model_def.h"
#include "models/sql_builder.h"

namespace keygate::models {

struct DomainNode {
  enum class Kind { kAnd, kOr, kNot, kLeaf, kTrue, kFalse };
  Kind kind = Kind::kTrue;
  std::vector<DomainNode> children;  // kAnd/kOr: two or more; kNot: one
  // kLeaf
  std::string path;                         // "name" or "parent_id.name"
  DomainOperator op = DomainOperator::kEq;  // as sent, any case; '<>' read as '!='
  Value value;
  Value original;  // the term as sent, for error messages
};

class Domain {
 public:
  Domain() = default;  // matches everything

  // Parses a domain; nil/False/[] give the empty domain. kValidationError on a malformed
  // domain or an unknown operator (fields are checked at compile time, against a model).
  static StatusOr<Domain> Parse(const Value& domain);
  // Both domains must match.
  static Domain And(Domain a, Domain b);

  bool empty() const { return !root_.has_value(); }
  const DomainNode* root() const { return root_ ? &*root_ : nullptr; }
  // Whether a leaf's path is exactly `field` (Odoo's test for "the domain mentions active").
  bool MentionsField(std::string_view field) const;

 private:
  std::optional<DomainNode> root_;
};

struct CompileOptions {
  // Odoo's active_test: searches through x2many paths skip archived comodel records.
  bool active_test = true;
  // The caller, for a domain a client sent. Each hop into another model (a dotted path, a match
  // of a relation by name) is a search of that model as the caller, as in Odoo: it needs the
  // model's read access right (and the key's scope), else the AccessError, and the model's read
  // rules narrow it. Null: as the superuser (record rules are compiled so).
  const AccessPolicy* access = nullptr;
};

// Compiles `domain` for rows of `model` aliased `alias`. kValidationError "Invalid field 'x' on
// model 'm'" for unknown fields, and for values of the wrong shape.
StatusOr<SqlFragment> CompileDomain(SqlBuilder& builder, const ModelDef& model,
                                    const Domain& domain, std::string_view alias,
                                    const CompileOptions& options = {});

}  // namespace keygate::models
