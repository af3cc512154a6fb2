// name_search / check_access_rights.
#include "models/name_methods.h"

#include <optional>

#include "models/domain_operator.h"
#include "models/py_repr.h"
#include "models/reader.h"
#include "models/search.h"

namespace keygate::models {
namespace {

StatusOr<Value> NamePairs(const MethodContext& ctx, const std::vector<int64_t>& ids,
                          GivenIds given) {
  const FieldDef* display = ctx.model.Find("display_name");
  KG_ASSIGN_OR_RETURN(Value rows, ReadInOrder(ctx, ids, {display}, ReadOptions{true}, given));
  Value::Array out;
  for (const Value& row : rows.as_array()) {
    const Value* name = row.Find("display_name");
    out.emplace_back(Value::Array{*row.Find("id"), name ? *name : False()});
  }
  return Value(std::move(out));
}

}  // namespace

StatusOr<Value> MethodNameSearch(const MethodContext& ctx, const BoundArguments& args) {
  const Value& name = args.Get("name");
  const Value& extra = args.Get("args");
  const Value& op = args.Get("operator");
  if (!(name.is_string() || name.is_nil() || (name.is_bool() && !name.as_bool()))) {
    return ValidationError("name_search() name must be a string, not " +
                           std::string(name.TypeName()));
  }
  if (!op.is_string()) {
    return ValidationError("Invalid leaf " + PyRepr(op));
  }
  if (!(extra.is_nil() || extra.is_array() || (extra.is_bool() && !extra.as_bool()))) {
    return ValidationError("Invalid domain " + PyRepr(extra));
  }
  KG_ASSIGN_OR_RETURN(std::optional<int64_t> limit, LimitArg(args.Get("limit")));
  Value::Array domain;
  if (extra.is_array()) domain = extra.as_array();
  const std::string text = name.is_string() ? name.as_string() : "";
  const std::string& oper = op.as_string();
  // An empty name with a "contains"-like operator matches everything, as in Odoo.
  const std::optional<DomainOperator> parsed = ParseOperator(oper);
  bool no_filter = text.empty() && parsed && IsLike(*parsed);
  if (!no_filter) {
    if (!domain.empty()) domain.insert(domain.begin(), Value("&"));
    // Odoo's _rec_names_search: any of the fields matches (all of them for a negative operator).
    std::vector<std::string> searched = ctx.model.rec_names_search;
    if (searched.empty()) searched.push_back(ctx.model.rec_name);
    bool negative = oper.rfind("not ", 0) == 0 || oper == "!=";
    for (size_t i = 1; i < searched.size(); ++i) domain.emplace_back(negative ? "&" : "|");
    for (const std::string& field : searched) {
      domain.emplace_back(Value::Array{Value(field), op, Value(text)});
    }
  }
  SearchQuery q{Value(std::move(domain)), 0, limit, std::nullopt};
  KG_ASSIGN_OR_RETURN(std::vector<int64_t> ids, SearchIds(ctx, Operation::kRead, q));
  return NamePairs(ctx, ids, GivenIds::kFound);
}

StatusOr<Operation> AccessModeArgument(const Value& operation) {
  if (operation.is_string()) {
    const std::string& s = operation.as_string();
    if (s == "read") return Operation::kRead;
    if (s == "write") return Operation::kWrite;
    if (s == "create") return Operation::kCreate;
    if (s == "unlink") return Operation::kUnlink;
  }
  // ir.model.access.check: `assert mode in (...), 'Invalid access mode'`.
  return AssertionError("Invalid access mode");
}

StatusOr<Value> MethodCheckAccessRights(const MethodContext& ctx, const BoundArguments& args) {
  KG_ASSIGN_OR_RETURN(const Operation op, AccessModeArgument(args.Get("operation")));
  if (ctx.env.access == nullptr) return InternalError("no access policy");
  Status s = ctx.env.access->CheckModel(ctx.model, op);
  // Odoo 18: check_access (raise_exception) returns None or raises; has_access a bool.
  const bool raise = args.Get("raise_exception").Truthy();
  if (s.ok()) return raise ? Value() : Value(true);
  if (s.code() == StatusCode::kAccessError && !raise) return Value(false);
  return s;
}

}  // namespace keygate::models
