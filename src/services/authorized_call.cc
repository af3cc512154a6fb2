// The authorized-call pipeline (see authorized_call.h).
#include "services/authorized_call.h"

#include "models/acl_policy.h"
#include "models/orm.h"
#include "services/key_usage.h"

namespace keygate::services {

namespace {

StatusOr<Value> CallLocalModels(const models::Registry& registry, store::SqlConnection& conn,
                                const models::Env& env, const ModelCall& call) {
  if (call.named)
    return models::CallNamed(registry, conn, env, call.model, call.method, call.kwargs);
  return models::Call(registry, conn, env, call.model, call.method, call.args, call.kwargs);
}

}  // namespace

StatusOr<Value> RunAuthorizedCall(const ServerContext& ctx, const AuthorizedCall& request,
                                  const CallerInfo& caller) {
  const ModelCall& call = request.call;
  models::Env env;
  env.uid = request.grant.uid;
  for (const auto& [name, value] : call.kwargs) {
    if (name == "context") env.context = value;  // a later duplicate wins, as in a dict
  }
  const models::PolicyMemoLimits memo_limits{ctx.options.policy_cache_size,
                                             ctx.options.credential_cache_ttl_seconds};
  KG_ASSIGN_OR_RETURN(
      auto policy,
      models::PolicyForCall(request.database, request.conn, *ctx.registry, request.grant.uid,
                            request.grant.key_scope, request.generation, memo_limits));
  env.access = policy.get();
  StatusOr<Value> result = ctx.model_invoker
                               ? ctx.model_invoker(*ctx.registry, request.conn, env, call)
                               : CallLocalModels(*ctx.registry, request.conn, env, call);
  if (result.ok()) {
    NoteKeyUsage(ctx, request.db, request.grant, call.model, call.method);
  } else if (result.status().code() == StatusCode::kAccessError) {
    NoteAccessError(ctx, request.conn, request.db, request.grant, caller);
  }
  return result;
}

}  // namespace keygate::services
