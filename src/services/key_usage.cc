// Key usage notes.
#include "services/key_usage.h"

#include "auth/auth_events.h"
#include "models/key_scope.h"
#include "models/methods.h"
#include "services/auth_defences.h"
#include "store/repositories.h"

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

void NoteAccessError(const ServerContext& ctx, store::SqlConnection& c, const std::string& db,
                     const auth::Grant& grant, const CallerInfo& caller) {
  if (ctx.defences == nullptr || ctx.defences->events == nullptr) return;
  auth::AuthEvent e;
  const Clock& clock = ctx.clock ? *ctx.clock : DefaultClock();
  e.create_date = auth::FormatUtcMillis(clock.NowUnixMicros() / 1000);
  e.db = db;
  e.channel = caller.channel;
  auto login = store::Users(c).LoginOf(grant.uid);
  if (login.ok()) e.login = *login;
  e.uid = grant.uid;
  e.key_id = grant.key_id;
  e.client_ip = caller.client_ip;
  e.peer_address = caller.peer_address;
  e.user_agent = caller.user_agent;
  e.success = false;
  e.reason = auth::kAccessErrorReason;
  ctx.defences->events->Record(std::move(e));
}

}  // namespace keygate::services
