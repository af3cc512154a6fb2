// common.version / about / login / authenticate.
#include "services/common_service.h"

#include "common/input_limits.h"
#include "common/log.h"
#include "services/arguments.h"
#include "services/auth_defences.h"
#include "services/auth_gate.h"
#include "services/db_service.h"

namespace keygate::services {

Value VersionInfo(const std::string& server_version) {
  int major = std::atoi(server_version.c_str());
  Value v(Value::Struct{});
  v.Set("server_version", server_version);
  v.Set("server_version_info",
        Value::Array{Value(major), Value(0), Value(0), Value("final"), Value(0), Value("")});
  v.Set("server_serie", server_version);
  v.Set("protocol_version", 1);
  return v;
}

namespace {

StatusOr<Value> Authenticate(const ServerContext& ctx, const Value::Array& args,
                             const CallerInfo& caller) {
  KG_ASSIGN_OR_RETURN(std::string db, StringArg(args[0], "db"));
  KG_ASSIGN_OR_RETURN(std::string login, StringArg(args[1], "login"));
  auto database = OpenServedDatabase(ctx, db, caller.host);
  if (!database.ok()) {
    NoteUnknownDatabase(ctx, database.status(), db, "login:" + login, caller);
    return database.status();
  }
  // A false password (None, False, '') fails Odoo's password check and then reaches its API key
  // check, whose assertion answers. Odoo does so for the logins of active users only (others
  // are False); keygate answers it whatever the login, so that it tells no login apart.
  if (!args[2].Truthy()) {
    Log(LogLevel::kInfo, "auth",
        "Login refused for db:" + db + " login:" + PrintablePrefix(login) + " from " +
            caller.client_ip + " via " + caller.channel + ": empty password");
    return AssertionError("scope and key required");
  }
  KG_ASSIGN_OR_RETURN(std::string password, StringArg(args[2], "password"));
  KG_ASSIGN_OR_RETURN(auto conn, (*database)->Acquire());
  // Any failure, cooldown included, is False (the gate has logged and recorded why).
  KG_ASSIGN_OR_RETURN(auto outcome, CheckLoginCredentials(ctx, *conn, db, login, password, caller));
  if (!outcome.ok) return False();
  Log(LogLevel::kInfo, "auth",
      "Login successful for db:" + db + " login:" + login + " from " + caller.client_ip + " via " +
          caller.channel);
  return Value(outcome.uid);
}

}  // namespace

StatusOr<Value> CallCommon(const ServerContext& ctx, const std::string& method,
                           const Value::Array& args, const CallerInfo& caller) {
  if (method == "version") {
    KG_RETURN_IF_ERROR(CheckArity("exp_version", args, 0, 0));
    return VersionInfo(ctx.options.server_version);
  }
  if (method == "about") {
    KG_RETURN_IF_ERROR(CheckArity("exp_about", args, 0, 1));
    Value info("See http://openerp.com");
    if (!args.empty() && args[0].Truthy()) {
      return Value(Value::Array{info, Value(ctx.options.server_version)});
    }
    return info;
  }
  if (method == "login") {
    KG_RETURN_IF_ERROR(CheckArity("exp_login", args, 3, 3, {"db", "login", "password"}));
    return Authenticate(ctx, args, caller);
  }
  if (method == "authenticate") {
    KG_RETURN_IF_ERROR(
        CheckArity("exp_authenticate", args, 4, 4, {"db", "login", "password", "user_agent_env"}));
    return Authenticate(ctx, args, caller);
  }
  return PyException("Method not found: " + method);
}

}  // namespace keygate::services
