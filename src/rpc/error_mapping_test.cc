// Tests for the Status -> wire error table: every code's row, and the wire forms built from it.
#include "rpc/error_mapping.h"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

namespace keygate::rpc {
namespace {

// Every code, from the enum's first to its last.
std::vector<StatusCode> AllCodes() {
  std::vector<StatusCode> out;
  for (int i = 0; i < kStatusCodeCount; ++i) out.push_back(static_cast<StatusCode>(i));
  return out;
}

// The expected row of each code, written out apart from the table (Odoo's rpc.py, http.py and
// json2.py): exception, /xmlrpc/2/ fault, legacy faultCode and faultString for message "m",
// JSON-RPC code, JSON-2 status, HTTP status, /metrics outcome.
struct Expected {
  StatusCode code;
  std::string exception;
  int fault;
  std::string legacy_code;
  std::string legacy_string;
  int jsonrpc_code;
  int json2;
  int http;
  std::string outcome;
};

// The Python exceptions whose JSON-RPC debug and fault texts are their traceback line.
std::string TracebackDebug(StatusCode code) {
  return code == StatusCode::kPyAssertionError ? "AssertionError: m" : "";
}

const std::vector<Expected>& ExpectedRows() {
  static const std::vector<Expected> rows = {
      {StatusCode::kOk, "builtins.Exception", 1, "m", "m", 200, 200, 200, "ok"},
      {StatusCode::kAccessDenied, "odoo.exceptions.AccessDenied", 3, "AccessDenied", "m", 200, 403,
       403, "access_denied"},
      {StatusCode::kAccessError, "odoo.exceptions.AccessError", 4, "warning -- AccessError\n\nm",
       "", 200, 403, 403, "access_error"},
      {StatusCode::kUserError, "odoo.exceptions.UserError", 2, "warning -- UserError\n\nm", "", 200,
       422, 400, "user_error"},
      {StatusCode::kValidationError, "odoo.exceptions.ValidationError", 2,
       "warning -- UserError\n\nm", "", 200, 422, 400, "user_error"},
      {StatusCode::kMissingError, "odoo.exceptions.MissingError", 2, "warning -- MissingError\n\nm",
       "", 200, 404, 400, "user_error"},
      {StatusCode::kSessionExpired, "odoo.http.SessionExpiredException", 1, "m", "m", 100, 401, 401,
       "access_denied"},
      {StatusCode::kDatabaseNotFound, "psycopg2.OperationalError", 1, "m", "m", 200, 404, 404,
       "user_error"},
      {StatusCode::kMethodNotFound, "builtins.Exception", 1, "m", "m", 200, 404, 404,
       "bad_request"},
      {StatusCode::kPyAssertionError, "builtins.AssertionError", 1, "m", "AssertionError: m", 200,
       500, 500, "bad_request"},
      {StatusCode::kInvalidRequest, "werkzeug.exceptions.BadRequest", 1, "m", "m", 200, 400, 400,
       "bad_request"},
      {StatusCode::kNotFound, "werkzeug.exceptions.NotFound", 1, "m", "m", 200, 404, 404,
       "not_found"},
      {StatusCode::kPayloadTooLarge, "werkzeug.exceptions.RequestEntityTooLarge", 1, "m", "m", 200,
       413, 413, "bad_request"},
      {StatusCode::kTooManyRequests, "werkzeug.exceptions.TooManyRequests", 1, "m", "m", 200, 429,
       429, "access_denied"},
      {StatusCode::kUnavailable, "werkzeug.exceptions.ServiceUnavailable", 1, "m", "m", 200, 503,
       503, "error"},
      {StatusCode::kInternal, "builtins.Exception", 1, "m", "m", 200, 500, 500, "error"},
  };
  return rows;
}

TEST(ErrorMappingTest, EveryCodeHasItsExpectedRow) {
  ASSERT_EQ(ExpectedRows().size(), static_cast<size_t>(kStatusCodeCount));
  for (const Expected& e : ExpectedRows()) {
    SCOPED_TRACE(e.exception + " fault " + std::to_string(e.fault));
    const Status s(e.code, "m");
    EXPECT_EQ(ExceptionName(e.code), e.exception);
    EXPECT_EQ(XmlRpcFaultCode(e.code), e.fault);
    const LegacyFault legacy = LegacyXmlRpcFault(s);
    EXPECT_EQ(legacy.code, e.legacy_code);
    EXPECT_EQ(legacy.string, e.legacy_string);
    const Value rpc_error = JsonRpcError(s, "18.0");
    EXPECT_EQ(rpc_error.Find("code")->as_int(), e.jsonrpc_code);
    EXPECT_EQ(rpc_error.Find("message")->as_string(),
              e.jsonrpc_code == 100 ? "Odoo Session Expired" : "Odoo Server Error");
    EXPECT_EQ(rpc_error.Find("data")->Find("name")->as_string(), e.exception);
    const std::string traceback = TracebackDebug(e.code);
    EXPECT_EQ(rpc_error.Find("data")->Find("debug")->as_string(),
              traceback.empty() ? e.exception + ": m" : traceback);
    EXPECT_EQ(XmlRpcFaultString(s), traceback.empty() ? "m" : traceback);
    EXPECT_EQ(Json2HttpStatus(e.code), e.json2);
    EXPECT_EQ(Json2ErrorBody(s).Find("name")->as_string(), e.exception);
    EXPECT_EQ(HttpStatusFor(e.code), e.http);
    EXPECT_EQ(OutcomeName(OutcomeFor(e.code)), e.outcome);
  }
}

TEST(ErrorMappingTest, OnlyBugsAndStorageAreServerErrors) {
  std::set<StatusCode> server_errors;
  for (StatusCode code : AllCodes()) {
    if (IsServerError(OutcomeFor(code))) server_errors.insert(code);
  }
  EXPECT_EQ(server_errors, (std::set<StatusCode>{StatusCode::kUnavailable, StatusCode::kInternal}));
  EXPECT_FALSE(IsServerError(OutcomeFor(StatusCode::kMethodNotFound)));
}

TEST(ErrorMappingTest, AnOutOfRangeCodeIsInternal) {
  const auto bad = static_cast<StatusCode>(kStatusCodeCount + 3);
  EXPECT_EQ(XmlRpcFaultCode(bad), 1);
  EXPECT_EQ(HttpStatusFor(bad), 500);
  EXPECT_EQ(OutcomeFor(bad), Outcome::kError);
}

TEST(ErrorMappingTest, JsonRpcEnvelope) {
  Value e = JsonRpcError(AccessDenied(), "18.0");
  EXPECT_EQ(e.Find("code")->as_int(), 200);
  EXPECT_EQ(e.Find("message")->as_string(), "Odoo Server Error");
  const Value* data = e.Find("data");
  ASSERT_NE(data, nullptr);
  EXPECT_EQ(data->Find("name")->as_string(), "odoo.exceptions.AccessDenied");
  EXPECT_EQ(data->Find("debug")->as_string(), "odoo.exceptions.AccessDenied: Access Denied");
  EXPECT_EQ(data->Find("message")->as_string(), "Access Denied");
  EXPECT_EQ(data->Find("arguments")->as_array().at(0).as_string(), "Access Denied");
  EXPECT_TRUE(data->Find("context")->is_struct());
  EXPECT_EQ(JsonRpcError(AccessDenied(), "19.0").Find("code")->as_int(), 0);
  Value expired = JsonRpcError({StatusCode::kSessionExpired, "Session expired"}, "19.0");
  EXPECT_EQ(expired.Find("code")->as_int(), 100);
  EXPECT_EQ(expired.Find("message")->as_string(), "Odoo Session Expired");
  EXPECT_EQ(expired.Find("data")->Find("name")->as_string(), "odoo.http.SessionExpiredException");
}

TEST(ErrorMappingTest, Json2BodyForAWerkzeugException) {
  Value body = Json2ErrorBody("werkzeug.exceptions.Unauthorized", "Invalid apikey");
  EXPECT_EQ(body.Find("name")->as_string(), "werkzeug.exceptions.Unauthorized");
  EXPECT_EQ(body.Find("message")->as_string(), "Invalid apikey");
  EXPECT_EQ(body.Find("arguments")->as_array().at(0).as_string(), "Invalid apikey");
  EXPECT_TRUE(body.Find("context")->is_struct());
  EXPECT_EQ(body.Find("debug")->as_string(), "werkzeug.exceptions.Unauthorized: Invalid apikey");
}

}  // namespace
}  // namespace keygate::rpc
