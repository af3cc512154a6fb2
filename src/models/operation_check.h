// The one decision whether a caller may do an operation on a model, as the server makes it for
// every write (writer.cc) and as `keygate access check` reports it: the policy's model check
// (Odoo's access rights, then the API key's scope), then the models that are read-only through
// the API (res.groups: groups change through `keygate group`, never through the data API).
// Record rules come after, per record (AccessPolicy::RuleDomain).
// Thread-safety: pure functions over the policy given.
#pragma once

#include "common/status.h"
#include "models/access.h"
#include "models/model_def.h"

namespace keygate::models {

// OK, or the AccessError the call gets.
Status CheckOperation(const AccessPolicy& access, const ModelDef& model, Operation op);

// The AccessError of a write, create or unlink on a model declared read-only; OK otherwise.
Status RefuseReadonlyModel(const ModelDef& model, Operation op);

}  // namespace keygate::models
