// Putting keygate's forwarding credential in place of the client's secret (the third parameter of
// common.authenticate/login and object.execute_kw/execute) in a call forwarded to Odoo.
//
// XML-RPC: the bytes of the third <param> element are replaced and nothing else, so base64
// attachments, doubles and whatever else the client wrote reach Odoo as written. The splice is
// refused (kInvalidRequest) for a document holding comments, CDATA sections or processing
// instructions other than the XML declaration: no client writes them, and refusing them leaves
// no room for Odoo's parser to read another call than the one keygate checked.
// JSON-RPC: the call is written again from keygate's parse with args[2] replaced (JSON numbers,
// strings, lists and objects survive that exactly; a repeated key keeps its last value, as in
// Python, so Odoo reads the call keygate checked).
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>

#include "common/status.h"
#include "common/value.h"

namespace keygate::gateway {

// `body` is a methodCall whose third param is the string `secret`; returns it with that param's
// value replaced by the string `replacement` (40 lowercase hex characters, nothing to escape).
StatusOr<std::string> SpliceXmlRpcSecret(std::string_view body, std::string_view secret,
                                         std::string_view replacement);

// The envelope with params.args[2] replaced, serialised.
StatusOr<std::string> ReplaceJsonRpcSecret(const Value& envelope, std::string_view replacement);

}  // namespace keygate::gateway
