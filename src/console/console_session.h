// The console's session: the web session of /web/session/authenticate (services/session_service.h),
// held in the console's own cookie. Who may enter is decided here: a live, fully signed-in session
// (second factor done) of a user in base.group_system ("Administration / Settings").
// Thread-safety: thread-safe.
#pragma once

#include <string>

#include "common/status.h"
#include "console/console_env.h"
#include "services/server_context.h"
#include "store/sql.h"

namespace keygate::console {

enum class SessionCheck {
  kNone,      // no cookie, an unknown or expired session, or a second factor still awaited
  kNotAdmin,  // signed in, but not in base.group_system
  kAdmin,
};

struct SessionState {
  SessionCheck check = SessionCheck::kNone;
  Admin admin;  // filled for kAdmin and kNotAdmin
};

// The state of the session named by `cookie`. Storage failures are returned as errors.
StatusOr<SessionState> CheckConsoleSession(const ConsoleEnv& env, const std::string& cookie,
                                           const services::CallerInfo& caller);

// The CSRF token of the session in `cookie` ("" when the cookie is not a session's).
std::string CsrfTokenOfCookie(const std::string& cookie);
// The session secret in `cookie` ("" when the cookie is not a session's).
std::string SessionSecretOfCookie(const std::string& cookie);

// A connection to the administrator's database (dbfilter applies as on every channel).
StatusOr<store::ConnectionLease> ConnectAs(const ConsoleEnv& env, const Admin& admin,
                                           const services::CallerInfo& caller);

}  // namespace keygate::console
