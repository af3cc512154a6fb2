// What the gateway reads of an integration call before deciding: the wire form (XML-RPC, legacy
// XML-RPC, JSON-RPC, Odoo 19's JSON-2), the service and method, and for the calls that carry a
// credential (common.authenticate/login, object.execute_kw/execute) the database, the uid or login,
// the secret, and for object calls the model and its method. Decoded with keygate's own codecs. A
// call that does not decode fully is not "inspected" (nullopt) and goes to Odoo as its original
// bytes: it can then only do what Odoo alone allows, since a key keygate narrowed is one Odoo
// refuses (README "Gateway mode").
// A JSON-2 call is POST /json/2/<model>/<method> with a bearer key (web/endpoints.h Json2RouteOf):
// the key alone names the user, the database is the X-Odoo-Database header's (or the only one
// served), and the arguments are the body's members by name.
// Also: what Odoo answered such a call (success, AccessDenied, AccessError, another fault), read
// in the same wire form.
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "common/value.h"
#include "http/http_types.h"

namespace keygate::gateway {

enum class Wire { kXmlRpc, kXmlRpcLegacy, kJsonRpc, kJson2 };

struct InspectedCall {
  Wire wire = Wire::kXmlRpc;
  std::string service;  // "object" or "common"
  std::string method;   // "execute_kw", "execute", "authenticate", "login"
  std::string db;       // JSON-2: "" when the request names none
  int64_t uid = 0;      // object calls (not JSON-2: the key names the user)
  std::string login;    // common calls
  std::string secret;
  std::string model;         // object calls
  std::string model_method;  // object calls
  Value::Array args;         // object calls: the method's positional arguments
  Value kwargs;              // execute_kw: its keyword arguments (a struct); JSON-2: the body
                             // when it is a JSON object; else nil
  bool unread_body = false;  // JSON-2: a body that is not JSON keygate can read
  Value json_envelope;       // JSON-RPC: the whole request, for re-encoding
  Value json_id;             // JSON-RPC: the request's id, for keygate's own answers
};

// `service` is the last path segment of /xmlrpc/2/<service> or /xmlrpc/<service>.
std::optional<InspectedCall> InspectXmlRpc(const std::string& service, bool legacy,
                                           const std::string& body);
std::optional<InspectedCall> InspectJsonRpc(const std::string& body);
InspectedCall InspectJson2(std::string model, std::string method, std::string token, std::string db,
                           const std::string& body);

enum class AnswerKind {
  kResult,        // a result (for common.authenticate/login: see `uid`)
  kAccessDenied,  // fault 3 / odoo.exceptions.AccessDenied
  kAccessError,   // fault 4 / odoo.exceptions.AccessError
  kOtherError,    // any other fault or error
};

struct AnswerReading {
  AnswerKind kind = AnswerKind::kResult;
  // common.authenticate/login: the uid Odoo answered (0 for False).
  int64_t uid = 0;
};

// Reads Odoo's answer to `call`. Bodies larger than a few hundred KiB are results (a fault is
// small) and are not parsed. XML-RPC and JSON-RPC answer with HTTP 200 (any other status is
// another error); JSON-2 with Odoo's statuses: 200 a result, 401 the key refused, 403 with
// odoo.exceptions.AccessError an AccessError.
AnswerReading ReadAnswer(const InspectedCall& call, int http_status, const std::string& body);

}  // namespace keygate::gateway
