// The one table that maps a Status to what each wire protocol shows, as Odoo does:
// XML-RPC integer faults (/xmlrpc/2/), legacy string faults (/xmlrpc/), the JSON-RPC error
// envelope, and JSON-2 HTTP statuses and bodies. Messages are the Status message (safe by
// construction: no secret, SQL or stack trace ever enters one).
// Thread-safety: pure functions.
#pragma once

#include <string>

#include "common/status.h"
#include "common/value.h"

namespace keygate::rpc {

// /xmlrpc/2/: AccessDenied 3, AccessError 4, User/Validation/Missing 2, everything else 1.
int XmlRpcFaultCode(StatusCode code);

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
int Json2HttpStatus(StatusCode code);
Value Json2ErrorBody(const Status& status);

// HTTP status for errors outside any RPC envelope.
int HttpStatusFor(StatusCode code);

}  // namespace keygate::rpc
