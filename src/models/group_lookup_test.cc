// Tests of naming groups as an administrator does.
#include "models/group_lookup.h"

#include <gtest/gtest.h>

#include "models/authz_test_util.h"

namespace keygate::models {
namespace {

using GroupLookupTest = testing::AuthzTest;

std::string XmlIdOf(store::SqlConnection& c, const std::string& spec) {
  auto g = ResolveGroup(c, spec);
  return g.ok() ? g->xml_id : "error: " + g.status().message();
}

TEST_F(GroupLookupTest, ByFullNameExternalIdOrUniqueName) {
  EXPECT_EQ(XmlIdOf(c(), "Sales / User: All Documents"),
            "sales_team.group_sale_salesman_all_leads");
  EXPECT_EQ(XmlIdOf(c(), "Sales/User: All Documents"), "sales_team.group_sale_salesman_all_leads");
  EXPECT_EQ(XmlIdOf(c(), "sales /  user: all documents"),
            "sales_team.group_sale_salesman_all_leads");
  EXPECT_EQ(XmlIdOf(c(), "sales_team.group_sale_manager"), "sales_team.group_sale_manager");
  EXPECT_EQ(XmlIdOf(c(), "Administration / Settings"), "base.group_system");
  EXPECT_EQ(XmlIdOf(c(), "Internal User"), "base.group_user");
  EXPECT_EQ(XmlIdOf(c(), "Accounting / Invoicing"), "account.group_account_invoice");
  EXPECT_EQ(XmlIdOf(c(), "Inventory / User"), "stock.group_stock_user");
}

TEST_F(GroupLookupTest, AmbiguousAndUnknownNamesListCandidates) {
  auto amb = ResolveGroup(c(), "Administrator");
  ASSERT_FALSE(amb.ok());
  EXPECT_EQ(amb.status().code(), StatusCode::kUserError);
  EXPECT_NE(
      amb.status().message().find("\"Sales / Administrator\" (sales_team.group_sale_manager)"),
      std::string::npos)
      << amb.status().message();
  auto unknown = ResolveGroup(c(), "Sales / Users");
  ASSERT_FALSE(unknown.ok());
  EXPECT_NE(unknown.status().message().find("no group \"Sales / Users\"; did you mean:"),
            std::string::npos)
      << unknown.status().message();
  EXPECT_NE(unknown.status().message().find("Sales / User: All Documents"), std::string::npos);
}

TEST_F(GroupLookupTest, ListShowsImplicationsAndMembers) {
  auto groups = ListGroups(c());
  ASSERT_TRUE(groups.ok());
  const GroupInfo* manager = nullptr;
  const GroupInfo* all = nullptr;
  for (const auto& g : *groups) {
    if (g.xml_id == "sales_team.group_sale_manager") manager = &g;
    if (g.xml_id == "sales_team.group_sale_salesman_all_leads") all = &g;
  }
  ASSERT_NE(manager, nullptr);
  ASSERT_NE(all, nullptr);
  EXPECT_EQ(manager->full_name, "Sales / Administrator");
  EXPECT_EQ(manager->implied_ids, std::vector<int64_t>{all->id});
  EXPECT_EQ(manager->members, 0);
  for (size_t i = 1; i < groups->size(); ++i) {
    EXPECT_LE((*groups)[i - 1].full_name, (*groups)[i].full_name);
  }
}

}  // namespace
}  // namespace keygate::models
