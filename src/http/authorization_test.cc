// Tests of http/authorization.h: Odoo's reading of Bearer and the scheme split of Basic.
#include "http/authorization.h"

#include <gtest/gtest.h>

namespace keygate::http {
namespace {

TEST(AuthorizationTest, BearerAsOdoosRegularExpression) {
  EXPECT_EQ(BearerToken("bearer abc"), "abc");
  EXPECT_EQ(BearerToken("Bearer abc"), "abc");
  EXPECT_EQ(BearerToken("BEARER   abc"), "abc");
  // \s+ takes tabs too: the token is what follows the whitespace, to the end.
  EXPECT_EQ(BearerToken("Bearer\tabc"), "abc");
  EXPECT_EQ(BearerToken("Bearer \t abc def"), "abc def");
  // Latin-1 bytes werkzeug's headers decode to Unicode whitespace.
  EXPECT_EQ(BearerToken("Bearer\xA0"
                        "abc"),
            "abc");
  EXPECT_EQ(BearerToken("Bearer\x85\x1F"
                        " abc"),
            "abc");
  EXPECT_EQ(BearerToken("Bearer"), std::nullopt);
  EXPECT_EQ(BearerToken("Bearer "), std::nullopt);
  EXPECT_EQ(BearerToken("Bearerabc"), std::nullopt);
  EXPECT_EQ(BearerToken("Basic abc"), std::nullopt);
  EXPECT_EQ(BearerToken(""), std::nullopt);
}

TEST(AuthorizationTest, CredentialsOfAnyScheme) {
  EXPECT_EQ(AuthorizationCredentials("basic\tdXNlcjpwdw==", "Basic"), "dXNlcjpwdw==");
  EXPECT_EQ(AuthorizationCredentials("Basic", "Basic"), std::nullopt);
  EXPECT_EQ(AuthorizationCredentials("Digest x", "Basic"), std::nullopt);
}

}  // namespace
}  // namespace keygate::http
