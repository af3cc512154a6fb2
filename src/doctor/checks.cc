// The doctor's checks. The causes and fixes follow the diagnosis catalogue of odoo-compat.md §10.
#include "doctor/checks.h"

#include <algorithm>
#include <cctype>

#include "common/strings.h"
#include "rpc/json_codec.h"
#include "rpc/xmlrpc_codec.h"

namespace keygate::doctor {

namespace {

bool Contains(std::string_view haystack, std::string_view needle) {
  return Lower(haystack).find(Lower(needle)) != std::string::npos;
}

// The first line of a server text, shortened: details stay on one line.
std::string FirstLine(std::string_view text, size_t max = 200) {
  std::string t(Trim(text));
  size_t nl = t.find('\n');
  if (nl != std::string::npos) t = Trim(t.substr(0, nl));
  if (t.size() > max) t = t.substr(0, max) + "...";
  return t;
}

// The line of a fault that says which database does not exist: Odoo puts a whole Python
// traceback in fault 1, whose first line says nothing.
std::string MissingDatabaseLine(const std::string& text) {
  size_t at = Lower(text).find("does not exist");
  if (at == std::string::npos) return FirstLine(text);
  size_t begin = text.rfind('\n', at);
  begin = begin == std::string::npos ? 0 : begin + 1;
  return FirstLine(text.substr(begin));
}

// The <title> of an HTML page, or "".
std::string HtmlTitle(const std::string& body) {
  std::string lower = Lower(body.substr(0, 64 * 1024));
  size_t open = lower.find("<title");
  if (open == std::string::npos) return "";
  open = lower.find('>', open);
  size_t close = lower.find("</title", open == std::string::npos ? 0 : open);
  if (open == std::string::npos || close == std::string::npos) return "";
  return FirstLine(body.substr(open + 1, close - open - 1), 100);
}

bool LooksLikeHtml(const HttpExchange& e) {
  if (Contains(e.content_type, "html")) return true;
  std::string head = Lower(Trim(e.body.substr(0, 512)));
  return head.rfind("<!doctype html", 0) == 0 || head.rfind("<html", 0) == 0;
}

std::string ValueText(const Value& v) {
  if (v.is_string()) return v.as_string();
  if (v.is_int()) return std::to_string(v.as_int());
  return "";
}

std::string JoinNames(const std::vector<std::string>& names, size_t max = 10) {
  std::string out;
  for (size_t i = 0; i < names.size() && i < max; ++i) {
    if (i) out += ", ";
    out += names[i];
  }
  if (names.size() > max) out += ", ... (" + std::to_string(names.size()) + " in all)";
  return out;
}

const char* kCooldownText = "Too many login failures, please wait a bit before trying again.";

std::string CooldownCause() {
  return "login cooldown: after base.login_cooldown_after failed logins (default 5) the server "
         "refuses further attempts for base.login_cooldown_duration (default 60 s) without "
         "checking the secret, and authenticate returns False. Odoo counts failed web logins "
         "per client address (behind a reverse proxy without proxy_mode every client has the "
         "proxy's address). keygate also counts password attempts per login on every channel, "
         "except from a network (/24 or /64) that login signed in from with its password within "
         "30 days; it never refuses a correct API key";
}

std::string CooldownFix() {
  return "wait a minute, then fix the client that keeps failing (events show which); use an API "
         "key instead of the password (keygate never puts a correct key on cooldown); behind a "
         "reverse proxy set proxy_mode = True and have the proxy send X-Forwarded-For and "
         "X-Forwarded-Host (keygate: proxy_mode and trusted_proxies)";
}

}  // namespace

const char* StepStatusName(StepStatus status) {
  switch (status) {
    case StepStatus::kPass:
      return "pass";
    case StepStatus::kFail:
      return "fail";
    case StepStatus::kWarn:
      return "warn";
    case StepStatus::kSkip:
      return "skip";
  }
  return "fail";
}

Step Pass(std::string name, std::string detail) {
  return Step{std::move(name), StepStatus::kPass, std::move(detail), "", ""};
}
Step Skip(std::string name, std::string detail) {
  return Step{std::move(name), StepStatus::kSkip, std::move(detail), "", ""};
}
Step Fail(std::string name, std::string detail, std::string cause, std::string fix) {
  return Step{std::move(name), StepStatus::kFail, std::move(detail), std::move(cause),
              std::move(fix)};
}
Step Warn(std::string name, std::string detail, std::string cause, std::string fix) {
  return Step{std::move(name), StepStatus::kWarn, std::move(detail), std::move(cause),
              std::move(fix)};
}

bool RpcReply::IsAccessDenied() const {
  return is_fault() && (fault_code == "3" || fault_code == "AccessDenied" ||
                        fault_code == "odoo.exceptions.AccessDenied");
}

bool RpcReply::IsAccessError() const {
  return is_fault() && (fault_code == "4" || Contains(fault_code, "AccessError"));
}

std::string NotRpcReason(const HttpExchange& e, std::string_view expected_type) {
  if (e.status >= 300 && e.status < 400) {
    std::string r = "a redirect (HTTP " + std::to_string(e.status) + ")";
    if (!e.location.empty()) r += " to " + e.location;
    return r;
  }
  if (e.status == 404) return "HTTP 404 Not Found";
  if (e.status == 502 || e.status == 503 || e.status == 504) {
    std::string title = LooksLikeHtml(e) ? HtmlTitle(e.body) : "";
    return "HTTP " + std::to_string(e.status) + ", a proxy error page" +
           (title.empty() ? "" : " (\"" + title + "\")");
  }
  if (LooksLikeHtml(e)) {
    std::string title = HtmlTitle(e.body);
    return "an HTML page (HTTP " + std::to_string(e.status) + ")" +
           (title.empty() ? "" : ", title \"" + title + "\"");
  }
  std::string head(Trim(e.body.substr(0, 256)));
  if (head.empty()) return "an empty body (HTTP " + std::to_string(e.status) + ")";
  if (expected_type == "xml") {
    bool xml = Contains(e.content_type, "xml") || head.rfind("<?xml", 0) == 0 ||
               head.rfind("<methodResponse", 0) == 0;
    if (!xml) {
      return "not XML (HTTP " + std::to_string(e.status) + ", Content-Type '" + e.content_type +
             "')";
    }
  } else if (head.front() != '{') {
    return "not JSON (HTTP " + std::to_string(e.status) + ", Content-Type '" + e.content_type +
           "')";
  }
  return "";
}

RpcReply ReadXmlRpcReply(const HttpExchange& exchange) {
  RpcReply r;
  r.http = exchange;
  if (!exchange.ok()) return r;
  r.not_rpc_reason = NotRpcReason(exchange, "xml");
  if (!r.not_rpc_reason.empty()) {
    r.kind = RpcReply::Kind::kNotRpc;
    return r;
  }
  bool is_fault = false;
  auto parsed = rpc::ParseXmlRpcResponse(exchange.body, &is_fault);
  if (!parsed.ok()) {
    r.kind = RpcReply::Kind::kNotRpc;
    r.not_rpc_reason = "XML that is not an XML-RPC response (" + parsed.status().message() + ")";
    return r;
  }
  if (!is_fault) {
    r.kind = RpcReply::Kind::kResult;
    r.result = std::move(*parsed);
    return r;
  }
  r.kind = RpcReply::Kind::kFault;
  const Value* code = parsed->Find("faultCode");
  const Value* text = parsed->Find("faultString");
  r.fault_code = code ? ValueText(*code) : "";
  r.fault_text = text ? ValueText(*text) : "";
  // Legacy /xmlrpc/: faultCode 'warning -- AccessError\n\n<message>' with an empty faultString.
  const std::string prefix = "warning -- ";
  if (r.fault_text.empty() && r.fault_code.rfind(prefix, 0) == 0) {
    size_t sep = r.fault_code.find("\n\n");
    if (sep != std::string::npos) {
      r.fault_text = r.fault_code.substr(sep + 2);
      r.fault_code = r.fault_code.substr(prefix.size(), sep - prefix.size());
    }
  }
  return r;
}

RpcReply ReadJsonRpcReply(const HttpExchange& exchange) {
  RpcReply r;
  r.http = exchange;
  if (!exchange.ok()) return r;
  r.not_rpc_reason = NotRpcReason(exchange, "json");
  if (!r.not_rpc_reason.empty()) {
    r.kind = RpcReply::Kind::kNotRpc;
    return r;
  }
  auto parsed = rpc::ParseJson(exchange.body);
  if (!parsed.ok() || !parsed->is_struct()) {
    r.kind = RpcReply::Kind::kNotRpc;
    r.not_rpc_reason = "a body that is not a JSON-RPC response";
    return r;
  }
  if (const Value* error = parsed->Find("error")) {
    r.kind = RpcReply::Kind::kFault;
    const Value* data = error->Find("data");
    const Value* name = data ? data->Find("name") : nullptr;
    const Value* message = data ? data->Find("message") : nullptr;
    const Value* top = error->Find("message");
    r.fault_code = name ? ValueText(*name) : "";
    r.fault_text = message ? ValueText(*message) : (top ? ValueText(*top) : "");
    return r;
  }
  const Value* result = parsed->Find("result");
  if (!result) {
    r.kind = RpcReply::Kind::kNotRpc;
    r.not_rpc_reason = "JSON without 'result' or 'error'";
    return r;
  }
  r.kind = RpcReply::Kind::kResult;
  r.result = *result;
  return r;
}

namespace {

// A failed step for an answer that is not the protocol, with the cause and fix for its kind.
Step NotRpcStep(const std::string& name, const RpcReply& reply, const std::string& what) {
  const HttpExchange& e = reply.http;
  std::string detail = what + " answered " + reply.not_rpc_reason + ", not " +
                       (name.find("JSON") != std::string::npos ? "JSON-RPC" : "XML-RPC");
  if (e.status >= 300 && e.status < 400) {
    if (e.location.rfind("https://", 0) == 0) {
      return Fail(name, detail,
                  "a redirect, not XML-RPC: the server (or its proxy) sends plain-HTTP clients to "
                  "HTTPS; RPC clients do not follow redirects for a POST",
                  "use the https:// URL in the client (" + e.location + ")");
    }
    if (Contains(e.location, "/web/login") || Contains(e.location, "/odoo")) {
      return Fail(name, detail,
                  "a redirect to the web login page: this path is answered by the web client or "
                  "a website route, not by the RPC controller (wrong base URL, or a proxy that "
                  "rewrites the path)",
                  "point the client at the server's root URL (it appends /xmlrpc/2/common "
                  "itself) and check the proxy forwards /xmlrpc and /jsonrpc unchanged");
    }
    return Fail(name, detail, "a redirect, not XML-RPC: RPC clients do not follow redirects",
                "use the URL the redirect points to" +
                    (e.location.empty() ? std::string() : " (" + e.location + ")") +
                    ", without the /xmlrpc/2/... part");
  }
  if (e.status == 404) {
    return Fail(name, detail,
                "no RPC endpoint at this path: wrong base URL (a path prefix too many or too "
                "few), or a proxy that does not forward it",
                "give the server's root URL (e.g. https://erp.example.com, not .../web); check "
                "the proxy forwards /xmlrpc/2/ and /jsonrpc to Odoo");
  }
  if (e.status == 502 || e.status == 503 || e.status == 504) {
    return Fail(name, detail,
                "a proxy error: the reverse proxy answered because it could not reach the "
                "server behind it (server down, restarting, or the proxy's upstream port wrong)",
                "check the server runs and the proxy's upstream address and port (Odoo: "
                "http_port, default 8069)");
  }
  if (LooksLikeHtml(e)) {
    return Fail(name, detail,
                "an HTML page where XML was expected: the URL reaches a web page (a website, a "
                "login or maintenance page, a captive portal), not Odoo's RPC controller",
                "check the URL and port; open it in a browser to see which server answers");
  }
  return Fail(name, detail,
              "the answer is not the RPC protocol: this is probably not an Odoo-compatible "
              "server, or something in between rewrites the answer",
              "check the URL and port; compare with curl -X POST on the same URL");
}

}  // namespace

Step CheckReachable(const HttpExchange& e, const Url& url) {
  const std::string name = "reachable";
  const std::string where = url.host + ":" + url.port;
  switch (e.error) {
    case TransportError::kNone:
      return Pass(name, "connected to " + where);
    case TransportError::kDns:
      return Fail(name, "the host name '" + url.host + "' does not resolve (" + e.error_text + ")",
                  "DNS: the host name is misspelt or not known where the doctor runs",
                  "check the host in the URL; from a container or another network the server "
                  "may have another name or address");
    case TransportError::kRefused:
      return Fail(name, "connection refused by " + where,
                  "nothing listens on " + where +
                      ": the server is not running or listens on "
                      "another port or interface",
                  "start the server or use its port: Odoo and keygate listen on 8069 by "
                  "default (http_port); behind a proxy use the proxy's URL (https, port 443)");
    case TransportError::kTimeout:
      return Fail(name, "no answer from " + where + " (" + e.error_text + ")",
                  "a timeout: a firewall drops the traffic, the address is wrong, or the server "
                  "hangs",
                  "check the address and port and any firewall between; try curl from the same "
                  "machine");
    case TransportError::kTls:
      return Fail(name, "TLS with " + where + " failed (" + e.error_text + ")",
                  "the TLS handshake or the certificate check failed: a self-signed or "
                  "private-CA certificate, a certificate for another name, or a port that does "
                  "not speak TLS",
                  "install the CA certificate in the system store, use the name the "
                  "certificate is for, or use http:// if the port speaks plain HTTP");
    case TransportError::kNotHttp:
      return Fail(name, where + " does not answer HTTP (" + e.error_text + ")",
                  "the port is open but speaks something else (a TLS port reached with "
                  "http://, a database port, a websocket/longpolling port)",
                  "if the server uses TLS use https://; otherwise check the port");
    case TransportError::kTooLarge:  // an answer past 8 MiB: reachable, but not a probe's answer
    case TransportError::kOther:
      return Fail(name, "cannot reach " + where + " (" + e.error_text + ")",
                  "a network error between the doctor and the server",
                  "check the network path (routes, VPN, proxy settings)");
  }
  return Fail(name, e.error_text, "a network error", "check the network");
}

Step CheckXmlRpcEndpoint(const RpcReply& version, const Url& url) {
  const std::string name = "xmlrpc endpoint";
  if (version.kind == RpcReply::Kind::kNotRpc) {
    return NotRpcStep(name, version, "POST " + url.ToString() + "/xmlrpc/2/common");
  }
  return Pass(name, url.ToString() + "/xmlrpc/2/common answers XML-RPC (" +
                        (version.http.content_type.empty() ? "no Content-Type"
                                                           : version.http.content_type) +
                        ")");
}

Step CheckVersion(const RpcReply& version) {
  const std::string name = "version";
  if (version.is_fault()) {
    return Fail(name, "common.version() answered a fault: " + FirstLine(version.fault_text),
                "the server speaks XML-RPC but not Odoo's common service",
                "check the URL points at an Odoo-compatible server");
  }
  const Value* v = version.result.Find("server_version");
  if (!v || !v->is_string()) {
    return Warn(name, "common.version() has no server_version",
                "the server speaks XML-RPC but its version() is not Odoo's",
                "check the URL points at an Odoo-compatible server");
  }
  std::string detail = "server_version " + v->as_string();
  if (const Value* p = version.result.Find("protocol_version"); p && p->is_int()) {
    detail += ", protocol_version " + std::to_string(p->as_int());
  }
  return Pass(name, detail);
}

bool DbListRefused(const RpcReply& db_list) { return db_list.IsAccessDenied(); }

bool MentionsMissingDatabase(const std::string& text, const std::string& db) {
  return Contains(text, "database \"" + db + "\" does not exist") ||
         (Contains(text, "database") && Contains(text, "does not exist"));
}

Step CheckDbList(const RpcReply& db_list) {
  const std::string name = "db.list";
  if (db_list.is_result() && db_list.result.is_array()) {
    return Pass(name, "listing allowed: " + std::to_string(db_list.result.as_array().size()) +
                          " database(s)");
  }
  if (DbListRefused(db_list)) {
    return Warn(name, "db.list is refused (" + FirstLine(db_list.fault_text) + ")",
                "the server does not list its databases (list_db = False), usual in production",
                "nothing to do if the database name is right; the database was checked through "
                "common.authenticate instead");
  }
  return Warn(name,
              db_list.is_fault() ? "db.list answered a fault: " + FirstLine(db_list.fault_text)
                                 : "db.list did not answer XML-RPC",
              "the database service is not available at /xmlrpc/2/db",
              "nothing to do if the database name is right");
}

Step CheckDatabase(const std::string& db, const RpcReply& db_list, const RpcReply& auth_probe) {
  const std::string name = "database";
  if (db_list.is_result() && db_list.result.is_array()) {
    std::vector<std::string> names;
    for (const Value& v : db_list.result.as_array()) {
      if (v.is_string()) names.push_back(v.as_string());
    }
    if (std::find(names.begin(), names.end(), db) != names.end()) {
      return Pass(name, "database '" + db + "' exists (db.list)");
    }
    std::vector<std::string> close = CloseMatches(db, names);
    std::string detail = "database '" + db + "' is not among the " + std::to_string(names.size()) +
                         " database(s) the server lists";
    std::string fix;
    if (!close.empty()) {
      fix = "use the exact name (names are case-sensitive): did you mean " + JoinNames(close, 3) +
            "?";
    } else if (!names.empty()) {
      fix = "use one of the databases the server has: " + JoinNames(names);
    } else {
      fix =
          "the server has no database: create it (keygate db create) or point at the right "
          "server";
    }
    return Fail(name, detail,
                "wrong database name: Odoo then answers 'Access Denied' or a 'database does "
                "not exist' fault",
                fix);
  }
  // Listing is off: the authenticate call tells, through its fault text.
  if (auth_probe.is_fault() && MentionsMissingDatabase(auth_probe.fault_text, db)) {
    return Fail(name,
                "the server says: " + MissingDatabaseLine(auth_probe.fault_text) +
                    " (db.list is not available, checked with common.authenticate)",
                "wrong database name (names are case-sensitive)",
                "ask the administrator for the exact database name (listing is off on this "
                "server)");
  }
  if (auth_probe.is_result()) {
    return Pass(name, "database '" + db +
                          "' exists (db.list is not available; common.authenticate raised no "
                          "'does not exist' fault)");
  }
  return Warn(name, "could not tell whether database '" + db + "' exists",
              "db.list is not available and authenticate did not answer plainly",
              "check the database name with the administrator");
}

SecretShape ClassifySecret(std::string_view s) {
  if (!s.empty() && (std::isspace(static_cast<unsigned char>(s.front())) ||
                     std::isspace(static_cast<unsigned char>(s.back())))) {
    return SecretShape::kPadded;
  }
  auto is_hex = [](char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; };
  if (s.size() == 36) {
    bool uuid = true;
    for (size_t i = 0; i < s.size(); ++i) {
      bool dash = i == 8 || i == 13 || i == 18 || i == 23;
      uuid = uuid && (dash ? s[i] == '-' : is_hex(s[i]));
    }
    if (uuid) return SecretShape::kUuid;
  }
  if (s.size() == 40 && std::all_of(s.begin(), s.end(), is_hex)) {
    bool lower = std::none_of(s.begin(), s.end(),
                              [](char c) { return std::isupper(static_cast<unsigned char>(c)); });
    return lower ? SecretShape::kApiKey : SecretShape::kUpperHex;
  }
  if (s.size() < 40) return SecretShape::kShort;
  return SecretShape::kOther;
}

std::string DescribeSecret(std::string_view secret) {
  std::string len = std::to_string(secret.size()) + " characters";
  // Shown only for secrets long enough that 4 characters give nothing away.
  if (secret.size() < 20) return "(" + len + ")";
  std::string head;
  for (char c : secret.substr(0, 4)) {
    head += std::isprint(static_cast<unsigned char>(c)) && c != ' ' ? c : '?';
  }
  return head + "... (" + len + ")";
}

Step CheckSecretFormat(std::string_view secret) {
  const std::string name = "secret format";
  const std::string d = DescribeSecret(secret);
  switch (ClassifySecret(secret)) {
    case SecretShape::kApiKey:
      return Pass(name, d + ": 40 lowercase hex characters, the shape of an Odoo API key");
    case SecretShape::kUpperHex:
      return Warn(name, d + ": 40 hex characters with uppercase letters",
                  "Odoo's API keys are lowercase and compared exactly; an uppercase copy never "
                  "matches",
                  "use the key exactly as it was shown when it was created (lowercase)");
    case SecretShape::kUuid:
      return Fail(name, d + ": this looks like a UUID, not an Odoo API key",
                  "this looks like a UUID: Odoo API keys are 40 hex characters; the key was "
                  "probably copied from an article/another system",
                  "create an API key (Odoo: Settings > Users > API Keys > New API Key; keygate: "
                  "keygate key new) and copy it when it is shown (only once)");
    case SecretShape::kPadded:
      return Fail(name, d + ": whitespace or a line break at the start or the end",
                  "the secret is compared exactly, so a trailing newline (a file read without "
                  "strip, an environment variable set with echo) makes a valid key fail",
                  "strip it: e.g. open('key').read().strip() in Python, or printf instead of "
                  "echo");
    case SecretShape::kShort:
      return Warn(name, d + ": shorter than an API key (40 hex characters): looks like a password",
                  "passwords work over RPC only for users without two-factor authentication, "
                  "and cannot be revoked per integration",
                  "create an API key for the integration and use it in place of the password");
    case SecretShape::kOther:
      return Warn(name, d + ": not 40 hex characters, so not an Odoo API key",
                  "a password, or a key with extra characters around it",
                  "if it is meant to be an API key, copy exactly the 40 hex characters");
  }
  return Warn(name, d, "", "");
}

bool LooksLikeEmail(std::string_view login) {
  size_t at = login.find('@');
  if (at == std::string_view::npos || at == 0 || login.find('@', at + 1) != std::string_view::npos)
    return false;
  std::string_view domain = login.substr(at + 1);
  size_t dot = domain.find('.');
  return dot != std::string_view::npos && dot > 0 && dot + 1 < domain.size();
}

bool IsCooldownText(std::string_view text) { return Contains(text, "Too many login failures"); }

int64_t UidOf(const RpcReply& auth) {
  if (auth.is_result() && auth.result.is_int()) return auth.result.as_int();
  return 0;
}

Step CheckAuthenticate(const std::string& db, const RpcReply& auth, const AuthHints& h) {
  const std::string name = "authenticate (XML-RPC)";
  if (auth.kind == RpcReply::Kind::kTransport || auth.kind == RpcReply::Kind::kNotRpc) {
    return Fail(
        name,
        "common.authenticate did not answer XML-RPC (" +
            (auth.kind == RpcReply::Kind::kNotRpc ? auth.not_rpc_reason : auth.http.error_text) +
            ")",
        "the endpoint stopped answering XML-RPC", "see the steps above");
  }
  if (auth.is_fault()) {
    std::string text = FirstLine(auth.fault_text);
    if (IsCooldownText(auth.fault_text)) {
      return Fail(name, "common.authenticate: " + text, CooldownCause(), CooldownFix());
    }
    if (MentionsMissingDatabase(auth.fault_text, db)) {
      return Fail(name, "common.authenticate: " + MissingDatabaseLine(auth.fault_text),
                  "wrong database name", "see the database step");
    }
    return Fail(name, "common.authenticate raised a fault: " + text,
                "Odoo answers False for bad credentials, so a fault means something else "
                "broke on the server",
                "read the fault text and the server log");
  }
  if (int64_t uid = UidOf(auth); uid > 0) {
    return Pass(name, "login '" + h.login + "' authenticated as uid " + std::to_string(uid));
  }
  std::string detail =
      "common.authenticate returned False for login '" + h.login + "' on database '" + db + "'";
  if (!h.local_cause.empty()) return Fail(name, detail, h.local_cause, h.local_fix);
  if (h.cooldown_seen) return Fail(name, detail, CooldownCause(), CooldownFix());
  if (h.session_says_2fa) {
    return Fail(name, detail,
                "2FA user trying a password over RPC: the password is right (the web login "
                "accepts it and asks for the 6-digit code), but Odoo refuses passwords over "
                "RPC for users with two-factor authentication",
                "create an API key for this user and use it in place of the password");
  }
  std::string login_hint =
      LooksLikeEmail(h.login)
          ? "wrong login: the login is the user's login, often but not always their e-mail "
            "(Odoo's administrator logs in as 'admin'); check Settings > Users > Login"
          : "wrong login: the login is the user's login, often but not always their e-mail; "
            "'" +
                h.login + "' does not look like an e-mail, while logins usually are";
  std::string secret_hint =
      h.secret_shape == SecretShape::kApiKey
          ? "key revoked (deleted), expired, mistyped, or made in another database"
          : "wrong secret: it is not shaped like an API key (see the secret format step), "
            "and is not the password either";
  std::string cause =
      "authenticate answers False for every kind of failure, so remotely they cannot be told "
      "apart; the likely causes, in order: (1) " +
      login_hint + "; (2) " + secret_hint +
      "; (3) user archived; (4) key scope neither global nor 'rpc'; (5) two-factor "
      "authentication on and a password used instead of an API key; (6) login cooldown after "
      "repeated failures";
  std::string fix =
      "check each cause in turn (Settings > Users: login, active, API keys); on the keygate "
      "host run the doctor with --data-dir to name the exact cause, or see `keygate events "
      "--login " +
      h.login + "`";
  return Fail(name, detail, cause, fix);
}

Step CheckJsonRpcAgreement(const RpcReply& json, const RpcReply& xml) {
  const std::string name = "authenticate (JSON-RPC)";
  if (json.kind == RpcReply::Kind::kTransport) {
    return Fail(name, "/jsonrpc: " + json.http.error_text, "the JSON-RPC route is unreachable",
                "check the proxy forwards /jsonrpc");
  }
  if (json.kind == RpcReply::Kind::kNotRpc) return NotRpcStep(name, json, "POST /jsonrpc");
  if (json.is_fault()) {
    return Fail(
        name, "/jsonrpc common.authenticate raised: " + FirstLine(json.fault_text),
        IsCooldownText(json.fault_text) ? CooldownCause() : "JSON-RPC fails where XML-RPC works",
        IsCooldownText(json.fault_text) ? CooldownFix() : "read the server log");
  }
  int64_t j = UidOf(json);
  int64_t x = UidOf(xml);
  if (j == x && j > 0) return Pass(name, "uid " + std::to_string(j) + ", same as XML-RPC");
  return Fail(name,
              "XML-RPC says uid " + std::to_string(x) + ", JSON-RPC says " +
                  (j > 0 ? "uid " + std::to_string(j) : std::string("False")),
              "the two endpoints disagree: they reach different servers or databases (proxy "
              "routing, dbfilter), or a cooldown started between the two calls",
              "check the proxy routes /xmlrpc and /jsonrpc to the same server");
}

Step CheckUidFalse(const RpcReply& xml_auth) {
  const std::string name = "uid False handling";
  if (int64_t uid = UidOf(xml_auth); uid > 0) {
    return Pass(name, "authenticate returned uid " + std::to_string(uid) +
                          " (a client must still check `if not uid:` before going on)");
  }
  if (xml_auth.is_result()) {
    return Fail(name, "authenticate returned False, which is not an error on the wire",
                "authenticate reports a failed login by returning False, not by raising; a "
                "client that goes on with uid False gets 'Access Denied' (or a type error) "
                "from every execute_kw afterwards, far from the real cause",
                "after uid = common.authenticate(db, login, key, {}), test `if not uid:` and "
                "stop with a clear message");
  }
  return Skip(name, "authenticate did not return a uid or False");
}

Step CheckOwnRead(const RpcReply& read, int64_t uid) {
  const std::string name = "object call";
  const std::string call = "execute_kw res.users read [" + std::to_string(uid) + "]";
  if (read.is_result() && read.result.is_array() && !read.result.as_array().empty()) {
    const Value* login = read.result.as_array()[0].Find("login");
    return Pass(name, call + " works" +
                          (login && login->is_string() ? " (login '" + login->as_string() + "')"
                                                       : std::string()));
  }
  if (read.kind == RpcReply::Kind::kNotRpc || read.kind == RpcReply::Kind::kTransport) {
    return Fail(name, "/xmlrpc/2/object did not answer XML-RPC",
                "the object endpoint is not reachable like the common one (proxy routing)",
                "check the proxy forwards /xmlrpc/2/object");
  }
  if (read.is_fault()) {
    std::string text = FirstLine(read.fault_text);
    if (IsCooldownText(read.fault_text)) {
      return Fail(name, call + ": " + text, CooldownCause(), CooldownFix());
    }
    if (read.IsAccessDenied()) {
      return Fail(name, call + " refused after a successful authenticate: " + text,
                  "the secret authenticates but object calls with it are refused: the key is "
                  "limited to some networks or rate-limited (keygate key restrictions), a "
                  "cooldown started, or the uid sent is not the key owner's",
                  "send the uid that authenticate returned with the same key; check the key's "
                  "allowed networks and rate limit (keygate key list)");
    }
    return Fail(name, call + ": " + text, "the user cannot read their own user record",
                "check the user's groups (an internal user can read it)");
  }
  return Fail(name, call + " returned nothing", "the user record is not visible",
              "check record rules on res.users");
}

std::vector<std::string> GroupsFromAccessError(const std::string& text) {
  std::vector<std::string> groups;
  size_t start = text.find("allowed for the following groups:");
  if (start == std::string::npos) return groups;
  size_t pos = text.find('\n', start);
  while (pos != std::string::npos) {
    size_t next = text.find('\n', pos + 1);
    std::string line(
        Trim(text.substr(pos + 1, next == std::string::npos ? std::string::npos : next - pos - 1)));
    if (line.rfind("- ", 0) == 0) {
      groups.emplace_back(Trim(line.substr(2)));
    } else if (!line.empty() || !groups.empty()) {
      break;
    }
    pos = next;
  }
  return groups;
}

Step CheckAccess(const RpcReply& reply, const std::string& model, const std::string& operation) {
  const std::string name = "access " + model + " " + operation;
  if (reply.is_result()) {
    if (reply.result.is_bool() && !reply.result.as_bool()) {
      return Fail(name, "check_access_rights('" + operation + "') returned False",
                  "authorization, not authentication: the user's groups do not allow " + operation +
                      " on " + model,
                  "grant the user a group that allows it");
    }
    return Pass(name, operation + " on " + model + " is allowed for this user");
  }
  if (reply.kind != RpcReply::Kind::kFault) {
    return Fail(name, "the object endpoint did not answer XML-RPC", "see the steps above",
                "see the steps above");
  }
  // Odoo 18's check_access_rights returns None when the operation is allowed (it raises the
  // AccessError otherwise), which its XML-RPC cannot send: that fault means "allowed".
  if (Contains(reply.fault_text, "cannot marshal None")) {
    return Pass(name, operation + " on " + model + " is allowed for this user");
  }
  std::string text = FirstLine(reply.fault_text);
  if (reply.IsAccessError() || Contains(reply.fault_text, "You are not allowed to")) {
    std::vector<std::string> groups = GroupsFromAccessError(reply.fault_text);
    std::string fix =
        groups.empty()
            ? "no group allows this operation: an administrator must add an access right "
              "(ir.model.access) for " +
                  model
            : "grant one of the groups: " + JoinNames(groups) +
                  " (Odoo: Settings > Users > Access Rights; keygate: keygate group grant)";
    return Fail(name, "AccessError: " + text,
                "authorization, not authentication: the login and the secret are right, but "
                "the user's groups (or, on keygate, the API key's scope) do not allow " +
                    operation + " on " + model,
                fix);
  }
  if (Contains(reply.fault_text, "doesn't exist") || Contains(reply.fault_text, "does not exist")) {
    return Fail(name, text, "the server has no model " + model + " (its module is not installed)",
                "check the model's technical name (e.g. sale.order) and the installed modules");
  }
  if (IsCooldownText(reply.fault_text)) return Fail(name, text, CooldownCause(), CooldownFix());
  return Fail(name, "fault: " + text, "the access check failed", "read the fault text");
}

bool SessionAwaits2fa(const RpcReply& session) {
  if (!session.is_result() || !session.result.is_struct()) return false;
  const Value* uid = session.result.Find("uid");
  return !uid || uid->is_nil() || (uid->is_bool() && !uid->as_bool());
}

Step CheckSession(const RpcReply& session, SecretShape shape) {
  const std::string name = "web session";
  const bool key = shape == SecretShape::kApiKey;
  if (session.kind == RpcReply::Kind::kTransport || session.kind == RpcReply::Kind::kNotRpc) {
    return Warn(name,
                "/web/session/authenticate answered " + (session.kind == RpcReply::Kind::kNotRpc
                                                             ? session.not_rpc_reason
                                                             : session.http.error_text),
                "the web session routes are not exposed (a proxy may forward only /xmlrpc and "
                "/jsonrpc)",
                "nothing to do unless the client logs in with web sessions");
  }
  if (session.is_result()) {
    if (SessionAwaits2fa(session)) {
      return Warn(name, "the web login accepts the password and waits for a 6-digit code",
                  "two-factor authentication is on for this user: the password is right, but "
                  "RPC refuses passwords of 2FA users",
                  "use an API key for RPC");
    }
    return Pass(name, key ? "/web/session/authenticate accepts the API key (this server allows "
                            "keys for web sessions; Odoo does not)"
                          : "/web/session/authenticate accepts the secret (it is the password)");
  }
  std::string text = FirstLine(session.fault_text);
  if (IsCooldownText(session.fault_text)) {
    return Warn(name, "/web/session/authenticate: " + text, CooldownCause(), CooldownFix());
  }
  if (session.IsAccessDenied() && key) {
    return Warn(name, "/web/session/authenticate refuses the API key (" + text + ")",
                "API keys do not open web sessions: the web login checks only the password, by "
                "design in Odoo; this matters only if the client uses sessions "
                "(/web/session/authenticate, then /web/dataset/call_kw with the session_id "
                "cookie)",
                "a client that uses sessions must log in with the password (or move to "
                "XML-RPC or /jsonrpc, where the key works); clients that use XML-RPC or "
                "JSON-RPC are not affected");
  }
  if (session.IsAccessDenied()) {
    return Warn(name, "/web/session/authenticate refuses the secret (" + text + ")",
                "the web login accepts only the user's password",
                "nothing to do unless the client uses web sessions");
  }
  return Warn(name, "/web/session/authenticate: " + text, "the web login failed",
              "nothing to do unless the client uses web sessions");
}

bool IsSessionExpired(const RpcReply& reply) {
  return reply.is_fault() && (reply.fault_code.find("SessionExpired") != std::string::npos ||
                              reply.fault_text.find("Session expired") != std::string::npos);
}

namespace {

// Whether a Set-Cookie value carries the attribute (case-insensitive, e.g. "Secure").
bool CookieHasAttribute(const std::string& set_cookie, std::string_view attribute) {
  size_t semi = set_cookie.find(';');
  while (semi != std::string::npos) {
    size_t next = set_cookie.find(';', semi + 1);
    std::string part = set_cookie.substr(
        semi + 1, next == std::string::npos ? std::string::npos : next - semi - 1);
    while (!part.empty() && part.front() == ' ') part.erase(0, 1);
    std::string name = part.substr(0, part.find('='));
    while (!name.empty() && name.back() == ' ') name.pop_back();
    if (name.size() == attribute.size() &&
        std::equal(name.begin(), name.end(), attribute.begin(), [](char a, char b) {
          return std::tolower(static_cast<unsigned char>(a)) ==
                 std::tolower(static_cast<unsigned char>(b));
        })) {
      return true;
    }
    semi = next;
  }
  return false;
}

}  // namespace

Step CheckSessionCookie(const RpcReply& session, const SessionCookieProbe& probe, const Url& url) {
  const std::string name = "session cookie";
  if (!session.is_result()) {
    if (session.IsAccessDenied()) {
      return Skip(name,
                  "not run: the secret opened no web session (an API key cannot, unless the "
                  "server allows it; run the doctor with the password to check sessions)");
    }
    return Skip(name, "not run: no web session was opened");
  }
  if (SessionAwaits2fa(session)) {
    return Skip(name, "not run: the web session waits for the 6-digit code");
  }
  if (probe.set_cookie.find("session_id=") == std::string::npos) {
    return Fail(
        name,
        "/web/session/authenticate logged in but set no session_id cookie" +
            (probe.set_cookie.empty() ? std::string(" (no Set-Cookie header)")
                                      : " (Set-Cookie: " + probe.set_cookie.substr(0, 40) + "...)"),
        "the session id travels only in the session_id cookie; without it every later "
        "session call answers 'Odoo Session Expired'. Something between the client and "
        "the server (a reverse proxy, a CDN, a WAF) removes or renames the Set-Cookie "
        "header",
        "let the proxy pass Set-Cookie through unchanged (nginx: no proxy_hide_header "
        "Set-Cookie, no proxy_cookie_* rewriting of session_id), or use XML-RPC or "
        "/jsonrpc with an API key, which need no session");
  }
  if (url.scheme == "http" && CookieHasAttribute(probe.set_cookie, "Secure")) {
    return Fail(name, "the session_id cookie is marked Secure but the URL is plain http",
                "clients (browsers, requests, odoorpc) never send a Secure cookie back over "
                "http, so every later session call answers 'Odoo Session Expired'. The server "
                "believes the connection is https: a proxy sends X-Forwarded-Proto: https while "
                "the client talks plain http to it",
                "use the https URL of the server, or make the proxy send X-Forwarded-Proto: "
                "http (only the proxy that terminates TLS may say https)");
  }
  if (!probe.with_cookie.is_result()) {
    std::string seen = probe.with_cookie.is_fault() ? FirstLine(probe.with_cookie.fault_text)
                       : probe.with_cookie.kind == RpcReply::Kind::kNotRpc
                           ? probe.with_cookie.not_rpc_reason
                           : probe.with_cookie.http.error_text;
    if (IsSessionExpired(probe.with_cookie)) {
      return Fail(name,
                  "the session_id cookie set at login is refused by "
                  "/web/session/get_session_info (" +
                      seen + ")",
                  "the server set a session cookie and does not recognise it on the next call: "
                  "a proxy drops the Cookie request header, or several servers behind a load "
                  "balancer do not share their sessions",
                  "let the proxy forward the Cookie header; with several instances, share the "
                  "session store (keygate: one PostgreSQL for all) or make the balancer sticky");
    }
    return Fail(name, "/web/session/get_session_info with the session cookie: " + seen,
                "the session routes do not answer as Odoo's", "check the proxy's routes for /web/");
  }
  std::string detail = "session_id cookie set at login and accepted by get_session_info";
  if (IsSessionExpired(probe.with_header)) {
    detail +=
        "; the old X-Openerp-Session-Id header is not accepted (since Odoo 16 only the "
        "cookie carries the session: a client that sends the header instead gets 'Odoo Session "
        "Expired' and must send the cookie)";
  } else if (probe.with_header.is_result()) {
    detail +=
        "; the old X-Openerp-Session-Id header is accepted too (an older server: Odoo 16 and "
        "later read only the cookie)";
  }
  return Pass(name, detail);
}

Step CheckCooldown(const std::vector<const RpcReply*>& replies) {
  const std::string name = "cooldown";
  for (const RpcReply* r : replies) {
    if (r && r->is_fault() && IsCooldownText(r->fault_text)) {
      return Fail(name, std::string("the server answered '") + kCooldownText + "'", CooldownCause(),
                  CooldownFix());
    }
  }
  return Pass(name, "no cooldown message in the answers");
}

}  // namespace keygate::doctor
