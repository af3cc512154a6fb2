// The doctor's runner against a fake server: the steps come in order, failures stop what cannot
// run, the secret never reaches the report, and the formats.
#include "doctor/doctor.h"

#include <gtest/gtest.h>

#include <functional>
#include <map>

#include "rpc/xmlrpc_codec.h"

namespace keygate::doctor {
namespace {

const char* kKey = "0123456789abcdef0123456789abcdef01234567";

// Answers by "path method" ("/xmlrpc/2/common authenticate", "/jsonrpc"); records the calls.
class FakeTransport : public HttpTransport {
 public:
  HttpExchange Post(const HttpRequest& request) override {
    std::string key = request.path;
    if (request.path.rfind("/xmlrpc/", 0) == 0) {
      auto call = rpc::ParseXmlRpcCall(request.body);
      if (call.ok()) key += " " + call->method;
    }
    calls.push_back(key);
    auto it = answers.find(key);
    if (it == answers.end()) {
      HttpExchange e;
      e.status = 404;
      e.content_type = "text/html";
      e.body = "<html><title>404 Not Found</title></html>";
      return e;
    }
    return it->second;
  }

  std::map<std::string, HttpExchange> answers;
  std::vector<std::string> calls;
};

HttpExchange Xml(const Value& v) {
  HttpExchange e;
  e.status = 200;
  e.content_type = "text/xml";
  e.body = rpc::SerializeXmlRpcResponse(v);
  return e;
}

HttpExchange XmlFault(int code, const std::string& text) {
  HttpExchange e;
  e.status = 200;
  e.content_type = "text/xml";
  e.body = rpc::SerializeXmlRpcFault(code, text);
  return e;
}

HttpExchange Json(const std::string& body) {
  HttpExchange e;
  e.status = 200;
  e.content_type = "application/json";
  e.body = body;
  return e;
}

FakeTransport HealthyOdoo() {
  FakeTransport t;
  Value version(Value::Struct{});
  version.Set("server_version", "18.0");
  version.Set("protocol_version", 1);
  t.answers["/xmlrpc/2/common version"] = Xml(version);
  t.answers["/xmlrpc/2/db list"] = Xml(Value(Value::Array{Value("demo")}));
  t.answers["/xmlrpc/2/common authenticate"] = Xml(Value(2));
  t.answers["/jsonrpc"] = Json(R"({"jsonrpc":"2.0","id":3,"result":2})");
  Value row(Value::Struct{});
  row.Set("id", 2);
  row.Set("login", "admin");
  t.answers["/xmlrpc/2/object execute_kw"] = Xml(Value(Value::Array{row}));
  t.answers["/web/session/authenticate"] =
      Json(R"({"jsonrpc":"2.0","id":1,"error":{"code":200,"message":"Odoo Server Error",)"
           R"("data":{"name":"odoo.exceptions.AccessDenied","message":"Access Denied"}}})");
  return t;
}

DoctorRequest Request() {
  DoctorRequest q;
  q.url = *ParseUrl("http://127.0.0.1:8069");
  q.db = "demo";
  q.login = "admin";
  q.secret = kKey;
  return q;
}

const Step* Find(const Report& r, const std::string& name) {
  for (const auto& s : r.steps) {
    if (s.name == name) return &s;
  }
  return nullptr;
}

TEST(RunDoctor, HealthyServerPassesWithTheSessionWarning) {
  FakeTransport t = HealthyOdoo();
  Report r = RunDoctor(Request(), t, nullptr);
  EXPECT_TRUE(r.ok()) << FormatReportText(r);
  std::vector<std::string> names;
  for (const auto& s : r.steps) names.push_back(s.name);
  EXPECT_EQ(names,
            (std::vector<std::string>{"reachable", "xmlrpc endpoint", "version", "db.list",
                                      "database", "secret format", "authenticate (XML-RPC)",
                                      "authenticate (JSON-RPC)", "uid False handling",
                                      "object call", "web session", "session cookie", "cooldown"}));
  EXPECT_EQ(Find(r, "web session")->status, StepStatus::kWarn);
  // The session attempt (a failure with a key) comes before the JSON-RPC success.
  auto pos = [&](const std::string& c) {
    return std::find(t.calls.begin(), t.calls.end(), c) - t.calls.begin();
  };
  EXPECT_LT(pos("/web/session/authenticate"), pos("/jsonrpc"));
}

TEST(RunDoctor, FailedAuthenticateMakesNoFurtherLoginAttempt) {
  FakeTransport t = HealthyOdoo();
  t.answers["/xmlrpc/2/common authenticate"] = Xml(Value(false));
  Report r = RunDoctor(Request(), t, nullptr);
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(Find(r, "authenticate (XML-RPC)")->status, StepStatus::kFail);
  EXPECT_EQ(Find(r, "uid False handling")->status, StepStatus::kFail);
  EXPECT_EQ(Find(r, "authenticate (JSON-RPC)")->status, StepStatus::kSkip);
  EXPECT_EQ(std::count(t.calls.begin(), t.calls.end(), "/jsonrpc"), 0);
  EXPECT_EQ(std::count(t.calls.begin(), t.calls.end(), "/xmlrpc/2/object execute_kw"), 0);
}

TEST(RunDoctor, LocalDiagnosisNamesTheCause) {
  FakeTransport t = HealthyOdoo();
  t.answers["/xmlrpc/2/common authenticate"] = Xml(Value(false));
  LocalDiagnosis local;
  local.cause = "key revoked";
  local.fix = "create a new key";
  local.steps.push_back(Fail("local: secret", "no key", local.cause, local.fix));
  Report r = RunDoctor(Request(), t, &local);
  EXPECT_EQ(Find(r, "authenticate (XML-RPC)")->cause, "key revoked");
  EXPECT_EQ(r.steps.back().name, "local: secret");
}

TEST(RunDoctor, ASecretTheLocalTablesRefuseIsNeverSent) {
  FakeTransport t = HealthyOdoo();
  t.answers["/xmlrpc/2/db list"] = XmlFault(3, "Access Denied");  // listing off
  LocalDiagnosis local;
  local.cause = "key revoked";
  local.fix = "create a new key";
  local.secret_refused = true;
  local.steps.push_back(Fail("local: secret", "no key", local.cause, local.fix));
  Report r = RunDoctor(Request(), t, &local);
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(t.calls, (std::vector<std::string>{"/xmlrpc/2/common version", "/xmlrpc/2/db list"}));
  const Step* auth = Find(r, "authenticate (XML-RPC)");
  EXPECT_EQ(auth->status, StepStatus::kFail);
  EXPECT_EQ(auth->cause, "key revoked");
  EXPECT_EQ(auth->fix, "create a new key");
  EXPECT_EQ(Find(r, "database")->status, StepStatus::kPass);
  for (const char* skipped : {"authenticate (JSON-RPC)", "uid False handling", "object call",
                              "web session", "session cookie", "cooldown"}) {
    EXPECT_EQ(Find(r, skipped)->status, StepStatus::kSkip) << skipped;
  }
  EXPECT_EQ(r.steps.back().name, "local: secret");
}

TEST(RunDoctor, NothingListeningSkipsTheRest) {
  class Refusing : public HttpTransport {
   public:
    HttpExchange Post(const HttpRequest&) override {
      HttpExchange e;
      e.error = TransportError::kRefused;
      e.error_text = "Connection refused";
      return e;
    }
  } t;
  Report r = RunDoctor(Request(), t, nullptr);
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(r.steps[0].status, StepStatus::kFail);
  for (size_t i = 1; i < r.steps.size(); ++i) EXPECT_EQ(r.steps[i].status, StepStatus::kSkip);
}

TEST(RunDoctor, WrongDatabaseSkipsAuthentication) {
  FakeTransport t = HealthyOdoo();
  Report r = RunDoctor(
      [] {
        auto q = Request();
        q.db = "Demo";
        return q;
      }(),
      t, nullptr);
  EXPECT_FALSE(r.ok());
  EXPECT_TRUE(Find(r, "database")->fix.find("did you mean demo?") != std::string::npos);
  EXPECT_EQ(Find(r, "authenticate (XML-RPC)")->status, StepStatus::kSkip);
}

TEST(RunDoctor, AccessErrorWithModelAndOperation) {
  FakeTransport t = HealthyOdoo();
  DoctorRequest q = Request();
  q.model = "sale.order";
  q.operation = "read";
  // The own read and check_access_rights share a key in the fake: answer both with the fault,
  // then check only the access step.
  t.answers["/xmlrpc/2/object execute_kw"] =
      XmlFault(4,
               "You are not allowed to access 'Sales Order' (sale.order) records.\n\nThis "
               "operation is allowed for the following groups:\n\t- Sales/User: Own Documents "
               "Only\n\nContact your administrator to request access if necessary.");
  Report r = RunDoctor(q, t, nullptr);
  const Step* access = Find(r, "access sale.order read");
  ASSERT_NE(access, nullptr);
  EXPECT_EQ(access->status, StepStatus::kFail);
  EXPECT_TRUE(access->fix.find("Sales/User: Own Documents Only") != std::string::npos);
}

TEST(RunDoctor, TheSecretNeverReachesTheReport) {
  FakeTransport t = HealthyOdoo();
  t.answers["/xmlrpc/2/common authenticate"] =
      XmlFault(1, std::string("bad credentials: ") + kKey);  // a server that echoes it
  Report r = RunDoctor(Request(), t, nullptr);
  std::string text = FormatReportText(r) + FormatReportJson(r);
  EXPECT_EQ(text.find(kKey), std::string::npos);
  EXPECT_NE(text.find("[secret]"), std::string::npos);
}

TEST(Format, TextAndJson) {
  Report r;
  r.steps.push_back(Pass("reachable", "connected"));
  r.steps.push_back(Fail("database", "missing", "wrong name", "use demo"));
  r.steps.push_back(Warn("web session", "refused", "keys are not for sessions", "use XML-RPC"));
  r.steps.push_back(Skip("cooldown", "not run"));
  EXPECT_EQ(FormatReportText(r),
            "\u2714 reachable    connected\n"
            "\u2718 database     missing\n"
            "    cause: wrong name\n"
            "    fix:   use demo\n"
            "! web session  refused\n"
            "    cause: keys are not for sessions\n"
            "    fix:   use XML-RPC\n"
            "- cooldown     not run\n"
            "1 passed, 1 failed, 1 warning(s), 1 skipped\n");
  std::string json = FormatReportJson(r);
  EXPECT_NE(json.find(R"({"name": "database", "status": "fail", "detail": "missing", )"
                      R"("cause": "wrong name", "fix": "use demo"})"),
            std::string::npos);
  EXPECT_FALSE(r.ok());
}

}  // namespace
}  // namespace keygate::doctor
