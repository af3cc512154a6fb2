// Dispatch: method-name, model and method checks in Odoo's order, argument binding, the access
// check, then the method. A last-resort catch keeps any exception from escaping to the caller.
#include "models/orm.h"

#include <exception>
#include <iostream>
#include <set>

#include "models/method_context.h"
#include "models/methods.h"
#include "models/py_repr.h"

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

// The methods that never read env.lang (metadata and access checks); every other one refuses an
// unknown context lang, as Odoo 18 does.
bool ReadsNoLanguage(std::string_view method) {
  return method == "default_get" || method == "check_access_rights" || method == "has_access" ||
         method == "context_get";
}

// res.users.write on the caller's own record with only the fields Odoo 18 lets a user change on
// itself (SELF_WRITEABLE_FIELDS, and context_* keys): Odoo writes them as superuser.
bool IsSelfWriteOfSafeFields(const Env& env, const Resolved& r, const BoundArguments& args) {
  if (r.model->name != "res.users" || r.method->signature.method != "write") return false;
  const Value& ids = args.ids();
  const bool self = (ids.is_int() && ids.as_int() == env.uid) ||
                    (ids.is_array() && ids.as_array().size() == 1 && ids.as_array()[0].is_int() &&
                     ids.as_array()[0].as_int() == env.uid);
  const Value& vals = args.Get("vals");
  if (!self || !vals.is_struct()) return false;
  static const std::set<std::string, std::less<>> kSelfWriteable = {
      "signature", "action_id", "company_id", "email", "name", "image_1920", "lang", "tz"};
  for (const auto& [key, value] : vals.as_struct()) {
    if (!kSelfWriteable.count(key) && key.rfind("context_", 0) != 0) return false;
  }
  return true;
}

StatusOr<Value> Run(const Registry& registry, store::SqlConnection& conn, const Env& caller_env,
                    const Resolved& r, const BoundArguments& args) {
  if (caller_env.access == nullptr) return InternalError("no access policy");
  static const AllowAll kSuperuser;
  Env superuser_env = caller_env;
  if (IsSelfWriteOfSafeFields(caller_env, r, args)) {
    KG_RETURN_IF_ERROR(caller_env.access->CheckKeyScope(*r.model, Operation::kWrite));
    superuser_env.access = &kSuperuser;
  }
  const Env& env = superuser_env;
  Value context = env.context.is_struct() ? env.context : Value(Value::Struct{});
  if (args.context().is_struct()) context.Merge(args.context().as_struct());
  if (r.method->operation)
    KG_RETURN_IF_ERROR(env.access->CheckModel(*r.model, *r.method->operation));
  // Odoo's env.lang, which most methods read: a language that is not installed is refused (the
  // languages keygate serves: en_US).
  if (const Value* lang = context.Find("lang");
      lang != nullptr && lang->Truthy() && !(lang->is_string() && lang->as_string() == "en_US") &&
      !ReadsNoLanguage(r.method->signature.method)) {
    return UserError("Invalid language code: " +
                     (lang->is_string() ? lang->as_string() : PyRepr(*lang)));
  }
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
