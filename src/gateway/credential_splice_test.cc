#include "gateway/credential_splice.h"

#include <gtest/gtest.h>

#include "rpc/json_codec.h"
#include "rpc/xmlrpc_codec.h"

namespace keygate::gateway {
namespace {

constexpr const char* kKey = "0123456789abcdef0123456789abcdef01234567";
constexpr const char* kCred = "fedcba9876543210fedcba9876543210fedcba98";

TEST(CredentialSpliceTest, ReplacesOnlyTheThirdParamsBytes) {
  const std::string body =
      "<?xml version='1.0'?>\n<methodCall>\n<methodName>execute_kw</methodName>\n<params>\n"
      "<param>\n<value><string>odoo18</string></value>\n</param>\n"
      "<param>\n<value><int>2</int></value>\n</param>\n"
      "<param>\n<value><string>" +
      std::string(kKey) +
      "</string></value>\n</param>\n"
      "<param>\n<value><string>res.partner</string></value>\n</param>\n"
      "<param>\n<value><double>1.10000000000000009</double></value>\n</param>\n"
      "</params>\n</methodCall>\n";
  auto out = SpliceXmlRpcSecret(body, kKey, kCred);
  ASSERT_TRUE(out.ok()) << out.status().message();
  std::string expected = body;
  expected.replace(
      expected.find(std::string("\n<value><string>") + kKey),
      std::string("\n<value><string>").size() + 40 + std::string("</string></value>\n").size(),
      std::string("<value><string>") + kCred + "</string></value>");
  EXPECT_EQ(*out, expected);
  auto parsed = rpc::ParseXmlRpcCall(*out);
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->params[2].as_string(), kCred);
  EXPECT_EQ(parsed->params[3].as_string(), "res.partner");
}

TEST(CredentialSpliceTest, AcceptsAnUntypedStringValue) {
  const std::string body = std::string(
                               "<methodCall><methodName>execute_kw</methodName><params>"
                               "<param><value>db</value></param><param><value><int>2</int>"
                               "</value></param><param><value>") +
                           kKey + "</value></param></params></methodCall>";
  auto out = SpliceXmlRpcSecret(body, kKey, kCred);
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(rpc::ParseXmlRpcCall(*out)->params[2].as_string(), kCred);
}

TEST(CredentialSpliceTest, RefusesCommentsCdataAndAnotherSecret) {
  const std::string call = std::string(
                               "<methodCall><methodName>execute_kw</methodName><params>"
                               "<param><value>db</value></param><param><value><int>2</int>"
                               "</value></param><param><value>") +
                           kKey + "</value></param></params></methodCall>";
  EXPECT_EQ(SpliceXmlRpcSecret("<!-- x -->" + call, kKey, kCred).status().message(),
            "keygate cannot forward this call: XML comments, CDATA sections and processing "
            "instructions are not accepted");
  EXPECT_FALSE(SpliceXmlRpcSecret(call + "<![CDATA[x]]>", kKey, kCred).ok());
  EXPECT_EQ(SpliceXmlRpcSecret(call, "another", kCred).status().message(),
            "keygate cannot forward this call: its third parameter is not the credential that "
            "was checked");
}

TEST(CredentialSpliceTest, JsonReplacesArgs2) {
  auto envelope = rpc::ParseJson(std::string(R"({"jsonrpc":"2.0","method":"call","params":)") +
                                 R"({"service":"object","method":"execute_kw","args":["db",2,")" +
                                 kKey + R"(","res.partner","read",[[1]],{"f":1.5}]},"id":7})");
  ASSERT_TRUE(envelope.ok());
  auto out = ReplaceJsonRpcSecret(*envelope, kCred);
  ASSERT_TRUE(out.ok());
  auto back = rpc::ParseJson(*out);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->Find("params")->Find("args")->as_array()[2].as_string(), kCred);
  EXPECT_EQ(back->Find("params")->Find("args")->as_array()[4].as_string(), "read");
}

}  // namespace
}  // namespace keygate::gateway
