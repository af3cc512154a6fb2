#include "gateway/key_outside_calls.h"

#include <gtest/gtest.h>

namespace keygate::gateway {
namespace {

const std::string kKey = "0123456789abcdef0123456789abcdef01234567";

http::HttpRequest Post(std::string path, std::string content_type, std::string body) {
  http::HttpRequest r;
  r.method = "POST";
  r.path = std::move(path);
  r.headers.emplace_back("content-type", std::move(content_type));
  r.body = std::move(body);
  return r;
}

TEST(KeyOutsideCallsTest, FindsKeysWhereACredentialGoes) {
  auto authenticate = Post("/web/session/authenticate", "application/json",
                           R"({"jsonrpc":"2.0","id":7,"params":{"db":"odoo18","login":"admin",)"
                           R"("password":")" +
                               kKey + R"("}})");
  EXPECT_EQ(KeyOutsideIntegrationCalls(authenticate), "password");
  auto answer = RefuseKeyOutsideIntegrationCalls(authenticate, "18.0");
  EXPECT_EQ(answer.status, 200);
  EXPECT_NE(answer.body.find(R"("id":7)"), std::string::npos) << answer.body;
  EXPECT_NE(answer.body.find("odoo.exceptions.AccessDenied"), std::string::npos) << answer.body;

  auto form = Post("/web/login", "application/x-www-form-urlencoded",
                   "csrf_token=x&login=admin&password=" + kKey + "&redirect=");
  EXPECT_EQ(KeyOutsideIntegrationCalls(form), "password");
  EXPECT_EQ(RefuseKeyOutsideIntegrationCalls(form, "18.0").status, 401);

  auto bearer = Post("/web/dataset/call_kw", "application/json", "{}");
  bearer.headers.emplace_back("authorization", "Bearer " + kKey);
  EXPECT_EQ(KeyOutsideIntegrationCalls(bearer), "authorization");
  http::HttpRequest basic;
  basic.method = "GET";
  basic.path = "/odoo";
  // "admin:" + kKey
  basic.headers.emplace_back(
      "authorization", "Basic YWRtaW46MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWYwMTIzNDU2Nw==");
  EXPECT_EQ(KeyOutsideIntegrationCalls(basic), "authorization");
}

TEST(KeyOutsideCallsTest, PasswordsAndSessionsPassThrough) {
  EXPECT_EQ(KeyOutsideIntegrationCalls(
                Post("/web/session/authenticate", "application/json",
                     R"({"params":{"db":"odoo18","login":"admin","password":"admin"}})")),
            "");
  EXPECT_EQ(KeyOutsideIntegrationCalls(Post("/web/login", "application/x-www-form-urlencoded",
                                            "login=admin&password=admin")),
            "");
  // A key-shaped value that is no credential (a checksum in a session call) is Odoo's.
  EXPECT_EQ(KeyOutsideIntegrationCalls(Post("/web/dataset/call_kw", "application/json",
                                            R"({"params":{"args":[")" + kKey + R"("]}})")),
            "");
}

}  // namespace
}  // namespace keygate::gateway
