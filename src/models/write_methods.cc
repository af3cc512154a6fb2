// create / write / unlink.
#include "models/write_methods.h"

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

}  // namespace keygate::models
