// Searching: a domain, the access rule for the operation and the active filter compiled into one
// WHERE clause, then ids (search) or a count (search_count). Shared by every method that selects
// records, so each of them honours record rules the same way.
// Thread-safety: per call.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "common/value.h"
#include "models/access.h"
#include "models/method_context.h"
#include "models/sql_builder.h"

namespace keygate::models {

struct SearchQuery {
  Value domain;  // as sent; nil = everything
  int64_t offset = 0;
  std::optional<int64_t> limit;      // nullopt or 0: no limit (as Odoo)
  std::optional<std::string> order;  // nullopt: the model's default order
};

// WHERE condition for rows of ctx.model aliased `alias`: the domain, the rule domain of `op`, and
// active = True unless the domain mentions `active` or active_test is off.
StatusOr<SqlFragment> BuildWhere(const MethodContext& ctx, SqlBuilder& builder, Operation op,
                                 const Value& domain, std::string_view alias,
                                 bool apply_active = true);

// The search's one statement: the given columns of the rows the domain and the rule of `op`
// select, in order, with the limit and offset as parameters. `columns` were written with the
// same builder (unique aliases).
StatusOr<SqlFragment> SearchSelect(const MethodContext& ctx, SqlBuilder& builder, Operation op,
                                   const SearchQuery& query, std::string_view columns,
                                   const std::string& alias);
StatusOr<std::vector<int64_t>> SearchIds(const MethodContext& ctx, Operation op,
                                         const SearchQuery& query);
StatusOr<int64_t> SearchCount(const MethodContext& ctx, const Value& domain,
                              std::optional<int64_t> limit);

// Odoo's offset/limit arguments: an int, or None/False. kInvalidRequest otherwise.
StatusOr<int64_t> OffsetArg(const Value& v, const char* name);
StatusOr<std::optional<int64_t>> LimitArg(const Value& v);
// The order argument: a string, or None/False for the default.
StatusOr<std::optional<std::string>> OrderArg(const Value& v);

}  // namespace keygate::models
