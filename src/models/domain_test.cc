// Domain parsing, compilation and execution against a real SQLite database.
#include "models/domain.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "models/test_db.h"

namespace keygate::models {
namespace {

using testing::L;
using testing::ModelsTest;
using Ids = std::vector<int64_t>;

const Ids kActive = {1, 10, 11, 12, 14, 15, 16, 20, 21};

class DomainTest : public ModelsTest {};

TEST_F(DomainTest, EqualityAndNullSemantics) {
  EXPECT_EQ(Search(L({L({"name", "=", "Jane Doe"})})), (Ids{12}));
  // != includes NULL rows, as in Odoo.
  EXPECT_EQ(Search(L({L({"city", "!=", "Brussels"})})), (Ids{1, 12, 14, 15, 16, 20, 21}));
  EXPECT_EQ(Search(L({L({"city", "<>", "Brussels"})})), (Ids{1, 12, 14, 15, 16, 20, 21}));
  EXPECT_EQ(Search(L({L({"email", "=", false})})), (Ids{1, 12, 14, 15}));
  EXPECT_EQ(Search(L({L({"email", "=", Value()})})), (Ids{1, 12, 14, 15}));
  EXPECT_EQ(Search(L({L({"email", "!=", false})})), (Ids{10, 11, 16, 20, 21}));
  EXPECT_EQ(Search(L({L({"is_company", "=", true})})), (Ids{1, 10, 16}));
  EXPECT_EQ(Search(L({L({"is_company", "=", false})})), (Ids{11, 12, 14, 15, 20, 21}));
  EXPECT_EQ(Search(L({L({"is_company", "!=", true})})), (Ids{11, 12, 14, 15, 20, 21}));
  EXPECT_EQ(Search(L({L({"is_company", "!=", false})})), (Ids{1, 10, 16}));
  EXPECT_EQ(Search(L({L({"type", "=", "invoice"})})), (Ids{12}));
}

TEST_F(DomainTest, InAndNotIn) {
  EXPECT_EQ(Search(L({L({"city", "in", L({"Paris", "Ghent"})})})), (Ids{14, 16}));
  EXPECT_EQ(Search(L({L({"city", "in", L({"Paris", false})})})), (Ids{1, 12, 15, 16, 20, 21}));
  EXPECT_EQ(Search(L({L({"city", "in", L({})})})), (Ids{}));
  EXPECT_EQ(Search(L({L({"city", "not in", L({})})})), kActive);
  EXPECT_EQ(Search(L({L({"city", "not in", L({"Brussels"})})})), (Ids{1, 12, 14, 15, 16, 20, 21}));
  EXPECT_EQ(Search(L({L({"city", "not in", L({"Brussels", false})})})), (Ids{14, 16}));
  EXPECT_EQ(Search(L({L({"id", "in", L({12, 11, 999})})})), (Ids{11, 12}));
  EXPECT_EQ(Search(L({L({"is_company", "in", L({false})})})), (Ids{11, 12, 14, 15, 20, 21}));
}

TEST_F(DomainTest, LikeOperators) {
  EXPECT_EQ(Search(L({L({"name", "like", "Doe"})})), (Ids{12}));
  EXPECT_EQ(Search(L({L({"name", "like", "doe"})})), (Ids{}));
  EXPECT_EQ(Search(L({L({"name", "ilike", "doe"})})), (Ids{12}));
  EXPECT_EQ(Search(L({L({"name", "ILIKE", "DOE"})})), (Ids{12}));
  // Negative operators include NULL rows.
  EXPECT_EQ(Search(L({L({"email", "not ilike", "ACME"})})), (Ids{1, 12, 14, 15, 16, 20, 21}));
  EXPECT_EQ(Search(L({L({"email", "not like", "acme"})})), (Ids{1, 12, 14, 15, 16, 20, 21}));
  EXPECT_EQ(Search(L({L({"name", "=like", "J%"})})), (Ids{11, 12}));
  EXPECT_EQ(Search(L({L({"name", "=like", "j%"})})), (Ids{}));
  EXPECT_EQ(Search(L({L({"name", "=ilike", "j%"})})), (Ids{11, 12}));
  EXPECT_EQ(Search(L({L({"name", "=like", "%"})})), kActive);
  // As in Odoo 18, like/ilike wrap the value in % as it is: its own wildcards stay wildcards,
  // and a backslash escapes the next character.
  EXPECT_EQ(Search(L({L({"name", "like", "100%"})})), (Ids{14}));
  EXPECT_EQ(Search(L({L({"name", "like", "%"})})), kActive);
  EXPECT_EQ(Search(L({L({"name", "like", "_"})})), kActive);
  EXPECT_EQ(Search(L({L({"name", "ilike", "0\\%_OFF"})})), (Ids{14}));
  EXPECT_EQ(Search(L({L({"name", "ilike", "_OFF\\sale"})})), (Ids{}));
  // A false or empty value: every row (NULL too), and none for the negative operators.
  EXPECT_EQ(Search(L({L({"email", "like", ""})})), kActive);
  EXPECT_EQ(Search(L({L({"email", "ilike", false})})), kActive);
  EXPECT_EQ(Search(L({L({"email", "not ilike", false})})), (Ids{}));
  // Text compared with False or '' matches NULL and ''; '!=' matches neither.
  EXPECT_EQ(Search(L({L({"email", "=", ""})})), (Ids{1, 12, 14, 15}));
  EXPECT_EQ(Search(L({L({"email", "!=", false})})), (Ids{10, 11, 16, 20, 21}));
  // Non-text fields are compared as text.
  EXPECT_EQ(Search(L({L({"customer_rank", "like", 5})})), (Ids{10}));
}

TEST_F(DomainTest, Comparisons) {
  EXPECT_EQ(Search(L({L({"customer_rank", ">", 0})})), (Ids{10, 11}));
  EXPECT_EQ(Search(L({L({"customer_rank", ">=", 1})})), (Ids{10, 11}));
  EXPECT_EQ(Search(L({L({"customer_rank", "<", 1})})), (Ids{1, 12, 14, 15, 16, 20, 21}));
  EXPECT_EQ(Search(L({L({"credit_limit", "<=", 250.0})})), (Ids{12}));
  EXPECT_EQ(Search(L({L({"create_date", "<", "2024-01-12"})})), (Ids{10, 20, 21}));
  EXPECT_EQ(Search(L({L({"create_date", "<", Value(Value::DateTime{"20240112T00:00:00"})})})),
            (Ids{10, 20, 21}));
  EXPECT_EQ(Search(L({L({"create_date", ">=", "2024-03-01 12:00:00"})})), (Ids{1, 14, 15, 16}));
}

TEST_F(DomainTest, NegationAndNesting) {
  // '!' flips the operator, so NULL rows match as in Odoo.
  EXPECT_EQ(Search(L({"!", L({"city", "=", "Brussels"})})), (Ids{1, 12, 14, 15, 16, 20, 21}));
  EXPECT_EQ(Search(L({"!", L({"city", "in", L({"Paris"})})})),
            (Ids{1, 10, 11, 12, 14, 15, 20, 21}));
  EXPECT_EQ(Search(L({"!", "!", L({"name", "=", "Jane Doe"})})), (Ids{12}));
  EXPECT_EQ(Search(L({"!", "|", L({"is_company", "=", true}), L({"city", "=", "Brussels"})})),
            (Ids{12, 14, 15, 20, 21}));
  EXPECT_EQ(Search(L({"|", L({"name", "=", "Jane Doe"}), "&", L({"is_company", "=", true}),
                      L({"supplier_rank", ">", 0})})),
            (Ids{12, 16}));
  // Implicit '&' between terms.
  EXPECT_EQ(Search(L({L({"is_company", "=", true}), L({"city", "=", "Brussels"})})), (Ids{10}));
  EXPECT_EQ(Search(L({"&", L({"is_company", "=", true}), L({"city", "=", "Brussels"}),
                      L({"customer_rank", ">", 1})})),
            (Ids{10}));
  // A long client-built OR chain stays shallow.
  Value::Array chain;
  for (int i = 0; i < 300; ++i) chain.emplace_back("|");
  for (int i = 0; i <= 300; ++i) chain.emplace_back(L({"id", "=", i}));
  EXPECT_EQ(Search(Value(chain)), (Ids{1, 10, 11, 12, 14, 15, 16, 20, 21}));
  EXPECT_EQ(Search(L({"!", L({"id", "child_of", 11})})), (Ids{1, 10, 12, 14, 16, 20, 21}));
  // Through a relation the term is negated whole (Odoo's 'not any'): records without a parent
  // match, and so does every record the positive term leaves out.
  const Ids with = Search(L({L({"parent_id.city", "=", "Brussels"})}));
  EXPECT_FALSE(with.empty());
  Ids without;
  for (int64_t id : Search(L({}))) {
    if (std::find(with.begin(), with.end(), id) == with.end()) without.push_back(id);
  }
  EXPECT_EQ(Search(L({"!", L({"parent_id.city", "=", "Brussels"})})), without);
  EXPECT_NE(std::find(without.begin(), without.end(), 10), without.end());  // no parent
}

TEST_F(DomainTest, TrueFalseAndConditionalLeaves) {
  EXPECT_EQ(Search(L({L({1, "=", 1})})), kActive);
  EXPECT_EQ(Search(L({L({0, "=", 1})})), (Ids{}));
  EXPECT_EQ(Search(L({"!", L({0, "=", 1})})), kActive);
  EXPECT_EQ(Search(L({L({"city", "=?", false})})), kActive);
  EXPECT_EQ(Search(L({L({"city", "=?", "Paris"})})), (Ids{16}));
  EXPECT_EQ(Search(Value()), kActive);
  EXPECT_EQ(Search(L({})), kActive);
}

TEST_F(DomainTest, DottedPaths) {
  EXPECT_EQ(Search(L({L({"parent_id.name", "=", "Acme Corp"})})), (Ids{11, 12}));
  EXPECT_EQ(Search(L({L({"parent_id.parent_id.name", "=", "Acme Corp"})})), (Ids{15}));
  EXPECT_EQ(Search(L({L({"parent_id.city", "=", "Brussels"})})), (Ids{11, 12, 15}));
  EXPECT_EQ(Search(L({L({"company_id.name", "=", "My Company"})})), (Ids{1, 10, 11, 16}));
  EXPECT_EQ(Search(L({L({"partner_id.email", "ilike", "ADMIN"})}), {}, "res.users"), (Ids{2}));
  EXPECT_EQ(Search(L({L({"partner_id.parent_id", "=", false})}), {}, "res.users"), (Ids{2, 3}));
  // Related fields (res.users' fields that live on the partner).
  EXPECT_EQ(Search(L({L({"name", "ilike", "portal"})}), {}, "res.users"), (Ids{3}));
  EXPECT_EQ(Search(L({L({"email", "=", "bob@example.com"})}), {}, "res.users"), (Ids{3}));
  EXPECT_EQ(Search(L({L({"display_name", "=", "Admin"})}), {}, "res.users"), (Ids{2}));
  EXPECT_EQ(Search(L({L({"display_name", "ilike", "acme corp, j"})})), (Ids{11, 12, 15}));
}

TEST_F(DomainTest, ChildOfParentOf) {
  EXPECT_EQ(Search(L({L({"id", "child_of", 10})})), (Ids{10, 11, 12, 15}));
  EXPECT_EQ(Search(L({L({"id", "child_of", L({11, 16})})})), (Ids{11, 15, 16}));
  EXPECT_EQ(Search(L({L({"id", "parent_of", 15})})), (Ids{10, 11, 15}));
  EXPECT_EQ(Search(L({L({"id", "parent_of", L({12, 16})})})), (Ids{10, 12, 16}));
  // On the model's own parent field, as ('id', 'child_of', 10): 10 itself is included.
  EXPECT_EQ(Search(L({L({"parent_id", "child_of", 10})})), (Ids{10, 11, 12, 15}));
  EXPECT_EQ(Search(L({L({"id", "child_of", "Acme Corp"})})), (Ids{10, 11, 12, 15}));
  EXPECT_EQ(Search(L({L({"id", "child_of", L({})})})), (Ids{}));
  // res.company has no hierarchy: child_of degrades to 'in'.
  EXPECT_EQ(Search(L({L({"company_id", "child_of", 1})})), (Ids{1, 10, 11, 16}));
}

TEST_F(DomainTest, X2Many) {
  EXPECT_EQ(Search(L({L({"child_ids", "in", L({11})})})), (Ids{10}));
  EXPECT_EQ(Search(L({L({"child_ids", "in", 15})})), (Ids{11}));
  EXPECT_EQ(Search(L({L({"child_ids", "in", L({})})})), (Ids{}));
  EXPECT_EQ(Search(L({L({"child_ids", "not in", L({11})})})), (Ids{1, 11, 12, 14, 15, 16, 20, 21}));
  EXPECT_EQ(Search(L({L({"child_ids", "=", false})})), (Ids{1, 12, 14, 15, 16, 20, 21}));
  EXPECT_EQ(Search(L({L({"child_ids", "!=", false})})), (Ids{10, 11}));
  EXPECT_EQ(Search(L({L({"child_ids.name", "=", "Grandchild"})})), (Ids{11}));
  EXPECT_EQ(Search(L({L({"child_ids", "ilike", "jane"})})), (Ids{10}));
  // Archived comodel records are skipped unless active_test is off.
  EXPECT_EQ(Search(L({L({"child_ids.name", "=", "Old Contact"})})), (Ids{}));
  EXPECT_EQ(Search(L({L({"child_ids.name", "=", "Old Contact"})}), {{"active_test", false}}),
            (Ids{10}));
  EXPECT_EQ(Search(L({L({"company_ids", "in", L({1})})}), {}, "res.users"), (Ids{2}));
  EXPECT_EQ(Search(L({L({"company_ids", "=", false})}), {}, "res.users"), (Ids{3}));
  EXPECT_EQ(Search(L({L({"company_ids.name", "ilike", "my comp"})}), {}, "res.users"), (Ids{2}));
}

TEST_F(DomainTest, Many2oneByName) {
  // 15's parent is "Acme Corp, John Smith": it matches 'acme' too.
  EXPECT_EQ(Search(L({L({"parent_id", "ilike", "acme"})})), (Ids{11, 12, 15}));
  EXPECT_EQ(Search(L({L({"parent_id", "=", 10})})), (Ids{11, 12}));
  EXPECT_EQ(Search(L({L({"parent_id", "=", "Acme Corp"})})), (Ids{11, 12}));
  // Negative name search includes records without a parent.
  EXPECT_EQ(Search(L({L({"parent_id", "not ilike", "acme"})})), (Ids{1, 10, 14, 16, 20, 21}));
  EXPECT_EQ(Search(L({L({"parent_id", "=", false})})), (Ids{1, 10, 14, 16, 20, 21}));
}

TEST_F(DomainTest, ActiveTest) {
  EXPECT_EQ(Search(L({}), {{"active_test", false}}),
            (Ids{1, 2, 10, 11, 12, 13, 14, 15, 16, 20, 21}));
  EXPECT_EQ(Search(L({L({"active", "=", false})})), (Ids{2, 13}));
  EXPECT_EQ(Search(L({"|", L({"active", "=", false}), L({"name", "=", "Jane Doe"})})),
            (Ids{2, 12, 13}));
  // Users: OdooBot (__system__, id 1) is archived.
  EXPECT_EQ(Search(L({}), {}, "res.users"), (Ids{2, 3}));
  EXPECT_EQ(Search(L({}), {{"active_test", false}}, "res.users"), (Ids{1, 2, 3}));
}

TEST_F(DomainTest, InjectionAttemptsAreRejectedOrBound) {
  // Odoo's ValueErrors (expression.py): the field is named from the model that lacks it, with
  // the leaf (the rest of its path) as a tuple.
  Status s = SearchStatus(L({L({"name; DROP TABLE res_partner", "=", "x"})}));
  EXPECT_EQ(s.code(), StatusCode::kPyValueError);
  EXPECT_EQ(s.message(),
            "Invalid field res.partner.name; DROP TABLE res_partner in leaf "
            "('name; DROP TABLE res_partner', '=', 'x')");
  s = SearchStatus(L({L({"parent_id.name; DROP TABLE res_partner", "=", "x"})}));
  EXPECT_EQ(s.code(), StatusCode::kPyValueError);
  EXPECT_EQ(s.message(),
            "Invalid field res.partner.name; DROP TABLE res_partner in leaf "
            "('name; DROP TABLE res_partner', '=', 'x')");
  s = SearchStatus(L({L({"name", "= 1 OR 1=1 --", "x"})}));
  EXPECT_EQ(s.code(), StatusCode::kPyValueError);
  EXPECT_EQ(s.message(), "Invalid leaf ('name', '= 1 OR 1=1 --', 'x')");
  s = SearchStatus(L({L({"\"id\"", "=", 1})}));
  EXPECT_EQ(s.code(), StatusCode::kPyValueError);
  // Values are bound: they just do not match.
  EXPECT_EQ(Search(L({L({"name", "=", "x'; DROP TABLE res_partner; --"})})), (Ids{}));
  EXPECT_EQ(Search(L({L({"name", "=", "' OR '1'='1"})})), (Ids{}));
  EXPECT_EQ(SearchStatus(L({L({"id", "in", L({"1) OR (1=1"})})})).code(),
            StatusCode::kPgInvalidText);
  EXPECT_EQ(Search(L({L({"name", "ilike", "%' OR 1=1 --"})})), (Ids{}));
  EXPECT_EQ(CountRows("res_partner"), 11);
  EXPECT_EQ(CountRows("res_users"), 3);
}

TEST_F(DomainTest, SecretsAreNotSearchable) {
  Status s = SearchStatus(L({L({"password", "!=", false})}), "res.users");
  EXPECT_EQ(s.code(), StatusCode::kPyValueError);
  EXPECT_EQ(s.message(), "Invalid field res.users.password in leaf ('password', '!=', False)");
  s = SearchStatus(L({L({"totp_secret", "!=", false})}), "res.users");
  EXPECT_EQ(s.message(),
            "Invalid field res.users.totp_secret in leaf ('totp_secret', '!=', False)");
  // Nor through a hop: the path reaches res.users, which has no such field for clients.
  s = SearchStatus(L({L({"user_ids.password", "=", "x"})}), "res.company");
  EXPECT_EQ(s.code(), StatusCode::kPyValueError);
  EXPECT_EQ(s.message(), "Invalid field res.users.password in leaf ('password', '=', 'x')");
}

TEST_F(DomainTest, MalformedDomains) {
  auto code = [&](const Value& d) { return SearchStatus(d).code(); };
  EXPECT_EQ(code(L({"&", L({"name", "=", "x"})})), StatusCode::kValidationError);
  EXPECT_EQ(code(L({"|"})), StatusCode::kValidationError);
  EXPECT_EQ(SearchStatus(L({L({"name", "="})})).message(),
            "not enough values to unpack (expected 3, got 2)");
  EXPECT_EQ(code(L({L({"name", "="})})), StatusCode::kPyValueError);
  EXPECT_EQ(SearchStatus(L({L({"name", "=", "x", "y"})})).message(),
            "too many values to unpack (expected 3)");
  EXPECT_EQ(code(Value("name = 'x'")), StatusCode::kPyAssertionError);
  EXPECT_EQ(SearchStatus(Value("name = 'x'")).message(),
            "Domains to normalize must have a 'domain' form: a list or tuple of domain components");
  EXPECT_EQ(code(L({42})), StatusCode::kValidationError);
  EXPECT_EQ(code(L({"x"})), StatusCode::kValidationError);
  EXPECT_EQ(code(L({L({42, "=", "x"})})), StatusCode::kValidationError);
  EXPECT_EQ(SearchStatus(L({L({"name", 42, "x"})})).message(), "Invalid leaf ('name', 42, 'x')");
  EXPECT_EQ(code(L({L({"city", "in", "Paris"})})), StatusCode::kValidationError);
  EXPECT_EQ(code(L({L({"city", "in", L({L({"Paris"})})})})), StatusCode::kValidationError);
  EXPECT_EQ(code(L({L({"name", "=", L({"x"})})})), StatusCode::kValidationError);
  EXPECT_EQ(code(L({L({"name", "ilike", L({"x"})})})), StatusCode::kValidationError);
  EXPECT_EQ(code(L({L({"child_ids", "in", L({"x"})})})), StatusCode::kValidationError);
  EXPECT_EQ(code(L({L({"child_ids", ">", 3})})), StatusCode::kValidationError);
  EXPECT_EQ(code(L({L({"name", "child_of", 1})})), StatusCode::kValidationError);
  EXPECT_EQ(SearchStatus(L({L({"city.name", "=", "x"})})).message(),
            "Invalid field res.partner.city.name in leaf ('city.name', '=', 'x')");
  EXPECT_EQ(SearchStatus(L({L({"city", "in", "Paris"})})).message(),
            "Invalid domain term ['city', 'in', 'Paris']");
  // Deep alternating nesting is refused instead of recursing without bound.
  Value::Array deep;
  for (int i = 0; i < 100; ++i) {
    deep.emplace_back(i % 2 ? "|" : "&");
    deep.emplace_back(L({"id", "=", i}));
  }
  deep.emplace_back(L({"id", "=", 0}));
  EXPECT_EQ(code(Value(deep)), StatusCode::kValidationError);
}

// Odoo hands the value to PostgreSQL, which refuses a text that is no integer where one goes; a
// text it reads as an integer compares as that integer.
TEST_F(DomainTest, IntegerFieldsTakeOnlyIntegerText) {
  Status s = SearchStatus(L({L({"id", "=", "abc"})}));
  EXPECT_EQ(s.code(), StatusCode::kPgInvalidText);
  EXPECT_EQ(s.message(), "invalid input syntax for type integer: \"abc\"");
  EXPECT_EQ(SearchStatus(L({L({"id", "in", L({1, "x1"})})})).message(),
            "invalid input syntax for type integer: \"x1\"");
  EXPECT_EQ(SearchStatus(L({L({"id", ">", ""})})).message(),
            "invalid input syntax for type integer: \"\"");
  EXPECT_EQ(Search(L({L({"id", "=", " 10 "})})), (Ids{10}));
  EXPECT_EQ(Search(L({L({"id", "in", L({"11", 12})})})), (Ids{11, 12}));
}

TEST_F(DomainTest, CompilesToParameterisedSql) {
  const ModelDef* partner = registry_->Find("res.partner");
  auto d = Domain::Parse(L({"|", L({"name", "ilike", "o'brien"}), L({"id", "in", L({1, 2})})}));
  ASSERT_TRUE(d.ok());
  SqlBuilder b(*registry_, conn_->dialect());
  auto sql = CompileDomain(b, *partner, *d, "t0");
  ASSERT_TRUE(sql.ok()) << sql.status().message();
  EXPECT_EQ(sql->sql.find("brien"), std::string::npos);
  ASSERT_EQ(sql->params.size(), 3u);
  EXPECT_EQ(std::get<std::string>(sql->params[0]), "%o'brien%");
  EXPECT_EQ(std::get<int64_t>(sql->params[1]), 1);
  EXPECT_TRUE(d->MentionsField("name"));
  EXPECT_FALSE(d->MentionsField("active"));
}

}  // namespace
}  // namespace keygate::models
