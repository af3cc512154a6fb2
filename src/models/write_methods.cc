// create / write / unlink.
#include "models/write_methods.h"

#include "models/name_methods.h"
#include "models/operation_check.h"
#include "models/reader.h"
#include "models/writer.h"

namespace keygate::models {

StatusOr<Value> MethodCreate(const MethodContext& ctx, const BoundArguments& args) {
  const Value& vals_list = args.Get("vals_list");
  RecordWriter writer(ctx);
  if (vals_list.is_struct()) {
    KG_ASSIGN_OR_RETURN(int64_t id, writer.CreateAsCaller(ctx.model, vals_list));
    return Value(id);
  }
  if (!vals_list.is_array()) {
    return ValidationError("create() expects a dict of field values or a list of them, not " +
                           std::string(vals_list.TypeName()));
  }
  Value::Array out;
  for (const Value& vals : vals_list.as_array()) {
    KG_ASSIGN_OR_RETURN(int64_t id, writer.CreateAsCaller(ctx.model, vals));
    out.emplace_back(id);
  }
  return Value(std::move(out));
}

StatusOr<Value> MethodWrite(const MethodContext& ctx, const BoundArguments& args) {
  KG_ASSIGN_OR_RETURN(std::vector<int64_t> ids, ParseIds(args.ids()));
  RecordWriter writer(ctx);
  KG_RETURN_IF_ERROR(writer.WriteAsCaller(ctx.model, ids, args.Get("vals")));
  return Value(true);
}

StatusOr<Value> MethodUnlink(const MethodContext& ctx, const BoundArguments& args) {
  KG_ASSIGN_OR_RETURN(std::vector<int64_t> ids, ParseIds(args.ids()));
  RecordWriter writer(ctx);
  KG_RETURN_IF_ERROR(writer.UnlinkAsCaller(ctx.model, ids));
  return Value(true);
}

StatusOr<Value> MethodCopy(const MethodContext& ctx, const BoundArguments& args) {
  KG_ASSIGN_OR_RETURN(std::vector<int64_t> ids, ParseIds(args.ids()));
  const Value& given = args.Get("default");
  if (given.Truthy() && !given.is_struct()) {
    return TypeError("'" + std::string(given.TypeName()) + "' object is not iterable");
  }
  std::vector<const FieldDef*> copied;
  for (const FieldDef& f : ctx.model.fields) {
    const bool magic = f.name == "id" || f.name == "create_uid" || f.name == "create_date" ||
                       f.name == "write_uid" || f.name == "write_date";
    if (f.store && !magic && !IsX2Many(f.type) && !f.is_computed() && !f.is_related() &&
        !f.readonly) {
      copied.push_back(&f);
    }
  }
  KG_ASSIGN_OR_RETURN(Value rows, ReadInOrder(ctx, ids, copied, ReadOptions{/*classic=*/false},
                                              GivenIds::kRequireAll));
  RecordWriter writer(ctx);
  Value::Array out;
  for (const Value& row : rows.as_array()) {
    Value vals(Value::Struct{});
    for (const auto& [name, value] : row.as_struct()) {
      if (name != "id") vals.Set(name, value);
    }
    for (const std::string& name : ctx.model.copy_renamed) {
      const Value* value = vals.Find(name);
      if (value != nullptr && value->is_string()) vals.Set(name, value->as_string() + " (copy)");
    }
    if (given.is_struct()) vals.Merge(given.as_struct());
    KG_ASSIGN_OR_RETURN(int64_t id, writer.CreateAsCaller(ctx.model, vals));
    out.emplace_back(id);
  }
  return Value(std::move(out));
}

StatusOr<Value> MethodHasAccess(const MethodContext& ctx, const BoundArguments& args) {
  KG_ASSIGN_OR_RETURN(const Operation op, AccessModeArgument(args.Get("operation")));
  if (ctx.env.access == nullptr) return InternalError("no access policy");
  Status allowed = CheckOperation(*ctx.env.access, ctx.model, op);
  if (allowed.ok()) {
    KG_ASSIGN_OR_RETURN(std::vector<int64_t> ids, ParseIds(args.ids()));
    allowed = RecordWriter(ctx).CheckRule(ctx.model, op, ids);
  }
  if (allowed.ok()) return Value(true);
  if (allowed.code() == StatusCode::kAccessError) return Value(false);
  return allowed;
}

}  // namespace keygate::models
