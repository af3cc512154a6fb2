// The checks of `keygate doctor`, as pure functions over recorded responses, so that every
// diagnosis can be tested without a network. Each check turns what a server answered into one
// Step: pass, fail (with the cause and the fix, from the catalogue of odoo-compat.md §10), warn
// (worth knowing, not an error) or skip. None of them ever puts the secret in a Step.
// Thread-safety: pure functions and value types.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/close_matches.h"  // CloseMatches, for database names
#include "common/value.h"
#include "doctor/http_client.h"

namespace keygate::doctor {

enum class StepStatus { kPass, kFail, kWarn, kSkip };

// "pass", "fail", "warn", "skip".
const char* StepStatusName(StepStatus status);

struct Step {
  std::string name;
  StepStatus status = StepStatus::kPass;
  std::string detail;  // what was seen
  std::string cause;   // failures and warnings: why
  std::string fix;     // failures and warnings: what to do
};

Step Pass(std::string name, std::string detail);
Step Skip(std::string name, std::string detail);
Step Fail(std::string name, std::string detail, std::string cause, std::string fix);
Step Warn(std::string name, std::string detail, std::string cause, std::string fix);

// An RPC answer, whatever the protocol: a transport failure, something that is not the protocol
// (an HTML page, a redirect, a proxy error), a result, or a fault/error.
struct RpcReply {
  enum class Kind { kTransport, kNotRpc, kResult, kFault };
  Kind kind = Kind::kTransport;
  Value result;
  std::string fault_code;  // XML-RPC faultCode as text ("3", "AccessDenied"); JSON-RPC data.name
  std::string fault_text;  // XML-RPC faultString (or the legacy code's text); JSON data.message
  std::string not_rpc_reason;  // kNotRpc: what the answer was instead (one line)
  HttpExchange http;

