// Odoo 19's JSON-2 API (addons/rpc/controllers/json2.py), free of HTTP: POST
// /json/2/<model>/<method> with a bearer API key, the database from X-Odoo-Database (or the only
// one served), and the method's arguments by name in a JSON object with "ids" and "context".
// Answers the bare result, or Odoo's error body with Odoo's status codes.
// Thread-safety: thread-safe.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "common/status.h"
#include "common/value.h"
#include "services/server_context.h"

namespace keygate::services {

struct Json2Request {
  std::string model;
  std::string method;
  std::string authorization;  // the Authorization header, as sent
  std::string database;       // the X-Odoo-Database header, as sent
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

// Any other path under /json/2: 404 "Did you mean POST /json/2/<model>/<method>?".
Json2Reply Json2NotFound();

}  // namespace keygate::services
