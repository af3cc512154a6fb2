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
// json2.py): exception, /xmlrpc/2/ fault and its text, legacy faultCode and faultString, the
// JSON-RPC debug line (all for message "m"), JSON-RPC code, JSON-2 status, HTTP status, /metrics
// outcome.
struct Expected {
  StatusCode code;
  std::string exception;
  int fault;
  std::string fault_string;
  std::string legacy_code;
  std::string legacy_string;
  std::string debug;
  int jsonrpc_code;
  int json2;
  int http;
  std::string outcome;
};

const std::vector<Expected>& ExpectedRows() {
  static const std::vector<Expected> rows = {
      {StatusCode::kOk, "builtins.Exception", 1, "m", "m", "m", "Exception: m", 200, 200, 200,
       "ok"},
      {StatusCode::kAccessDenied, "odoo.exceptions.AccessDenied", 3, "m", "AccessDenied", "m",
       "odoo.exceptions.AccessDenied: m", 200, 403, 403, "access_denied"},
      {StatusCode::kAccessError, "odoo.exceptions.AccessError", 4, "m",
       "warning -- AccessError\n\nm", "", "odoo.exceptions.AccessError: m", 200, 403, 403,
       "access_error"},
      {StatusCode::kUserError, "odoo.exceptions.UserError", 2, "m", "warning -- UserError\n\nm", "",
       "odoo.exceptions.UserError: m", 200, 422, 400, "user_error"},
      {StatusCode::kValidationError, "odoo.exceptions.ValidationError", 2, "m",
       "warning -- UserError\n\nm", "", "odoo.exceptions.ValidationError: m", 200, 422, 400,
       "user_error"},
      {StatusCode::kMissingError, "odoo.exceptions.MissingError", 2, "m",
       "warning -- MissingError\n\nm", "", "odoo.exceptions.MissingError: m", 200, 404, 400,
       "user_error"},
      {StatusCode::kSessionExpired, "odoo.http.SessionExpiredException", 1, "m", "m", "m",
       "odoo.http.SessionExpiredException: m", 100, 401, 401, "access_denied"},
      {StatusCode::kDatabaseNotFound, "psycopg2.OperationalError", 1, "m", "m", "m",
       "psycopg2.OperationalError: m", 200, 404, 404, "user_error"},
      {StatusCode::kPyException, "builtins.Exception", 1, "Exception: m", "m", "Exception: m",
       "Exception: m", 200, 422, 400, "bad_request"},
      {StatusCode::kPyValueError, "builtins.ValueError", 1, "ValueError: m", "m", "ValueError: m",
       "ValueError: m", 200, 422, 400, "bad_request"},
      {StatusCode::kPyTypeError, "builtins.TypeError", 1, "TypeError: m", "m", "TypeError: m",
       "TypeError: m", 200, 422, 400, "bad_request"},
      {StatusCode::kPyKeyError, "builtins.KeyError", 1, "KeyError: 'm'", "m", "KeyError: 'm'",
       "KeyError: 'm'", 200, 422, 400, "bad_request"},
      {StatusCode::kPyAttributeError, "builtins.AttributeError", 1, "AttributeError: m", "m",
       "AttributeError: m", "AttributeError: m", 200, 422, 400, "bad_request"},
      {StatusCode::kPyAssertionError, "builtins.AssertionError", 1, "AssertionError: m", "m",
       "AssertionError: m", "AssertionError: m", 200, 422, 400, "bad_request"},
      {StatusCode::kPyIndexError, "builtins.IndexError", 1, "IndexError: m", "m", "IndexError: m",
       "IndexError: m", 200, 422, 400, "bad_request"},
      {StatusCode::kPyNameError, "builtins.NameError", 1, "NameError: m", "m", "NameError: m",
       "NameError: m", 200, 422, 400, "bad_request"},
      {StatusCode::kXmlSyntaxError, "xml.parsers.expat.ExpatError", 1,
       "xml.parsers.expat.ExpatError: m", "m", "xml.parsers.expat.ExpatError: m",
       "xml.parsers.expat.ExpatError: m", 200, 400, 400, "bad_request"},
      {StatusCode::kPgInvalidText, "psycopg2.errors.InvalidTextRepresentation", 1,
       "psycopg2.errors.InvalidTextRepresentation: m", "m",
       "psycopg2.errors.InvalidTextRepresentation: m",
       "psycopg2.errors.InvalidTextRepresentation: m", 200, 422, 400, "bad_request"},
      {StatusCode::kPgOutOfRange, "psycopg2.errors.NumericValueOutOfRange", 1,
       "psycopg2.errors.NumericValueOutOfRange: m", "m",
       "psycopg2.errors.NumericValueOutOfRange: m", "psycopg2.errors.NumericValueOutOfRange: m",
       200, 422, 400, "bad_request"},
      {StatusCode::kInvalidRequest, "werkzeug.exceptions.BadRequest", 1, "m", "m", "m",
       "werkzeug.exceptions.BadRequest: m", 200, 400, 400, "bad_request"},
      {StatusCode::kNotFound, "werkzeug.exceptions.NotFound", 1, "m", "m", "m",
       "werkzeug.exceptions.NotFound: m", 200, 404, 404, "not_found"},
      {StatusCode::kPayloadTooLarge, "werkzeug.exceptions.RequestEntityTooLarge", 1, "m", "m", "m",
       "werkzeug.exceptions.RequestEntityTooLarge: m", 200, 413, 413, "bad_request"},
      {StatusCode::kTooManyRequests, "werkzeug.exceptions.TooManyRequests", 1, "m", "m", "m",
       "werkzeug.exceptions.TooManyRequests: m", 200, 429, 429, "access_denied"},
      {StatusCode::kUnavailable, "werkzeug.exceptions.ServiceUnavailable", 1, "m", "m", "m",
       "werkzeug.exceptions.ServiceUnavailable: m", 200, 503, 503, "error"},
      {StatusCode::kInternal, "builtins.Exception", 1, "m", "m", "m", "Exception: m", 200, 500, 500,
       "error"},
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
    EXPECT_EQ(XmlRpcFaultString(s), e.fault_string);
    const LegacyFault legacy = LegacyXmlRpcFault(s);
    EXPECT_EQ(legacy.code, e.legacy_code);
    EXPECT_EQ(legacy.string, e.legacy_string);
    const Value rpc_error = JsonRpcError(s, "18.0");
    EXPECT_EQ(rpc_error.Find("code")->as_int(), e.jsonrpc_code);
    EXPECT_EQ(rpc_error.Find("message")->as_string(),
              e.jsonrpc_code == 100 ? "Odoo Session Expired" : "Odoo Server Error");
    EXPECT_EQ(rpc_error.Find("data")->Find("name")->as_string(), e.exception);
    EXPECT_EQ(rpc_error.Find("data")->Find("debug")->as_string(), e.debug);
    EXPECT_EQ(rpc_error.Find("data")->Find("message")->as_string(), "m");
    EXPECT_EQ(Json2HttpStatus(e.code), e.json2);
    EXPECT_EQ(Json2ErrorBody(s).Find("name")->as_string(), e.exception);
    EXPECT_EQ(HttpStatusFor(e.code), e.http);
    EXPECT_EQ(OutcomeName(OutcomeFor(e.code)), e.outcome);
  }
}

