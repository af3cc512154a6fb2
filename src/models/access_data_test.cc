// Tests of the access CSV parsing and of the idempotent loader.
#include "models/access_data.h"

#include <gtest/gtest.h>

#include <set>

#include "models/authz_test_util.h"
#include "models/domain.h"
#include "models/py_literal.h"
#include "models/sql_builder.h"

namespace keygate::models {
namespace {

using testing::AuthzTest;

TEST(CsvTest, QuotingAndLineEnds) {
  auto rows = ParseCsv("a,b,c\r\n\"x, y\",\"say \"\"hi\"\"\",\n\"multi\nline\",2,3\n\n");
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 3u);
  EXPECT_EQ((*rows)[0], (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ((*rows)[1], (std::vector<std::string>{"x, y", "say \"hi\"", ""}));
  EXPECT_EQ((*rows)[2], (std::vector<std::string>{"multi\nline", "2", "3"}));
  EXPECT_FALSE(ParseCsv("a,\"open\n").ok());
}

constexpr const char* kAccessHeader =
    "id,name,model_id:id,group_id:id,perm_read,perm_write,perm_create,perm_unlink\n";
constexpr const char* kRuleHeader =
    "id,name,model_id:id,groups,domain_force,perm_read,perm_write,perm_create,perm_unlink\n";

TEST(AccessDataTest, ParsesOdooFormat) {
  auto d = ParseAccessData(
      std::string(kAccessHeader) +
          "access_sale_order,sale.order,model_sale_order,sales_team.group_sale_salesman,1,1,1,0\n"
          "access_all,all,model_res_users,,1,0,0,0\n",
      std::string(kRuleHeader) +
          "r1,Personal,model_sale_order,sales_team.group_sale_salesman base.group_user,"
          "\"[('user_id', '=', user.id)]\",1,1,0,0\n");
  ASSERT_TRUE(d.ok()) << d.status().message();
  ASSERT_EQ(d->access.size(), 2u);
  EXPECT_EQ(d->access[0].group_ref, "sales_team.group_sale_salesman");
  EXPECT_TRUE(d->access[0].perm_create);
  EXPECT_FALSE(d->access[0].perm_unlink);
  EXPECT_EQ(d->access[1].group_ref, "");
  ASSERT_EQ(d->rules.size(), 1u);
  EXPECT_EQ(d->rules[0].group_refs,
            (std::vector<std::string>{"sales_team.group_sale_salesman", "base.group_user"}));
  EXPECT_EQ(d->rules[0].domain_force, "[('user_id', '=', user.id)]");
  EXPECT_FALSE(d->rules[0].perm_create);
}

TEST(AccessDataTest, RejectsBadFiles) {
  auto bad_header = ParseAccessData("id,name\n", kRuleHeader);
  ASSERT_FALSE(bad_header.ok());
  EXPECT_NE(bad_header.status().message().find("ir.model.access.csv: the header must be"),
            std::string::npos);
  auto bad_flag =
      ParseAccessData(std::string(kAccessHeader) + "a,a,model_x,,yes,0,0,0\n", kRuleHeader);
  ASSERT_FALSE(bad_flag.ok());
  EXPECT_NE(bad_flag.status().message().find("line 2"), std::string::npos);
  auto bad_domain =
      ParseAccessData(kAccessHeader, std::string(kRuleHeader) +
                                         "r,R,model_x,,\"[('a', '=', eval('1'))]\",1,1,1,1\n");
  ASSERT_FALSE(bad_domain.ok());
  EXPECT_NE(bad_domain.status().message().find("ir_rule.csv line 2"), std::string::npos);
  auto no_perm =
      ParseAccessData(kAccessHeader, std::string(kRuleHeader) + "r,R,model_x,,[],0,0,0,0\n");
  ASSERT_FALSE(no_perm.ok());
}

TEST(AccessDataTest, ShippedDataParses) {
  auto d = EmbeddedAccessData();
  ASSERT_TRUE(d.ok()) << d.status().message();
  EXPECT_GE(d->access.size(), 20u);
  EXPECT_GE(d->rules.size(), 2u);
}

// Every model the shipped CSVs name is declared, and every shipped rule's domain compiles
// against its model (so a rule can never break calls on its model).
TEST_F(AuthzTest, ShippedDataMatchesTheEmbeddedRegistry) {
  auto d = EmbeddedAccessData();
  ASSERT_TRUE(d.ok());
  auto reg = Registry::LoadEmbedded();
  ASSERT_TRUE(reg.ok()) << reg.status().message();
  std::map<std::string, std::string> by_xml;
  for (const auto& m : reg->ModelNames()) by_xml[ModelXmlName(m)] = m;
  for (const auto& a : d->access) {
    EXPECT_TRUE(by_xml.count(a.model_ref)) << a.id << " names undeclared " << a.model_ref;
  }
  for (const auto& r : d->rules) {
    ASSERT_TRUE(by_xml.count(r.model_ref)) << r.id << " names undeclared " << r.model_ref;
    const ModelDef* model = reg->Find(by_xml[r.model_ref]);
    auto literal = ParsePyLiteral(r.domain_force, RuleEvalNames(2, 3, 1, {1}));
    ASSERT_TRUE(literal.ok()) << r.id;
    auto domain = Domain::Parse(*literal);
    ASSERT_TRUE(domain.ok()) << r.id << ": " << domain.status().message();
    SqlBuilder builder(*reg, c().dialect());
    auto sql = CompileDomain(builder, *model, *domain, "t0");
    EXPECT_TRUE(sql.ok()) << r.id << ": " << sql.status().message();
  }
}

TEST_F(AuthzTest, LoadCreatesModelsRightsAndRules) {
  auto d = EmbeddedAccessData();
  ASSERT_TRUE(d.ok());
  ASSERT_TRUE(LoadAccessData(c(), *registry_, *d).ok());
  EXPECT_EQ(Count("ir_model"), static_cast<int64_t>(registry_->ModelNames().size()));
  EXPECT_EQ(Count("ir_model_access"), static_cast<int64_t>(d->access.size()));
  EXPECT_EQ(Count("ir_rule"), static_cast<int64_t>(d->rules.size()));
  auto rule = c().Query(
      "SELECT r.name, r.\"global\", m.model FROM ir_rule r JOIN ir_model m ON m.id = r.model_id "
      "JOIN ir_model_data d ON d.res_id = r.id AND d.model = 'ir.rule' "
      "WHERE d.module = 'keygate' AND d.name = 'sale_order_personal_rule'");
  ASSERT_TRUE(rule.ok());
  ASSERT_EQ(rule->size(), 1u);
  EXPECT_EQ(store::AsText(rule->rows()[0][0]), "Personal Orders");
  EXPECT_EQ(store::AsInt(rule->rows()[0][1]), 0);  // has a group: not global
  EXPECT_EQ(store::AsText(rule->rows()[0][2]), "sale.order");
  auto model = c().Query("SELECT name FROM ir_model WHERE model = 'sale.order'");
  EXPECT_EQ(store::AsText(model->rows()[0][0]), "Sales Order");
}

TEST_F(AuthzTest, LoadIsIdempotentAndFollowsTheCsv) {
  auto d = EmbeddedAccessData();
  ASSERT_TRUE(d.ok());
  ASSERT_TRUE(LoadAccessData(c(), *registry_, *d).ok());
  // A right an administrator added by hand (no external id) survives reloads.
  ASSERT_TRUE(c().Exec("INSERT INTO ir_model_access (name, model_id, perm_read) SELECT 'manual', "
                       "id, 1 FROM ir_model WHERE model = 'x.nobody'")
                  .ok());
  int64_t access = Count("ir_model_access"), rules = Count("ir_rule"),
          data = Count("ir_model_data");
  ASSERT_TRUE(LoadAccessData(c(), *registry_, *d).ok());
  EXPECT_EQ(Count("ir_model_access"), access);
  EXPECT_EQ(Count("ir_rule"), rules);
  EXPECT_EQ(Count("ir_model_data"), data);
  EXPECT_EQ(Count("rule_group_rel"), 10);
  // A row that leaves the CSV is removed; a changed row is updated in place.
  AccessData smaller = *d;
  smaller.access.erase(smaller.access.begin());
  smaller.access[0].perm_unlink = !smaller.access[0].perm_unlink;
  smaller.rules.pop_back();
  ASSERT_TRUE(LoadAccessData(c(), *registry_, smaller).ok());
  EXPECT_EQ(Count("ir_model_access"), access - 1);
  EXPECT_EQ(Count("ir_rule"), rules - 1);
  auto manual = c().Query("SELECT count(*) FROM ir_model_access WHERE name = 'manual'");
  EXPECT_EQ(store::AsInt(manual->rows()[0][0]), 1);
}

TEST_F(AuthzTest, UnknownModelsAndRulesOfOnlyUnknownGroupsAreSkipped) {
  AccessData d;
  AccessRow a;
  a.id = "access_ghost";
  a.name = "ghost";
  a.model_ref = "model_ghost_model";
  a.perm_read = true;
  d.access.push_back(a);
  ASSERT_TRUE(LoadAccessData(c(), *registry_, d).ok());
  EXPECT_EQ(Count("ir_model_access"), 0);
  // A rule whose groups are all gone applies to nobody: it is not loaded, and above all it does
  // not become a global rule.
  RuleRow r;
  r.id = "rule_x";
  r.model_ref = "model_sale_order";
  r.group_refs = {"nowhere.group_ghost"};
  r.domain_force = "[]";
  d.rules.push_back(r);
  ASSERT_TRUE(LoadAccessData(c(), *registry_, d).ok());
  EXPECT_EQ(Count("ir_rule"), 0);
  // One that keeps a known group is loaded with that group only.
  d.rules[0].group_refs = {"nowhere.group_ghost", "base.group_user"};
  ASSERT_TRUE(LoadAccessData(c(), *registry_, d).ok());
  EXPECT_EQ(Count("ir_rule"), 1);
  EXPECT_EQ(Count("rule_group_rel"), 1);
  auto global = c().Query("SELECT \"global\" FROM ir_rule");
  ASSERT_TRUE(global.ok());
  EXPECT_EQ(store::AsInt(global->rows()[0][0]), 0);
}

TEST_F(AuthzTest, AccessChangesBumpTheAuthGeneration) {
  auto gen = [&] {
    auto r = c().Query("SELECT value FROM keygate_auth_generation WHERE id = 1");
    return store::AsInt(r->rows()[0][0]);
  };
  auto d = EmbeddedAccessData();
  ASSERT_TRUE(LoadAccessData(c(), *registry_, *d).ok());
  int64_t g0 = gen();
  ASSERT_TRUE(c().Exec("UPDATE ir_model_access SET perm_unlink = 1 WHERE id = "
                       "(SELECT min(id) FROM ir_model_access)")
                  .ok());
  int64_t g1 = gen();
  EXPECT_GT(g1, g0);
  ASSERT_TRUE(
      c().Exec("UPDATE ir_rule SET active = 0 WHERE id = (SELECT min(id) FROM ir_rule)").ok());
  int64_t g2 = gen();
  EXPECT_GT(g2, g1);
  ASSERT_TRUE(c().Exec("DELETE FROM rule_group_rel WHERE rule_group_id = "
                       "(SELECT min(rule_group_id) FROM rule_group_rel)")
                  .ok());
  EXPECT_GT(gen(), g2);
}

TEST_F(AuthzTest, GlobalFlagFollowsRuleGroups) {
  auto d = EmbeddedAccessData();
  ASSERT_TRUE(LoadAccessData(c(), *registry_, *d).ok());
  ASSERT_TRUE(c().Exec("DELETE FROM rule_group_rel").ok());
  auto r = c().Query("SELECT count(*) FROM ir_rule WHERE \"global\" = 0");
  EXPECT_EQ(store::AsInt(r->rows()[0][0]), 0);
}

TEST_F(AuthzTest, EnsureLoadsOnceThenOnlyChecks) {
  ASSERT_TRUE(EnsureAccessData(c(), *registry_).ok());
  int64_t access = Count("ir_model_access");
  EXPECT_GT(access, 0);
  // An administrator's change to a shipped row is kept while the shipped data is unchanged.
  ASSERT_TRUE(c().Exec("UPDATE ir_model_access SET active = 0").ok());
  ASSERT_TRUE(EnsureAccessData(c(), *registry_).ok());
  auto active = c().Query("SELECT count(*) FROM ir_model_access WHERE active = 1");
  EXPECT_EQ(store::AsInt(active->rows()[0][0]), 0);
  // A different registry (a model added) changes the fingerprint: loaded again.
  auto reg = Registry::LoadFromStrings({{"a.json", testing::ModelJson("res.partner", "Contact")},
                                        {"b.json", testing::ModelJson("y.new", "New")}});
  ASSERT_TRUE(reg.ok());
  ASSERT_TRUE(EnsureAccessData(c(), *reg).ok());
  auto y = c().Query("SELECT count(*) FROM ir_model WHERE model = 'y.new'");
  EXPECT_EQ(store::AsInt(y->rows()[0][0]), 1);
  ASSERT_TRUE(EnsureAccessDataOnce(db_, c(), *registry_).ok());
  // Remembered for this Database object: a second call does not even check.
  ASSERT_TRUE(c().Exec("DELETE FROM ir_config_parameter WHERE key = "
                       "'keygate.access_data_fingerprint'")
                  .ok());
  ASSERT_TRUE(EnsureAccessDataOnce(db_, c(), *registry_).ok());
  auto fp = c().Query(
      "SELECT count(*) FROM ir_config_parameter WHERE key = "
      "'keygate.access_data_fingerprint'");
  EXPECT_EQ(store::AsInt(fp->rows()[0][0]), 0);
}

}  // namespace
}  // namespace keygate::models
