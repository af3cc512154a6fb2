// Builds the SQL expressions that every method shares: a field's value (stored column, related
// chain through many2one sub-selects, computed display name), ORDER BY clauses, and parameterised
// fragments. Only identifiers validated by the Registry are written into the SQL text; every value
// goes into SqlParams.
// Thread-safety: a SqlBuilder is used for one query by one thread.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "models/model_def.h"
#include "models/order.h"
#include "models/registry.h"
#include "store/sql.h"

namespace keygate::models {

// A piece of SQL with its '?' parameters, in textual order.
struct SqlFragment {
  std::string sql;
  store::SqlParams params;

  void Append(std::string_view text) { sql += text; }
  void Append(const SqlFragment& other) {
    sql += other.sql;
    params.insert(params.end(), other.params.begin(), other.params.end());
  }
};

// "name" -> "\"name\"". Callers pass only identifiers the Registry validated.
std::string QuoteIdent(std::string_view ident);

// "?, ?, ?": n parameter markers for an IN list.
std::string ParameterMarkers(size_t n);

class SqlBuilder {
 public:
  SqlBuilder(const Registry& registry, const store::Dialect& dialect)
      : registry_(registry), dialect_(dialect) {}

  const Registry& registry() const { return registry_; }
  const store::Dialect& dialect() const { return dialect_; }

  // A fresh table alias ("t1", "t2", ...), unique within this builder's query.
  std::string NewAlias();

  // "alias"."table" reference: FROM clause item for a model.
  std::string From(const ModelDef& model, std::string_view alias) const;

  // The value of `field` for the row aliased `alias`, as a parameter-free SQL expression.
  // x2many fields have no scalar value: kInternal.
  StatusOr<std::string> FieldExpr(const ModelDef& model, const FieldDef& field,
                                  std::string_view alias);
  // The record's display name (its rec_name, falling back to `name`).
  StatusOr<std::string> DisplayNameExpr(const ModelDef& model, std::string_view alias);

  // "ORDER BY ..." body for the terms, always ending with a tie-break on id.
  StatusOr<std::string> OrderBy(const ModelDef& model, const std::vector<OrderTerm>& terms,
                                std::string_view alias);

 private:
  StatusOr<std::string> RelatedExpr(const ModelDef& model, std::string_view path,
                                    std::string_view alias, int depth);

  const Registry& registry_;
  const store::Dialect& dialect_;
  int next_alias_ = 0;
};

}  // namespace keygate::models
