// Method dispatch and output shapes of the object service's read methods.
#include "models/orm.h"

#include <gtest/gtest.h>

#include <chrono>

#include "models/test_db.h"

namespace keygate::models {
namespace {

using testing::L;
using testing::ModelsTest;

class OrmTest : public ModelsTest {};

TEST_F(OrmTest, MethodNameModelAndMethodChecks) {
  auto r = Run("res.partner", "_foo", {});
  EXPECT_EQ(r.status().code(), StatusCode::kAccessError);
  EXPECT_EQ(r.status().message(), "Private methods (such as _foo) cannot be called remotely.");
  // The private check comes first, even for an unknown model.
  EXPECT_EQ(Run("x.y", "_foo", {}).status().code(), StatusCode::kAccessError);
  EXPECT_EQ(Run("res.partner", "init", {}).status().code(), StatusCode::kAccessError);
  r = Run("x.y", "search", {L({})});
  EXPECT_EQ(r.status().code(), StatusCode::kUserError);
  EXPECT_EQ(r.status().message(), "Object x.y doesn't exist");
  r = Run("res.partner", "foo", {});
  EXPECT_EQ(r.status().code(), StatusCode::kPyAttributeError);
  EXPECT_EQ(r.status().message(), "The method 'foo' does not exist on the model 'res.partner'");
  // context_get exists on res.users only; name_get no longer exists in Odoo 18.
  EXPECT_EQ(Run("res.partner", "context_get", {}).status().message(),
            "The method 'context_get' does not exist on the model 'res.partner'");
  EXPECT_EQ(Run("res.partner", "name_get", {L({1})}).status().message(),
            "The method 'name_get' does not exist on the model 'res.partner'");
}

TEST_F(OrmTest, ArgumentErrorsReachTheCaller) {
  auto r = Run("res.partner", "search", {});
  EXPECT_EQ(r.status().code(), StatusCode::kPyTypeError);
  EXPECT_EQ(r.status().message(),
            "BaseModel.search() missing 1 required positional argument: 'domain'");
  r = Run("res.partner", "search", {L({})}, {{"x", Value(1)}});
  EXPECT_EQ(r.status().message(), "BaseModel.search() got an unexpected keyword argument 'x'");
  r = Run("res.partner", "search_read", Value::Array(7, Value()));
  EXPECT_EQ(r.status().message(),
            "BaseModel.search_read() takes from 1 to 6 positional arguments but 8 were given");
  // LIMIT and OFFSET go to PostgreSQL, which reads a text as a bigint or refuses it.
  r = Run("res.partner", "search", {L({})}, {{"limit", Value("2")}, {"order", Value("id")}});
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->as_array().size(), 2u);
  r = Run("res.partner", "search", {L({})}, {{"limit", Value("ten")}});
  EXPECT_EQ(r.status().code(), StatusCode::kPgInvalidText);
  EXPECT_EQ(r.status().message(), "invalid input syntax for type bigint: \"ten\"");
  r = Run("res.partner", "search", {L({})}, {{"offset", Value(1.5)}});
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidRequest);
  r = Run("res.partner", "read", {Value("abc")});
  EXPECT_EQ(r.status().code(), StatusCode::kPgInvalidText);
  EXPECT_EQ(r.status().message(), "invalid input syntax for type integer: \"abc\"");
  r = Run("res.partner", "read", {L({"abc"})});
  EXPECT_EQ(r.status().code(), StatusCode::kPgInvalidText);
}

