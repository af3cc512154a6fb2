// Tests for the Status -> wire error table.
#include "rpc/error_mapping.h"

#include <gtest/gtest.h>

namespace keygate::rpc {
namespace {

TEST(ErrorMappingTest, XmlRpcFaultCodesAreOdoos) {
  EXPECT_EQ(XmlRpcFaultCode(StatusCode::kAccessDenied), 3);
  EXPECT_EQ(XmlRpcFaultCode(StatusCode::kAccessError), 4);
  EXPECT_EQ(XmlRpcFaultCode(StatusCode::kUserError), 2);
  EXPECT_EQ(XmlRpcFaultCode(StatusCode::kValidationError), 2);
  EXPECT_EQ(XmlRpcFaultCode(StatusCode::kMissingError), 2);
  EXPECT_EQ(XmlRpcFaultCode(StatusCode::kDatabaseNotFound), 1);
  EXPECT_EQ(XmlRpcFaultCode(StatusCode::kInvalidRequest), 1);
}

TEST(ErrorMappingTest, LegacyFaultsUseOdoosStrings) {
  LegacyFault denied = LegacyXmlRpcFault(AccessDenied());
  EXPECT_EQ(denied.code, "AccessDenied");
  EXPECT_EQ(denied.string, "Access Denied");
  LegacyFault acl = LegacyXmlRpcFault(AccessError("no"));
  EXPECT_EQ(acl.code, "warning -- AccessError\n\nno");
  EXPECT_EQ(acl.string, "");
  EXPECT_EQ(LegacyXmlRpcFault(MissingError("gone")).code, "warning -- MissingError\n\ngone");
  EXPECT_EQ(LegacyXmlRpcFault(ValidationError("bad")).code, "warning -- UserError\n\nbad");
}

TEST(ErrorMappingTest, JsonRpcEnvelope) {
  Value e = JsonRpcError(AccessDenied(), "18.0");
  EXPECT_EQ(e.Find("code")->as_int(), 200);
  EXPECT_EQ(e.Find("message")->as_string(), "Odoo Server Error");
  const Value* data = e.Find("data");
  ASSERT_NE(data, nullptr);
  EXPECT_EQ(data->Find("name")->as_string(), "odoo.exceptions.AccessDenied");
  EXPECT_EQ(data->Find("message")->as_string(), "Access Denied");
  EXPECT_EQ(data->Find("arguments")->as_array().at(0).as_string(), "Access Denied");
  EXPECT_TRUE(data->Find("context")->is_struct());
  EXPECT_EQ(JsonRpcError(AccessDenied(), "19.0").Find("code")->as_int(), 0);
  Value expired = JsonRpcError({StatusCode::kSessionExpired, "Session expired"}, "18.0");
  EXPECT_EQ(expired.Find("code")->as_int(), 100);
  EXPECT_EQ(expired.Find("message")->as_string(), "Odoo Session Expired");
  EXPECT_EQ(expired.Find("data")->Find("name")->as_string(), "odoo.http.SessionExpiredException");
}

TEST(ErrorMappingTest, Json2Statuses) {
  EXPECT_EQ(Json2HttpStatus(StatusCode::kUserError), 422);
  EXPECT_EQ(Json2HttpStatus(StatusCode::kAccessError), 403);
  EXPECT_EQ(Json2HttpStatus(StatusCode::kMissingError), 404);
  EXPECT_EQ(Json2HttpStatus(StatusCode::kInternal), 500);
}

}  // namespace
}  // namespace keygate::rpc
