// Console session checks over the web session service.
#include "console/console_session.h"

#include "auth/sessions.h"
#include "console/csrf.h"
#include "services/db_service.h"
#include "services/session_service.h"

namespace keygate::console {

std::string SessionSecretOfCookie(const std::string& cookie) {
  auto parsed = auth::ParseSessionCookie(cookie);
  return parsed ? parsed->secret : std::string();
}

std::string CsrfTokenOfCookie(const std::string& cookie) {
  return CsrfTokenFor(SessionSecretOfCookie(cookie));
}

StatusOr<SessionState> CheckConsoleSession(const ConsoleEnv& env, const std::string& cookie,
                                           const services::CallerInfo& caller) {
  SessionState state;
  if (cookie.empty()) return state;
  auto info = services::SessionInfo(*env.server, cookie, caller);
  if (!info.ok()) {
    if (info.status().code() == StatusCode::kSessionExpired) return state;
    return info.status();
  }
  const Value& r = info->result;
  auto text = [&r](const char* key) {
    const Value* v = r.Find(key);
    return v != nullptr && v->is_string() ? v->as_string() : std::string();
  };
  const Value* uid = r.Find("uid");
  const Value* is_system = r.Find("is_system");
  state.admin.db = text("db");
  state.admin.uid = uid != nullptr && uid->is_int() ? uid->as_int() : 0;
  state.admin.login = text("username");
  state.admin.name = text("name");
  state.admin.cookie = cookie;
  state.admin.csrf = CsrfTokenOfCookie(cookie);
  const bool admin = is_system != nullptr && is_system->is_bool() && is_system->as_bool();
  state.check = admin ? SessionCheck::kAdmin : SessionCheck::kNotAdmin;
  return state;
}

StatusOr<store::ConnectionLease> ConnectAs(const ConsoleEnv& env, const Admin& admin,
                                           const services::CallerInfo& caller) {
  KG_ASSIGN_OR_RETURN(auto database,
                      services::OpenServedDatabase(*env.server, admin.db, caller.host));
  return database->Acquire();
}

}  // namespace keygate::console