TEST_F(OrmTest, SearchOrderLimitOffset) {
  auto r = Run("res.partner", "search", {L({L({"is_company", "=", true})})},
               {{"order", Value("name desc")}});
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(*r, L({1, 16, 10}));  // My Company, Beta LLC, Acme Corp
  r = Run("res.partner", "search", {L({}), Value(1), Value(2), Value("id")});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, L({10, 11}));
  r = Run("res.partner", "search", {L({})}, {{"limit", Value(0)}, {"order", Value("id")}});
  EXPECT_EQ(r->as_array().size(), 9u);  // limit 0: no limit, as Odoo
  // Default order: complete_name ASC, id DESC.
  r = Run("res.partner", "search", {L({L({"parent_id", "!=", false})})});
  EXPECT_EQ(*r, L({12, 11, 15}));
  // NULLs sort last ascending, first descending, unless told otherwise.
  r = Run("res.partner", "search", {L({L({"id", "in", L({10, 11, 12})})})},
          {{"order", Value("credit_limit ASC, id")}});
  EXPECT_EQ(*r, L({12, 10, 11}));
  r = Run("res.partner", "search", {L({L({"id", "in", L({10, 11, 12})})})},
          {{"order", Value("credit_limit desc nulls last, id")}});
  EXPECT_EQ(*r, L({10, 12, 11}));
  // Ordering by a many2one uses the comodel's display name; related fields are sortable.
  r = Run("res.partner", "search", {L({L({"id", "in", L({11, 15})})})},
          {{"order", Value("parent_id desc")}});
  EXPECT_EQ(*r, L({15, 11}));
  // Odoo 18's "x_id.id" orders a many2one by the stored id; a ":function" suffix is ignored.
  r = Run("res.partner", "search", {L({L({"id", "in", L({11, 15})})})},
          {{"order", Value("parent_id.id desc, id")}});
  EXPECT_EQ(*r, L({15, 11}));
  r = Run("res.partner", "search", {L({L({"id", "in", L({10, 11, 12})})})},
          {{"order", Value("id:count desc")}});
  EXPECT_EQ(*r, L({12, 11, 10}));
  r = Run("res.users", "search", {L({})}, {{"order", Value("name desc")}});
  EXPECT_EQ(*r, L({3, 2}));
  r = Run("res.users", "search", {L({})});  // default: name, login
  EXPECT_EQ(*r, L({2, 3}));
}

TEST_F(OrmTest, InvalidOrdersAreRejected) {
  for (const char* order : {"name; DELETE FROM res_users", "id desc, (select 1)", "name sideways",
                            "name,", "", "name asc nulls", "nope, name sideways"}) {
    auto r = Run("res.partner", "search", {L({})}, {{"order", Value(order)}});
    if (std::string(order).empty()) {
      EXPECT_TRUE(r.ok());  // empty order: the default
      continue;
    }
    EXPECT_EQ(r.status().code(), StatusCode::kValidationError) << order;
    EXPECT_EQ(
        r.status().message().rfind("Invalid \"order\" specified (" + std::string(order) + ")", 0),
        0u)
        << r.status().message();
  }
  // A well-formed order naming what cannot be sorted: Odoo's ValueErrors.
  auto order_error = [&](const char* model, const char* order) {
    return Run(model, "search", {L({})}, {{"order", Value(order)}}).status();
  };
  EXPECT_EQ(order_error("res.partner", "nope").code(), StatusCode::kPyValueError);
  EXPECT_EQ(order_error("res.partner", "nope").message(),
            "Invalid field 'nope' on model 'res.partner'");
  EXPECT_EQ(order_error("res.partner", "password").message(),
            "Invalid field 'password' on model 'res.partner'");
  EXPECT_EQ(order_error("res.partner", "name, child_ids desc").message(),
            "Cannot convert res.partner.child_ids to SQL because it is not stored");
  EXPECT_EQ(order_error("res.partner", "display_name").message(),
            "Cannot convert res.partner.display_name to SQL because it is not stored");
  EXPECT_EQ(order_error("res.partner", "parent_id.name").message(),
            "Invalid field 'parent_id.name' on model 'res.partner'");
  EXPECT_EQ(order_error("res.partner", "name.id").message(),
            "Invalid field 'name.id' on model 'res.partner'");
  EXPECT_EQ(order_error("res.partner", "nope.id").message(),
            "Invalid field 'nope' on model 'res.partner'");
  EXPECT_EQ(order_error("res.partner", "name:1").code(), StatusCode::kValidationError);
  EXPECT_EQ(order_error("res.partner", "\"name\" desc").message(),
            "Invalid field '\"name\"' on model 'res.partner'");
  EXPECT_EQ(order_error("res.users", "password").code(), StatusCode::kPyValueError);
  EXPECT_EQ(CountRows("res_users"), 3);
  EXPECT_EQ(CountRows("res_partner"), 11);
}

