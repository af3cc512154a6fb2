// object.execute_kw / object.execute.
#include "services/object_service.h"

#include "common/log.h"
#include "services/arguments.h"
#include "services/auth_defences.h"
#include "services/auth_gate.h"
#include "services/authorized_call.h"
#include "services/db_service.h"

namespace keygate::services {

namespace {

struct ObjectCall {
  std::string db;
  int64_t uid = 0;
  std::string password;
  std::string model;
  std::string method;
  Value::Array args;
  Value::Struct kwargs;
};

// The password of an object call. Odoo's security.check refuses any false value (None, False,
// '', 0) as Access Denied before it looks at the user: here it is the empty secret, which the
// authenticator refuses the same way.
StatusOr<std::string> PasswordArg(const Value& v) {
  if (!v.Truthy()) return std::string();
  return StringArg(v, "password");
}

// The credentials of any object call: Odoo's dispatch reads params[0..2] before it looks at the
// method name (odoo/service/model.py), so too few is its IndexError: the params are the list of
// a JSON-RPC call, the tuple of an XML-RPC one.
StatusOr<ObjectCall> ParseCredentials(const Value::Array& params, const std::string& channel) {
  if (params.size() < 3) {
    return IndexError(std::string(channel == "jsonrpc" ? "list" : "tuple") + " index out of range");
  }
  ObjectCall call;
  KG_ASSIGN_OR_RETURN(call.db, StringArg(params[0], "db"));
  KG_ASSIGN_OR_RETURN(call.uid, IntArg(params[1], "uid"));
  KG_ASSIGN_OR_RETURN(call.password, PasswordArg(params[2]));
  return call;
}

StatusOr<ObjectCall> ParseObjectCall(const std::string& method, const Value::Array& params) {
  ObjectCall call;
  if (method == "execute_kw") {
    KG_RETURN_IF_ERROR(CheckArity("execute_kw", params, 6, 7));
  } else {
    KG_RETURN_IF_ERROR(CheckArity("execute", params, 5, SIZE_MAX));
  }
  KG_ASSIGN_OR_RETURN(call.db, StringArg(params[0], "db"));
  KG_ASSIGN_OR_RETURN(call.uid, IntArg(params[1], "uid"));
  KG_ASSIGN_OR_RETURN(call.password, PasswordArg(params[2]));
  KG_ASSIGN_OR_RETURN(call.model, StringArg(params[3], "model"));
  KG_ASSIGN_OR_RETURN(call.method, StringArg(params[4], "method"));
  if (method == "execute_kw") {
    if (!params[5].is_array()) {
      return InvalidRequest("execute_kw() argument 'args' must be a list, not " +
                            std::string(params[5].TypeName()));
    }
    call.args = params[5].as_array();
    if (params.size() == 7 && !params[6].is_nil()) {
      if (!params[6].is_struct()) {
        return InvalidRequest("execute_kw() argument 'kwargs' must be a dict, not " +
                              std::string(params[6].TypeName()));
      }
      call.kwargs = params[6].as_struct();
    }
  } else {
    call.args.assign(params.begin() + 5, params.end());
  }
  return call;
}

}  // namespace

StatusOr<Value> CallObject(const ServerContext& ctx, const std::string& method,
                           const Value::Array& params, const CallerInfo& caller) {
  // As Odoo, the credentials are checked before the method name: an unknown method with a wrong
  // password is Access Denied, with a right one Odoo's NameError text.
  const bool known = method == "execute_kw" || method == "execute";
  KG_ASSIGN_OR_RETURN(ObjectCall call, known ? ParseObjectCall(method, params)
                                             : ParseCredentials(params, caller.channel));
  auto database = OpenServedDatabase(ctx, call.db, caller.host);
  if (!database.ok()) {
    NoteUnknownDatabase(ctx, database.status(), call.db, "uid:" + std::to_string(call.uid), caller);
    return database.status();
  }
  KG_ASSIGN_OR_RETURN(auto conn, (*database)->Acquire());
  KG_ASSIGN_OR_RETURN(auto outcome,
                      CheckUidCredentials(ctx, *conn, call.db, call.uid, call.password, caller));
  if (!outcome.ok && outcome.reason == auth::AuthReason::kUnknownUid && call.uid > 0) {
    // Odoo's check reads the user's `active` before the password: for an id naming no user that
    // is its MissingError, whatever the secret (an empty one was refused before).
    return MissingError("Record does not exist or has been deleted.\n(Record: res.users(" +
                        std::to_string(call.uid) + ",), User: " + std::to_string(call.uid) + ")");
  }
  if (!outcome.ok) return DenialStatus(outcome);
  if (!known) return NameError("Method not available " + method);
  ModelCall model_call{std::move(call.model), std::move(call.method), std::move(call.args),
                       std::move(call.kwargs)};
  return RunAuthorizedCall(
      ctx, {call.db, *database, *conn, outcome.grant, model_call, outcome.generation}, caller);
}

}  // namespace keygate::services
