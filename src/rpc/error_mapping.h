// The one table that maps each StatusCode to everything that shows it: the Python exception class
// Odoo clients see, the XML-RPC integer fault (/xmlrpc/2/), the legacy string fault (/xmlrpc/),
// the JSON-RPC error envelope, the JSON-2 HTTP status and body, the plain HTTP status, and the
// outcome /metrics counts. One row per code in error_mapping.cc, in the enum's order, checked at
// compile time, so a new code does not compile until it has a row. The functions below only
// read the table. Messages are the Status message (safe by construction: no secret, SQL or stack
// trace ever enters one).
// Thread-safety: pure functions over constant data.
#pragma once

#include <string>
#include <string_view>

#include "common/status.h"
#include "common/value.h"

namespace keygate::rpc {

// How /metrics counts an answer (keygate_http_requests_total{outcome=...}). kBadRequest,
// kNotFound, kUserError, kAccessError and kAccessDenied are the client's mistakes; kError is the
// server's (a bug or storage down).
enum class Outcome { kOk, kAccessDenied, kAccessError, kUserError, kBadRequest, kNotFound, kError };
inline constexpr size_t kOutcomeCount = 7;
const char* OutcomeName(Outcome o);
// Whether an outcome is the server's fault rather than the client's.
bool IsServerError(Outcome o);

// How the legacy /xmlrpc/ endpoint (odoo/addons/base/controllers/rpc.py,
// xmlrpc_handle_exception_string) spells a fault.
enum class LegacyFaultForm {
  kWarning,       // faultCode "warning -- <legacy_warning>\n\n<message>", faultString ""
  kAccessDenied,  // faultCode "AccessDenied", faultString <message>
  kMessage,       // faultCode <message>, faultString <message> (Odoo: the traceback)
};

// What the text of a fault 1 is. Odoo sends the traceback of an exception its handlers do not
// know; keygate sends that traceback's last line alone.
enum class FaultText {
  kMessage,        // the message (errors Odoo raises outside Python's traceback: the database,
                   // the transport)
  kTracebackLine,  // "ValueError: <message>", as Python's traceback ends
};

// One row of the table.
struct ErrorForms {
  StatusCode code;
  const char* exception;       // Python class name, e.g. "odoo.exceptions.AccessDenied"
  int xmlrpc_fault;            // /xmlrpc/2/ faultCode
  FaultText fault_text;        // the text of a fault 1 (/xmlrpc/2/ string, legacy faultString)
  bool quoted;                 // str() of the exception quotes its message (KeyError: 'x')
  LegacyFaultForm legacy;      // /xmlrpc/ fault shape
  const char* legacy_warning;  // the class named by a kWarning legacy fault, else ""
  int jsonrpc_code;            // 200 "Odoo Server Error" (0 on Odoo 19), 100 "Odoo Session Expired"
  int json2_http;              // JSON-2 (Odoo 19) HTTP status
  int http;                    // HTTP status outside any RPC envelope (odoo.http.HttpDispatcher)
  Outcome outcome;             // what /metrics counts
};

// The row of a code.
const ErrorForms& FormsOf(StatusCode code);

// Name of the Odoo/Python exception class for a code (e.g. "odoo.exceptions.AccessDenied").
inline const char* ExceptionName(StatusCode code) { return FormsOf(code).exception; }

// /xmlrpc/2/: AccessDenied 3, AccessError 4, User/Validation/Missing 2, everything else 1.
inline int XmlRpcFaultCode(StatusCode code) { return FormsOf(code).xmlrpc_fault; }

// The exception's line of a Python traceback: the class (without "builtins.") and str() of the
// exception, e.g. "ValueError: Invalid leaf ('name', '~', 'a')", "KeyError: 'nosuch'". Odoo's
// JSON-RPC "debug" and the traceback of its faults end with it.
std::string TracebackLine(const Status& status);

// The faultString of a /xmlrpc/2/ fault: the message, or the traceback line (FaultText).
std::string XmlRpcFaultString(const Status& status);

// /xmlrpc/ (legacy): Odoo's string fault codes. Sets both parts of the fault.
struct LegacyFault {
  std::string code;
  std::string string;
};
LegacyFault LegacyXmlRpcFault(const Status& status);

// The "error" member of a JSON-RPC response: {"code": 200 (0 for Odoo 19) or 100, "message":
// "Odoo Server Error" or "Odoo Session Expired", "data": {name, debug, message, arguments,
// context}}.
Value JsonRpcError(const Status& status, const std::string& server_version);

// JSON-2 (Odoo 19): the HTTP status and the error body {name, message, arguments, context, debug}.
inline int Json2HttpStatus(StatusCode code) { return FormsOf(code).json2_http; }
Value Json2ErrorBody(const Status& status);
// The same body for the exceptions json2.py raises itself, apart from any Status: Unauthorized
// (no or a wrong key), UnprocessableEntity (arguments the method rejects), Python's own. A werkzeug
// exception's arguments are [message, http_status] and its debug line names the status, as
// Odoo 19 answers.
Value Json2ErrorBody(std::string_view exception, const std::string& message, int http_status);
// Werkzeug's reason phrase of an HTTP status ("Not Found").
std::string_view HttpReasonPhrase(int http_status);

// HTTP status for errors outside any RPC envelope.
inline int HttpStatusFor(StatusCode code) { return FormsOf(code).http; }

// The /metrics outcome of an answer carrying this code.
inline Outcome OutcomeFor(StatusCode code) { return FormsOf(code).outcome; }

}  // namespace keygate::rpc
