// The Events page: the auth event log of the administrator's database, newest first, with the
// filters of `keygate events` (services/event_query.h), and a live tail: the page's script polls
// /keygate/events.json for events newer than the newest shown (polling, so it lives with the
// server's idle timeouts) and adds them as text.
// Thread-safety: thread-safe.
#pragma once

#include "console/console_env.h"
#include "http/http_types.h"
#include "services/server_context.h"

namespace keygate::console {

http::HttpResponse ShowEvents(const ConsoleEnv& env, const Admin& admin,
                              const http::HttpRequest& request, const services::CallerInfo& caller);

// GET /keygate/events.json?after=YYYY-MM-DD HH:MM:SS.mmm&<filters>: a JSON array of the events
// after `after` (all of them, up to the limit, without it), newest first; 400 {"error": ...} for
// a filter the page would refuse.
http::HttpResponse EventsJson(const ConsoleEnv& env, const Admin& admin,
                              const http::HttpRequest& request, const services::CallerInfo& caller);

}  // namespace keygate::console
