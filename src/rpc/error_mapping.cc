// Status -> wire errors, per Odoo's odoo/http.py (serialize_exception,
// HttpDispatcher.handle_error), odoo/addons/base/controllers/rpc.py (xmlrpc_handle_exception_int /
// _string) and Odoo 19's addons/rpc/controllers/json2.py.
#include "rpc/error_mapping.h"

#include <array>

namespace keygate::rpc {

namespace {

constexpr int kServerError = 200;     // JSON-RPC "Odoo Server Error" (0 on Odoo 19)
constexpr int kSessionExpired = 100;  // JSON-RPC "Odoo Session Expired"

using L = LegacyFaultForm;
using O = Outcome;

// The table: one row per code, in the enum's order (checked below, so a code without its row, or
// a row out of place, does not compile). Columns: exception class, /xmlrpc/2/ fault, legacy
// fault form and warning class, JSON-RPC code, JSON-2 status, plain HTTP status, /metrics outcome.
// Plain HTTP follows odoo.http.HttpDispatcher.handle_error: AccessDenied/AccessError 403,
// UserError (and its ValidationError, MissingError) 400, anything else 500.
// clang-format off
constexpr std::array<ErrorForms, kStatusCodeCount> kTable = {{
    {StatusCode::kOk,               "builtins.Exception",
     1, L::kMessage,      "",             kServerError,    200, 200, O::kOk},
    {StatusCode::kAccessDenied,     "odoo.exceptions.AccessDenied",
     3, L::kAccessDenied, "",             kServerError,    403, 403, O::kAccessDenied},
    {StatusCode::kAccessError,      "odoo.exceptions.AccessError",
     4, L::kWarning,      "AccessError",  kServerError,    403, 403, O::kAccessError},
    {StatusCode::kUserError,        "odoo.exceptions.UserError",
     2, L::kWarning,      "UserError",    kServerError,    422, 400, O::kUserError},
    // Odoo's legacy handler tests MissingError, AccessError, AccessDenied, then UserError: a
    // ValidationError (a UserError) is spelled "UserError".
    {StatusCode::kValidationError,  "odoo.exceptions.ValidationError",
     2, L::kWarning,      "UserError",    kServerError,    422, 400, O::kUserError},
    {StatusCode::kMissingError,     "odoo.exceptions.MissingError",
     2, L::kWarning,      "MissingError", kServerError,    404, 400, O::kUserError},
    {StatusCode::kSessionExpired,   "odoo.http.SessionExpiredException",
     1, L::kMessage,      "",             kSessionExpired, 401, 401, O::kAccessDenied},
    {StatusCode::kDatabaseNotFound, "psycopg2.OperationalError",
     1, L::kMessage,      "",             kServerError,    404, 404, O::kUserError},
    // Odoo raises KeyError / Exception / NameError (fault 1): a client's mistake, not a bug.
    {StatusCode::kMethodNotFound,   "builtins.Exception",
     1, L::kMessage,      "",             kServerError,    404, 404, O::kBadRequest},
    {StatusCode::kPyAssertionError, "builtins.AssertionError",
     1, L::kMessage,      "",             kServerError,    500, 500, O::kBadRequest},
    {StatusCode::kInvalidRequest,   "werkzeug.exceptions.BadRequest",
     1, L::kMessage,      "",             kServerError,    400, 400, O::kBadRequest},
    {StatusCode::kNotFound,         "werkzeug.exceptions.NotFound",
     1, L::kMessage,      "",             kServerError,    404, 404, O::kNotFound},
    {StatusCode::kPayloadTooLarge,  "werkzeug.exceptions.RequestEntityTooLarge",
     1, L::kMessage,      "",             kServerError,    413, 413, O::kBadRequest},
    {StatusCode::kTooManyRequests,  "werkzeug.exceptions.TooManyRequests",
     1, L::kMessage,      "",             kServerError,    429, 429, O::kAccessDenied},
    {StatusCode::kUnavailable,      "werkzeug.exceptions.ServiceUnavailable",
     1, L::kMessage,      "",             kServerError,    503, 503, O::kError},
    {StatusCode::kInternal,         "builtins.Exception",
     1, L::kMessage,      "",             kServerError,    500, 500, O::kError},
}};
// clang-format on

constexpr bool EveryRowInPlace() {
  for (size_t i = 0; i < kTable.size(); ++i) {
    if (kTable[i].code != static_cast<StatusCode>(i) || kTable[i].exception == nullptr) {
      return false;
    }
  }
  return true;
}
static_assert(EveryRowInPlace(), "kTable needs one row per StatusCode, in the enum's order");

Value ErrorData(std::string_view exception, const std::string& message) {
  Value data(Value::Struct{});
  data.Set("name", std::string(exception));
  data.Set("debug", std::string(exception) + ": " + message);
  data.Set("message", message);
  data.Set("arguments", Value::Array{Value(message)});
  data.Set("context", Value(Value::Struct{}));
  return data;
}

}  // namespace

const char* OutcomeName(Outcome o) {
  switch (o) {
    case Outcome::kOk:
      return "ok";
    case Outcome::kAccessDenied:
      return "access_denied";
    case Outcome::kAccessError:
      return "access_error";
    case Outcome::kUserError:
      return "user_error";
    case Outcome::kBadRequest:
      return "bad_request";
    case Outcome::kNotFound:
      return "not_found";
    case Outcome::kError:
      return "error";
  }
  return "error";
}

bool IsServerError(Outcome o) { return o == Outcome::kError; }

const ErrorForms& FormsOf(StatusCode code) {
  const auto i = static_cast<size_t>(code);
  return i < kTable.size() ? kTable[i] : kTable[static_cast<size_t>(StatusCode::kInternal)];
}

std::string TracebackLine(const Status& s) {
  std::string_view name = FormsOf(s.code()).exception;
  constexpr std::string_view kBuiltins = "builtins.";
  if (name.substr(0, kBuiltins.size()) == kBuiltins) name.remove_prefix(kBuiltins.size());
  return std::string(name) + ": " + s.message();
}

// Only the Python exceptions keygate reproduces as such carry their traceback line; the other
// fault 1 texts are keygate's one-line explanations.
static bool SendsTracebackLine(StatusCode code) { return code == StatusCode::kPyAssertionError; }

std::string XmlRpcFaultString(const Status& s) {
  return SendsTracebackLine(s.code()) ? TracebackLine(s) : s.message();
}

LegacyFault LegacyXmlRpcFault(const Status& s) {
  const ErrorForms& f = FormsOf(s.code());
  switch (f.legacy) {
    case LegacyFaultForm::kWarning:
      return {std::string("warning -- ") + f.legacy_warning + "\n\n" + s.message(), ""};
    case LegacyFaultForm::kAccessDenied:
      return {"AccessDenied", s.message()};
    case LegacyFaultForm::kMessage:
      return {s.message(), XmlRpcFaultString(s)};
  }
  return {s.message(), s.message()};
}

Value JsonRpcError(const Status& s, const std::string& server_version) {
  const ErrorForms& f = FormsOf(s.code());
  Value error(Value::Struct{});
  // Odoo 19 answers code 0 where Odoo 18 answers 200; the session-expired code 100 is unchanged.
  const bool odoo19 = server_version.rfind("19", 0) == 0;
  error.Set("code", f.jsonrpc_code == kServerError && odoo19 ? 0 : f.jsonrpc_code);
  error.Set("message",
            f.jsonrpc_code == kSessionExpired ? "Odoo Session Expired" : "Odoo Server Error");
  Value data = ErrorData(f.exception, s.message());
  if (SendsTracebackLine(s.code())) data.Set("debug", TracebackLine(s));
  error.Set("data", data);
  return error;
}

Value Json2ErrorBody(std::string_view exception, const std::string& message) {
  Value body(Value::Struct{});
  body.Set("name", std::string(exception));
  body.Set("message", message);
  body.Set("arguments", Value::Array{Value(message)});
  body.Set("context", Value(Value::Struct{}));
  body.Set("debug", std::string(exception) + ": " + message);
  return body;
}

Value Json2ErrorBody(const Status& s) {
  return Json2ErrorBody(ExceptionName(s.code()), s.message());
}

}  // namespace keygate::rpc
