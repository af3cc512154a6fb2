// The doctor's checks over recorded answers: each failure mode of the catalogue gives the right
// status, cause and fix.
#include "doctor/checks.h"

#include <gtest/gtest.h>

#include "rpc/xmlrpc_codec.h"

namespace keygate::doctor {
namespace {

HttpExchange Http(int status, std::string content_type, std::string body) {
  HttpExchange e;
  e.status = status;
  e.content_type = std::move(content_type);
  e.body = std::move(body);
  return e;
}

HttpExchange XmlResult(const Value& v) {
  return Http(200, "text/xml; charset=utf-8", rpc::SerializeXmlRpcResponse(v));
}

HttpExchange XmlFault(int code, const std::string& text) {
  return Http(200, "text/xml; charset=utf-8", rpc::SerializeXmlRpcFault(code, text));
}

HttpExchange Redirect(int status, std::string location) {
  HttpExchange e = Http(status, "text/html; charset=utf-8", "<html>Redirecting...</html>");
  e.location = std::move(location);
  return e;
}

HttpExchange Transport(TransportError error, std::string text) {
  HttpExchange e;
  e.error = error;
  e.error_text = std::move(text);
  return e;
}

bool Has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

const char* kAccessErrorText =
    "You are not allowed to access 'Sales Order' (sale.order) records.\n\n"
    "This operation is allowed for the following groups:\n"
    "\t- Sales/User: Own Documents Only\n"
    "\t- Sales/Administrator\n\n"
    "Contact your administrator to request access if necessary.";

const char* kKey = "0123456789abcdef0123456789abcdef01234567";

Url LocalUrl() { return *ParseUrl("http://127.0.0.1:8069"); }

TEST(ReadXmlRpcReply, ResultFaultAndLegacyFault) {
  RpcReply r = ReadXmlRpcReply(XmlResult(Value(int64_t{2})));
  ASSERT_TRUE(r.is_result());
  EXPECT_EQ(r.result, Value(int64_t{2}));

  r = ReadXmlRpcReply(XmlFault(3, "Access Denied"));
  ASSERT_TRUE(r.is_fault());
  EXPECT_TRUE(r.IsAccessDenied());
  EXPECT_EQ(r.fault_text, "Access Denied");

  HttpExchange legacy =
      Http(200, "text/xml",
           rpc::SerializeXmlRpcFault(std::string("warning -- AccessError\n\nNo way"), ""));
  r = ReadXmlRpcReply(legacy);
  EXPECT_TRUE(r.IsAccessError());
  EXPECT_EQ(r.fault_text, "No way");
}

TEST(ReadJsonRpcReply, OdooError) {
  HttpExchange e = Http(200, "application/json",
                        R"({"jsonrpc": "2.0", "id": 1, "error": {"code": 200, "message": )"
                        R"("Odoo Server Error", "data": {"name": "odoo.exceptions.AccessDenied", )"
                        R"("message": "Access Denied", "arguments": ["Access Denied"]}}})");
  RpcReply r = ReadJsonRpcReply(e);
  EXPECT_TRUE(r.IsAccessDenied());
  EXPECT_EQ(r.fault_text, "Access Denied");
  r = ReadJsonRpcReply(Http(200, "application/json", R"({"jsonrpc":"2.0","id":1,"result":7})"));
  EXPECT_EQ(UidOf(r), 7);
}

TEST(NotRpc, RedirectToHttpsIsReportedWithItsLocation) {
  RpcReply r = ReadXmlRpcReply(Redirect(301, "https://erp.example.com/xmlrpc/2/common"));
  ASSERT_EQ(r.kind, RpcReply::Kind::kNotRpc);
  Step s = CheckXmlRpcEndpoint(r, LocalUrl());
  EXPECT_EQ(s.status, StepStatus::kFail);
  EXPECT_TRUE(Has(s.detail, "https://erp.example.com/xmlrpc/2/common"));
  EXPECT_TRUE(Has(s.cause, "a redirect, not XML-RPC"));
  EXPECT_TRUE(Has(s.fix, "https://"));
}

TEST(NotRpc, RedirectToTheLoginPage) {
  Step s = CheckXmlRpcEndpoint(ReadXmlRpcReply(Redirect(303, "/web/login?redirect=x")), LocalUrl());
  EXPECT_EQ(s.status, StepStatus::kFail);
  EXPECT_TRUE(Has(s.cause, "web login page"));
}

TEST(NotRpc, HtmlPageProxyErrorAnd404) {
  Step html = CheckXmlRpcEndpoint(
      ReadXmlRpcReply(Http(200, "text/html", "<!DOCTYPE html><html><title>Welcome</title></html>")),
      LocalUrl());
  EXPECT_EQ(html.status, StepStatus::kFail);
  EXPECT_TRUE(Has(html.detail, "an HTML page"));
  EXPECT_TRUE(Has(html.detail, "Welcome"));
  EXPECT_TRUE(Has(html.cause, "HTML page where XML was expected"));

  Step proxy = CheckXmlRpcEndpoint(
      ReadXmlRpcReply(Http(502, "text/html", "<html><title>502 Bad Gateway</title></html>")),
      LocalUrl());
  EXPECT_TRUE(Has(proxy.detail, "HTTP 502"));
  EXPECT_TRUE(Has(proxy.cause, "proxy error"));

  Step missing = CheckXmlRpcEndpoint(ReadXmlRpcReply(Http(404, "text/plain", "nope")), LocalUrl());
  EXPECT_TRUE(Has(missing.detail, "404"));
  EXPECT_TRUE(Has(missing.cause, "no RPC endpoint"));

  Step json = CheckXmlRpcEndpoint(ReadXmlRpcReply(Http(200, "application/json", "{}")), LocalUrl());
  EXPECT_EQ(json.status, StepStatus::kFail);
  EXPECT_TRUE(Has(json.detail, "not XML"));
}

TEST(CheckReachable, NamesEachTransportCause) {
  Url url = LocalUrl();
  EXPECT_EQ(CheckReachable(HttpExchange{}, url).status, StepStatus::kPass);
  Step refused = CheckReachable(Transport(TransportError::kRefused, "Connection refused"), url);
  EXPECT_EQ(refused.status, StepStatus::kFail);
  EXPECT_TRUE(Has(refused.cause, "nothing listens on 127.0.0.1:8069"));
  EXPECT_TRUE(Has(CheckReachable(Transport(TransportError::kDns, "x"), url).cause, "DNS"));
  EXPECT_TRUE(Has(CheckReachable(Transport(TransportError::kTimeout, "x"), url).cause, "timeout"));
  EXPECT_TRUE(Has(CheckReachable(Transport(TransportError::kTls, "x"), url).cause, "TLS"));
  EXPECT_TRUE(Has(CheckReachable(Transport(TransportError::kNotHttp, "x"), url).fix, "https://"));
}

TEST(CheckVersion, ReadsServerVersion) {
  Value v(Value::Struct{});
  v.Set("server_version", "18.0");
  v.Set("protocol_version", 1);
  Step s = CheckVersion(ReadXmlRpcReply(XmlResult(v)));
  EXPECT_EQ(s.status, StepStatus::kPass);
  EXPECT_EQ(s.detail, "server_version 18.0, protocol_version 1");
  EXPECT_EQ(CheckVersion(ReadXmlRpcReply(XmlResult(Value("hi")))).status, StepStatus::kWarn);
}

TEST(CloseMatches, CaseAndTypos) {
  EXPECT_EQ(EditDistance("Demo", "demo"), 0u);
  EXPECT_EQ(EditDistance("demo", "dmeo"), 2u);
  std::vector<std::string> dbs = {"demo", "production", "prod_copy"};
  EXPECT_EQ(CloseMatches("Demo", dbs), std::vector<std::string>{"demo"});
  EXPECT_EQ(CloseMatches("prodution", dbs), std::vector<std::string>{"production"});
  EXPECT_TRUE(CloseMatches("accounting", dbs).empty());
}

TEST(CheckDatabase, FromDbList) {
  RpcReply list = ReadXmlRpcReply(XmlResult(Value(Value::Array{Value("demo"), Value("prod")})));
  RpcReply auth = ReadXmlRpcReply(XmlResult(Value(false)));
  EXPECT_EQ(CheckDatabase("demo", list, auth).status, StepStatus::kPass);
  Step wrong = CheckDatabase("Demo", list, auth);
  EXPECT_EQ(wrong.status, StepStatus::kFail);
  EXPECT_TRUE(Has(wrong.cause, "wrong database name"));
  EXPECT_TRUE(Has(wrong.fix, "did you mean demo?"));
  Step far = CheckDatabase("accounting", list, auth);
  EXPECT_TRUE(Has(far.fix, "demo, prod"));
  EXPECT_EQ(CheckDbList(list).status, StepStatus::kPass);
}

TEST(CheckDatabase, ListingOffFallsBackToTheAuthenticateFault) {
  RpcReply refused = ReadXmlRpcReply(XmlFault(3, "Access Denied"));
  EXPECT_TRUE(DbListRefused(refused));
  Step listing = CheckDbList(refused);
  EXPECT_EQ(listing.status, StepStatus::kWarn);
  EXPECT_TRUE(Has(listing.cause, "list_db = False"));

  RpcReply missing = ReadXmlRpcReply(XmlFault(1, "database \"demoo\" does not exist"));
  Step s = CheckDatabase("demoo", refused, missing);
  EXPECT_EQ(s.status, StepStatus::kFail);
  EXPECT_TRUE(Has(s.detail, "database \"demoo\" does not exist"));
  EXPECT_TRUE(Has(s.cause, "wrong database name"));

  // Odoo sends a traceback in fault 1: the line that matters is shown.
  RpcReply traceback = ReadXmlRpcReply(
      XmlFault(1,
               "Traceback (most recent call last):\n  File \"x.py\", line 1\n"
               "psycopg2.OperationalError: connection failed: FATAL:  database \"demoo\" does not "
               "exist\n"));
  EXPECT_TRUE(Has(CheckDatabase("demoo", refused, traceback).detail,
                  "the server says: psycopg2.OperationalError: connection failed: FATAL:  "
                  "database \"demoo\" does not exist"));

  Step ok = CheckDatabase("demo", refused, ReadXmlRpcReply(XmlResult(Value(false))));
  EXPECT_EQ(ok.status, StepStatus::kPass);
  EXPECT_TRUE(Has(ok.detail, "db.list is not available"));
}

TEST(SecretFormat, Shapes) {
  EXPECT_EQ(ClassifySecret(kKey), SecretShape::kApiKey);
  EXPECT_EQ(ClassifySecret("0123456789ABCDEF0123456789abcdef01234567"), SecretShape::kUpperHex);
  EXPECT_EQ(ClassifySecret("3f5a8b2c-1234-5678-90ab-cdef12345678"), SecretShape::kUuid);
  EXPECT_EQ(ClassifySecret(std::string(kKey) + "\n"), SecretShape::kPadded);
  EXPECT_EQ(ClassifySecret(" " + std::string(kKey)), SecretShape::kPadded);
  EXPECT_EQ(ClassifySecret("admin"), SecretShape::kShort);
  EXPECT_EQ(ClassifySecret(std::string(kKey) + "00"), SecretShape::kOther);

  EXPECT_EQ(CheckSecretFormat(kKey).status, StepStatus::kPass);
  Step uuid = CheckSecretFormat("3f5a8b2c-1234-5678-90ab-cdef12345678");
  EXPECT_EQ(uuid.status, StepStatus::kFail);
  EXPECT_TRUE(Has(uuid.cause,
                  "this looks like a UUID: Odoo API keys are 40 hex characters; the "
                  "key was probably copied from an article/another system"));
  Step padded = CheckSecretFormat(std::string(kKey) + "\n");
  EXPECT_EQ(padded.status, StepStatus::kFail);
  EXPECT_TRUE(Has(padded.fix, "strip it"));
  Step password = CheckSecretFormat("hunter2");
  EXPECT_EQ(password.status, StepStatus::kWarn);
  EXPECT_TRUE(Has(password.detail, "looks like a password"));
  EXPECT_EQ(CheckSecretFormat("0123456789ABCDEF0123456789abcdef01234567").status,
            StepStatus::kWarn);
}

TEST(SecretFormat, NeverShowsMoreThanFourCharacters) {
  EXPECT_EQ(DescribeSecret(kKey), "0123... (40 characters)");
  EXPECT_EQ(DescribeSecret("hunter2"), "(7 characters)");
  for (const char* s : {kKey, "hunter2", "3f5a8b2c-1234-5678-90ab-cdef12345678"}) {
    Step step = CheckSecretFormat(s);
    EXPECT_FALSE(Has(step.detail + step.cause + step.fix, std::string(s).substr(0, 5))) << s;
  }
}

TEST(LooksLikeEmail, Shapes) {
  EXPECT_TRUE(LooksLikeEmail("jane@example.com"));
  EXPECT_FALSE(LooksLikeEmail("admin"));
  EXPECT_FALSE(LooksLikeEmail("a@b"));
  EXPECT_FALSE(LooksLikeEmail("@example.com"));
}

TEST(CheckAuthenticate, UidPasses) {
  AuthHints h;
  h.login = "admin";
  Step s = CheckAuthenticate("demo", ReadXmlRpcReply(XmlResult(Value(2))), h);
  EXPECT_EQ(s.status, StepStatus::kPass);
  EXPECT_TRUE(Has(s.detail, "uid 2"));
}

TEST(CheckAuthenticate, FalseListsTheCausesItCannotTellApart) {
  AuthHints h;
  h.login = "admin";
  Step s = CheckAuthenticate("demo", ReadXmlRpcReply(XmlResult(Value(false))), h);
  EXPECT_EQ(s.status, StepStatus::kFail);
  EXPECT_TRUE(Has(s.cause, "cannot be told apart"));
  for (const char* c : {"wrong login", "revoked", "archived", "scope", "two-factor", "cooldown"}) {
    EXPECT_TRUE(Has(s.cause, c)) << c;
  }
  EXPECT_TRUE(Has(s.cause, "does not look like an e-mail"));
  EXPECT_TRUE(Has(s.fix, "--data-dir"));

  h.login = "jane@example.com";
  s = CheckAuthenticate("demo", ReadXmlRpcReply(XmlResult(Value(false))), h);
  EXPECT_TRUE(Has(s.cause, "often but not always their e-mail"));
}

TEST(CheckAuthenticate, HintsNameTheCause) {
  AuthHints h;
  h.login = "admin";
  h.local_cause = "key expired on 2020-01-01 00:00:00 UTC";
  h.local_fix = "create a new key";
  Step s = CheckAuthenticate("demo", ReadXmlRpcReply(XmlResult(Value(false))), h);
  EXPECT_EQ(s.cause, h.local_cause);
  EXPECT_EQ(s.fix, "create a new key");

  AuthHints cool;
  cool.login = "admin";
  cool.cooldown_seen = true;
  s = CheckAuthenticate("demo", ReadXmlRpcReply(XmlResult(Value(false))), cool);
  EXPECT_TRUE(Has(s.cause, "login cooldown"));
  EXPECT_TRUE(Has(s.fix, "proxy_mode"));

  AuthHints tfa;
  tfa.login = "admin";
  tfa.session_says_2fa = true;
  s = CheckAuthenticate("demo", ReadXmlRpcReply(XmlResult(Value(false))), tfa);
  EXPECT_TRUE(Has(s.cause, "2FA user trying a password over RPC"));
}

TEST(CheckUidFalse, ExplainsFalseIsNotAFault) {
  Step s = CheckUidFalse(ReadXmlRpcReply(XmlResult(Value(false))));
  EXPECT_EQ(s.status, StepStatus::kFail);
  EXPECT_TRUE(Has(s.cause, "returning False, not by raising"));
  EXPECT_TRUE(Has(s.fix, "if not uid:"));
  EXPECT_EQ(CheckUidFalse(ReadXmlRpcReply(XmlResult(Value(2)))).status, StepStatus::kPass);
}

TEST(CheckJsonRpcAgreement, SameUidPassesDifferentFails) {
  RpcReply xml = ReadXmlRpcReply(XmlResult(Value(2)));
  RpcReply same = ReadJsonRpcReply(Http(200, "application/json", R"({"result": 2})"));
  RpcReply other = ReadJsonRpcReply(Http(200, "application/json", R"({"result": false})"));
  EXPECT_EQ(CheckJsonRpcAgreement(same, xml).status, StepStatus::kPass);
  Step s = CheckJsonRpcAgreement(other, xml);
  EXPECT_EQ(s.status, StepStatus::kFail);
  EXPECT_TRUE(Has(s.detail, "JSON-RPC says False"));
}

TEST(CheckOwnRead, AccessDeniedAfterAuthenticate) {
  Step s = CheckOwnRead(ReadXmlRpcReply(XmlFault(3, "Access Denied")), 7);
  EXPECT_EQ(s.status, StepStatus::kFail);
  EXPECT_TRUE(Has(s.detail, "refused after a successful authenticate"));
  Value row(Value::Struct{});
  row.Set("id", 7);
  row.Set("login", "jane");
  Step ok = CheckOwnRead(ReadXmlRpcReply(XmlResult(Value(Value::Array{row}))), 7);
  EXPECT_EQ(ok.status, StepStatus::kPass);
  EXPECT_TRUE(Has(ok.detail, "'jane'"));
}

TEST(CheckAccess, AccessErrorNamesTheGroups) {
  EXPECT_EQ(GroupsFromAccessError(kAccessErrorText),
            (std::vector<std::string>{"Sales/User: Own Documents Only", "Sales/Administrator"}));
  Step s = CheckAccess(ReadXmlRpcReply(XmlFault(4, kAccessErrorText)), "sale.order", "read");
  EXPECT_EQ(s.status, StepStatus::kFail);
  EXPECT_EQ(s.name, "access sale.order read");
  EXPECT_TRUE(Has(s.cause, "authorization, not authentication"));
  EXPECT_TRUE(Has(s.fix,
                  "grant one of the groups: Sales/User: Own Documents Only, "
                  "Sales/Administrator"));
  EXPECT_EQ(CheckAccess(ReadXmlRpcReply(XmlResult(Value(true))), "sale.order", "read").status,
            StepStatus::kPass);
  // Odoo 18 (and keygate) answer an allowed check_access_rights with None, a fault in XML-RPC.
  EXPECT_EQ(CheckAccess(ReadXmlRpcReply(XmlFault(
                            1, "TypeError: cannot marshal None unless allow_none is enabled")),
                        "sale.order", "read")
                .status,
            StepStatus::kPass);

  Step none = CheckAccess(
      ReadXmlRpcReply(XmlFault(4,
                               "You are not allowed to delete 'X' (x.y) records.\n\nNo group "
                               "currently allows this operation.\n\nContact your "
                               "administrator to request access if necessary.")),
      "x.y", "unlink");
  EXPECT_TRUE(Has(none.fix, "no group allows this operation"));
  Step unknown =
      CheckAccess(ReadXmlRpcReply(XmlFault(2, "Object x.y doesn't exist")), "x.y", "read");
  EXPECT_TRUE(Has(unknown.cause, "no model x.y"));
}

TEST(CheckSession, ApiKeyOnWebSessionIsAWarning) {
  HttpExchange denied =
      Http(200, "application/json",
           R"({"jsonrpc":"2.0","id":1,"error":{"code":200,"message":"Odoo Server Error","data":)"
           R"({"name":"odoo.exceptions.AccessDenied","message":"Access Denied"}}})");
  Step s = CheckSession(ReadJsonRpcReply(denied), SecretShape::kApiKey);
  EXPECT_EQ(s.status, StepStatus::kWarn);
  EXPECT_TRUE(Has(s.cause, "API keys do not open web sessions"));

  RpcReply tfa = ReadJsonRpcReply(Http(200, "application/json", R"({"result": {"uid": null}})"));
  EXPECT_TRUE(SessionAwaits2fa(tfa));
  Step t = CheckSession(tfa, SecretShape::kShort);
  EXPECT_EQ(t.status, StepStatus::kWarn);
  EXPECT_TRUE(Has(t.cause, "two-factor"));

  RpcReply opened = ReadJsonRpcReply(Http(200, "application/json", R"({"result": {"uid": 2}})"));
  EXPECT_EQ(CheckSession(opened, SecretShape::kShort).status, StepStatus::kPass);
}

RpcReply SessionExpiredReply() {
  return ReadJsonRpcReply(
      Http(200, "application/json",
           R"({"jsonrpc":"2.0","id":4,"error":{"code":100,"message":"Odoo Session Expired","data":)"
           R"({"name":"odoo.http.SessionExpiredException","message":"Session expired"}}})"));
}

TEST(CheckSessionCookie, SkippedWhenNoSessionWasOpened) {
  RpcReply denied = ReadJsonRpcReply(
      Http(200, "application/json",
           R"({"jsonrpc":"2.0","id":1,"error":{"code":200,"message":"Odoo Server Error","data":)"
           R"({"name":"odoo.exceptions.AccessDenied","message":"Access Denied"}}})"));
  Step s = CheckSessionCookie(denied, {}, LocalUrl());
  EXPECT_EQ(s.status, StepStatus::kSkip);
  EXPECT_TRUE(Has(s.detail, "an API key cannot"));
  RpcReply tfa = ReadJsonRpcReply(Http(200, "application/json", R"({"result": {"uid": null}})"));
  EXPECT_EQ(CheckSessionCookie(tfa, {}, LocalUrl()).status, StepStatus::kSkip);
}

TEST(CheckSessionCookie, HealthyCookieAndRefusedHeader) {
  RpcReply opened = ReadJsonRpcReply(Http(200, "application/json", R"({"result": {"uid": 2}})"));
  SessionCookieProbe p;
  p.set_cookie = "session_id=abc; Max-Age=604800; HttpOnly; Path=/; SameSite=Lax";
  p.with_cookie = opened;
  p.with_header = SessionExpiredReply();
  EXPECT_TRUE(IsSessionExpired(p.with_header));
  Step s = CheckSessionCookie(opened, p, LocalUrl());
  EXPECT_EQ(s.status, StepStatus::kPass);
  EXPECT_TRUE(Has(s.detail, "X-Openerp-Session-Id header is not accepted"));
  EXPECT_FALSE(Has(s.detail, "abc"));
  p.with_header = opened;
  EXPECT_TRUE(Has(CheckSessionCookie(opened, p, LocalUrl()).detail, "accepted too"));
}

TEST(CheckSessionCookie, MissingSecureOverHttpAndRefusedCookie) {
  RpcReply opened = ReadJsonRpcReply(Http(200, "application/json", R"({"result": {"uid": 2}})"));
  SessionCookieProbe p;
  Step none = CheckSessionCookie(opened, p, LocalUrl());
  EXPECT_EQ(none.status, StepStatus::kFail);
  EXPECT_TRUE(Has(none.detail, "no Set-Cookie header"));
  EXPECT_TRUE(Has(none.fix, "Set-Cookie"));

  p.set_cookie = "session_id=abc; HttpOnly; Path=/; SameSite=Lax; secure";
  p.with_cookie = opened;
  Step secure = CheckSessionCookie(opened, p, LocalUrl());
  EXPECT_EQ(secure.status, StepStatus::kFail);
  EXPECT_TRUE(Has(secure.cause, "X-Forwarded-Proto: https"));
  EXPECT_EQ(CheckSessionCookie(opened, p, *ParseUrl("https://erp.example.com")).status,
            StepStatus::kPass);

  p.set_cookie = "session_id=abc; HttpOnly; Path=/";
  p.with_cookie = SessionExpiredReply();
  Step refused = CheckSessionCookie(opened, p, LocalUrl());
  EXPECT_EQ(refused.status, StepStatus::kFail);
  EXPECT_TRUE(Has(refused.cause, "drops the Cookie request header"));
}

TEST(CheckCooldown, DetectsOdoosText) {
  RpcReply cool = ReadXmlRpcReply(
      XmlFault(3, "Too many login failures, please wait a bit before trying again."));
  RpcReply fine = ReadXmlRpcReply(XmlResult(Value(2)));
  Step s = CheckCooldown({&fine, &cool});
  EXPECT_EQ(s.status, StepStatus::kFail);
  EXPECT_TRUE(Has(s.cause, "proxy_mode"));
  EXPECT_EQ(CheckCooldown({&fine}).status, StepStatus::kPass);
}

}  // namespace
}  // namespace keygate::doctor
