// What the gateway reads of an integration call before deciding: the wire form (XML-RPC, legacy
// XML-RPC, JSON-RPC), the service and method, and for the calls that carry a credential
// (common.authenticate/login, object.execute_kw/execute) the database, the uid or login, the
// secret, and for object calls the model and its method. Decoded with keygate's own codecs.
// A call that does not decode fully is not "inspected" (nullopt) and goes to Odoo as its original
// bytes: it can then only do what Odoo alone allows, since a key keygate narrowed is one Odoo
// refuses (README "Gateway mode").
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

enum class Wire { kXmlRpc, kXmlRpcLegacy, kJsonRpc };

struct InspectedCall {
  Wire wire = Wire::kXmlRpc;
  std::string service;  // "object" or "common"
  std::string method;   // "execute_kw", "execute", "authenticate", "login"
  std::string db;
  int64_t uid = 0;    // object calls
  std::string login;  // common calls
  std::string secret;
  std::string model;         // object calls
  std::string model_method;  // object calls
  Value::Array args;         // object calls: the method's positional arguments
  Value kwargs;              // execute_kw: its keyword arguments (a struct), else nil
  Value json_envelope;       // JSON-RPC: the whole request, for re-encoding
  Value json_id;             // JSON-RPC: the request's id, for keygate's own answers
};

// `service` is the last path segment of /xmlrpc/2/<service> or /xmlrpc/<service>.
std::optional<InspectedCall> InspectXmlRpc(const std::string& service, bool legacy,
                                           const std::string& body);
std::optional<InspectedCall> InspectJsonRpc(const std::string& body);

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

// Reads Odoo's HTTP 200 answer to `call`. Bodies larger than a few hundred KiB are results (a
// fault is small) and are not parsed.
AnswerReading ReadAnswer(const InspectedCall& call, const std::string& body);

}  // namespace keygate::gateway
