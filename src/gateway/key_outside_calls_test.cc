// API keys on the paths the gateway passes through: found, described and refused.
#include "gateway/key_outside_calls.h"

#include <gtest/gtest.h>

#include "gateway/gateway_handler.h"

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
  auto found = FindKeyOutsideIntegrationCalls(authenticate);
  ASSERT_TRUE(found);
  EXPECT_EQ(found->where, "password");
  EXPECT_EQ(found->key_index, "01234567");
  EXPECT_EQ(found->login, "admin");
  EXPECT_EQ(found->db, "odoo18");
  auto answer = RefuseKeyOutsideIntegrationCalls(authenticate, "18.0");
  EXPECT_EQ(answer.status, 200);
  EXPECT_NE(answer.body.find(R"("id":7)"), std::string::npos) << answer.body;
  EXPECT_NE(answer.body.find("odoo.exceptions.AccessDenied"), std::string::npos) << answer.body;

  auto form = Post("/web/login", "application/x-www-form-urlencoded",
                   "csrf_token=x&login=ann%40example.com&password=" + kKey + "&redirect=");
  form.query = "db=odoo18";
  found = FindKeyOutsideIntegrationCalls(form);
  ASSERT_TRUE(found);
  EXPECT_EQ(found->where, "password");
  EXPECT_EQ(found->login, "ann@example.com");
  EXPECT_EQ(found->db, "odoo18");
  EXPECT_EQ(RefuseKeyOutsideIntegrationCalls(form, "18.0").status, 401);

  auto bearer = Post("/web/dataset/call_kw", "application/json", "{}");
  bearer.headers.emplace_back("authorization", "Bearer " + kKey);
  bearer.headers.emplace_back("x-odoo-database", "other");
  found = FindKeyOutsideIntegrationCalls(bearer);
  ASSERT_TRUE(found);
  EXPECT_EQ(found->where, "authorization");
  EXPECT_EQ(found->key_index, "01234567");
  EXPECT_EQ(found->login, "");
  EXPECT_EQ(found->db, "other");
  // Odoo's reading of the header: any case, any whitespace after the scheme.
  auto tabbed = Post("/web/dataset/call_kw", "application/json", "{}");
  tabbed.headers.emplace_back("authorization", "bEARER\t" + kKey);
  found = FindKeyOutsideIntegrationCalls(tabbed);
  ASSERT_TRUE(found);
  EXPECT_EQ(found->key_index, "01234567");
  http::HttpRequest basic;
  basic.method = "GET";
  basic.path = "/odoo";
  // "admin:" + kKey
  basic.headers.emplace_back(
      "authorization", "Basic YWRtaW46MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWYwMTIzNDU2Nw==");
  found = FindKeyOutsideIntegrationCalls(basic);
  ASSERT_TRUE(found);
  EXPECT_EQ(found->where, "authorization");
  EXPECT_EQ(found->login, "admin");
  EXPECT_EQ(found->db, "");
}

TEST(KeyOutsideCallsTest, KeepsAtMost128CharactersOfWhatComesBeside) {
  auto authenticate = Post("/web/session/authenticate", "application/json",
                           R"({"params":{"db":")" + std::string(5000, 'd') + R"(","login":")" +
                               std::string(5000, 'l') + R"(","password":")" + kKey + R"("}})");
  auto found = FindKeyOutsideIntegrationCalls(authenticate);
  ASSERT_TRUE(found);
  EXPECT_EQ(found->login, std::string(128, 'l'));
  EXPECT_EQ(found->db, std::string(128, 'd'));
}

TEST(KeyOutsideCallsTest, PasswordsAndSessionsPassThrough) {
  EXPECT_FALSE(FindKeyOutsideIntegrationCalls(
      Post("/web/session/authenticate", "application/json",
           R"({"params":{"db":"odoo18","login":"admin","password":"admin"}})")));
  EXPECT_FALSE(FindKeyOutsideIntegrationCalls(
      Post("/web/login", "application/x-www-form-urlencoded", "login=admin&password=admin")));
  // A key-shaped value that is no credential (a checksum in a session call) is Odoo's.
  EXPECT_FALSE(FindKeyOutsideIntegrationCalls(Post("/web/dataset/call_kw", "application/json",
                                                   R"({"params":{"args":[")" + kKey + R"("]}})")));
}

TEST(KeyOutsideCallsTest, UploadsStreamOnlyWhereKeygateNeverReadsTheBody) {
  auto upload = Post("/web/binary/upload_attachment", "multipart/form-data; boundary=x", "");
  EXPECT_TRUE(StreamsUpload(upload));
  for (const char* path :
       {"/xmlrpc/2/object", "/xmlrpc/object", "/jsonrpc", "/json/2/res.partner/write",
        "/json%2F2/res.partner/write", "/web/session/authenticate", "/web/login", "/keygate/keys",
        "/healthz"}) {
    EXPECT_FALSE(StreamsUpload(Post(path, "application/json", ""))) << path;
  }
  upload.headers.emplace_back("authorization", "Bearer " + kKey);
  EXPECT_FALSE(StreamsUpload(upload));
}

}  // namespace
}  // namespace keygate::gateway
