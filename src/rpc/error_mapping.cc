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
constexpr FaultText kM = FaultText::kMessage;
constexpr FaultText kT = FaultText::kTracebackLine;

// The table: one row per code, in the enum's order (checked below, so a code without its row, or
// a row out of place, does not compile). Columns: exception class, /xmlrpc/2/ fault and the text
// of a fault 1 (kM: the message, kT: the traceback line), whether str() quotes the message, legacy
// fault form and warning class, JSON-RPC code, JSON-2 status, plain HTTP status, /metrics outcome.
// Plain HTTP follows odoo.http.HttpDispatcher.handle_error: AccessDenied/AccessError 403,
// UserError (and its ValidationError, MissingError) 400, anything else 500.
// clang-format off
constexpr std::array<ErrorForms, kStatusCodeCount> kTable = {{
    {StatusCode::kOk,               "builtins.Exception",
     1, kM, false, L::kMessage,      "",             kServerError,    200, 200, O::kOk},
    {StatusCode::kAccessDenied,     "odoo.exceptions.AccessDenied",
     3, kM, false, L::kAccessDenied, "",             kServerError,    403, 403, O::kAccessDenied},
    {StatusCode::kAccessError,      "odoo.exceptions.AccessError",
     4, kM, false, L::kWarning,      "AccessError",  kServerError,    403, 403, O::kAccessError},
    {StatusCode::kUserError,        "odoo.exceptions.UserError",
     2, kM, false, L::kWarning,      "UserError",    kServerError,    422, 400, O::kUserError},
    // Odoo's legacy handler tests MissingError, AccessError, AccessDenied, then UserError: a
    // ValidationError (a UserError) is spelled "UserError".
    {StatusCode::kValidationError,  "odoo.exceptions.ValidationError",
     2, kM, false, L::kWarning,      "UserError",    kServerError,    422, 400, O::kUserError},
    {StatusCode::kMissingError,     "odoo.exceptions.MissingError",
     2, kM, false, L::kWarning,      "MissingError", kServerError,    404, 400, O::kUserError},
    {StatusCode::kSessionExpired,   "odoo.http.SessionExpiredException",
     1, kM, false, L::kMessage,      "",             kSessionExpired, 401, 401, O::kAccessDenied},
    {StatusCode::kDatabaseNotFound, "psycopg2.OperationalError",
     1, kM, false, L::kMessage,      "",             kServerError,    404, 404, O::kUserError},
    // Python's own exceptions: a client's mistake, not a bug. Odoo 19's JSON-2 and plain HTTP
    // answer them 500, as any exception they do not know; keygate keeps a client's mistake a
    // 4xx (JSON-2 422, as its UnprocessableEntity for arguments a method rejects).
    {StatusCode::kPyException,      "builtins.Exception",
     1, kT, false, L::kMessage,      "",             kServerError,    422, 400, O::kBadRequest},
    {StatusCode::kPyValueError,     "builtins.ValueError",
     1, kT, false, L::kMessage,      "",             kServerError,    422, 400, O::kBadRequest},
    {StatusCode::kPyTypeError,      "builtins.TypeError",
     1, kT, false, L::kMessage,      "",             kServerError,    422, 400, O::kBadRequest},
    {StatusCode::kPyKeyError,       "builtins.KeyError",
     1, kT, true,  L::kMessage,      "",             kServerError,    422, 400, O::kBadRequest},
    {StatusCode::kPyAttributeError, "builtins.AttributeError",
     1, kT, false, L::kMessage,      "",             kServerError,    422, 400, O::kBadRequest},
    {StatusCode::kPyAssertionError, "builtins.AssertionError",
     1, kT, false, L::kMessage,      "",             kServerError,    422, 400, O::kBadRequest},
    {StatusCode::kPyIndexError,     "builtins.IndexError",
     1, kT, false, L::kMessage,      "",             kServerError,    422, 400, O::kBadRequest},
    {StatusCode::kPyNameError,      "builtins.NameError",
     1, kT, false, L::kMessage,      "",             kServerError,    422, 400, O::kBadRequest},
    {StatusCode::kXmlSyntaxError,   "xml.parsers.expat.ExpatError",
     1, kT, false, L::kMessage,      "",             kServerError,    400, 400, O::kBadRequest},
    {StatusCode::kPgInvalidText,    "psycopg2.errors.InvalidTextRepresentation",
     1, kT, false, L::kMessage,      "",             kServerError,    422, 400, O::kBadRequest},
    {StatusCode::kPgOutOfRange,     "psycopg2.errors.NumericValueOutOfRange",
     1, kT, false, L::kMessage,      "",             kServerError,    422, 400, O::kBadRequest},
    {StatusCode::kInvalidRequest,   "werkzeug.exceptions.BadRequest",
     1, kM, false, L::kMessage,      "",             kServerError,    400, 400, O::kBadRequest},
    {StatusCode::kNotFound,         "werkzeug.exceptions.NotFound",
     1, kM, false, L::kMessage,      "",             kServerError,    404, 404, O::kNotFound},
    {StatusCode::kPayloadTooLarge,  "werkzeug.exceptions.RequestEntityTooLarge",
     1, kM, false, L::kMessage,      "",             kServerError,    413, 413, O::kBadRequest},
    {StatusCode::kTooManyRequests,  "werkzeug.exceptions.TooManyRequests",
     1, kM, false, L::kMessage,      "",             kServerError,    429, 429, O::kAccessDenied},
    {StatusCode::kUnavailable,      "werkzeug.exceptions.ServiceUnavailable",
     1, kM, false, L::kMessage,      "",             kServerError,    503, 503, O::kError},
    {StatusCode::kInternal,         "builtins.Exception",
     1, kM, false, L::kMessage,      "",             kServerError,    500, 500, O::kError},
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

// Python's repr() of a str, as str(KeyError(s)) shows it.
std::string PyQuoted(const std::string& s) {
  const bool double_quotes = s.find('\'') != std::string::npos && s.find('"') == std::string::npos;
  const char quote = double_quotes ? '"' : '\'';
  std::string out(1, quote);
  for (char c : s) {
    if (c == quote || c == '\\') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out + quote;
}

// The class as a traceback names it: builtins without their module.
std::string_view TracebackName(std::string_view exception) {
  constexpr std::string_view kBuiltins = "builtins.";
  return exception.substr(0, kBuiltins.size()) == kBuiltins ? exception.substr(kBuiltins.size())
                                                            : exception;
}

std::string Line(std::string_view exception, bool quoted, const std::string& message) {
  std::string text = quoted ? PyQuoted(message) : message;
  std::string line(TracebackName(exception));
  // Python writes the class alone when str() of the exception is empty.
  return text.empty() ? line : line + ": " + text;
}

Value ErrorData(std::string_view exception, const std::string& message, const std::string& debug) {
  Value data(Value::Struct{});
  data.Set("name", std::string(exception));
  data.Set("debug", debug);
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
  const ErrorForms& f = FormsOf(s.code());
  return Line(f.exception, f.quoted, s.message());
}

std::string XmlRpcFaultString(const Status& s) {
  return FormsOf(s.code()).fault_text == FaultText::kTracebackLine ? TracebackLine(s) : s.message();
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
  error.Set("data", ErrorData(f.exception, s.message(), TracebackLine(s)));
  return error;
}

Value Json2ErrorBody(std::string_view exception, const std::string& message, int http_status) {
  Value body(Value::Struct{});
  body.Set("name", std::string(exception));
  body.Set("message", message);
  Value::Array arguments{Value(message)};
  std::string debug = std::string(TracebackName(exception)) + ": ";
  // Odoo 19's Json2Dispatcher.handle_error: a werkzeug HTTPException's arguments are
  // (description, code), and str() of it starts with the code and its reason phrase.
  constexpr std::string_view kWerkzeug = "werkzeug.exceptions.";
  if (exception.substr(0, kWerkzeug.size()) == kWerkzeug) {
    arguments.emplace_back(http_status);
    debug += std::to_string(http_status) + " " + std::string(HttpReasonPhrase(http_status)) + ": ";
  }
  body.Set("arguments", std::move(arguments));
  body.Set("context", Value(Value::Struct{}));
  body.Set("debug", debug + message);
  return body;
}

Value Json2ErrorBody(const Status& s) {
  return Json2ErrorBody(ExceptionName(s.code()), s.message(), Json2HttpStatus(s.code()));
}

std::string_view HttpReasonPhrase(int http_status) {
  switch (http_status) {
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 413:
      return "Request Entity Too Large";
    case 415:
      return "Unsupported Media Type";
    case 422:
      return "Unprocessable Entity";
    case 429:
      return "Too Many Requests";
    case 503:
      return "Service Unavailable";
    default:
      return "Internal Server Error";
  }
}

}  // namespace keygate::rpc
