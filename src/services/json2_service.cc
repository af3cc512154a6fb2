// JSON-2 bearer-key calls.
#include "services/json2_service.h"

#include <cctype>

#include "models/methods.h"
#include "rpc/error_mapping.h"
#include "rpc/json_codec.h"
#include "services/auth_defences.h"
#include "services/auth_gate.h"
#include "services/authorized_call.h"
#include "services/db_service.h"

namespace keygate::services {

namespace {

// Every error answer: the status and body of rpc/error_mapping.h's table, the code for /metrics.
Json2Reply FromStatus(const Status& s) {
  Json2Reply r;
  r.status = rpc::Json2HttpStatus(s.code());
  r.body = rpc::Json2ErrorBody(s);
  r.app_status = s.code();
  return r;
}

// json2.py raises werkzeug's Unauthorized itself for a missing or wrong key; a denial to /metrics.
Json2Reply Unauthorized(const std::string& message) {
  Json2Reply r;
  r.status = 401;
  r.body = rpc::Json2ErrorBody("werkzeug.exceptions.Unauthorized", message);
  r.app_status = StatusCode::kAccessDenied;
  r.headers.emplace_back("WWW-Authenticate", "bearer");
  return r;
}

// "bearer <token>", scheme case-insensitive; "" when absent or another scheme.
std::string BearerToken(const std::string& header) {
  size_t i = 0;
  while (i < header.size() && header[i] == ' ') ++i;
  static constexpr std::string_view kScheme = "bearer";
  if (header.size() - i < kScheme.size() + 1) return "";
  for (size_t k = 0; k < kScheme.size(); ++k) {
    if (std::tolower(static_cast<unsigned char>(header[i + k])) != kScheme[k]) return "";
  }
  i += kScheme.size();
  if (header[i] != ' ') return "";
  while (i < header.size() && header[i] == ' ') ++i;
  std::string token = header.substr(i);
  while (!token.empty() && token.back() == ' ') token.pop_back();
  return token;
}

// Python repr of a str, as Odoo formats `{model!r}`.
std::string PyRepr(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'' || c == '\\') out += '\\';
    out += c;
  }
  return out + "'";
}

}  // namespace

Json2Reply Json2NotFound() {
  return FromStatus(NotFound("Did you mean POST /json/2/<model>/<method>?"));
}

Json2Reply CallJson2(const ServerContext& ctx, const Json2Request& req, const CallerInfo& caller) {
  // Which database: the header, else the only one this host may see.
  std::string db = req.database;
  if (db.empty()) {
    auto dbs = ListDatabasesUnrestricted(ctx, caller.host);
    if (!dbs.ok()) return FromStatus(dbs.status());
    if (dbs->size() != 1) {
      return FromStatus(NotFound(dbs->empty() ? "No database is served here."
                                              : "Several databases are served here: name one "
                                                "with the X-Odoo-Database header."));
    }
    db = dbs->front();
  }
  // Opening tells a missing database (404) from an unreachable server (503, kUnavailable).
  StatusOr<std::shared_ptr<store::Database>> database = DatabaseNotFound(db);
  if (store::IsValidDatabaseName(db)) database = OpenServedDatabase(ctx, db, caller.host);
  if (!database.ok() && database.status().code() == StatusCode::kDatabaseNotFound) {
    NoteUnknownDatabase(ctx, database.status(), db, "bearer", caller);
    return FromStatus(NotFound("database " + PyRepr(db) + " not found"));
  }

  std::string token = BearerToken(req.authorization);
  if (token.empty()) {
    return Unauthorized(
        "User not authenticated, use an API Key with a Bearer Authorization header.");
  }
  if (!database.ok()) return FromStatus(database.status());
  auto conn = (*database)->Acquire();
  if (!conn.ok()) return FromStatus(conn.status());
  auto outcome = CheckBearerCredentials(ctx, **conn, db, token, caller);
  if (!outcome.ok()) return FromStatus(outcome.status());
  if (!outcome->ok) {
    if (outcome->reason == auth::AuthReason::kRateLimited) {
      Json2Reply r = FromStatus({StatusCode::kTooManyRequests, outcome->denial_message});
      r.headers.emplace_back("Retry-After", std::to_string(outcome->retry_after_seconds));
      return r;
    }
    if (outcome->reason == auth::AuthReason::kCooldown) {
      return FromStatus(DenialStatus(*outcome));
    }
    return Unauthorized("Invalid apikey");
  }

  // Model and method, as json2.py: unknown model or method -> 404; private -> 403.
  if (!req.method.empty() && req.method[0] == '_') {
    return FromStatus(AccessError("Private methods (such as '" + req.model + "." + req.method +
                                  "') cannot be called remotely."));
  }
  if (ctx.registry->Find(req.model) == nullptr) {
    return FromStatus(NotFound("the model " + PyRepr(req.model) + " does not exist"));
  }
  if (models::FindMethod(req.model, req.method) == nullptr) {
    return FromStatus(NotFound("The method '" + req.model + "." + req.method + "' does not exist"));
  }

  auto body = rpc::ParseJson(req.body.empty() ? std::string_view("{}") : req.body);
  if (!body.ok()) {
    return FromStatus(InvalidRequest("Invalid JSON data: " + body.status().message()));
  }
  if (!body->is_struct()) {
    return FromStatus(InvalidRequest("Invalid JSON data: the body must be a JSON object"));
  }
  ModelCall call{req.model, req.method, {}, body->as_struct(), /*named=*/true};
  auto result = RunAuthorizedCall(
      ctx, {db, *database, **conn, outcome->grant, call, outcome->generation}, caller);
  if (!result.ok()) {
    if (result.status().code() == StatusCode::kInvalidRequest ||
        result.status().code() == StatusCode::kPyTypeError) {
      // Arguments the method rejects: json2.py's own UnprocessableEntity, a client mistake.
      Json2Reply r = FromStatus(result.status());
      r.status = 422;
      r.body =
          rpc::Json2ErrorBody("werkzeug.exceptions.UnprocessableEntity", result.status().message());
      return r;
    }
    return FromStatus(result.status());
  }
  Json2Reply reply;
  // Methods returning records answer their ids (create returns a recordset in JSON-2).
  if (req.method == "create" && result->is_int()) {
    reply.body = Value(Value::Array{*result});
  } else {
    reply.body = std::move(result).value();
  }
  return reply;
}

}  // namespace keygate::services
