// JSON-2 bearer-key calls.
#include "services/json2_service.h"

#include <optional>

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
  r.body = rpc::Json2ErrorBody("werkzeug.exceptions.Unauthorized", message, 401);
  r.app_status = StatusCode::kAccessDenied;
  r.headers.emplace_back("WWW-Authenticate", "Bearer ");
  return r;
}

// json2.py's own UnprocessableEntity: arguments the method rejects, a client mistake.
Json2Reply Unprocessable(const Status& s) {
  Json2Reply r = FromStatus(s);
  r.status = 422;
  r.body = rpc::Json2ErrorBody("werkzeug.exceptions.UnprocessableEntity", s.message(), 422);
  return r;
}

// Public methods of Odoo 18 that Odoo 19 marks @api.private (403 through JSON-2).
bool PrivateInOdoo19(const std::string& method) {
  return method == "exists" || method == "search_fetch";
}

// Arguments Odoo 19 renamed: name_search(domain=) was args, default_get(fields=) was fields_list.
// The Odoo 18 name is refused as any unknown keyword; the Odoo 19 one is bound to the method.
std::optional<Status> RenameOdoo19Arguments(const std::string& method, Value::Struct* named) {
  const char* old_name = method == "name_search"   ? "args"
                         : method == "default_get" ? "fields_list"
                                                   : nullptr;
  if (old_name == nullptr) return std::nullopt;
  const std::string new_name = method == "name_search" ? "domain" : "fields";
  for (auto& [key, value] : *named) {
    if (key == old_name) {
      return TypeError("got an unexpected keyword argument '" + std::string(old_name) + "'");
    }
  }
  for (auto& [key, value] : *named) {
    if (key == new_name) key = old_name;
  }
  return std::nullopt;
}

