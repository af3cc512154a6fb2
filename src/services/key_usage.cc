// Key usage notes.
#include "services/key_usage.h"

#include "auth/auth_events.h"
#include "models/key_scope.h"
#include "models/methods.h"
#include "services/auth_defences.h"

namespace keygate::services {

void NoteKeyUsage(const ServerContext& ctx, const std::string& db, const auth::Grant& grant,
                  const std::string& model, const std::string& method) {
  if (!grant.key_id || ctx.defences == nullptr || ctx.defences->events == nullptr) return;
  const models::MethodDef* def = models::FindMethod(model, method);
  if (def == nullptr || !def->operation) return;
  ctx.defences->events->RecordKeyUsage(db, *grant.key_id, model,
                                       models::OperationName(*def->operation),
                                       FormatUtc(ctx.clock->NowUnix()));
}

}  // namespace keygate::services
