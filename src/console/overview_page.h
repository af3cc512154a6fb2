// The Overview page of one database: successful and failed authentications over the last 24 hours
// (per hour) and the last 30 days (per day), failures by reason, as server-drawn SVG charts
// (overview_chart.h) with the same counts in tables beside them; and the logins and client
// addresses failing most. The counts are the event log's (store/auth_event_log.h); the console's
// own changes are not authentications and are not counted.
// Thread-safety: thread-safe.
#pragma once

#include "console/console_env.h"
#include "http/http_types.h"
#include "services/server_context.h"

namespace keygate::console {

http::HttpResponse ShowOverview(const ConsoleEnv& env, const Admin& admin,
                                const services::CallerInfo& caller);

}  // namespace keygate::console
