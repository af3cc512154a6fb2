#include "gateway/nested_reach.h"

#include <gtest/gtest.h>

#include "rpc/json_codec.h"

namespace keygate::gateway {
namespace {

using models::Operation;

// A slice of Odoo 18's res.partner / res.users / res.partner.category.
FieldCatalogue Catalogue() {
  auto row = [](std::string model, std::string name, std::string ttype, std::string relation,
                std::string inverse = "", bool required = false, std::string on_delete = "") {
    store::CatalogueFieldRow r;
    r.model = std::move(model);
    r.name = std::move(name);
    r.ttype = std::move(ttype);
    r.relation = std::move(relation);
    r.relation_field = std::move(inverse);
    r.required = required;
    r.on_delete = std::move(on_delete);
    return r;
  };
  return FieldCatalogue({
      row("res.partner", "name", "char", ""),
      row("res.partner", "parent_id", "many2one", "res.partner", "", false, "set null"),
      row("res.partner", "child_ids", "one2many", "res.partner", "parent_id"),
      row("res.partner", "user_ids", "one2many", "res.users", "partner_id"),
      row("res.partner", "category_id", "many2many", "res.partner.category"),
      row("res.partner", "bank_ids", "one2many", "res.partner.bank", "partner_id"),
      row("res.partner.bank", "partner_id", "many2one", "res.partner", "", true, "cascade"),
      row("res.users", "login", "char", ""),
      row("res.users", "partner_id", "many2one", "res.partner", "", true, "restrict"),
      row("res.users", "company_id", "many2one", "res.company", "", true, "restrict"),
      row("res.company", "name", "char", ""),
      row("res.partner.category", "name", "char", ""),
  });
}

Value Json(const std::string& text) { return rpc::ParseJson(text).value(); }

std::vector<ModelReach> Reach(const std::string& method, const std::string& args,
                              const std::string& kwargs = "null") {
  auto reach =
      NestedReachOf(Catalogue(), "res.partner", method, Json(args).as_array(), Json(kwargs));
  EXPECT_TRUE(reach.ok()) << reach.status().message();
  EXPECT_FALSE(reach->unknown);
  return reach->reached;
}

TEST(NestedReachTest, CommandsOnAOne2manyReachTheComodel) {
  EXPECT_EQ(
      Reach("write", R"([[1], {"user_ids": [[4, 2]]}])"),
      (std::vector<ModelReach>{{"res.users", Operation::kRead}, {"res.users", Operation::kWrite}}));
  EXPECT_EQ(Reach("write", R"([[1], {"child_ids": [[0, 0, {"name": "x"}]]}])"),
            (std::vector<ModelReach>{{"res.partner", Operation::kCreate}}));
  EXPECT_EQ(Reach("write", R"([[1], {"user_ids": [[1, 2, {"login": "x"}]], "name": "y"}])"),
            (std::vector<ModelReach>{{"res.users", Operation::kWrite}}));
  EXPECT_EQ(Reach("write", R"([[1], {"user_ids": [[2, 2]]}])"),
            (std::vector<ModelReach>{{"res.users", Operation::kUnlink}}));
  // Lines whose inverse is required (res.users.partner_id) die when cut: an unlink too.
  EXPECT_EQ(Reach("write", R"([[1], {"user_ids": [[6, 0, [2]]]}])"),
            (std::vector<ModelReach>{{"res.users", Operation::kWrite},
                                     {"res.users", Operation::kUnlink}}));
  EXPECT_EQ(Reach("write", R"([[1], {"user_ids": [2, 3]}])"),
            (std::vector<ModelReach>{{"res.users", Operation::kWrite},
                                     {"res.users", Operation::kUnlink}}));
  EXPECT_EQ(Reach("write", R"([[1], {"child_ids": [[3, 4], [5]]}])"),
            (std::vector<ModelReach>{{"res.partner", Operation::kWrite},
                                     {"res.partner", Operation::kRead}}));
  EXPECT_EQ(Reach("write", R"([[1], {"bank_ids": [[3, 5]]}])"),
            (std::vector<ModelReach>{{"res.partner.bank", Operation::kWrite},
                                     {"res.partner.bank", Operation::kUnlink}}));
  // Keyword arguments and create's list of dicts, a dict in place of a command.
  EXPECT_EQ(Reach("write", R"([[1]])", R"({"vals": {"user_ids": [[3, 2]]}})"),
            (std::vector<ModelReach>{{"res.users", Operation::kWrite},
                                     {"res.users", Operation::kUnlink}}));
  EXPECT_EQ(Reach("create", R"([[{"name": "a"}, {"user_ids": [{"login": "x"}]}]])"),
            (std::vector<ModelReach>{{"res.users", Operation::kCreate}}));
}

TEST(NestedReachTest, NestedCommandsAreFollowedAtAnyDepth) {
  EXPECT_EQ(Reach("create", R"([{"child_ids": [[0, 0, {"user_ids": [[0, 0, {"login": "x",
              "company_id": 1}]]}]]}])"),
            (std::vector<ModelReach>{{"res.partner", Operation::kCreate},
                                     {"res.users", Operation::kCreate}}));
  Value deep(Value::Struct{});
  deep.Set("name", "x");
  for (int i = 0; i < 40; ++i) {
    Value vals(Value::Struct{});
    vals.Set("child_ids",
             Value(Value::Array{Value(Value::Array{Value(0), Value(0), std::move(deep)})}));
    deep = std::move(vals);
  }
  auto reach = NestedReachOf(Catalogue(), "res.partner", "create", Value::Array{deep}, Value());
  EXPECT_EQ(reach.status().message(), "x2many commands are nested too deeply");
}