TEST_F(OrmTest, ReadShapes) {
  auto r = Run("res.partner", "read",
               {L({11}), L({"name", "parent_id", "email", "phone", "is_company", "credit_limit",
                            "customer_rank", "create_date", "child_ids", "display_name", "type",
                            "company_id", "street"})});
  ASSERT_TRUE(r.ok()) << r.status().message();
  Value expected(Value::Struct{
      {"id", Value(11)},
      {"name", Value("John Smith")},
      {"parent_id", L({10, "Acme Corp"})},
      {"email", Value("john@acme.com")},
      {"phone", Value("123")},
      {"is_company", Value(false)},
      {"credit_limit", Value(0.0)},
      {"customer_rank", Value(1)},
      {"create_date", Value("2024-01-15 10:30:00")},
      {"child_ids", L({15})},
      {"display_name", Value("Acme Corp, John Smith")},
      {"type", Value("contact")},
      {"company_id", L({1, "My Company"})},
      {"street", Value(false)},
  });
  EXPECT_EQ(*r, L({expected}));
  // Children in the comodel order, archived ones left out.
  r = Run("res.partner", "read", {Value(10), L({"child_ids", "parent_id", "credit_limit"})});
  EXPECT_EQ(*r, L({Value(Value::Struct{{"id", Value(10)},
                                       {"child_ids", L({12, 11})},
                                       {"parent_id", Value(false)},
                                       {"credit_limit", Value(1000.5)}})}));
  // load other than '_classic_read': many2one as a bare id.
  r = Run("res.partner", "read", {L({12}), L({"parent_id"})}, {{"load", Value()}});
  EXPECT_EQ(*r, L({Value(Value::Struct{{"id", Value(12)}, {"parent_id", Value(10)}})}));
}

TEST_F(OrmTest, ReadKeepsRequestedOrderAndAllFields) {
  auto r = Run("res.partner", "read", {L({12, 11, 12})}, {{"fields", L({"name"})}});
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->as_array().size(), 3u);
  EXPECT_EQ(*r->as_array()[0].Find("id"), Value(12));
  EXPECT_EQ(*r->as_array()[1].Find("id"), Value(11));
  // No fields: every declared field, archived records readable by id.
  r = Run("res.partner", "read", {L({13})});
  ASSERT_TRUE(r.ok());
  const Value& rec = r->as_array()[0];
  const ModelDef* partner = registry_->Find("res.partner");
  EXPECT_EQ(rec.as_struct().size(), partner->fields.size());
  EXPECT_EQ(*rec.Find("active"), Value(false));
  EXPECT_EQ(*rec.Find("write_uid"), Value(false));
  // Users: all fields, never the secrets.
  r = Run("res.users", "read", {L({2})});
  ASSERT_TRUE(r.ok()) << r.status().message();
  const Value& user = r->as_array()[0];
  EXPECT_EQ(user.Find("password"), nullptr);
  EXPECT_EQ(user.Find("totp_secret"), nullptr);
  EXPECT_EQ(*user.Find("login"), Value("admin"));
  EXPECT_EQ(*user.Find("name"), Value("Admin"));
  EXPECT_EQ(*user.Find("email"), Value("admin@example.com"));
  EXPECT_EQ(*user.Find("partner_id"), L({20, "Admin"}));
  EXPECT_EQ(*user.Find("company_ids"), L({1}));
  EXPECT_EQ(*user.Find("display_name"), Value("Admin"));
  EXPECT_EQ(*user.Find("share"), Value(false));
  r = Run("res.users", "read", {L({2}), L({"password"})});
  EXPECT_EQ(r.status().code(), StatusCode::kPyValueError);
  EXPECT_EQ(r.status().message(), "Invalid field 'password' on model 'res.users'");
}

