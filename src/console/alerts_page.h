// The Alerts page: the alerts detection recorded for the administrator's database
// (detect/alert_store.h, as `keygate alerts` lists them), newest first, each with its severity,
// subject, counts and the recommendation that says what to do. `since` and `limit` filter as the
// command's options do.
// Thread-safety: thread-safe.
#pragma once

#include "console/console_env.h"
#include "http/http_types.h"
#include "services/server_context.h"

namespace keygate::console {

http::HttpResponse ShowAlerts(const ConsoleEnv& env, const Admin& admin,
                              const http::HttpRequest& request, const services::CallerInfo& caller);

}  // namespace keygate::console