TEST(NestedReachTest, Many2manyLinksAndMany2onesStayOnTheRecord) {
  EXPECT_EQ(Reach("write", R"([[1], {"category_id": [[4, 1], [3, 2], [6, 0, [1]], [5]]}])"),
            std::vector<ModelReach>{});
  EXPECT_EQ(Reach("write", R"([[1], {"parent_id": 3, "name": "x"}])"), std::vector<ModelReach>{});
  EXPECT_EQ(Reach("write", R"([[1], {"category_id": [[0, 0, {"name": "new"}]]}])"),
            (std::vector<ModelReach>{{"res.partner.category", Operation::kCreate}}));
}

TEST(NestedReachTest, DottedDomainPathsReadEachHop) {
  EXPECT_EQ(Reach("search", R"([[["user_ids.login", "=", "admin"]]])"),
            (std::vector<ModelReach>{{"res.users", Operation::kRead}}));
  EXPECT_EQ(Reach("search_read", R"([["|", ["name", "=", "x"],
              ["user_ids.company_id.name", "ilike", "y"]]])"),
            (std::vector<ModelReach>{{"res.users", Operation::kRead},
                                     {"res.company", Operation::kRead}}));
  EXPECT_EQ(Reach("search_count", R"([])", R"({"domain": [["user_ids", "any",
              [["login", "=", "a"]]]]})"),
            (std::vector<ModelReach>{{"res.users", Operation::kRead}}));
  EXPECT_EQ(Reach("name_search", R"(["a", [["category_id", "ilike", "vip"]]])"),
            (std::vector<ModelReach>{{"res.partner.category", Operation::kRead}}));
  // A many2one compared by id, or its ".id": the record's own column.
  EXPECT_EQ(Reach("search", R"([[["parent_id", "=", 3], ["parent_id.id", "in", [3]]]])"),
            std::vector<ModelReach>{});
}

TEST(NestedReachTest, OrderAndGroupbyHopsAreReads) {
  EXPECT_EQ(Reach("search", R"([[], 0, 10, "name, user_ids.login desc"])"),
            (std::vector<ModelReach>{{"res.users", Operation::kRead}}));
  EXPECT_EQ(Reach("read_group", R"([[], ["name"], ["user_ids.company_id:day"]])"),
            (std::vector<ModelReach>{{"res.users", Operation::kRead}}));
  EXPECT_EQ(Reach("read_group", R"([[], ["name"], ["parent_id"]])", R"({"orderby": "name"})"),
            std::vector<ModelReach>{});
}

TEST(NestedReachTest, UnknownFieldsAreReported) {
  auto reach = NestedReachOf(Catalogue(), "res.partner", "search",
                             Json(R"([[["x_new.login", "=", "a"]]])").as_array(), Value());
  ASSERT_TRUE(reach.ok());
  EXPECT_TRUE(reach->unknown);
  EXPECT_TRUE(reach->reached.empty());
}

}  // namespace
}  // namespace keygate::gateway
