// Odoo 19's JSON-2 API (addons/rpc/controllers/json2.py), free of HTTP: POST
// /json/2/<model>/<method> with a bearer API key, the database from X-Odoo-Database (or the only
// one served), and the method's arguments by name in a JSON object with "ids" and "context".
// Answers the bare result, or Odoo's error body with Odoo's status codes.
// Thread-safety: thread-safe.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "auth/auth_outcome.h"
#include "common/status.h"
#include "common/value.h"
#include "services/server_context.h"

namespace keygate::services {

struct Json2Request {
  std::string model;
  std::string method;
  std::string bearer_token;  // the Authorization header's (http/authorization.h), "" when none
  std::string database;      // the X-Odoo-Database header, as sent
  std::string body;
};

struct Json2Reply {
  int status = 200;
  Value body;
  std::vector<std::pair<std::string, std::string>> headers;
  StatusCode app_status = StatusCode::kOk;  // the error's code, for /metrics
  // Odoo's HTML page instead of a JSON body (a database that is not served), when not empty.
  std::string html;
};

Json2Reply CallJson2(const ServerContext& ctx, const Json2Request& request,
                     const CallerInfo& caller);

// The database a JSON-2 call is for: the X-Odoo-Database header's `named`, else the only one
// this host may see (kNotFound when there are none or several).
StatusOr<std::string> Json2DatabaseOf(const ServerContext& ctx, const std::string& named,
                                      const CallerInfo& caller);

// Any other path under /json/2: 404 "Did you mean POST /json/2/<model>/<method>?".
Json2Reply Json2NotFound();

// Odoo 19's answers that keygate gives itself, here and in gateway mode (gateway/gated_json2.h):
// - an error: the status and body of rpc/error_mapping.h's table;
Json2Reply Json2Error(const Status& s);
// - a bearer key the gate refused (`refused.ok` false): 429 with Retry-After past its rate
//   limit, the cooldown's denial, else 401 "Invalid apikey";
Json2Reply Json2KeyRefused(const auth::AuthOutcome& refused);
// - no bearer key at all: 401 "User not authenticated, use an API Key with a Bearer ...";
Json2Reply Json2NoBearerKey();
// - a database that does not exist (or is not served): werkzeug's 404 page.
Json2Reply Json2DatabaseNotFound(const std::string& db);

}  // namespace keygate::services
