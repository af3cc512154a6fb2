// The decision whether a caller may do an operation on a model (see operation_check.h).
#include "models/operation_check.h"

#include <string>

namespace keygate::models {

Status RefuseReadonlyModel(const ModelDef& model, Operation op) {
  if (!model.readonly || op == Operation::kRead) return Status::Ok();
  const char* verb = op == Operation::kCreate  ? "create"
                     : op == Operation::kWrite ? "modify"
                                               : "delete";
  return AccessError("You are not allowed to " + std::string(verb) + " '" + model.description +
                     "' (" + model.name + ") records through the API.");
}

Status CheckOperation(const AccessPolicy& access, const ModelDef& model, Operation op) {
  KG_RETURN_IF_ERROR(access.CheckModel(model, op));
  return RefuseReadonlyModel(model, op);
}

}  // namespace keygate::models