  bool is_result() const { return kind == Kind::kResult; }
  bool is_fault() const { return kind == Kind::kFault; }
  // Odoo's AccessDenied on the wire: XML-RPC fault 3 or 'AccessDenied', JSON-RPC
  // odoo.exceptions.AccessDenied.
  bool IsAccessDenied() const;
  // AccessError: fault 4, a legacy 'warning -- AccessError' code or odoo.exceptions.AccessError.
  bool IsAccessError() const;
};

// Interprets an exchange with an XML-RPC endpoint.
RpcReply ReadXmlRpcReply(const HttpExchange& exchange);
// Interprets an exchange with a JSON-RPC route (/jsonrpc, /web/session/authenticate).
RpcReply ReadJsonRpcReply(const HttpExchange& exchange);

// Why an HTTP answer is not what an RPC client expects ("" when it looks like `expected_type`,
// "xml" or "json"): a redirect (with its Location, and whether it goes to https or /web/login),
// a 404, a proxy error page (502/503/504), an HTML page, an empty body.
std::string NotRpcReason(const HttpExchange& exchange, std::string_view expected_type);

// ---- The steps, in the order the doctor reports them. ----

// "reachable": a transport error names its cause (DNS, refused, timeout, TLS, not HTTP).
Step CheckReachable(const HttpExchange& exchange, const Url& url);
// "xmlrpc endpoint": the answer to common.version is XML-RPC.
Step CheckXmlRpcEndpoint(const RpcReply& version, const Url& url);
// "version": common.version() returned a struct with server_version.
Step CheckVersion(const RpcReply& version);

// Whether db.list was refused because listing is off (list_db = False): AccessDenied.
bool DbListRefused(const RpcReply& db_list);
// The database named in an Odoo 'database "x" does not exist' text, if any.
bool MentionsMissingDatabase(const std::string& text, const std::string& db);
// "database": from db.list when allowed; else from the fault of `auth_probe` (the XML-RPC
// authenticate call, which Odoo answers with 'database "x" does not exist' for a missing one).
Step CheckDatabase(const std::string& db, const RpcReply& db_list, const RpcReply& auth_probe);
// "db.list": pass when listing works; warn when list_db is off (normal in production).
Step CheckDbList(const RpcReply& db_list);

enum class SecretShape {
  kApiKey,    // 40 lowercase hex characters
  kUpperHex,  // 40 hex characters with uppercase letters (Odoo's keys are lowercase)
  kUuid,      // 8-4-4-4-12 hex groups: not an Odoo key
  kPadded,    // whitespace or a newline at either end
  kShort,     // under 40 characters: looks like a password
  kOther,     // anything else (a long password, a truncated/extended key, another token)
};
SecretShape ClassifySecret(std::string_view secret);
// "abcd… (40 characters)": the most of a secret that may be shown.
std::string DescribeSecret(std::string_view secret);
// "secret format".
Step CheckSecretFormat(std::string_view secret);

bool LooksLikeEmail(std::string_view login);
// Odoo's cooldown text: "Too many login failures, please wait a bit before trying again."
bool IsCooldownText(std::string_view text);

// What the doctor learnt elsewhere that sharpens the diagnosis of a failed authentication.
struct AuthHints {
  std::string login;
  SecretShape secret_shape = SecretShape::kApiKey;
  bool cooldown_seen = false;     // a reply carried the cooldown text
  bool session_says_2fa = false;  // /web/session/authenticate: right password, uid null
  std::string local_cause;        // from --data-dir, when it named the exact cause
  std::string local_fix;
};
// "authenticate (XML-RPC)": the uid, or False with the possible causes (or the exact one).
Step CheckAuthenticate(const std::string& db, const RpcReply& auth, const AuthHints& hints);
// The uid an authenticate reply carries, or 0.
int64_t UidOf(const RpcReply& auth);
// "authenticate (JSON-RPC)": /jsonrpc agrees with XML-RPC.
Step CheckJsonRpcAgreement(const RpcReply& json_auth, const RpcReply& xml_auth);
// "uid False handling": authenticate returns False, not a fault; a client must check it.
Step CheckUidFalse(const RpcReply& xml_auth);
// "object call": execute_kw res.users read of the own uid with the secret.
Step CheckOwnRead(const RpcReply& read, int64_t uid);

// Group names listed in an AccessError text ("\t- Sales/User: Own Documents Only" lines).
std::vector<std::string> GroupsFromAccessError(const std::string& text);
// "access <model> <operation>": the check_access_rights (or search) reply.
Step CheckAccess(const RpcReply& reply, const std::string& model, const std::string& operation);

// "web session": /web/session/authenticate with the secret.
Step CheckSession(const RpcReply& session, SecretShape shape);
// Whether the session reply says the password is right but a second factor is awaited.
bool SessionAwaits2fa(const RpcReply& session);
// What the doctor saw of the session cookie after a web login that opened a session.
struct SessionCookieProbe {
  std::string set_cookie;  // the Set-Cookie header of /web/session/authenticate ("" when none)
  RpcReply with_cookie;    // /web/session/get_session_info sending the cookie back
  RpcReply with_header;    // the same sending only the old X-Openerp-Session-Id header
};
// "session cookie": the login set a session_id cookie that a client over `url` sends back (not
// Secure over plain http) and that the server accepts; and whether the old X-Openerp-Session-Id
// header is accepted (Odoo 16 and later read only the cookie). Skipped, saying why, when
// `session` opened no session (an API key, a 2FA user awaiting the code, a failed login).
Step CheckSessionCookie(const RpcReply& session, const SessionCookieProbe& probe, const Url& url);
// Whether a reply is Odoo's "Session Expired" (JSON-RPC code 100, SessionExpiredException).
bool IsSessionExpired(const RpcReply& reply);
// "cooldown": whether any reply text is Odoo's cooldown message.
Step CheckCooldown(const std::vector<const RpcReply*>& replies);

}  // namespace keygate::doctor