TEST_F(OrmTest, ReadErrors) {
  // Odoo 18's read() leaves missing ids out (its _read_format skips them).
  auto r = Run("res.partner", "read", {L({999}), L({"name"})});
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(*r, L({}));
  r = Run("res.partner", "read", {L({998, 11, 999}), L({"name"})});
  ASSERT_TRUE(r.ok()) << r.status().message();
  ASSERT_EQ(r->as_array().size(), 1u);
  EXPECT_EQ(*r->as_array()[0].Find("id"), Value(11));
  r = Run("res.partner", "read", {L({11}), L({"name", "nope"})});
  EXPECT_EQ(r.status().code(), StatusCode::kPyValueError);
  EXPECT_EQ(r.status().message(), "Invalid field 'nope' on model 'res.partner'");
  // Python iterates a str given as the fields: its first character is the first field name.
  r = Run("res.partner", "read", {L({11}), Value("name")});
  EXPECT_EQ(r.status().message(), "Invalid field 'n' on model 'res.partner'");
  r = Run("res.partner", "read", {L({})});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, L({}));
}

TEST_F(OrmTest, SearchReadAndCount) {
  auto r = Run("res.partner", "search_read", {L({L({"parent_id", "=", 10})})},
               {{"fields", L({"name", "parent_id"})}, {"order", Value("name")}});
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(
      *r,
      L({Value(Value::Struct{
             {"id", Value(12)}, {"name", Value("Jane Doe")}, {"parent_id", L({10, "Acme Corp"})}}),
         Value(Value::Struct{{"id", Value(11)},
                             {"name", Value("John Smith")},
                             {"parent_id", L({10, "Acme Corp"})}})}));
  r = Run(
      "res.partner", "search_read", {},
      {{"fields", L({"id"})}, {"limit", Value(2)}, {"offset", Value(1)}, {"order", Value("id")}});
  EXPECT_EQ(*r,
            L({Value(Value::Struct{{"id", Value(10)}}), Value(Value::Struct{{"id", Value(11)}})}));
  r = Run("res.partner", "search_read", {L({L({"name", "=", "nobody"})}), L({"bogus"})});
  EXPECT_EQ(r.status().message(), "Invalid field 'bogus' on model 'res.partner'");
  r = Run("res.partner", "search_count", {L({L({"is_company", "=", true})})});
  EXPECT_EQ(*r, Value(3));
  r = Run("res.partner", "search_count", {L({})}, {{"limit", Value(4)}});
  EXPECT_EQ(*r, Value(4));
  r = Run("res.partner", "search_count", {L({})},
          {{"context", Value(Value::Struct{{"active_test", false}})}});
  EXPECT_EQ(*r, Value(11));
}

TEST_F(OrmTest, FieldsGet) {
  auto r =
      Run("res.partner", "fields_get", {}, {{"attributes", L({"type", "string", "relation"})}});
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(*r->Find("parent_id"), Value(Value::Struct{{"type", Value("many2one")},
                                                       {"string", Value("Related Company")},
                                                       {"relation", Value("res.partner")}}));
  EXPECT_EQ(*r->Find("name"),
            Value(Value::Struct{{"type", Value("char")}, {"string", Value("Name")}}));
  r = Run("res.partner", "fields_get", {L({"type", "display_name", "nope"})});
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->as_struct().size(), 2u);
  const Value& type = *r->Find("type");
  EXPECT_EQ(*type.Find("selection"),
            L({L({"contact", "Contact"}), L({"invoice", "Invoice Address"}),
               L({"delivery", "Delivery Address"}), L({"other", "Other Address"})}));
  EXPECT_EQ(*type.Find("store"), Value(true));
  EXPECT_EQ(*type.Find("sortable"), Value(true));
  EXPECT_EQ(*type.Find("searchable"), Value(true));
  EXPECT_EQ(*type.Find("required"), Value(false));
  EXPECT_EQ(*type.Find("name"), Value("type"));
  EXPECT_NE(type.Find("help"), nullptr);
  const Value& dn = *r->Find("display_name");
  EXPECT_EQ(*dn.Find("store"), Value(false));
  EXPECT_EQ(*dn.Find("readonly"), Value(true));
  EXPECT_EQ(*dn.Find("sortable"), Value(false));
  r = Run("res.users", "fields_get", {});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->Find("password"), nullptr);
  EXPECT_EQ(r->Find("totp_secret"), nullptr);
  EXPECT_EQ(*r->Find("login")->Find("required"), Value(true));
  EXPECT_EQ(r->Find("child_ids"), nullptr);
}

