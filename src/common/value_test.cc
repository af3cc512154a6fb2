// Tests for the neutral Value model.
#include "common/value.h"

#include <gtest/gtest.h>

namespace keygate {
namespace {

TEST(ValueTest, TruthinessFollowsPython) {
  EXPECT_FALSE(Value().Truthy());
  EXPECT_FALSE(Value(false).Truthy());
  EXPECT_FALSE(Value(0).Truthy());
  EXPECT_FALSE(Value("").Truthy());
  EXPECT_FALSE(Value(Value::Array{}).Truthy());
  EXPECT_TRUE(Value(7).Truthy());
  EXPECT_TRUE(Value("x").Truthy());
  EXPECT_TRUE(Value(Value::Array{Value(1)}).Truthy());
}

TEST(ValueTest, StructKeepsOrderAndReplaces) {
  Value v;
  v.Set("b", 1);
  v.Set("a", 2);
  v.Set("b", 3);
  ASSERT_TRUE(v.is_struct());
  ASSERT_EQ(v.as_struct().size(), 2u);
  EXPECT_EQ(v.as_struct()[0].first, "b");
  EXPECT_EQ(v.Find("b")->as_int(), 3);
  EXPECT_EQ(v.Find("missing"), nullptr);
}

TEST(ValueTest, MergeUpdatesLikeADictAndKeepsOrder) {
  Value base(Value::Struct{{"lang", Value("en_US")}, {"tz", Value("UTC")}});
  const Value shared = base;
  base.Merge(Value::Struct{{"tz", Value("Europe/Brussels")}, {"x", Value(1)}, {"x", Value(2)}});
  ASSERT_EQ(base.as_struct().size(), 3u);
  EXPECT_EQ(base.as_struct()[1].first, "tz");
  EXPECT_EQ(base.Find("tz")->as_string(), "Europe/Brussels");
  EXPECT_EQ(base.Find("x")->as_int(), 2);
  EXPECT_EQ(shared.Find("tz")->as_string(), "UTC");  // copy-on-write
  Value none;
  none.Merge(Value::Struct{{"a", Value(1)}});
  EXPECT_EQ(none.Find("a")->as_int(), 1);
}

TEST(ValueTest, MergeOfManyKeysStaysIntact) {
  Value::Struct many;
  for (int i = 0; i < 20000; ++i) many.emplace_back("key" + std::to_string(i), Value(i));
  Value v(Value::Struct{{"key5", Value(-1)}});
  v.Merge(many);
  ASSERT_EQ(v.as_struct().size(), 20000u);
  EXPECT_EQ(v.as_struct()[0].first, "key5");
  EXPECT_EQ(v.Find("key5")->as_int(), 5);
  EXPECT_EQ(v.Find("key19999")->as_int(), 19999);
}

TEST(ValueTest, CopyOnWriteDoesNotAliasCopies) {
  Value a(Value::Array{Value(1)});
  Value b = a;
  b.mutable_array().push_back(Value(2));
  EXPECT_EQ(a.as_array().size(), 1u);
  EXPECT_EQ(b.as_array().size(), 2u);
}

TEST(ValueTest, EqualityIsTypeStrict) {
  EXPECT_EQ(Value(1), Value(int64_t{1}));
  EXPECT_FALSE(Value(1) == Value(1.0));
  EXPECT_FALSE(Value(true) == Value(1));
}

}  // namespace
}  // namespace keygate
