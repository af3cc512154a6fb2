// create / write / unlink.
#include "models/write_methods.h"

#include "models/reader.h"
#include "models/writer.h"

namespace keygate::models {
namespace {

// Models declared read-only (res.groups: groups change through `keygate group`, never through
// the data API).
Status RefuseReadonlyModel(const MethodContext& ctx, const char* verb) {
  if (!ctx.model.readonly) return Status::Ok();
  return AccessError("You are not allowed to " + std::string(verb) + " '" + ctx.model.description +
                     "' (" + ctx.model.name + ") records through the API.");
}

}  // namespace

StatusOr<Value> MethodCreate(const MethodContext& ctx, const BoundArguments& args) {
  KG_RETURN_IF_ERROR(RefuseReadonlyModel(ctx, "create"));
  const Value& vals_list = args.Get("vals_list");
  RecordWriter writer(ctx);
  if (vals_list.is_struct()) {
    KG_ASSIGN_OR_RETURN(int64_t id, writer.Create(ctx.model, vals_list));
    KG_RETURN_IF_ERROR(writer.CheckRule(ctx.model, Operation::kCreate, {id}));
    return Value(id);
  }
  if (!vals_list.is_array()) {
    return ValidationError("create() expects a dict of field values or a list of them, not " +
                           std::string(vals_list.TypeName()));
  }
  std::vector<int64_t> ids;
  Value::Array out;
  for (const Value& vals : vals_list.as_array()) {
    KG_ASSIGN_OR_RETURN(int64_t id, writer.Create(ctx.model, vals));
    ids.push_back(id);
    out.emplace_back(id);
  }
  KG_RETURN_IF_ERROR(writer.CheckRule(ctx.model, Operation::kCreate, ids));
  return Value(std::move(out));
}

StatusOr<Value> MethodWrite(const MethodContext& ctx, const BoundArguments& args) {
  KG_RETURN_IF_ERROR(RefuseReadonlyModel(ctx, "modify"));
  KG_ASSIGN_OR_RETURN(std::vector<int64_t> ids, ParseIds(args.ids()));
  RecordWriter writer(ctx);
  KG_RETURN_IF_ERROR(writer.CheckExist(ctx.model, ids));
  KG_RETURN_IF_ERROR(writer.CheckRule(ctx.model, Operation::kWrite, ids));
  KG_RETURN_IF_ERROR(writer.Write(ctx.model, ids, args.Get("vals")));
  return Value(true);
}

StatusOr<Value> MethodUnlink(const MethodContext& ctx, const BoundArguments& args) {
  KG_RETURN_IF_ERROR(RefuseReadonlyModel(ctx, "delete"));
  KG_ASSIGN_OR_RETURN(std::vector<int64_t> ids, ParseIds(args.ids()));
  RecordWriter writer(ctx);
  KG_RETURN_IF_ERROR(writer.CheckExist(ctx.model, ids));
  KG_RETURN_IF_ERROR(writer.CheckRule(ctx.model, Operation::kUnlink, ids));
  KG_RETURN_IF_ERROR(writer.Unlink(ctx.model, ids));
  return Value(true);
}

}  // namespace keygate::models