TEST_F(OrmTest, ContextGet) {
  auto r = Run("res.users", "context_get", {});
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(*r,
            Value(Value::Struct{
                {"lang", Value("en_US")}, {"tz", Value("Europe/Brussels")}, {"uid", Value(2)}}));
  env_.uid = 3;
  r = Run("res.users", "context_get", {});
  EXPECT_EQ(
      *r, Value(Value::Struct{{"lang", Value("en_US")}, {"tz", Value(false)}, {"uid", Value(3)}}));
  EXPECT_EQ(Run("res.users", "context_get", {Value(1)}).status().message(),
            "Users.context_get() takes 1 positional argument but 2 were given");
}

TEST_F(OrmTest, CallNamedForJson2) {
  auto r =
      CallNamed(*registry_, *conn_, env_, "res.partner", "read",
                {{"ids", L({12})}, {"fields", L({"name"})}, {"context", Value(Value::Struct{})}});
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(*r, L({Value(Value::Struct{{"id", Value(12)}, {"name", Value("Jane Doe")}})}));
  r = CallNamed(*registry_, *conn_, env_, "res.partner", "search_count",
                {{"domain", L({L({"is_company", "=", true})})}});
  EXPECT_EQ(*r, Value(3));
  r = CallNamed(*registry_, *conn_, env_, "res.partner", "search", {});
  EXPECT_EQ(r.status().message(), "missing a required argument: 'domain'");
}

// A policy that denies one operation and restricts reads to companies, to check the seam.
class CompaniesOnly : public AccessPolicy {
 public:
  Status CheckModel(const ModelDef& model, Operation op) const override {
    if (model.name == "res.users") {
      return AccessError("You are not allowed to access 'User' (res.users) records.");
    }
    return Status::Ok();
  }
  StatusOr<std::optional<Value>> RuleDomain(const ModelDef& model, Operation) const override {
    if (model.name != "res.partner") return std::optional<Value>();
    return std::optional<Value>(L({L({"is_company", "=", true})}));
  }
};

TEST_F(OrmTest, AccessPolicyIsAppliedByEveryMethod) {
  CompaniesOnly policy;
  env_.access = &policy;
  auto r = Run("res.users", "search", {L({})});
  EXPECT_EQ(r.status().code(), StatusCode::kAccessError);
  EXPECT_EQ(Run("res.users", "read", {L({2})}).status().code(), StatusCode::kAccessError);
  r = Run("res.partner", "search", {L({})}, {{"order", Value("id")}});
  EXPECT_EQ(*r, L({1, 10, 16}));
  r = Run("res.partner", "search_count", {L({})});
  EXPECT_EQ(*r, Value(3));
  r = Run("res.partner", "search_read", {L({L({"name", "ilike", "a"})})},
          {{"fields", L({"name"})}, {"order", Value("id")}});
  EXPECT_EQ(r->as_array().size(), 3u);  // My Company, Acme Corp, Beta LLC
  EXPECT_TRUE(Run("res.partner", "read", {L({10})}).ok());
  r = Run("res.partner", "read", {L({10, 11})});
  EXPECT_EQ(r.status().code(), StatusCode::kAccessError);
  // Metadata methods need no model access, as in Odoo.
  EXPECT_TRUE(Run("res.users", "fields_get", {}).ok());
  env_.access = nullptr;
  EXPECT_EQ(Run("res.partner", "search", {L({})}).status().code(), StatusCode::kInternal);
}

