// Loading and validation of model declarations.
#include "models/registry.h"

#include <gtest/gtest.h>

#include <filesystem>

namespace keygate::models {
namespace {

TEST(RegistryTest, EmbeddedDeclarationsLoad) {
  auto r = Registry::LoadEmbedded();
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->ModelNames(),
            (std::vector<std::string>{"account.move", "ir.module.category", "product.product",
                                      "res.company", "res.groups", "res.partner", "res.users",
                                      "sale.order", "sale.order.line", "stock.picking"}));
  const ModelDef* partner = r->Find("res.partner");
  ASSERT_NE(partner, nullptr);
  EXPECT_EQ(partner->table, "res_partner");
  EXPECT_EQ(partner->rec_name, "complete_name");
  EXPECT_EQ(partner->parent_name, "parent_id");
  ASSERT_NE(partner->active_field(), nullptr);
  const FieldDef* parent = partner->Find("parent_id");
  ASSERT_NE(parent, nullptr);
  EXPECT_EQ(parent->type, FieldType::kMany2one);
  EXPECT_EQ(parent->relation, "res.partner");
  EXPECT_TRUE(parent->sortable);
  const FieldDef* children = partner->Find("child_ids");
  EXPECT_FALSE(children->store);
  EXPECT_FALSE(children->sortable);
  EXPECT_EQ(partner->Find("type")->selection.size(), 4u);
  EXPECT_EQ(r->Find("x.y"), nullptr);
  EXPECT_EQ(r->Find("res.users")->inherits,
            (std::vector<std::pair<std::string, std::string>>{{"res.partner", "partner_id"}}));
}

TEST(RegistryTest, UsersNeverExposeSecrets) {
  auto r = Registry::LoadEmbedded();
  ASSERT_TRUE(r.ok());
  const ModelDef* users = r->Find("res.users");
  EXPECT_EQ(users->Find("password"), nullptr);
  EXPECT_EQ(users->Find("totp_secret"), nullptr);
  for (const FieldDef& f : users->fields) {
    EXPECT_NE(f.column, "password");
    EXPECT_NE(f.column, "totp_secret");
  }
  const FieldDef* name = users->Find("name");
  EXPECT_EQ(name->related, "partner_id.name");
  EXPECT_FALSE(name->store);
  EXPECT_TRUE(name->sortable);  // stored on the partner, as Odoo's _inherits fields
}

TEST(RegistryTest, LoadFromFiles) {
  std::vector<std::string> paths;
  for (const auto& e : std::filesystem::directory_iterator(KG_SCHEMA_DIR)) {
    if (e.path().extension() == ".json") paths.push_back(e.path().string());
  }
  auto r = Registry::LoadFromFiles(paths);
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_NE(r->Find("res.users"), nullptr);
  EXPECT_FALSE(Registry::LoadFromFiles({"/nonexistent/x.json"}).ok());
}

std::string LoadError(const std::string& json) {
  auto r = Registry::LoadFromStrings({{"t.json", json}});
  EXPECT_FALSE(r.ok());
  return r.ok() ? "" : r.status().message();
}

TEST(RegistryTest, ValidationErrorsAreClear) {
  EXPECT_NE(LoadError("{").find("invalid JSON"), std::string::npos);
  EXPECT_NE(LoadError(R"({"model": "a.b", "fields": {"x": {"type": "blob"}}})")
                .find("unknown type 'blob'"),
            std::string::npos);
  EXPECT_NE(LoadError(R"({"model": "a.b", "fields": {"x": {"type": "many2one",
                         "relation": "c.d"}}})")
                .find("unknown relation 'c.d'"),
            std::string::npos);
  EXPECT_NE(
      LoadError(R"({"model": "a.b", "table": "a; drop", "fields": {}})").find("invalid table"),
      std::string::npos);
  EXPECT_NE(LoadError(R"({"model": "a.b", "fields": {"x y": {"type": "char"}}})")
                .find("invalid field name"),
            std::string::npos);
  EXPECT_NE(LoadError(R"({"model": "a.b", "fields": {"x": {"type": "char",
                         "column": "x\"y"}}})")
                .find("invalid column"),
            std::string::npos);
  EXPECT_NE(LoadError(R"({"model": "a.b", "fields": {"x": {"type": "char",
                         "related": "y.name"}}})")
                .find("related path"),
            std::string::npos);
  EXPECT_NE(
      LoadError(R"({"model": "a.b", "order": "nope desc", "fields": {}})").find("invalid order"),
      std::string::npos);
  EXPECT_NE(LoadError(R"({"model": "a.b", "fields": {"x": {"type": "char", "colour": 1}}})")
                .find("unknown attribute 'colour'"),
            std::string::npos);
  EXPECT_NE(LoadError(R"({"model": "a.b", "fields": {"x": {"type": "char", "store": false}}})")
                .find("non-stored"),
            std::string::npos);
  EXPECT_NE(LoadError(R"({"model": "a.b", "fields": {"c": {"type": "one2many",
                         "relation": "a.b", "inverse_name": "nope"}}})")
                .find("inverse_name"),
            std::string::npos);
  // _inherits needs a required stored many2one to the parent model.
  EXPECT_NE(LoadError(R"({"model": "a.b", "inherits": {"a.b": "p"}, "fields": {"p":
                         {"type": "many2one", "relation": "a.b"}}})")
                .find("inherits: 'p' must be a required stored many2one"),
            std::string::npos);
}

