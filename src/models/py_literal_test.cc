// Tests of the Python-literal parser used for record-rule domains.
#include "models/py_literal.h"

#include <gtest/gtest.h>

#include <string>

#include "models/py_repr.h"

namespace keygate::models {
namespace {

Value L(std::initializer_list<Value> v) { return Value(Value::Array(v)); }

const PyNames& Names() {
  static const PyNames names = RuleEvalNames(7, 42, 1, {1, 3});
  return names;
}

// Error messages quote floats as Python's repr does (found by the py_literal fuzz target: "%.17g"
// printed -1500.0 as -1500 and 0.1 as 0.10000000000000001), so a float reads back as a float.
TEST(PyReprTest, FloatsAsPython) {
  EXPECT_EQ(PyRepr(Value(-1500.0)), "-1500.0");
  EXPECT_EQ(PyRepr(Value(0.1)), "0.1");
  EXPECT_EQ(PyRepr(Value(1e16)), "1e+16");
  EXPECT_EQ(PyRepr(Value(1e-05)), "1e-05");
  EXPECT_EQ(PyRepr(Value(Value::Array{Value(2.5), Value(3.0)})), "[2.5, 3.0]");
  auto back = ParsePyLiteral(PyRepr(Value(-1500.0)), RuleEvalNames(1, 1, 1, {1}));
  ASSERT_TRUE(back.ok());
  EXPECT_TRUE(back->is_double());
}

TEST(PyLiteralTest, OdooRuleDomain) {
  auto v = ParsePyLiteral("['|', ('user_id', '=', user.id), ('user_id', '=', False)]", Names());
  ASSERT_TRUE(v.ok()) << v.status().message();
  EXPECT_EQ(*v, L({"|", L({"user_id", "=", int64_t{7}}), L({"user_id", "=", false})}));
}

TEST(PyLiteralTest, AllNames) {
  auto v = ParsePyLiteral(
      "[user.id, user.partner_id.id, user.company_id.id, user.company_ids.ids, company_id, "
      "company_ids]",
      Names());
  ASSERT_TRUE(v.ok()) << v.status().message();
  EXPECT_EQ(*v, L({int64_t{7}, int64_t{42}, int64_t{1}, L({int64_t{1}, int64_t{3}}), int64_t{1},
                   L({int64_t{1}, int64_t{3}})}));
}

TEST(PyLiteralTest, CommercialPartnerDefaultsToTheUsersPartner) {
  auto own = ParsePyLiteral("user.commercial_partner_id.id", Names());
  ASSERT_TRUE(own.ok()) << own.status().message();
  EXPECT_EQ(*own, Value(int64_t{42}));
  auto company = ParsePyLiteral("user.commercial_partner_id.id", RuleEvalNames(7, 42, 1, {1}, 9));
  ASSERT_TRUE(company.ok());
  EXPECT_EQ(*company, Value(int64_t{9}));
}

TEST(PyLiteralTest, Scalars) {
  auto v =
      ParsePyLiteral(R"([1, -2, 3.5, -0.25, 1e3, "dq", 'it\'s', 'a\\b', True, None, ()])", Names());
  ASSERT_TRUE(v.ok()) << v.status().message();
  EXPECT_EQ(*v, L({int64_t{1}, int64_t{-2}, 3.5, -0.25, 1000.0, "dq", "it's", "a\\b", true, Value(),
                   L({})}));
}

TEST(PyLiteralTest, TuplesAndParentheses) {
  EXPECT_EQ(*ParsePyLiteral("(1)", Names()), Value(int64_t{1}));
  EXPECT_EQ(*ParsePyLiteral("(1,)", Names()), L({int64_t{1}}));
  EXPECT_EQ(*ParsePyLiteral("[(1, '=', 1),]", Names()), L({L({int64_t{1}, "=", int64_t{1}})}));
  EXPECT_EQ(*ParsePyLiteral("  [ ]  ", Names()), L({}));
}

TEST(PyLiteralTest, RefusesAnythingThatIsNotALiteral) {
  for (const char* bad : {"__import__('os').system('id')", "[user.password]", "[('a', '=', 1 + 1)]",
                          "user", "[('id', 'in', user.company_ids.mapped('id'))]", "{'a': 1}",
                          "[1, 2", "'abc", "[1 2]", "[1,,2]", "[1] x", "", "lambda: 1", "[-]",
                          "[1e]", "[99999999999999999999]", "[time.time()]"}) {
    auto v = ParsePyLiteral(bad, Names());
    EXPECT_FALSE(v.ok()) << bad;
    if (!v.ok()) {
      EXPECT_EQ(v.status().code(), StatusCode::kValidationError) << bad;
    }
  }
}

TEST(PyLiteralTest, UnknownNameIsNamedInTheError) {
  auto v = ParsePyLiteral("[('x', '=', user.login)]", Names());
  ASSERT_FALSE(v.ok());
  EXPECT_NE(v.status().message().find("unknown name 'user.login'"), std::string::npos)
      << v.status().message();
}

TEST(PyLiteralTest, DeepNestingIsRefusedNotACrash) {
  std::string deep(100000, '[');
  EXPECT_FALSE(ParsePyLiteral(deep, Names()).ok());
  std::string ok(60, '[');
  ok += std::string(60, ']');
  EXPECT_TRUE(ParsePyLiteral(ok, Names()).ok());
}

}  // namespace
}  // namespace keygate::models
