// Tests for the table of domain operators: every operator's spelling round-trips, negation is an
// involution where Odoo defines it, and the properties match the spellings.
#include "models/domain_operator.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

namespace keygate::models {
namespace {

std::vector<DomainOperator> AllOperators() {
  std::vector<DomainOperator> out;
  for (int i = 0; i <= static_cast<int>(DomainOperator::kEqIfSet); ++i) {
    out.push_back(static_cast<DomainOperator>(i));
  }
  return out;
}

TEST(DomainOperatorTest, SpellingsAreOdoosAndRoundTrip) {
  std::vector<std::string> names;
  for (DomainOperator op : AllOperators()) {
    names.emplace_back(OperatorName(op));
    EXPECT_EQ(ParseOperator(OperatorName(op)), op) << OperatorName(op);
  }
  EXPECT_EQ(names, (std::vector<std::string>{"=", "!=", "<", ">", "<=", ">=", "in", "not in",
                                             "like", "not like", "ilike", "not ilike", "=like",
                                             "=ilike", "child_of", "parent_of", "=?"}));
  EXPECT_EQ(ParseOperator("<>"), DomainOperator::kNe);
  EXPECT_EQ(ParseOperator("ILIKE"), std::nullopt);  // callers lower-case first
  EXPECT_EQ(ParseOperator("=="), std::nullopt);
  EXPECT_EQ(ParseOperator(""), std::nullopt);
}

TEST(DomainOperatorTest, NegationIsOdoosTermOperatorsNegation) {
  for (DomainOperator op : AllOperators()) {
    const std::optional<DomainOperator> neg = Negation(op);
    if (!neg) continue;
    EXPECT_EQ(Negation(*neg), op) << OperatorName(op);
    if (IsOrdering(op)) {
      EXPECT_TRUE(IsOrdering(*neg)) << OperatorName(op);
    } else {
      EXPECT_NE(IsNegative(op), IsNegative(*neg)) << OperatorName(op);
      EXPECT_EQ(Positive(op), Positive(*neg)) << OperatorName(op);
    }
  }
  EXPECT_EQ(Negation(DomainOperator::kLt), DomainOperator::kGe);
  EXPECT_EQ(Negation(DomainOperator::kIlike), DomainOperator::kNotIlike);
  for (DomainOperator op :
       {DomainOperator::kEqLike, DomainOperator::kEqIlike, DomainOperator::kChildOf,
        DomainOperator::kParentOf, DomainOperator::kEqIfSet}) {
    EXPECT_EQ(Negation(op), std::nullopt) << OperatorName(op);
  }
}

TEST(DomainOperatorTest, PropertiesFollowTheSpelling) {
  for (DomainOperator op : AllOperators()) {
    const std::string name(OperatorName(op));
    SCOPED_TRACE(name);
    EXPECT_EQ(IsLike(op), name.find("like") != std::string::npos);
    EXPECT_EQ(IsCaseInsensitive(op), name.find("ilike") != std::string::npos);
    EXPECT_EQ(IsExactPattern(op), IsLike(op) && name[0] == '=');
    EXPECT_EQ(IsNegative(op), name == "!=" || name.rfind("not ", 0) == 0);
    EXPECT_EQ(IsOrdering(op), name == "<" || name == ">" || name == "<=" || name == ">=");
    const std::string positive(OperatorName(Positive(op)));
    EXPECT_EQ(positive, name == "!=" ? "=" : name.rfind("not ", 0) == 0 ? name.substr(4) : name);
  }
}

}  // namespace
}  // namespace keygate::models
