// Dispatch: method-name, model and method checks in Odoo's order, argument binding, the access
// check, then the method. A last-resort catch keeps any exception from escaping to the caller.
#include "models/orm.h"

#include <exception>
#include <iostream>

#include "models/method_context.h"
#include "models/methods.h"

namespace keygate::models {
namespace {

// Odoo's regex_private: '_...' and 'init'.
bool IsPrivate(std::string_view method) {
  return method.empty() || method[0] == '_' || method == "init";
}

struct Resolved {
  const ModelDef* model;
  const MethodDef* method;
};

StatusOr<Resolved> Resolve(const Registry& registry, const Env& env, std::string_view model,
                           std::string_view method) {
  if (IsPrivate(method)) {
    // odoo.models.check_method_name names the method alone.
    return AccessError("Private methods (such as " + std::string(method) +
                       ") cannot be called remotely.");
  }
  const ModelDef* def = registry.Find(model);
  if (!def || (env.access != nullptr && !env.access->Serves(*def))) {
    return UserError("Object " + std::string(model) + " doesn't exist");
  }
  const MethodDef* m = FindMethod(model, method);
  if (!m) {
    // odoo.api.call_kw: getattr(type(model), name) fails.
    return AttributeError("The method '" + std::string(method) + "' does not exist on the model '" +
                          std::string(model) + "'");
  }
  return Resolved{def, m};
}

StatusOr<Value> Run(const Registry& registry, store::SqlConnection& conn, const Env& env,
                    const Resolved& r, const BoundArguments& args) {
  if (env.access == nullptr) return InternalError("no access policy");
  Value context = env.context.is_struct() ? env.context : Value(Value::Struct{});
  if (args.context().is_struct()) context.Merge(args.context().as_struct());
  if (r.method->operation)
    KG_RETURN_IF_ERROR(env.access->CheckModel(*r.model, *r.method->operation));
  MethodContext ctx{registry, conn, env, *r.model, std::move(context)};
  if (!r.method->writes) return r.method->handler(ctx, args);
  // One transaction per call: nothing partial is stored when a write method fails.
  if (env.own_transaction) {
    store::Transaction tx(conn);
    KG_RETURN_IF_ERROR(tx.Begin());
    KG_ASSIGN_OR_RETURN(Value result, r.method->handler(ctx, args));
    KG_RETURN_IF_ERROR(tx.Commit());
    return result;
  }
  KG_RETURN_IF_ERROR(conn.Exec("SAVEPOINT kg_call").status());
  StatusOr<Value> result = r.method->handler(ctx, args);
  if (!result.ok()) {
    (void)conn.Exec("ROLLBACK TO SAVEPOINT kg_call");
    (void)conn.Exec("RELEASE SAVEPOINT kg_call");
    return result;
  }
  KG_RETURN_IF_ERROR(conn.Exec("RELEASE SAVEPOINT kg_call").status());
  return result;
}

template <typename Fn>
StatusOr<Value> Guarded(Fn&& fn) {
  try {
    return fn();
  } catch (const std::exception& e) {
    std::cerr << "models: unexpected exception: " << e.what() << "\n";
  } catch (...) {
    std::cerr << "models: unexpected exception\n";
  }
  return InternalError("an internal error occurred");
}

}  // namespace

StatusOr<Value> Call(const Registry& registry, store::SqlConnection& conn, const Env& env,
                     std::string_view model, std::string_view method, const Value::Array& args,
                     const Value::Struct& kwargs) {
  return Guarded([&]() -> StatusOr<Value> {
    KG_ASSIGN_OR_RETURN(Resolved r, Resolve(registry, env, model, method));
    KG_ASSIGN_OR_RETURN(BoundArguments bound, BindArguments(r.method->signature, args, kwargs));
    return Run(registry, conn, env, r, bound);
  });
}

StatusOr<Value> CallNamed(const Registry& registry, store::SqlConnection& conn, const Env& env,
                          std::string_view model, std::string_view method,
                          const Value::Struct& named) {
  return Guarded([&]() -> StatusOr<Value> {
    KG_ASSIGN_OR_RETURN(Resolved r, Resolve(registry, env, model, method));
    KG_ASSIGN_OR_RETURN(BoundArguments bound, BindNamedArguments(r.method->signature, named));
    return Run(registry, conn, env, r, bound);
  });
}

}  // namespace keygate::models
