// The Keys page of one database: every key with its owner, scope, dates, last use (time, address,
// channel, what it did), rotation links and restrictions, filtered and sorted; creation (shown
// once, with a copy button and a Python snippet), revocation (after a confirmation) and rotation
// with a grace period (the successor shown once). The work is services/key_admin.h's, as for
// `keygate key`; each change is recorded as a console event (console_actions.h).
// Thread-safety: thread-safe.
#pragma once

#include "console/console_env.h"
#include "http/http_types.h"
#include "services/server_context.h"

namespace keygate::console {

http::HttpResponse ShowKeys(const ConsoleEnv& env, const Admin& admin,
                            const http::HttpRequest& request, const services::CallerInfo& caller);
http::HttpResponse ShowNewKeyForm(const ConsoleEnv& env, const Admin& admin,
                                  const services::CallerInfo& caller);
http::HttpResponse CreateKey(const ConsoleEnv& env, const Admin& admin,
                             const http::HttpRequest& request, const services::CallerInfo& caller);
http::HttpResponse ShowRevokeForm(const ConsoleEnv& env, const Admin& admin,
                                  const http::HttpRequest& request,
                                  const services::CallerInfo& caller);
http::HttpResponse RevokeKey(const ConsoleEnv& env, const Admin& admin,
                             const http::HttpRequest& request, const services::CallerInfo& caller);
http::HttpResponse ShowRotateForm(const ConsoleEnv& env, const Admin& admin,
                                  const http::HttpRequest& request,
                                  const services::CallerInfo& caller);
http::HttpResponse RotateKey(const ConsoleEnv& env, const Admin& admin,
                             const http::HttpRequest& request, const services::CallerInfo& caller);

}  // namespace keygate::console
