#include "gateway/rpc_inspection.h"

#include <gtest/gtest.h>

#include "rpc/xmlrpc_codec.h"

namespace keygate::gateway {
namespace {

TEST(RpcInspectionTest, ReadsAnExecuteKwCall) {
  std::string body = rpc::SerializeXmlRpcCall(
      "execute_kw", {Value("odoo18"), Value(int64_t{6}), Value("secret"), Value("res.partner"),
                     Value("write"), Value(Value::Array{})});
  auto call = InspectXmlRpc("object", false, body);
  ASSERT_TRUE(call.has_value());
  EXPECT_EQ(call->db, "odoo18");
  EXPECT_EQ(call->uid, 6);
  EXPECT_EQ(call->secret, "secret");
  EXPECT_EQ(call->model, "res.partner");
  EXPECT_EQ(call->model_method, "write");
  EXPECT_FALSE(InspectXmlRpc("db", false, body).has_value());
  EXPECT_FALSE(InspectXmlRpc("object", false, "<junk").has_value());
}

TEST(RpcInspectionTest, ReadsJsonRpcAuthenticate) {
  auto call = InspectJsonRpc(
      R"({"jsonrpc":"2.0","method":"call","params":{"service":"common","method":"authenticate",)"
      R"("args":["odoo18","admin","admin",{}]},"id":3})");
  ASSERT_TRUE(call.has_value());
  EXPECT_EQ(call->wire, Wire::kJsonRpc);
  EXPECT_EQ(call->login, "admin");
  EXPECT_EQ(call->json_id, Value(int64_t{3}));
}

TEST(RpcInspectionTest, ReadsOdoosAnswers) {
  InspectedCall object;
  object.service = "object";
  EXPECT_EQ(ReadAnswer(object, 200, rpc::SerializeXmlRpcFault(3, "Access Denied")).kind,
            AnswerKind::kAccessDenied);
  EXPECT_EQ(ReadAnswer(object, 200, rpc::SerializeXmlRpcFault(4, "no")).kind,
            AnswerKind::kAccessError);
  EXPECT_EQ(ReadAnswer(object, 200, rpc::SerializeXmlRpcFault(2, "no")).kind,
            AnswerKind::kOtherError);
  EXPECT_EQ(ReadAnswer(object, 200, rpc::SerializeXmlRpcResponse(Value(true))).kind,
            AnswerKind::kResult);
  InspectedCall login;
  login.service = "common";
  EXPECT_EQ(ReadAnswer(login, 200, rpc::SerializeXmlRpcResponse(Value(int64_t{2}))).uid, 2);
  EXPECT_EQ(ReadAnswer(login, 200, rpc::SerializeXmlRpcResponse(Value(false))).uid, 0);
  login.wire = Wire::kJsonRpc;
  EXPECT_EQ(ReadAnswer(login, 200,
                       R"({"jsonrpc": "2.0", "id": 1, "error": {"code": 200, "data": )"
                       R"({"name": "odoo.exceptions.AccessDenied"}}})")
                .kind,
            AnswerKind::kAccessDenied);
  EXPECT_EQ(ReadAnswer(object, 502, "<html>").kind, AnswerKind::kOtherError);
}

TEST(RpcInspectionTest, ReadsAJson2Call) {
  auto call = InspectJson2("res.partner", "write", "k", "odoo19",
                           R"({"ids": [1], "vals": {"name": "x"}, "vals": {"child_ids": []}})");
  EXPECT_EQ(call.wire, Wire::kJson2);
  EXPECT_EQ(call.service, "object");
  EXPECT_EQ(call.model, "res.partner");
  EXPECT_EQ(call.model_method, "write");
  EXPECT_EQ(call.secret, "k");
  EXPECT_EQ(call.db, "odoo19");
  EXPECT_FALSE(call.unread_body);
  // A repeated member is read as Python reads it: the last value.
  ASSERT_TRUE(call.kwargs.is_struct());
  EXPECT_NE(call.kwargs.Find("vals")->Find("child_ids"), nullptr);
  // Not an object: no argument (as Odoo); not JSON keygate reads: said so.
  EXPECT_TRUE(InspectJson2("m", "f", "k", "", "[1]").kwargs.is_nil());
  EXPECT_FALSE(InspectJson2("m", "f", "k", "", "[1]").unread_body);
  EXPECT_TRUE(InspectJson2("m", "f", "k", "", R"({"x": )").unread_body);
  // Past keygate's bounds (10,000 members), though Python would read it.
  std::string wide = "{";
  for (int i = 0; i <= 10000; ++i) wide += (i ? ",\"" : "\"") + std::to_string(i) + "\": 0";
  EXPECT_TRUE(InspectJson2("m", "f", "k", "", wide + "}").unread_body);
  EXPECT_FALSE(InspectJson2("m", "f", "k", "", "").unread_body);
}

TEST(RpcInspectionTest, ReadsOdoosJson2Answers) {
  InspectedCall call;
  call.wire = Wire::kJson2;
  call.service = "object";
  EXPECT_EQ(ReadAnswer(call, 200, "[1, 2]").kind, AnswerKind::kResult);
  EXPECT_EQ(ReadAnswer(call, 401, R"({"name": "werkzeug.exceptions.Unauthorized"})").kind,
            AnswerKind::kAccessDenied);
  EXPECT_EQ(ReadAnswer(call, 403, R"({"name": "odoo.exceptions.AccessError"})").kind,
            AnswerKind::kAccessError);
  EXPECT_EQ(ReadAnswer(call, 403, R"({"name": "werkzeug.exceptions.Forbidden"})").kind,
            AnswerKind::kOtherError);
  EXPECT_EQ(ReadAnswer(call, 422, "{}").kind, AnswerKind::kOtherError);
}

}  // namespace
}  // namespace keygate::gateway