// with_context(context) is dict(context): a string, a number or None is Python's error (a
// non-empty string: ValueError; what is not iterable: TypeError), an empty one no context.
std::optional<Status> CheckContextLikeDict(const Value& context) {
  if (context.is_struct()) return std::nullopt;
  if (context.is_string()) {
    if (context.as_string().empty()) return std::nullopt;
    return ValueError("dictionary update sequence element #0 has length 1; 2 is required");
  }
  if (context.is_array()) {
    if (context.as_array().empty()) return std::nullopt;
    return ValueError("dictionary update sequence element #0 has length " +
                      std::to_string(context.as_array().front().is_array()
                                         ? context.as_array().front().as_array().size()
                                         : 1) +
                      "; 2 is required");
  }
  std::string type = context.is_nil()      ? "NoneType"
                     : context.is_bool()   ? "bool"
                     : context.is_int()    ? "int"
                     : context.is_double() ? "float"
                                           : std::string(context.TypeName());
  return TypeError("'" + type + "' object is not iterable");
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

Json2Reply Json2Error(const Status& s) { return FromStatus(s); }

Json2Reply Json2KeyRefused(const auth::AuthOutcome& refused) {
  if (refused.reason == auth::AuthReason::kRateLimited) {
    Json2Reply r = FromStatus({StatusCode::kTooManyRequests, refused.denial_message});
    r.headers.emplace_back("Retry-After", std::to_string(refused.retry_after_seconds));
    return r;
  }
  if (refused.reason == auth::AuthReason::kCooldown) return FromStatus(DenialStatus(refused));
  return Unauthorized("Invalid apikey");
}

Json2Reply Json2NoBearerKey() {
  return Unauthorized("User not authenticated, use an API Key with a Bearer Authorization header.");
}

Json2Reply Json2DatabaseNotFound(const std::string& db) {
  // Odoo 19 finds no database for the request and no server-wide route: werkzeug's page.
  Json2Reply r = FromStatus(NotFound("database " + PyRepr(db) + " not found"));
  r.html =
      "<!DOCTYPE html>\n<title>404 Not Found</title>\n<h1>Not Found</h1>\n<p>No database is "
      "selected and the requested URL was not found in the server-wide controllers.</p>\n"
      "<p>Please verify the hostname, <a href=/web/login>login</a> and try again.</p>\n\n"
      "<!-- Alternatively, use the X-Odoo-Database header. -->\n";
  return r;
}

StatusOr<std::string> Json2DatabaseOf(const ServerContext& ctx, const std::string& named,
                                      const CallerInfo& caller) {
  if (!named.empty()) return named;
  KG_ASSIGN_OR_RETURN(auto dbs, ListDatabasesUnrestricted(ctx, caller.host));
  if (dbs.size() != 1) {
    return NotFound(dbs.empty() ? "No database is served here."
                                : "Several databases are served here: name one with the "
                                  "X-Odoo-Database header.");
  }
  return dbs.front();
}

Json2Reply CallJson2(const ServerContext& ctx, const Json2Request& req, const CallerInfo& caller) {
  auto which = Json2DatabaseOf(ctx, req.database, caller);
  if (!which.ok()) return FromStatus(which.status());
  const std::string& db = *which;
  // Opening tells a missing database (404) from an unreachable server (503, kUnavailable).
  StatusOr<std::shared_ptr<store::Database>> database = DatabaseNotFound(db);
  if (store::IsValidDatabaseName(db)) database = OpenServedDatabase(ctx, db, caller.host);
  if (!database.ok() && database.status().code() == StatusCode::kDatabaseNotFound) {
    NoteUnknownDatabase(ctx, database.status(), db, "bearer", caller);
    return Json2DatabaseNotFound(db);
  }

  const std::string& token = req.bearer_token;
  if (token.empty()) return Json2NoBearerKey();
  if (!database.ok()) return FromStatus(database.status());
  auto conn = (*database)->Acquire();
  if (!conn.ok()) return FromStatus(conn.status());
  auto outcome = CheckBearerCredentials(ctx, **conn, db, token, caller);
  if (!outcome.ok()) return FromStatus(outcome.status());
  if (!outcome->ok) return Json2KeyRefused(*outcome);

  // The body, as Json2Dispatcher reads it: what is not a JSON object adds no argument.
  Value::Struct named;
  if (!req.body.empty()) {
    auto body = rpc::ParseJson(req.body);
    if (!body.ok()) {
      // Python's words for JSON it cannot decode; keygate's for JSON past a bound it can.
      std::string why = rpc::PythonJsonDecodeError(req.body);
      if (why.empty()) why = body.status().message();
      return FromStatus(InvalidRequest("could not parse the body as json: " + why));
    }
    if (body->is_struct()) named = body->as_struct();
  }

  // Model and method, as json2.py and get_public_method: unknown model or method -> 404;
  // private -> 403; ids given to a model method -> 422.
  if (ctx.registry->Find(req.model) == nullptr) {
    return FromStatus(NotFound("the model " + PyRepr(req.model) + " does not exist"));
  }
  for (const auto& [key, value] : named) {
    if (key != "context") continue;  // Model.with_context(context), before the method is looked up
    if (auto error = CheckContextLikeDict(value)) return FromStatus(*error);
  }
  const std::string private_text =
      "Private methods (such as '" + req.model + "." + req.method + "') cannot be called remotely.";
  if (!req.method.empty() && req.method[0] == '_') return FromStatus(AccessError(private_text));
  if (PrivateInOdoo19(req.method)) return FromStatus(AccessError(private_text));
  const models::MethodDef* method = models::FindMethod(req.model, req.method);
  if (method == nullptr) {
    return FromStatus(NotFound("The method '" + req.model + "." + req.method + "' does not exist"));
  }
  for (const auto& [key, value] : named) {
    if (key == "ids" && value.Truthy() && !method->signature.takes_ids) {
      return Unprocessable(
          InvalidRequest("cannot call " + req.model + "." + req.method + " with ids"));
    }
  }
  if (auto error = RenameOdoo19Arguments(req.method, &named)) return Unprocessable(*error);
  ModelCall call{req.model, req.method, {}, std::move(named), /*named=*/true};
  auto result = RunAuthorizedCall(
      ctx, {db, *database, **conn, outcome->grant, call, outcome->generation}, caller);
  if (!result.ok()) {
    if (result.status().code() == StatusCode::kInvalidRequest ||
        result.status().code() == StatusCode::kPyTypeError) {
      return Unprocessable(result.status());
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
