// The Audit page: the findings of `keygate audit` (audit/audit_report.h, the same function) for
// the administrator's database, grouped by severity, critical first, each with its recommendation.
// `unused_days` and `max_age_days` as the command's options.
// Thread-safety: thread-safe.
#pragma once

#include "console/console_env.h"
#include "http/http_types.h"
#include "services/server_context.h"

namespace keygate::console {

http::HttpResponse ShowAudit(const ConsoleEnv& env, const Admin& admin,
                             const http::HttpRequest& request, const services::CallerInfo& caller);

}  // namespace keygate::console
