// Odoo's web-session routes, free of HTTP: /web/session/authenticate (interactive: password only,
// unless apikey_session_login), get_session_info, destroy, and /web/dataset/call_kw on the
// session's user. The web layer moves the session id between these functions and the cookie.
// Thread-safety: thread-safe.
#pragma once

#include <optional>
#include <string>

#include "common/status.h"
#include "common/value.h"
#include "services/server_context.h"

namespace keygate::services {

struct SessionReply {
  Value result;
  std::optional<std::string> set_cookie;  // new session id to send, if any
  bool clear_cookie = false;
};

// params: {db, login, password[, base_location]}.
StatusOr<SessionReply> SessionAuthenticate(const ServerContext& ctx, const Value& params,
                                           const CallerInfo& caller);

// Second step of a login for a user with two-factor authentication (keygate's JSON route
// /web/session/totp, params {totp_token}): the session opened by the password becomes a full one.
// Wrong, reused or too many codes: AccessDenied with Odoo's auth_totp messages.
StatusOr<SessionReply> SessionTotp(const ServerContext& ctx, const std::string& cookie,
                                   const Value& params, const CallerInfo& caller);

// The routes below need a live session: kSessionExpired ("Session expired") otherwise.
StatusOr<SessionReply> SessionInfo(const ServerContext& ctx, const std::string& cookie,
                                   const CallerInfo& caller);
StatusOr<SessionReply> SessionDestroy(const ServerContext& ctx, const std::string& cookie,
                                      const CallerInfo& caller);
// params: {model, method, args, kwargs}, through the authorized-call pipeline. A session opened
// with an API key keeps the key's scope, allowed networks and rate limit.
StatusOr<SessionReply> SessionCallKw(const ServerContext& ctx, const std::string& cookie,
                                     const Value& params, const CallerInfo& caller);

}  // namespace keygate::services
