// Search and count queries.
#include "models/search.h"

#include <cerrno>
#include <cstdlib>

#include "models/domain.h"
#include "models/field_values.h"
#include "models/order.h"

namespace keygate::models {

StatusOr<SqlFragment> BuildWhere(const MethodContext& ctx, SqlBuilder& builder, Operation op,
                                 const Value& domain, std::string_view alias, bool apply_active) {
  KG_ASSIGN_OR_RETURN(Domain parsed, Domain::Parse(domain));
  if (ctx.env.access == nullptr) return InternalError("no access policy");
  // The client's domain reaches other models as the caller; the record rule below as sudo.
  CompileOptions options{ctx.active_test(), ctx.env.access};
  KG_ASSIGN_OR_RETURN(SqlFragment where, CompileDomain(builder, ctx.model, parsed, alias, options));
  if (const FieldDef* active = ctx.model.active_field(); apply_active && active && active->store &&
                                                         ctx.active_test() &&
                                                         !parsed.MentionsField(active->name)) {
    where.Append(" AND " + std::string(alias) + "." + QuoteIdent(active->column) + " = ?");
    where.params.emplace_back(int64_t{1});
  }
  KG_ASSIGN_OR_RETURN(std::optional<Value> rule, ctx.env.access->RuleDomain(ctx.model, op));
  if (rule) {
    KG_ASSIGN_OR_RETURN(Domain rule_domain, Domain::Parse(*rule));
    // Rules are evaluated like sudo in Odoo: archived comodel records still count.
    KG_ASSIGN_OR_RETURN(SqlFragment rule_sql, CompileDomain(builder, ctx.model, rule_domain, alias,
                                                            CompileOptions{false}));
    where.Append(" AND ");
    where.Append(rule_sql);
  }
  return where;
}

StatusOr<SqlFragment> SearchSelect(const MethodContext& ctx, SqlBuilder& builder, Operation op,
                                   const SearchQuery& query, std::string_view columns,
                                   const std::string& alias) {
  KG_ASSIGN_OR_RETURN(SqlFragment where, BuildWhere(ctx, builder, op, query.domain, alias));
  KG_ASSIGN_OR_RETURN(std::vector<OrderTerm> terms,
                      ParseOrder(ctx.model, query.order.value_or(ctx.model.order)));
  KG_ASSIGN_OR_RETURN(std::string order_by, builder.OrderBy(ctx.model, terms, alias));
  SqlFragment sql;
  sql.Append("SELECT ");
  sql.Append(columns);
  sql.Append(" FROM " + builder.From(ctx.model, alias) + " WHERE ");
  sql.Append(where);
  sql.Append(" ORDER BY " + order_by + " LIMIT ? OFFSET ?");
  int64_t limit = query.limit && *query.limit > 0 ? *query.limit : INT64_MAX;
  sql.params.emplace_back(limit);
  sql.params.emplace_back(query.offset);
  return sql;
}

StatusOr<std::vector<int64_t>> SearchIds(const MethodContext& ctx, Operation op,
                                         const SearchQuery& query) {
  SqlBuilder builder(ctx.registry, ctx.conn.dialect());
  const std::string alias = "t0";
  KG_ASSIGN_OR_RETURN(SqlFragment sql,
                      SearchSelect(ctx, builder, op, query, alias + ".\"id\"", alias));
  KG_ASSIGN_OR_RETURN(store::ResultSet rs, ctx.conn.Query(sql.sql, sql.params));
  std::vector<int64_t> ids;
  ids.reserve(rs.size());
  for (const auto& row : rs.rows()) ids.push_back(store::AsInt(row[0]));
  return ids;
}

StatusOr<int64_t> SearchCount(const MethodContext& ctx, const Value& domain,
                              std::optional<int64_t> limit) {
  SqlBuilder builder(ctx.registry, ctx.conn.dialect());
  const std::string alias = "t0";
  KG_ASSIGN_OR_RETURN(SqlFragment where, BuildWhere(ctx, builder, Operation::kRead, domain, alias));
  SqlFragment sql;
  sql.Append("SELECT COUNT(*) FROM (SELECT 1 FROM " + builder.From(ctx.model, alias) + " WHERE ");
  sql.Append(where);
  sql.Append(" LIMIT ?) AS kg_count");
  sql.params.emplace_back(limit && *limit > 0 ? *limit : INT64_MAX);
  KG_ASSIGN_OR_RETURN(store::ResultSet rs, ctx.conn.Query(sql.sql, sql.params));
  if (rs.empty()) return int64_t{0};
  return store::AsInt(rs.rows()[0][0]);
}

namespace {

// Odoo puts LIMIT and OFFSET in its SQL as parameters: PostgreSQL reads a text as a bigint.
StatusOr<Value> SqlCount(const Value& v) {
  if (!v.is_string()) return v;
  KG_RETURN_IF_ERROR(CheckIntegerText(v.as_string(), "bigint"));
  errno = 0;
  const long long n = std::strtoll(v.as_string().c_str(), nullptr, 10);
  if (errno == ERANGE) return v;
  return Value(static_cast<int64_t>(n));
}

}  // namespace

// Odoo applies LIMIT and OFFSET only when they are true values ("" and 0 mean none).
StatusOr<int64_t> OffsetArg(const Value& given, const char* name) {
  if (!given.Truthy()) return int64_t{0};
  KG_ASSIGN_OR_RETURN(Value v, SqlCount(given));
  if (!v.is_int() || v.as_int() < 0) {
    return InvalidRequest(std::string(name) + " must be a non-negative integer, not " +
                          v.TypeName());
  }
  return v.as_int();
}

StatusOr<std::optional<int64_t>> LimitArg(const Value& given) {
  if (!given.Truthy()) return std::optional<int64_t>();
  KG_ASSIGN_OR_RETURN(Value v, SqlCount(given));
  if (!v.is_int() || v.as_int() < 0) {
    return InvalidRequest(std::string("limit must be a non-negative integer, not ") + v.TypeName());
  }
  return std::optional<int64_t>(v.as_int());
}

StatusOr<std::optional<std::string>> OrderArg(const Value& v) {
  if (v.is_nil() || (v.is_bool() && !v.as_bool())) return std::optional<std::string>();
  if (!v.is_string()) {
    return ValidationError("Invalid \"order\" specified (" + std::string(v.TypeName()) + ")");
  }
  if (v.as_string().empty()) return std::optional<std::string>();
  return std::optional<std::string>(v.as_string());
}

}  // namespace keygate::models
