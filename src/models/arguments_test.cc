// Python-compatible argument binding and its messages.
#include "models/arguments.h"

#include <gtest/gtest.h>

namespace keygate::models {
namespace {

Signature SearchSig() {
  return {"search",
          false,
          {{"domain", std::nullopt}, {"offset", Value(0)}, {"limit", Value()}, {"order", Value()}}};
}
Signature SearchReadSig() {
  return {"search_read",
          false,
          {{"domain", Value()},
           {"fields", Value()},
           {"offset", Value(0)},
           {"limit", Value()},
           {"order", Value()}}};
}
Signature ReadSig() {
  return {"read", true, {{"fields", Value()}, {"load", Value("_classic_read")}}};
}

TEST(ArgumentsTest, PositionalThenKeywordsThenDefaults) {
  auto b = BindArguments(SearchSig(), {Value(Value::Array{}), Value(5)}, {{"order", Value("id")}});
  ASSERT_TRUE(b.ok()) << b.status().message();
  EXPECT_TRUE(b->Get("domain").is_array());
  EXPECT_EQ(b->Get("offset"), Value(5));
  EXPECT_TRUE(b->Get("limit").is_nil());
  EXPECT_EQ(b->Get("order"), Value("id"));
  EXPECT_TRUE(b->context().is_nil());
}

TEST(ArgumentsTest, ContextIsAcceptedEverywhere) {
  Value ctx(Value::Struct{{"lang", Value("fr_FR")}});
  auto b = BindArguments(SearchSig(), {Value(Value::Array{})}, {{"context", ctx}});
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(b->context(), ctx);
  Signature none{"context_get", false, {}};
  EXPECT_TRUE(BindArguments(none, {}, {{"context", ctx}}).ok());
  auto bad = BindArguments(none, {}, {{"context", Value(3)}});
  EXPECT_EQ(bad.status().code(), StatusCode::kInvalidRequest);
}

TEST(ArgumentsTest, TooManyPositional) {
  Value::Array seven(7, Value());
  auto b = BindArguments(SearchReadSig(), seven, {});
  EXPECT_EQ(b.status().code(), StatusCode::kPyTypeError);
  EXPECT_EQ(b.status().message(),
            "BaseModel.search_read() takes from 1 to 6 positional arguments but 8 were given");
  Signature none{"context_get", false, {}};
  EXPECT_EQ(BindArguments(none, {Value(1)}, {}).status().message(),
            "BaseModel.context_get() takes 1 positional argument but 2 were given");
  Signature two{"f", false, {{"a", std::nullopt}}};
  EXPECT_EQ(BindArguments(two, {Value(1), Value(2)}, {}).status().message(),
            "BaseModel.f() takes 2 positional arguments but 3 were given");
  // Record methods: the ids are not counted (they become self).
  EXPECT_EQ(BindArguments(ReadSig(), {Value(1), Value(), Value(), Value()}, {}).status().message(),
            "BaseModel.read() takes from 1 to 3 positional arguments but 4 were given");
}

TEST(ArgumentsTest, UnexpectedAndDuplicateKeywords) {
  auto b = BindArguments(SearchSig(), {Value(Value::Array{})}, {{"x", Value(1)}});
  EXPECT_EQ(b.status().code(), StatusCode::kPyTypeError);
  EXPECT_EQ(b.status().message(), "BaseModel.search() got an unexpected keyword argument 'x'");
  b = BindArguments(SearchSig(), {Value(Value::Array{})}, {{"domain", Value(Value::Array{})}});
  EXPECT_EQ(b.status().message(), "BaseModel.search() got multiple values for argument 'domain'");
}

TEST(ArgumentsTest, MissingRequired) {
  auto b = BindArguments(SearchSig(), {}, {});
  EXPECT_EQ(b.status().code(), StatusCode::kPyTypeError);
  EXPECT_EQ(b.status().message(),
            "BaseModel.search() missing 1 required positional argument: 'domain'");
  Signature two{"f", false, {{"a", std::nullopt}, {"b", std::nullopt}}};
  EXPECT_EQ(BindArguments(two, {}, {}).status().message(),
            "BaseModel.f() missing 2 required positional arguments: 'a' and 'b'");
  Signature three{"g", false, {{"a", std::nullopt}, {"b", std::nullopt}, {"c", std::nullopt}}};
  EXPECT_EQ(BindArguments(three, {}, {{"b", Value(1)}}).status().message(),
            "BaseModel.g() missing 2 required positional arguments: 'a' and 'c'");
  EXPECT_EQ(BindArguments(three, {}, {}).status().message(),
            "BaseModel.g() missing 3 required positional arguments: 'a', 'b', and 'c'");
  EXPECT_EQ(BindArguments(ReadSig(), {}, {}).status().message(),
            "BaseModel.read() missing 1 required positional argument: 'ids'");
}

TEST(ArgumentsTest, RecordMethodsTakeIdsFirst) {
  auto b = BindArguments(
      ReadSig(), {Value(Value::Array{Value(1), Value(2)}), Value(Value::Array{Value("name")})},
      {{"load", Value()}});
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(b->ids(), Value(Value::Array{Value(1), Value(2)}));
  EXPECT_EQ(b->Get("fields"), Value(Value::Array{Value("name")}));
  EXPECT_TRUE(b->Get("load").is_nil());
}

TEST(ArgumentsTest, BindByName) {
  auto b = BindNamedArguments(ReadSig(), {{"ids", Value(Value::Array{Value(7)})},
                                          {"fields", Value(Value::Array{Value("name")})},
                                          {"context", Value(Value::Struct{})}});
  ASSERT_TRUE(b.ok()) << b.status().message();
  EXPECT_EQ(b->ids(), Value(Value::Array{Value(7)}));
  EXPECT_EQ(b->Get("load"), Value("_classic_read"));
  // ids default to [] for record methods and are ignored by model methods.
  auto r = BindNamedArguments(ReadSig(), {});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->ids(), Value(Value::Array{}));
  auto s = BindNamedArguments(SearchSig(),
                              {{"ids", Value(Value::Array{})}, {"domain", Value(Value::Array{})}});
  EXPECT_TRUE(s.ok());
  EXPECT_EQ(BindNamedArguments(SearchSig(), {}).status().message(),
            "missing a required argument: 'domain'");
  EXPECT_EQ(
      BindNamedArguments(SearchSig(), {{"domain", Value()}, {"bogus", Value()}}).status().message(),
      "got an unexpected keyword argument 'bogus'");
}

}  // namespace
}  // namespace keygate::models
