// Signing in to the console and out of it. The checks are those of /web/session/authenticate and
// /web/session/totp (services/session_service.h: password, then the TOTP code for users with
// 2FA, with the same cooldown, events and messages); the session lands in the console's cookie.
// A user outside base.group_system is signed out again at once and shown a refusal (403).
// Thread-safety: thread-safe.
#pragma once

#include <string>

#include "console/console_env.h"
#include "http/http_types.h"
#include "services/server_context.h"

namespace keygate::console {

// GET /keygate/login (`message`: an error to show; status 200 unless given).
http::HttpResponse ShowSignIn(const ConsoleEnv& env, const services::CallerInfo& caller,
                              const std::string& message = "", int status = 200,
                              const std::string& db = "", const std::string& login = "");
// POST /keygate/login {db, login, password}.
http::HttpResponse SignIn(const ConsoleEnv& env, const http::HttpRequest& request,
                          const services::CallerInfo& caller);
// GET /keygate/login/totp.
http::HttpResponse ShowTotp(const http::HttpRequest& request, const std::string& message = "",
                            int status = 200);
// POST /keygate/login/totp {totp_token} (CSRF checked by the caller).
http::HttpResponse SubmitTotp(const ConsoleEnv& env, const http::HttpRequest& request,
                              const services::CallerInfo& caller);
// POST /keygate/logout.
http::HttpResponse SignOut(const ConsoleEnv& env, const http::HttpRequest& request,
                           const services::CallerInfo& caller);
// The 403 page for a signed-in user who is not an administrator; ends the session.
http::HttpResponse RefuseNonAdmin(const ConsoleEnv& env, const std::string& cookie,
                                  const std::string& login, const services::CallerInfo& caller);

}  // namespace keygate::console
