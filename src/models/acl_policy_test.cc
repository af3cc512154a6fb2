// Tests of access-right resolution, record-rule composition and key scopes on a migrated
// database loaded with the shipped access data.
#include "models/acl_policy.h"

#include <gtest/gtest.h>

#include "models/authz_test_util.h"
#include "models/py_repr.h"

namespace keygate::models {
namespace {

Value L(std::initializer_list<Value> v) { return Value(Value::Array(v)); }

class AclPolicyTest : public testing::AuthzTest {
 protected:
  void SetUp() override {
    AuthzTest::SetUp();
    ASSERT_TRUE(EnsureAccessData(c(), *registry_).ok());
  }
  const ModelDef& M(const std::string& name) { return *registry_->Find(name); }
  std::unique_ptr<AclPolicy> Policy(int64_t uid, std::optional<std::string> scope = {}) {
    auto p = AclPolicy::Create(c(), uid, scope);
    EXPECT_TRUE(p.ok()) << p.status().message();
    return std::move(*p);
  }
};

constexpr const char* kSaleReadDenied =
    "You are not allowed to access 'Sales Order' (sale.order) records.\n\n"
    "This operation is allowed for the following groups:\n"
    "\t- Sales/Administrator\n"
    "\t- Sales/User: Own Documents Only\n\n"
    "Contact your administrator to request access if necessary.";

TEST_F(AclPolicyTest, InternalUserWithoutSalesGetsOdoosText) {
  int64_t uid = AddUser("bob", {"base.group_user"});
  auto p = Policy(uid);
  Status s = p->CheckModel(M("sale.order"), Operation::kRead);
  EXPECT_EQ(s.code(), StatusCode::kAccessError);
  EXPECT_EQ(s.message(), kSaleReadDenied);
  EXPECT_TRUE(p->CheckModel(M("res.partner"), Operation::kRead).ok());
  Status w = p->CheckModel(M("res.partner"), Operation::kWrite);
  EXPECT_EQ(w.message(),
            "You are not allowed to modify 'Contact' (res.partner) records.\n\n"
            "This operation is allowed for the following groups:\n"
            "\t- Accounting/Invoicing\n"
            "\t- Extra Rights/Contact Creation\n"
            "\t- Sales/User: Own Documents Only\n\n"
            "Contact your administrator to request access if necessary.");
}

TEST_F(AclPolicyTest, VerbsAndNoGroup) {
  int64_t uid = AddUser("bob", {"sales_team.group_sale_salesman"});
  auto p = Policy(uid);
  EXPECT_TRUE(p->CheckModel(M("sale.order"), Operation::kRead).ok());
  EXPECT_TRUE(p->CheckModel(M("sale.order"), Operation::kWrite).ok());
  EXPECT_TRUE(p->CheckModel(M("sale.order"), Operation::kCreate).ok());
  EXPECT_EQ(p->CheckModel(M("sale.order"), Operation::kUnlink).message(),
            "You are not allowed to delete 'Sales Order' (sale.order) records.\n\n"
            "This operation is allowed for the following groups:\n\t- Sales/Administrator\n\n"
            "Contact your administrator to request access if necessary.");
  EXPECT_EQ(p->CheckModel(M("stock.picking"), Operation::kCreate).message(),
            "You are not allowed to create 'Transfer' (stock.picking) records.\n\n"
            "This operation is allowed for the following groups:\n"
            "\t- Inventory/Administrator\n\t- Inventory/User\n\n"
            "Contact your administrator to request access if necessary.");
  EXPECT_EQ(p->CheckModel(M("x.nobody"), Operation::kRead).message(),
            "You are not allowed to access 'Nobody's Model' (x.nobody) records.\n\n"
            "No group currently allows this operation.\n\n"
            "Contact your administrator to request access if necessary.");
}

TEST_F(AclPolicyTest, ImpliedGroupsGrant) {
  // Sales Administrator implies All Documents implies Own Documents implies Internal User.
  int64_t uid = AddUser("boss", {"sales_team.group_sale_manager"});
  auto p = Policy(uid);
  for (auto op : {Operation::kRead, Operation::kWrite, Operation::kCreate, Operation::kUnlink}) {
    EXPECT_TRUE(p->CheckModel(M("sale.order"), op).ok());
  }
  EXPECT_TRUE(p->CheckModel(M("res.partner"), Operation::kRead).ok());  // via Internal User
  EXPECT_FALSE(p->CheckModel(M("account.move"), Operation::kRead).ok());
}

TEST_F(AclPolicyTest, GrouplessRowGrantsEverybody) {
  int64_t uid = AddUser("portal", {"base.group_portal"});
  auto p = Policy(uid);
  EXPECT_TRUE(p->CheckModel(M("res.users"), Operation::kRead).ok());
  EXPECT_FALSE(p->CheckModel(M("res.groups"), Operation::kRead).ok());
  EXPECT_FALSE(p->CheckModel(M("sale.order"), Operation::kRead).ok());
}

TEST_F(AclPolicyTest, InactiveRowsDoNotGrant) {
  int64_t uid = AddUser("bob", {"sales_team.group_sale_salesman"});
  ASSERT_TRUE(c().Exec("UPDATE ir_model_access SET active = 0 WHERE name = 'sale.order'").ok());
  EXPECT_FALSE(Policy(uid)->CheckModel(M("sale.order"), Operation::kRead).ok());
}

TEST_F(AclPolicyTest, SuperuserBypassesRightsAndRules) {
  auto p = Policy(kSuperuserId);
  EXPECT_TRUE(p->CheckModel(M("x.nobody"), Operation::kUnlink).ok());
  auto d = p->RuleDomain(M("sale.order"), Operation::kRead);
  ASSERT_TRUE(d.ok());
  EXPECT_FALSE(d->has_value());
}

TEST_F(AclPolicyTest, OwnDocumentsRule) {
  int64_t uid = AddUser("bob", {"sales_team.group_sale_salesman"});
  auto d = Policy(uid)->RuleDomain(M("sale.order"), Operation::kRead);
  ASSERT_TRUE(d.ok());
  ASSERT_TRUE(d->has_value());
  EXPECT_EQ(**d, L({"|", L({"user_id", "=", uid}), L({"user_id", "=", false})}));
}

TEST_F(AclPolicyTest, AllDocumentsRuleIsOredWithOwn) {
  // All Documents implies Own Documents: both group rules apply, OR-ed; Odoo's OR of a TRUE
  // domain is TRUE.
  int64_t uid = AddUser("alice", {"sales_team.group_sale_salesman_all_leads"});
  auto d = Policy(uid)->RuleDomain(M("sale.order"), Operation::kWrite);
  ASSERT_TRUE(d.ok());
  ASSERT_TRUE(d->has_value());
  EXPECT_EQ(**d, L({L({int64_t{1}, "=", int64_t{1}})}));
}

TEST_F(AclPolicyTest, GroupRulesAreOred) {
  int64_t uid = AddUser("alice", {"sales_team.group_sale_salesman"});
  ASSERT_TRUE(c().Exec("UPDATE ir_rule SET domain_force = '[(''state'', ''='', ''sale'')]' "
                       "WHERE name = 'All Orders'")
                  .ok());
  Grant(uid, "sales_team.group_sale_salesman_all_leads");
  auto d = Policy(uid)->RuleDomain(M("sale.order"), Operation::kRead);
  ASSERT_TRUE(d.ok());
  ASSERT_TRUE(d->has_value());
  EXPECT_EQ(**d, L({"|", "|", L({"user_id", "=", uid}), L({"user_id", "=", false}),
                    L({"state", "=", "sale"})}));
}

TEST_F(AclPolicyTest, NoApplicableRuleMeansNoDomain) {
  int64_t uid = AddUser("bob", {"base.group_user"});
  auto d = Policy(uid)->RuleDomain(M("res.partner"), Operation::kRead);
  ASSERT_TRUE(d.ok());
  EXPECT_FALSE(d->has_value());
}

TEST_F(AclPolicyTest, PortalUserReadsItsCommercialPartnerOnly) {
  int64_t uid = AddUser("joel", {"base.group_portal"});
  auto company = c().Query(
      "INSERT INTO res_partner (name, is_company) VALUES ('Acme', 1) "
      "RETURNING id");
  ASSERT_TRUE(company.ok());
  const int64_t acme = store::AsInt(company->rows()[0][0]);
  // Alone, the contact is its own commercial partner; under a company, the company is.
  int64_t pid =
      store::AsInt(c().Query("SELECT partner_id FROM res_users WHERE id = ?", {uid})->rows()[0][0]);
  auto alone = Policy(uid)->RuleDomain(M("res.partner"), Operation::kRead);
  ASSERT_TRUE(alone.ok());
  ASSERT_TRUE(alone->has_value());
  EXPECT_EQ(**alone, L({L({"id", "child_of", pid})}));
  ASSERT_TRUE(c().Exec("UPDATE res_partner SET parent_id = ? WHERE id = ?", {acme, pid}).ok());
  auto p = Policy(uid);
  auto read = p->RuleDomain(M("res.partner"), Operation::kRead);
  ASSERT_TRUE(read.ok());
  ASSERT_TRUE(read->has_value());
  EXPECT_EQ(**read, L({L({"id", "child_of", acme})}));
  EXPECT_TRUE(p->CheckModel(M("res.partner"), Operation::kRead).ok());
  EXPECT_EQ(p->CheckModel(M("res.partner"), Operation::kWrite).code(), StatusCode::kAccessError);
  EXPECT_TRUE(p->CheckModel(M("res.company"), Operation::kRead).ok());
  auto companies = p->RuleDomain(M("res.company"), Operation::kRead);
  ASSERT_TRUE(companies.ok());
  ASSERT_TRUE(companies->has_value());
  EXPECT_EQ(**companies, L({L({"id", "in", L({int64_t{1}})})}));
}

TEST_F(AclPolicyTest, UsersGetThePartnerRulesThroughTheirPartner) {
  // The shipped declarations: res.users inherits res.partner through partner_id.
  auto embedded = Registry::LoadEmbedded();
  ASSERT_TRUE(embedded.ok()) << embedded.status().message();
  const ModelDef& users = *embedded->Find("res.users");
  int64_t uid = AddUser("joel", {"base.group_portal"});
  int64_t pid =
      store::AsInt(c().Query("SELECT partner_id FROM res_users WHERE id = ?", {uid})->rows()[0][0]);
  auto p = Policy(uid);
  p->set_registry(&*embedded);
  auto d = p->RuleDomain(users, Operation::kRead);
  ASSERT_TRUE(d.ok()) << d.status().message();
  ASSERT_TRUE(d->has_value());
  // Odoo's _inherits: [('partner_id', 'any', partner rules)] AND the global user rule.
  EXPECT_EQ(PyRepr(**d), "['&', ['partner_id.id', 'child_of', " + std::to_string(pid) +
                             "], '|', ['share', '=', False], ['company_ids', 'in', [1]]]");
  // Without the declarations (AclPolicy::Create alone) only the model's own rules.
  auto own = Policy(uid)->RuleDomain(users, Operation::kRead);
  ASSERT_TRUE(own.ok());
  EXPECT_EQ(PyRepr(**own), "['|', ['share', '=', False], ['company_ids', 'in', [1]]]");
  // An internal user has no partner rule: only the user rule applies.
  int64_t bob = AddUser("bob", {"base.group_user"});
  auto q = Policy(bob);
  q->set_registry(&*embedded);
  auto e = q->RuleDomain(users, Operation::kRead);
  ASSERT_TRUE(e.ok());
  EXPECT_EQ(PyRepr(**e), "['|', ['share', '=', False], ['company_ids', 'in', [1]]]");
}

TEST_F(AclPolicyTest, GlobalRulesAreAndedWithTheGroupRules) {
  int64_t uid = AddUser("bob", {"sales_team.group_sale_salesman"});
  ASSERT_TRUE(c().Exec("INSERT INTO ir_rule (name, model_id, domain_force) SELECT 'company', id, "
                       "'[''|'', (''company_id'', ''='', False), (''company_id'', ''in'', "
                       "company_ids)]' FROM ir_model WHERE model = 'sale.order'")
                  .ok());
  ASSERT_TRUE(c().Exec("INSERT INTO ir_rule (name, model_id, domain_force, perm_read) SELECT "
                       "'two terms', id, '[(''state'', ''!='', ''cancel''), (''name'', ''!='', "
                       "user.partner_id.id)]', 1 FROM ir_model WHERE model = 'sale.order'")
                  .ok());
  auto partner = c().Query("SELECT partner_id FROM res_users WHERE id = ?", {uid});
  int64_t pid = store::AsInt(partner->rows()[0][0]);
  auto d = Policy(uid)->RuleDomain(M("sale.order"), Operation::kRead);
  ASSERT_TRUE(d.ok());
  ASSERT_TRUE(d->has_value());
  Value company = L({"|", L({"company_id", "=", false}), L({"company_id", "in", L({int64_t{1}})})});
  EXPECT_EQ(**d,
            L({"&", "&", "|", L({"company_id", "=", false}),
               L({"company_id", "in", L({int64_t{1}})}), "&", L({"state", "!=", "cancel"}),
               L({"name", "!=", pid}), "|", L({"user_id", "=", uid}), L({"user_id", "=", false})}));
}

TEST_F(AclPolicyTest, RulesOnlyForTheirOperation) {
  int64_t uid = AddUser("bob", {"sales_team.group_sale_salesman"});
  ASSERT_TRUE(c().Exec("UPDATE ir_rule SET perm_read = 0 WHERE name = 'Personal Orders'").ok());
  auto p = Policy(uid);
  auto read = p->RuleDomain(M("sale.order"), Operation::kRead);
  ASSERT_TRUE(read.ok());
  EXPECT_FALSE(read->has_value());
  auto write = p->RuleDomain(M("sale.order"), Operation::kWrite);
  ASSERT_TRUE(write.ok());
  EXPECT_TRUE(write->has_value());
}

TEST_F(AclPolicyTest, BrokenRuleMatchesNothing) {
  int64_t uid = AddUser("bob", {"sales_team.group_sale_salesman"});
  ASSERT_TRUE(c().Exec("UPDATE ir_rule SET domain_force = '[(''user_id'', ''='', "
                       "__import__(''os'').getuid())]' WHERE name = 'Personal Orders'")
                  .ok());
  auto d = Policy(uid)->RuleDomain(M("sale.order"), Operation::kRead);
  ASSERT_TRUE(d.ok());
  ASSERT_TRUE(d->has_value());
  EXPECT_EQ(**d, L({L({int64_t{0}, "=", int64_t{1}})}));
}

TEST_F(AclPolicyTest, ReadOnlyScopeDeniesWriteTheUserMayDo) {
  int64_t uid = AddUser("bob", {"sales_team.group_sale_salesman"});
  auto p = Policy(uid, "rpc:readonly");
  EXPECT_TRUE(p->CheckModel(M("sale.order"), Operation::kRead).ok());
  Status s = p->CheckModel(M("sale.order"), Operation::kWrite);
  EXPECT_EQ(s.code(), StatusCode::kAccessError);
  EXPECT_EQ(s.message(),
            "API key does not have sufficient permissions: this key may not write 'sale.order' "
            "records (its scope is 'rpc:readonly').");
}

TEST_F(AclPolicyTest, ScopeNeverExceedsTheUser) {
  int64_t uid = AddUser("bob", {"base.group_user"});
  auto p = Policy(uid, "rpc:sale.order:all");
  EXPECT_EQ(p->CheckModel(M("sale.order"), Operation::kRead).message(), kSaleReadDenied);
  EXPECT_EQ(p->CheckModel(M("res.partner"), Operation::kRead).message(),
            "API key does not have sufficient permissions: this key may not read 'res.partner' "
            "records (its scope is 'rpc:sale.order:all').");
}

TEST_F(AclPolicyTest, UnparsableStoredScopeAllowsNothing) {
  int64_t uid = AddUser("bob", {"base.group_user"});
  auto p = Policy(uid, "rpc:what?");
  Status s = p->CheckModel(M("res.partner"), Operation::kRead);
  EXPECT_EQ(s.code(), StatusCode::kAccessError);
  EXPECT_EQ(s.message().rfind("API key does not have sufficient permissions", 0), 0u);
}

TEST_F(AclPolicyTest, RuleViolationText) {
  int64_t uid = AddUser("bob", {"sales_team.group_sale_salesman"});
  ASSERT_TRUE(c().Exec("UPDATE res_partner SET name = 'Marc Demo' WHERE id = "
                       "(SELECT partner_id FROM res_users WHERE id = ?)",
                       {uid})
                  .ok());
  Status s = Policy(uid)->RuleViolation(M("sale.order"), Operation::kWrite, {5, 6});
  EXPECT_EQ(s.code(), StatusCode::kAccessError);
  EXPECT_EQ(s.message(),
            "Uh-oh! Looks like you have stumbled upon some top-secret records.\n\n"
            "Sorry, Marc Demo (id=" +
                std::to_string(uid) +
                ") doesn't have 'write' access to:\n- Sales Order (sale.order)\n\n"
                "If you really, really need access, perhaps you can win over your friendly "
                "administrator with a batch of freshly baked cookies.");
}

TEST_F(AclPolicyTest, ChangesApplyToTheNextPolicy) {
  int64_t uid = AddUser("bob", {"base.group_user"});
  EXPECT_FALSE(Policy(uid)->CheckModel(M("sale.order"), Operation::kRead).ok());
  Grant(uid, "sales_team.group_sale_salesman_all_leads");
  EXPECT_TRUE(Policy(uid)->CheckModel(M("sale.order"), Operation::kRead).ok());
  ASSERT_TRUE(c().Exec("DELETE FROM res_groups_users_rel WHERE uid = ? AND gid IN (SELECT res_id "
                       "FROM ir_model_data WHERE name = 'group_sale_salesman_all_leads')",
                       {uid})
                  .ok());
  EXPECT_FALSE(Policy(uid)->CheckModel(M("sale.order"), Operation::kRead).ok());
}

TEST_F(AclPolicyTest, ExplainNamesTheGrantingRowAndRules) {
  int64_t uid = AddUser("bob", {"sales_team.group_sale_salesman"});
  auto e = Policy(uid, "rpc:readonly")->Explain(M("sale.order"), Operation::kWrite);
  ASSERT_TRUE(e.ok());
  EXPECT_FALSE(e->allowed);
  EXPECT_FALSE(e->scope_allows);
  ASSERT_EQ(e->granting.size(), 1u);
  EXPECT_EQ(e->granting[0].xml_id, "keygate.access_sale_order");
  EXPECT_EQ(e->granting[0].group_name, "Sales/User: Own Documents Only");
  ASSERT_EQ(e->rules.size(), 1u);
  EXPECT_EQ(e->rules[0].name, "Personal Orders");
  EXPECT_EQ(e->would_grant,
            (std::vector<std::string>{"Sales/Administrator", "Sales/User: Own Documents Only"}));
}

TEST_F(AclPolicyTest, APolicyKeepsItsViewForTheCallOnly) {
  int64_t uid = AddUser("bob", {"sales_team.group_sale_salesman"});
  auto p = Policy(uid);
  ASSERT_TRUE(p->CheckModel(M("sale.order"), Operation::kRead).ok());
  // After a change made behind its back, the same policy keeps its per-call view.
  ASSERT_TRUE(c().Exec("UPDATE ir_model_access SET active = 0").ok());
  EXPECT_TRUE(p->CheckModel(M("sale.order"), Operation::kWrite).ok());
  EXPECT_FALSE(Policy(uid)->CheckModel(M("sale.order"), Operation::kWrite).ok());
}

// The policy memo (policy_cache.h): a second call under the same generation reads nothing; a call
// under another generation reads everything again, so a change the generation announces applies.
TEST_F(AclPolicyTest, WarmPolicyReadsNothingAndANewGenerationReadsAgain) {
  const int64_t uid = AddUser("memo", {"sales_team.group_sale_salesman"});
  const PolicyMemoLimits limits{16, 0};
  auto check = [&](int64_t generation) {
    auto p = PolicyForCall(db_, c(), *registry_, uid, std::nullopt, generation, limits);
    EXPECT_TRUE(p.ok());
    EXPECT_TRUE((*p)->CheckModel(M("sale.order"), Operation::kRead).ok());
    auto domain = (*p)->RuleDomain(M("sale.order"), Operation::kRead);
    EXPECT_TRUE(domain.ok());
    return domain.ok() ? *domain : std::optional<Value>();
  };
  const std::optional<Value> cold = check(100);
  EXPECT_TRUE(cold.has_value());  // the salesman's own-documents rule
  const uint64_t statements = store::StatementsOnThisThread();
  EXPECT_EQ(check(100), cold);
  EXPECT_EQ(store::StatementsOnThisThread(), statements);

  EXPECT_EQ(check(101), cold);
  EXPECT_GT(store::StatementsOnThisThread(), statements);

  // Without a generation nothing is remembered.
  const uint64_t before = store::StatementsOnThisThread();
  auto p = PolicyForCall(db_, c(), *registry_, uid, std::nullopt);
  ASSERT_TRUE(p.ok());
  EXPECT_GT(store::StatementsOnThisThread(), before);
}

// A key's scope is parsed once per thread and generation, and its verdict stays the same.
TEST_F(AclPolicyTest, KeyScopeIsParsedOncePerGeneration) {
  const int64_t uid = AddUser("scoped", {"sales_team.group_sale_salesman"});
  const PolicyMemoLimits limits{16, 0};
  const std::optional<std::string> scope = "rpc:sale.order:read";
  PolicyMemo& memo = PolicyMemo::ForThisThread(db_, 200, limits);
  EXPECT_EQ(memo.FindScope(*scope), nullptr);
  auto first = PolicyForCall(db_, c(), *registry_, uid, scope, 200, limits);
  ASSERT_TRUE(first.ok());
  const auto parsed = memo.FindScope(*scope);
  ASSERT_NE(parsed, nullptr);
  ASSERT_TRUE(parsed->ok());
  EXPECT_TRUE((*first)->CheckModel(M("sale.order"), Operation::kRead).ok());
  EXPECT_EQ((*first)->CheckModel(M("sale.order"), Operation::kWrite).code(),
            StatusCode::kAccessError);
  auto second = PolicyForCall(db_, c(), *registry_, uid, scope, 200, limits);
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(memo.FindScope(*scope), parsed);  // the same parse, not a new one
  EXPECT_EQ((*second)->CheckModel(M("sale.order"), Operation::kWrite).code(),
            StatusCode::kAccessError);
  // A scope that does not parse is remembered as such: the key may do nothing.
  auto broken = PolicyForCall(db_, c(), *registry_, uid, std::string("rpc:"), 200, limits);
  ASSERT_TRUE(broken.ok());
  ASSERT_NE(memo.FindScope(std::string("rpc:")), nullptr);
  EXPECT_FALSE(memo.FindScope(std::string("rpc:"))->ok());
  // NULL (every right of the user) is not the empty text.
  ASSERT_TRUE(PolicyForCall(db_, c(), *registry_, uid, std::nullopt, 200, limits).ok());
  ASSERT_NE(memo.FindScope(std::nullopt), nullptr);
  EXPECT_TRUE(memo.FindScope(std::nullopt)->ok());
  EXPECT_EQ(memo.FindScope(std::string()), nullptr);
  EXPECT_EQ((*broken)->CheckModel(M("sale.order"), Operation::kRead).code(),
            StatusCode::kAccessError);
  // Another generation forgets them.
  EXPECT_EQ(PolicyMemo::ForThisThread(db_, 201, limits).FindScope(*scope), nullptr);
}

}  // namespace
}  // namespace keygate::models
