// The Users page of one database: every user with its groups (those it was put in, each with a
// revoke button, and those it has through implications), 2FA on or off, archived or not; a form
// to grant a group; archive and unarchive; and every group with what it implies. The work is
// services/user_admin.h's, as for `keygate user` and `keygate group`, so both front ends give the
// same results and the same sentences; each change is recorded as a console event
// (console_actions.h).
// Thread-safety: thread-safe.
#pragma once

#include "console/console_env.h"
#include "http/http_types.h"
#include "services/server_context.h"

namespace keygate::console {

// GET /keygate/users[?q=TEXT&archived=1]
http::HttpResponse ShowUsers(const ConsoleEnv& env, const Admin& admin,
                             const http::HttpRequest& request, const services::CallerInfo& caller);
// POST /keygate/users/grant and /keygate/users/revoke: login, group.
http::HttpResponse ChangeUserGroup(const ConsoleEnv& env, const Admin& admin,
                                   const http::HttpRequest& request,
                                   const services::CallerInfo& caller, bool grant);
// POST /keygate/users/archive and /keygate/users/unarchive: login.
http::HttpResponse SetUserArchived(const ConsoleEnv& env, const Admin& admin,
                                   const http::HttpRequest& request,
                                   const services::CallerInfo& caller, bool archived);

}  // namespace keygate::console
