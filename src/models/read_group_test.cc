// read_group, name_search and check_access_rights.
#include "models/read_group.h"

#include <gtest/gtest.h>

#include "models/test_db.h"

namespace keygate::models {
namespace {

using testing::L;
using testing::ModelsTest;
using testing::S;

class GroupTest : public ModelsTest {
 protected:
  void SetUp() override {
    ModelsTest::SetUp();
    // Orders: partner 10 x2 (Jan, Feb), partner 11 x1 (Feb), one without salesperson.
    Order(10, "2024-01-05 10:00:00", "sale", 100.0, Value(2));
    Order(10, "2024-02-07 10:00:00", "draft", 50.0, Value(2));
    Order(11, "2024-02-20 10:00:00", "sale", 25.0, Value(false));
  }
  void Order(int64_t partner, const char* date, const char* state, double price, Value user) {
    auto r =
        Run("sale.order", "create",
            {Value(S({{"partner_id", Value(partner)},
                      {"date_order", Value(date)},
                      {"state", Value(state)},
                      {"user_id", std::move(user)},
                      {"order_line", L({L({0, 0, Value(S({{"price_unit", Value(price)}}))})})}}))});
    ASSERT_TRUE(r.ok()) << r.status().message();
  }
};

TEST_F(GroupTest, GroupsByMany2oneWithCountSumAndDomain) {
  auto r = Run("sale.order", "read_group", {L({}), L({"amount_total:sum"}), L({"partner_id"})});
  ASSERT_TRUE(r.ok()) << r.status().message();
  ASSERT_EQ(r->as_array().size(), 2u);
  const Value& acme = r->as_array()[0];
  EXPECT_EQ(*acme.Find("partner_id"), L({10, "Acme Corp"}));
  EXPECT_EQ(*acme.Find("partner_id_count"), Value(2));
  EXPECT_EQ(*acme.Find("amount_total"), Value(150.0));
  EXPECT_EQ(*acme.Find("__domain"), L({L({"partner_id", "=", 10})}));
  EXPECT_EQ(*r->as_array()[1].Find("partner_id"), L({11, "Acme Corp, John Smith"}));
  // With a domain: Odoo's AND of the domain and the group's leaf.
  r = Run("sale.order", "read_group",
          {L({L({"state", "=", "sale"}), L({"amount_total", ">", 0})}), L({"amount_total"}),
           L({"state"})});
  ASSERT_TRUE(r.ok()) << r.status().message();
  ASSERT_EQ(r->as_array().size(), 1u);
  EXPECT_EQ(*r->as_array()[0].Find("state_count"), Value(2));
  EXPECT_EQ(*r->as_array()[0].Find("__domain"),
            L({"&", "&", L({"state", "=", "sale"}), L({"amount_total", ">", 0}),
               L({"state", "=", "sale"})}));
}

TEST_F(GroupTest, LazyAndNotLazy) {
  auto r = Run("sale.order", "read_group", {L({}), L({}), L({"partner_id", "state"})});
  ASSERT_TRUE(r.ok()) << r.status().message();
  ASSERT_EQ(r->as_array().size(), 2u);
  EXPECT_EQ(*r->as_array()[0].Find("__context"), Value(S({{"group_by", L({"state"})}})));
  EXPECT_EQ(r->as_array()[0].Find("state"), nullptr);
  r = Run("sale.order", "read_group", {L({}), L({"amount_untaxed"}), L({"partner_id", "state"})},
          {{"lazy", Value(false)}});
  ASSERT_TRUE(r.ok()) << r.status().message();
  ASSERT_EQ(r->as_array().size(), 3u);
  const Value& g = r->as_array()[0];
  EXPECT_EQ(*g.Find("__count"), Value(1));
  EXPECT_EQ(g.Find("__context"), nullptr);
  EXPECT_EQ(*g.Find("__domain"), L({"&", L({"partner_id", "=", 10}), L({"state", "=", "draft"})}));
  // Groups without a value come as False: the order without salesperson.
  r = Run("sale.order", "read_group", {L({}), L({"__count"}), L({"user_id"})});
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->as_array().size(), 2u);
  EXPECT_EQ(*r->as_array()[1].Find("user_id"), Value(false));
  EXPECT_EQ(*r->as_array()[1].Find("__domain"), L({L({"user_id", "=", false})}));
}

TEST_F(GroupTest, DatesOrderLimitAndErrors) {
  auto r = Run("sale.order", "read_group", {L({}), L({"amount_total"}), L({"date_order"})},
               {{"orderby", Value("date_order desc")}});
  ASSERT_TRUE(r.ok()) << r.status().message();
  ASSERT_EQ(r->as_array().size(), 2u);
  const Value& feb = r->as_array()[0];
  EXPECT_EQ(*feb.Find("date_order"), Value("February 2024"));
  EXPECT_EQ(*feb.Find("date_order_count"), Value(2));
  EXPECT_EQ(*feb.Find("amount_total"), Value(75.0));
  EXPECT_EQ(*feb.Find("__domain"), L({"&", L({"date_order", ">=", "2024-02-01 00:00:00"}),
                                      L({"date_order", "<", "2024-03-01 00:00:00"})}));
  // Weeks start on Sunday and are numbered as babel does for en_US: Friday 5 January 2024 is in
  // the week of Sunday 31 December 2023, W53 2023; 7 and 20 February in W6 and W8 2024.
  r = Run("sale.order", "read_group", {L({}), L({}), L({"date_order:week"})});
  ASSERT_TRUE(r.ok()) << r.status().message();
  ASSERT_EQ(r->as_array().size(), 3u);
  EXPECT_EQ(*r->as_array()[0].Find("date_order:week"), Value("W53 2023"));
  EXPECT_EQ(*r->as_array()[0].Find("__domain"),
            L({"&", L({"date_order", ">=", "2023-12-31 00:00:00"}),
               L({"date_order", "<", "2024-01-07 00:00:00"})}));
  EXPECT_EQ(*r->as_array()[1].Find("date_order:week"), Value("W6 2024"));
  EXPECT_EQ(*r->as_array()[2].Find("date_order:week"), Value("W8 2024"));
  r = Run("sale.order", "read_group", {L({}), L({}), L({"date_order:year"})});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r->as_array()[0].Find("date_order:year"), Value("2024"));
  // January and February 2024 are one quarter.
  r = Run("sale.order", "read_group", {L({}), L({}), L({"date_order:quarter"})});
  ASSERT_TRUE(r.ok()) << r.status().message();
  ASSERT_EQ(r->as_array().size(), 1u);
  EXPECT_EQ(*r->as_array()[0].Find("date_order:quarter"), Value("Q1 2024"));
  EXPECT_EQ(*r->as_array()[0].Find("date_order_count"), Value(3));
  EXPECT_EQ(*r->as_array()[0].Find("__domain"),
            L({"&", L({"date_order", ">=", "2024-01-01 00:00:00"}),
               L({"date_order", "<", "2024-04-01 00:00:00"})}));
  r = Run("sale.order", "read_group", {L({}), L({"amount_total"}), L({"partner_id"})},
          {{"orderby", Value("amount_total asc")}, {"limit", Value(1)}});
  ASSERT_TRUE(r.ok()) << r.status().message();
  ASSERT_EQ(r->as_array().size(), 1u);
  EXPECT_EQ(*r->as_array()[0].Find("amount_total"), Value(25.0));
  EXPECT_EQ(Run("sale.order", "read_group", {L({}), L({}), L({"nope"})}).status().message(),
            "Invalid field 'nope' on model 'sale.order'");
  EXPECT_EQ(Run("sale.order", "read_group", {L({}), L({}), L({"nope"})}).status().code(),
            StatusCode::kPyValueError);
  EXPECT_EQ(Run("sale.order", "read_group", {L({}), L({"amount_total:median"}), L({"state"})})
                .status()
                .message(),
            "Invalid aggregation function 'median'.");
  EXPECT_EQ(Run("sale.order", "read_group", {L({}), L({}), L({"state"})},
                {{"orderby", Value("state; DROP TABLE x")}})
                .status()
                .code(),
            StatusCode::kValidationError);
  // No groupby: one group over everything.
  r = Run("sale.order", "read_group", {L({}), L({"amount_total"}), L({})});
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(*r->as_array()[0].Find("__count"), Value(3));
  EXPECT_EQ(*r->as_array()[0].Find("amount_total"), Value(175.0));
}

