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
  EXPECT_EQ(ReadAnswer(object, rpc::SerializeXmlRpcFault(3, "Access Denied")).kind,
            AnswerKind::kAccessDenied);
  EXPECT_EQ(ReadAnswer(object, rpc::SerializeXmlRpcFault(4, "no")).kind, AnswerKind::kAccessError);
  EXPECT_EQ(ReadAnswer(object, rpc::SerializeXmlRpcFault(2, "no")).kind, AnswerKind::kOtherError);
  EXPECT_EQ(ReadAnswer(object, rpc::SerializeXmlRpcResponse(Value(true))).kind,
            AnswerKind::kResult);
  InspectedCall login;
  login.service = "common";
  EXPECT_EQ(ReadAnswer(login, rpc::SerializeXmlRpcResponse(Value(int64_t{2}))).uid, 2);
  EXPECT_EQ(ReadAnswer(login, rpc::SerializeXmlRpcResponse(Value(false))).uid, 0);
  login.wire = Wire::kJsonRpc;
  EXPECT_EQ(ReadAnswer(login, R"({"jsonrpc": "2.0", "id": 1, "error": {"code": 200, "data": )"
                              R"({"name": "odoo.exceptions.AccessDenied"}}})")
                .kind,
            AnswerKind::kAccessDenied);
}

}  // namespace
}  // namespace keygate::gateway
