// Tests of the API key scope grammar.
#include "models/key_scope.h"

#include <gtest/gtest.h>

namespace keygate::models {
namespace {

KeyScope P(const std::string& s) {
  auto k = KeyScope::Parse(s);
  EXPECT_TRUE(k.ok()) << s << ": " << k.status().message();
  return k.ok() ? *k : KeyScope();
}

TEST(KeyScopeTest, NullAndRpcAreUnrestricted) {
  auto null_scope = KeyScope::Parse(std::nullopt);
  ASSERT_TRUE(null_scope.ok());
  EXPECT_TRUE(null_scope->unrestricted());
  EXPECT_TRUE(null_scope->Allows("sale.order", Operation::kUnlink));
  EXPECT_TRUE(P("rpc").unrestricted());
  EXPECT_TRUE(P("rpc").Allows("account.move", Operation::kWrite));
}

TEST(KeyScopeTest, ReadOnly) {
  KeyScope k = P("rpc:readonly");
  EXPECT_FALSE(k.unrestricted());
  for (const char* m : {"sale.order", "res.partner"}) {
    EXPECT_TRUE(k.Allows(m, Operation::kRead));
    EXPECT_FALSE(k.Allows(m, Operation::kWrite));
    EXPECT_FALSE(k.Allows(m, Operation::kCreate));
    EXPECT_FALSE(k.Allows(m, Operation::kUnlink));
  }
}

TEST(KeyScopeTest, ModelList) {
  KeyScope k = P("rpc:sale.order:read,write;res.partner:read");
  EXPECT_TRUE(k.Allows("sale.order", Operation::kRead));
  EXPECT_TRUE(k.Allows("sale.order", Operation::kWrite));
  EXPECT_FALSE(k.Allows("sale.order", Operation::kCreate));
  EXPECT_FALSE(k.Allows("sale.order", Operation::kUnlink));
  EXPECT_TRUE(k.Allows("res.partner", Operation::kRead));
  EXPECT_FALSE(k.Allows("res.partner", Operation::kWrite));
  EXPECT_FALSE(k.Allows("account.move", Operation::kRead));
}

TEST(KeyScopeTest, WildcardAndAll) {
  KeyScope k = P("rpc:*:read;sale.order:all");
  EXPECT_TRUE(k.Allows("stock.picking", Operation::kRead));
  EXPECT_FALSE(k.Allows("stock.picking", Operation::kWrite));
  EXPECT_TRUE(k.Allows("sale.order", Operation::kUnlink));
  EXPECT_TRUE(k.Allows("sale.order", Operation::kCreate));
}

TEST(KeyScopeTest, ErrorsSayWhatIsWrong) {
  struct Case {
    const char* scope;
    const char* says;
  } cases[] = {
      {"rpc:", "nothing follows"},
      {"rpc:sale.order", "has no ':OPS' part"},
      {"rpc:sale.order:delete", "unknown operation 'delete'"},
      {"rpc:sale.order:", "unknown operation ''"},
      {"rpc:Sale Order:read", "is not a model name"},
      {"rpc:sale.order:read;", "empty entry"},
      {"rpc:readonly,write", "has no ':OPS' part"},
      {"rpcx", "does not start with \"rpc:\""},
  };
  for (const auto& c : cases) {
    auto k = KeyScope::Parse(std::string(c.scope));
    ASSERT_FALSE(k.ok()) << c.scope;
    EXPECT_EQ(k.status().code(), StatusCode::kUserError);
    EXPECT_NE(k.status().message().find(c.says), std::string::npos) << k.status().message();
    EXPECT_NE(k.status().message().find("invalid API key scope '" + std::string(c.scope) + "'"),
              std::string::npos);
  }
}

TEST(KeyScopeTest, ValidateForKey) {
  const std::vector<std::string> known = {"res.partner", "sale.order", "sale.order.line"};
  EXPECT_TRUE(KeyScope::ValidateForKey("", known).ok());
  EXPECT_TRUE(KeyScope::ValidateForKey("rpc", known).ok());
  EXPECT_TRUE(KeyScope::ValidateForKey("rpc:readonly", known).ok());
  EXPECT_TRUE(KeyScope::ValidateForKey("rpc:sale.order:read;*:read", known).ok());
  EXPECT_FALSE(KeyScope::ValidateForKey("rpc:read-only", known).ok());
  EXPECT_FALSE(KeyScope::ValidateForKey("rpc;readonly", known).ok());
  // Scopes that never authenticate RPC, Odoo's own included, are refused with the fix.
  Status readonly = KeyScope::ValidateForKey("readonly", known);
  EXPECT_EQ(readonly.code(), StatusCode::kUserError);
  EXPECT_NE(readonly.message().find("API key scope 'readonly' never authenticates over RPC"),
            std::string::npos)
      << readonly.message();
  EXPECT_NE(readonly.message().find("did you mean 'rpc:readonly'?"), std::string::npos);
  EXPECT_NE(KeyScope::ValidateForKey("sale.order:read", known)
                .message()
                .find("did you mean 'rpc:sale.order:read'?"),
            std::string::npos);
  Status outlook = KeyScope::ValidateForKey("odoo.plugin.outlook", known);
  EXPECT_FALSE(outlook.ok());
  EXPECT_EQ(outlook.message().find("did you mean"), std::string::npos) << outlook.message();
  // An unknown model is named with the closest known one.
  EXPECT_EQ(KeyScope::ValidateForKey("rpc:sale.ordr:read", known).message(),
            "API key scope 'rpc:sale.ordr:read' names the model 'sale.ordr', which does not "
            "exist; did you mean 'sale.order'?");
}

TEST(KeyScopeTest, DenialText) {
  Status s = KeyScopeDenial("rpc:readonly", "sale.order", Operation::kWrite);
  EXPECT_EQ(s.code(), StatusCode::kAccessError);
  EXPECT_EQ(s.message(),
            "API key does not have sufficient permissions: this key may not write 'sale.order' "
            "records (its scope is 'rpc:readonly').");
}

}  // namespace
}  // namespace keygate::models