// Python's traceback ends with "Class: str(exception)": KeyError's str() is the repr of its
// argument, and an exception whose str() is empty is its class alone.
TEST(ErrorMappingTest, TracebackLineFollowsPython) {
  EXPECT_EQ(TracebackLine(KeyError("nosuch")), "KeyError: 'nosuch'");
  EXPECT_EQ(TracebackLine(KeyError("it's")), "KeyError: \"it's\"");
  EXPECT_EQ(TracebackLine(KeyError("a\\b")), "KeyError: 'a\\\\b'");
  EXPECT_EQ(TracebackLine(KeyError("")), "KeyError: ''");
  EXPECT_EQ(TracebackLine(AssertionError("")), "AssertionError");
  EXPECT_EQ(TracebackLine(ValueError("Invalid leaf ('name', '~', 'a')")),
            "ValueError: Invalid leaf ('name', '~', 'a')");
  EXPECT_EQ(TracebackLine(AccessDenied()), "odoo.exceptions.AccessDenied: Access Denied");
  // The JSON-RPC message and arguments keep the argument itself (exception_to_unicode).
  const Value e = JsonRpcError(KeyError("nosuch"), "18.0");
  EXPECT_EQ(e.Find("data")->Find("message")->as_string(), "nosuch");
  EXPECT_EQ(e.Find("data")->Find("arguments")->as_array().at(0).as_string(), "nosuch");
  EXPECT_EQ(e.Find("data")->Find("debug")->as_string(), "KeyError: 'nosuch'");
  const LegacyFault legacy = LegacyXmlRpcFault(KeyError("Method not found: x"));
  EXPECT_EQ(legacy.code, "Method not found: x");
  EXPECT_EQ(legacy.string, "KeyError: 'Method not found: x'");
}

TEST(ErrorMappingTest, OnlyBugsAndStorageAreServerErrors) {
  std::set<StatusCode> server_errors;
  for (StatusCode code : AllCodes()) {
    if (IsServerError(OutcomeFor(code))) server_errors.insert(code);
  }
  EXPECT_EQ(server_errors, (std::set<StatusCode>{StatusCode::kUnavailable, StatusCode::kInternal}));
  EXPECT_FALSE(IsServerError(OutcomeFor(StatusCode::kPyAttributeError)));
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
  Value body = Json2ErrorBody("werkzeug.exceptions.Unauthorized", "Invalid apikey", 401);
  EXPECT_EQ(body.Find("name")->as_string(), "werkzeug.exceptions.Unauthorized");
  EXPECT_EQ(body.Find("message")->as_string(), "Invalid apikey");
  ASSERT_EQ(body.Find("arguments")->as_array().size(), 2U);
  EXPECT_EQ(body.Find("arguments")->as_array().at(0).as_string(), "Invalid apikey");
  EXPECT_EQ(body.Find("arguments")->as_array().at(1).as_int(), 401);
  EXPECT_TRUE(body.Find("context")->is_struct());
  EXPECT_EQ(body.Find("debug")->as_string(),
            "werkzeug.exceptions.Unauthorized: 401 Unauthorized: Invalid apikey");
}

TEST(ErrorMappingTest, Json2BodyForAnOdooOrPythonException) {
  Value access = Json2ErrorBody(AccessError("no"));
  EXPECT_EQ(access.Find("arguments")->as_array().size(), 1U);
  EXPECT_EQ(access.Find("debug")->as_string(), "odoo.exceptions.AccessError: no");
  Value value = Json2ErrorBody(ValueError("bad"));
  EXPECT_EQ(value.Find("name")->as_string(), "builtins.ValueError");
  EXPECT_EQ(value.Find("debug")->as_string(), "ValueError: bad");
}

}  // namespace
}  // namespace keygate::rpc