TEST_F(GroupTest, NameSearch) {
  auto r = Run("res.partner", "name_search", {Value("acme")});
  ASSERT_TRUE(r.ok()) << r.status().message();
  ASSERT_GE(r->as_array().size(), 3u);
  EXPECT_EQ(r->as_array()[0], L({10, "Acme Corp"}));
  r = Run("res.partner", "name_search", {Value("acme")},
          {{"args", L({L({"is_company", "=", true})})}, {"limit", Value(5)}});
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(*r, L({L({10, "Acme Corp"})}));
  r = Run("res.partner", "name_search", {}, {{"limit", Value(2)}});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->as_array().size(), 2u);
  r = Run("res.partner", "name_search", {Value("Beta LLC"), Value(false), Value("=")});
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(*r, L({L({16, "Beta LLC"})}));
  EXPECT_EQ(Run("res.partner", "name_search", {Value("x"), Value(false), Value("bad op")})
                .status()
                .code(),
            StatusCode::kPyValueError);
  r = Run("res.groups", "name_search", {Value("settings")});
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(*r, L({L({3, "Administration / Settings"})}));
}

class ReadOnlyPolicy : public AllowAll {
 public:
  Status CheckModel(const ModelDef& model, Operation op) const override {
    if (op == Operation::kRead) return Status::Ok();
    return AccessError("You are not allowed to modify '" + model.description + "'");
  }
};

