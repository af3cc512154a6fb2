// The doctor's runner: the calls in a cooldown-friendly order, the steps in the reading order.
#include "doctor/doctor.h"

#include "rpc/json_codec.h"
#include "rpc/xmlrpc_codec.h"

namespace keygate::doctor {

namespace {

RpcReply XmlCall(HttpTransport& t, const std::string& service, const std::string& method,
                 const Value::Array& params) {
  HttpRequest r;
  r.path = "/xmlrpc/2/" + service;
  r.content_type = "text/xml";
  r.body = rpc::SerializeXmlRpcCall(method, params);
  return ReadXmlRpcReply(t.Post(r));
}

RpcReply JsonCall(HttpTransport& t, const std::string& path, Value params, int id,
                  std::string cookie = "",
                  std::vector<std::pair<std::string, std::string>> headers = {}) {
  Value body(Value::Struct{});
  body.Set("jsonrpc", "2.0");
  body.Set("method", "call");
  body.Set("params", std::move(params));
  body.Set("id", id);
  HttpRequest r;
  r.path = path;
  r.content_type = "application/json";
  r.body = rpc::SerializeJson(body);
  r.headers = std::move(headers);
  if (!cookie.empty()) r.headers.emplace_back("Cookie", cookie);
  return ReadJsonRpcReply(t.Post(r));
}

Value Kwargs(std::initializer_list<Value::Member> members) { return Value(Value::Struct(members)); }

// "session_id=..." from a Set-Cookie header, or "".
std::string SessionCookie(const std::string& set_cookie) {
  size_t start = set_cookie.find("session_id=");
  if (start == std::string::npos) return "";
  size_t end = set_cookie.find(';', start);
  return set_cookie.substr(start, end == std::string::npos ? std::string::npos : end - start);
}

void SkipRest(std::vector<Step>& steps, const std::vector<std::string>& names,
              const std::string& why) {
  for (const auto& n : names) steps.push_back(Skip(n, why));
}

void Scrub(std::string& text, const std::string& secret) {
  if (secret.size() < 6) return;
  for (size_t pos = text.find(secret); pos != std::string::npos; pos = text.find(secret, pos)) {
    text.replace(pos, secret.size(), "[secret]");
  }
}

std::string JsonEscape(const std::string& s) { return rpc::SerializeJson(Value(s)); }

}  // namespace

bool Report::ok() const {
  for (const auto& s : steps) {
    if (s.status == StepStatus::kFail) return false;
  }
  return true;
}

Report RunDoctor(const DoctorRequest& q, HttpTransport& t, const LocalDiagnosis* local) {
  Report report;
  std::vector<Step>& steps = report.steps;
  const bool with_access = !q.model.empty();
  const std::string access_name = "access " + q.model + " " + q.operation;
  std::vector<std::string> after_version = {"db.list",
                                            "database",
                                            "secret format",
                                            "authenticate (XML-RPC)",
                                            "authenticate (JSON-RPC)",
                                            "uid False handling",
                                            "object call"};
  if (with_access) after_version.push_back(access_name);
  after_version.push_back("web session");
  after_version.push_back("session cookie");
  after_version.push_back("cooldown");

  // 1. Reachable, and really XML-RPC.
  RpcReply version = XmlCall(t, "common", "version", {});
  steps.push_back(CheckReachable(version.http, q.url));
  if (!version.http.ok()) {
    std::vector<std::string> rest = {"xmlrpc endpoint", "version"};
    rest.insert(rest.end(), after_version.begin(), after_version.end());
    SkipRest(steps, rest, "not run: the server is not reachable");
  } else {
    steps.push_back(CheckXmlRpcEndpoint(version, q.url));
    if (version.kind == RpcReply::Kind::kNotRpc) {
      std::vector<std::string> rest = {"version"};
      rest.insert(rest.end(), after_version.begin(), after_version.end());
      SkipRest(steps, rest, "not run: the URL does not answer XML-RPC");
    } else {
      steps.push_back(CheckVersion(version));

      // 2. The database: from db.list, or from authenticate's fault when listing is off. The
      // authenticate call is also the XML-RPC authentication step.
      // With the server's tables at hand (--data-dir), a secret they show refused is never
      // sent: reading them replaces the probe, and the run costs no failed login at all.
      const bool refused_locally = local != nullptr && local->secret_refused;
      RpcReply db_list = XmlCall(t, "db", "list", {});
      RpcReply auth;
      if (!refused_locally) {
        auth = XmlCall(t, "common", "authenticate",
                       {Value(q.db), Value(q.login), Value(q.secret), Value(Value::Struct{})});
      }
      Step database = CheckDatabase(q.db, db_list, auth);
      if (refused_locally && database.status == StepStatus::kWarn) {
        database = Pass("database", "database '" + q.db +
                                        "' exists in the data directory (db.list is not "
                                        "available; the secret was not sent)");
      }
      steps.push_back(CheckDbList(db_list));
      const bool db_missing = database.status == StepStatus::kFail;
      steps.push_back(std::move(database));
      const int64_t uid = UidOf(auth);
      Step format = CheckSecretFormat(q.secret);
      if (uid > 0 && format.status == StepStatus::kFail) {
        format.status = StepStatus::kWarn;  // it authenticates: it is the password
        format.cause = "it authenticates, so it is the user's password, not an API key";
        format.fix = "use an API key for integrations (revocable, not refused for 2FA users)";
      }
      steps.push_back(std::move(format));

      if (db_missing) {
        std::vector<std::string> rest(after_version.begin() + 3, after_version.end());
        SkipRest(steps, rest, "not run: the database does not exist");
      } else if (refused_locally) {
        steps.push_back(Fail("authenticate (XML-RPC)",
                             "not sent: the local tables show that the server refuses this "
                             "secret (reading them costs no failed login; sending it would)",
                             local->cause, local->fix));
        std::vector<std::string> rest(after_version.begin() + 4, after_version.end());
        SkipRest(steps, rest, "not run: the secret is refused (local tables), so it was not sent");
      } else {
        // 3. The web session check, only once XML-RPC accepted the secret: a run sends a wrong
        // secret once (one failed login towards the cooldown, never two). It comes before the
        // JSON-RPC call, whose success resets the counters the session attempt may have raised.
        const bool auth_failed = UidOf(auth) <= 0;
        RpcReply session;
        if (!auth_failed) {
          Value session_params(Value::Struct{});
          session_params.Set("db", q.db);
          session_params.Set("login", q.login);
          session_params.Set("password", q.secret);
          session = JsonCall(t, "/web/session/authenticate", session_params, 1);
        }
        SessionCookieProbe cookie_probe;
        cookie_probe.set_cookie = session.http.set_cookie;
        if (session.is_result() && !SessionAwaits2fa(session)) {
          std::string cookie = SessionCookie(session.http.set_cookie);
          if (!cookie.empty()) {
            // The cookie as a client sends it back, then the session id in the old header alone.
            cookie_probe.with_cookie =
                JsonCall(t, "/web/session/get_session_info", Value(Value::Struct{}), 4, cookie);
            cookie_probe.with_header = JsonCall(
                t, "/web/session/get_session_info", Value(Value::Struct{}), 5, "",
                {{"X-Openerp-Session-Id", cookie.substr(std::string("session_id=").size())}});
            (void)JsonCall(t, "/web/session/destroy", Value(Value::Struct{}), 2, cookie);
          }
        }

        AuthHints hints;
        hints.login = q.login;
        hints.secret_shape = ClassifySecret(q.secret);
        hints.cooldown_seen = IsCooldownText(session.fault_text) || IsCooldownText(auth.fault_text);
        hints.session_says_2fa = SessionAwaits2fa(session);
        if (local) {
          hints.local_cause = local->cause;
          hints.local_fix = local->fix;
        }
        steps.push_back(CheckAuthenticate(q.db, auth, hints));

        RpcReply json_auth;
        RpcReply read;
        RpcReply access;
        if (uid > 0) {
          Value args(
              Value::Array{Value(q.db), Value(q.login), Value(q.secret), Value(Value::Struct{})});
          Value params(Value::Struct{});
          params.Set("service", "common");
          params.Set("method", "authenticate");
          params.Set("args", args);
          json_auth = JsonCall(t, "/jsonrpc", params, 3);
          steps.push_back(CheckJsonRpcAgreement(json_auth, auth));
          steps.push_back(CheckUidFalse(auth));
          read = XmlCall(t, "object", "execute_kw",
                         {Value(q.db), Value(uid), Value(q.secret), Value("res.users"),
                          Value("read"), Value(Value::Array{Value(Value::Array{Value(uid)})}),
                          Kwargs({{"fields", Value(Value::Array{Value("login")})}})});
          steps.push_back(CheckOwnRead(read, uid));
          if (with_access) {
            // check_access_rights never changes data; for a read, search is the fallback on
            // servers that do not expose it.
            access = XmlCall(t, "object", "execute_kw",
                             {Value(q.db), Value(uid), Value(q.secret), Value(q.model),
                              Value("check_access_rights"), Value(Value::Array{Value(q.operation)}),
                              Kwargs({{"raise_exception", Value(true)}})});
            if (access.is_fault() && q.operation == "read" &&
                access.fault_text.find("check_access_rights") != std::string::npos) {
              access = XmlCall(
                  t, "object", "execute_kw",
                  {Value(q.db), Value(uid), Value(q.secret), Value(q.model), Value("search"),
                   Value(Value::Array{Value(Value::Array{})}), Kwargs({{"limit", Value(1)}})});
            }
            steps.push_back(CheckAccess(access, q.model, q.operation));
          }
        } else {
          // Another failed login would only bring the cooldown closer.
          steps.push_back(Skip("authenticate (JSON-RPC)",
                               "not run after a failed XML-RPC authenticate (it would only add a "
                               "failed login towards the cooldown)"));
          steps.push_back(CheckUidFalse(auth));
          steps.push_back(Skip("object call", "not run: no uid"));
          if (with_access) steps.push_back(Skip(access_name, "not run: no uid"));
        }
        if (auth_failed) {
          steps.push_back(Skip("web session",
                               "not run after a failed XML-RPC authenticate (a second failed "
                               "login would only bring the cooldown closer)"));
          steps.push_back(Skip("session cookie", "not run: no web session"));
        } else {
          steps.push_back(CheckSession(session, hints.secret_shape));
          steps.push_back(CheckSessionCookie(session, cookie_probe, q.url));
        }
        steps.push_back(CheckCooldown({&auth, &session, &json_auth, &read, &access}));
      }
    }
  }
  if (local) steps.insert(steps.end(), local->steps.begin(), local->steps.end());
  for (Step& s : steps) {
    Scrub(s.detail, q.secret);
    Scrub(s.cause, q.secret);
    Scrub(s.fix, q.secret);
  }
  return report;
}

std::string FormatReportText(const Report& report) {
  size_t width = 0;
  for (const auto& s : report.steps) width = std::max(width, s.name.size());
  std::string out;
  int counts[4] = {0, 0, 0, 0};
  for (const auto& s : report.steps) {
    ++counts[static_cast<int>(s.status)];
    const char* mark = s.status == StepStatus::kPass   ? "\u2714"
                       : s.status == StepStatus::kFail ? "\u2718"
                       : s.status == StepStatus::kWarn ? "!"
                                                       : "-";
    std::string name = s.name + std::string(width - s.name.size(), ' ');
    std::string detail = s.detail;
    // Multi-line details (event lists) continue under the detail column.
    std::string indent = "\n" + std::string(width + 4, ' ');
    for (size_t p = detail.find('\n'); p != std::string::npos; p = detail.find('\n', p + 1)) {
      detail.replace(p, 1, indent);
      p += indent.size() - 1;
    }
    out += std::string(mark) + " " + name + "  " + detail + "\n";
    if (s.status == StepStatus::kFail || s.status == StepStatus::kWarn) {
      if (!s.cause.empty()) out += "    cause: " + s.cause + "\n";
      if (!s.fix.empty()) out += "    fix:   " + s.fix + "\n";
    }
  }
  out += std::to_string(counts[0]) + " passed, " + std::to_string(counts[1]) + " failed, " +
         std::to_string(counts[2]) + " warning(s), " + std::to_string(counts[3]) + " skipped\n";
  return out;
}

std::string FormatReportJson(const Report& report) {
  std::string out = "[";
  bool first = true;
  for (const auto& s : report.steps) {
    out += first ? "\n" : ",\n";
    first = false;
    out += "  {\"name\": " + JsonEscape(s.name) +
           ", \"status\": " + JsonEscape(StepStatusName(s.status)) +
           ", \"detail\": " + JsonEscape(s.detail) + ", \"cause\": " + JsonEscape(s.cause) +
           ", \"fix\": " + JsonEscape(s.fix) + "}";
  }
  out += "\n]\n";
  return out;
}

}  // namespace keygate::doctor