// Reads only contacts (not companies) and no users: for the hops of a client's domain.
class ContactsOnly : public AccessPolicy {
 public:
  Status CheckModel(const ModelDef& model, Operation) const override {
    if (model.name == "res.users") {
      return AccessError("You are not allowed to access 'User' (res.users) records.");
    }
    return Status::Ok();
  }
  StatusOr<std::optional<Value>> RuleDomain(const ModelDef& model, Operation) const override {
    if (model.name != "res.partner") return std::optional<Value>();
    return std::optional<Value>(L({L({"is_company", "=", false})}));
  }
};

TEST_F(OrmTest, EveryHopOfADomainIsASearchAsTheCaller) {
  ContactsOnly policy;
  env_.access = &policy;
  // As the superuser the contacts of Acme Corp are found through their parent...
  AllowAll all;
  env_.access = &all;
  EXPECT_EQ(*Run("res.partner", "search", {L({L({"parent_id.name", "=", "Acme Corp"})})},
                 {{"order", Value("id")}}),
            L({11, 12}));
  // ...but the caller cannot read the parent (a company): the hop finds nothing, as in Odoo.
  env_.access = &policy;
  EXPECT_EQ(*Run("res.partner", "search", {L({L({"parent_id.name", "=", "Acme Corp"})})}), L({}));
  // By name: only the parents it may read count (John Smith, "Acme Corp, John Smith").
  EXPECT_EQ(*Run("res.partner", "search", {L({L({"parent_id", "ilike", "Acme"})})}), L({15}));
  EXPECT_EQ(*Run("res.partner", "search", {L({L({"parent_id", "=", "Acme Corp"})})}), L({}));
  EXPECT_EQ(*Run("res.partner", "search_count", {L({L({"child_ids.name", "=", "Acme Corp"})})}),
            Value(0));
  // A hop to a model the caller may not read is its AccessError, whatever it matches.
  for (const char* path : {"create_uid.login", "write_uid.name"}) {
    auto r = Run("res.partner", "search_count", {L({L({path, "=", "admin"})})});
    EXPECT_EQ(r.status().code(), StatusCode::kAccessError) << path;
    EXPECT_EQ(r.status().message(), "You are not allowed to access 'User' (res.users) records.");
  }
  auto r = Run("res.partner", "search_count", {L({L({"create_uid", "ilike", "adm"})})});
  EXPECT_EQ(r.status().code(), StatusCode::kAccessError);
  // The record rule itself is evaluated as the superuser: comparing ids needs no hop.
  EXPECT_TRUE(Run("res.partner", "search_count", {L({L({"create_uid", "=", 2})})}).ok());
}

TEST_F(OrmTest, BulkSearchReadIsFewQueries) {
  ASSERT_TRUE(conn_->Begin().ok());
  for (int i = 0; i < 200; ++i) {
    ASSERT_TRUE(conn_
                    ->Exec("INSERT INTO res_partner (name, complete_name, parent_id, company_id, "
                           "email) VALUES (?, ?, ?, 1, ?)",
                           {std::string("Bulk ") + std::to_string(i),
                            std::string("Bulk ") + std::to_string(i), int64_t{10 + (i % 3)},
                            std::string("bulk") + std::to_string(i) + "@example.com"})
                    .ok());
  }
  ASSERT_TRUE(conn_->Commit().ok());
  testing::CountingConnection counting(*conn_);
  auto start = std::chrono::steady_clock::now();
  auto r = Call(*registry_, counting, env_, "res.partner", "search_read",
                {L({L({"name", "ilike", "bulk"})})}, {{"limit", Value(80)}});
  auto elapsed = std::chrono::steady_clock::now() - start;
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->as_array().size(), 80u);
  // One statement finds and reads the records (many2one names included), then one per x2many
  // field (child_ids, user_ids).
  EXPECT_EQ(counting.queries, 3);
  EXPECT_LT(std::chrono::duration_cast<std::chrono::milliseconds>(elapsed).count(), 500);
  const Value& first = r->as_array()[0];
  EXPECT_TRUE(first.Find("parent_id")->is_array());
  EXPECT_TRUE(first.Find("create_uid")->is_bool());
}

}  // namespace
}  // namespace keygate::models