// Odoo 18: with raise_exception (the default) check_access, which returns None or raises; without
// it has_access, a bool.
TEST_F(GroupTest, CheckAccessRights) {
  EXPECT_TRUE(Run("sale.order", "check_access_rights", {Value("write")})->is_nil());
  EXPECT_EQ(*Run("sale.order", "check_access_rights", {Value("write")},
                 {{"raise_exception", Value(false)}}),
            Value(true));
  ReadOnlyPolicy policy;
  env_.access = &policy;
  EXPECT_TRUE(Run("sale.order", "check_access_rights", {Value("read")})->is_nil());
  auto r = Run("sale.order", "check_access_rights", {Value("unlink")});
  EXPECT_EQ(r.status().code(), StatusCode::kAccessError);
  EXPECT_EQ(r.status().message(), "You are not allowed to modify 'Sales Order'");
  r = Run("sale.order", "check_access_rights", {Value("create")},
          {{"raise_exception", Value(false)}});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, Value(false));
  r = Run("sale.order", "check_access_rights", {Value("drop")});
  EXPECT_EQ(r.status().code(), StatusCode::kPyAssertionError);
  EXPECT_EQ(r.status().message(), "Invalid access mode");
  EXPECT_EQ(Run("sale.order", "create", {Value(S({{"partner_id", Value(10)}}))}).status().code(),
            StatusCode::kAccessError);
}

TEST(AndDomainsTest, MatchesOdoosExpressionAnd) {
  EXPECT_EQ(AndDomains(L({}), L({L({"a", "=", 1})})), L({L({"a", "=", 1})}));
  EXPECT_EQ(AndDomains(L({"|", L({"a", "=", 1}), L({"b", "=", 2})}), L({L({"c", "=", 3})})),
            L({"&", "|", L({"a", "=", 1}), L({"b", "=", 2}), L({"c", "=", 3})}));
  EXPECT_EQ(AndDomains(L({"!", L({"a", "=", 1}), L({"b", "=", 2})}), L({L({"c", "=", 3})})),
            L({"&", "&", "!", L({"a", "=", 1}), L({"b", "=", 2}), L({"c", "=", 3})}));
  // A read_group row's __domain: the call's domain, then one domain per group, flat.
  EXPECT_EQ(AndDomains(std::vector<Value>{L({L({"a", "=", 1})}), L({L({"b", "=", 2})}),
                                          L({L({"c", "=", 3})})}),
            L({"&", "&", L({"a", "=", 1}), L({"b", "=", 2}), L({"c", "=", 3})}));
}

}  // namespace
}  // namespace keygate::models