TEST(RegistryTest, WriteAttributes) {
  auto r = Registry::LoadEmbedded();
  ASSERT_TRUE(r.ok()) << r.status().message();
  const ModelDef* order = r->Find("sale.order");
  EXPECT_EQ(order->Find("name")->sequence, "S");
  EXPECT_TRUE(order->Find("user_id")->default_user);
  EXPECT_TRUE(order->Find("company_id")->default_company);
  EXPECT_EQ(*order->Find("state")->default_value, Value("draft"));
  const FieldDef* total = order->Find("amount_untaxed");
  EXPECT_EQ(total->compute.kind, FieldDef::Compute::Kind::kSum);
  EXPECT_EQ(total->compute.operands, (std::vector<std::string>{"order_line", "price_subtotal"}));
  EXPECT_TRUE(total->readonly);
  EXPECT_TRUE(r->Find("res.groups")->readonly);
  EXPECT_FALSE(order->readonly);
  const char* base = R"({"model": "a.b", "fields": {"q": {"type": "float"}, )";
  EXPECT_NE(
      LoadError(std::string(base) + R"("t": {"type": "char", "compute": {"add": ["q", "q"]}}}})")
          .find("computed fields must be stored numbers"),
      std::string::npos);
  EXPECT_NE(LoadError(std::string(base) +
                      R"("t": {"type": "float", "compute": {"add": ["q", "later"]}}, )"
                      R"("later": {"type": "float"}}})")
                .find("declared before"),
            std::string::npos);
  EXPECT_NE(LoadError(std::string(base) + R"("t": {"type": "float", "compute": {"sum": "q.x"}}}})")
                .find("one2many"),
            std::string::npos);
  EXPECT_NE(LoadError(std::string(base) + R"("t": {"type": "float", "compute": {"pow": 1}}}})")
                .find("unknown compute 'pow'"),
            std::string::npos);
  EXPECT_NE(LoadError(std::string(base) + R"("t": {"type": "float", "default": [1]}}})")
                .find("'default' must be"),
            std::string::npos);
  EXPECT_NE(LoadError(std::string(base) + R"("t": {"type": "integer", "sequence": "X"}}})")
                .find("'sequence' needs a stored char field"),
            std::string::npos);
}

TEST(RegistryTest, ImplicitIdAndDisplayName) {
  auto r = Registry::LoadFromStrings(
      {{"t.json", R"({"model": "x.thing", "fields": {"name": {"type": "char"}}})"}});
  ASSERT_TRUE(r.ok()) << r.status().message();
  const ModelDef* m = r->Find("x.thing");
  EXPECT_EQ(m->table, "x_thing");
  EXPECT_NE(m->Find("id"), nullptr);
  EXPECT_NE(m->Find("display_name"), nullptr);
  EXPECT_EQ(m->rec_name, "name");
  EXPECT_EQ(m->Find("name")->string, "Name");
}

}  // namespace
}  // namespace keygate::models
