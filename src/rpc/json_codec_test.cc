// Tests for the JSON codec: every value type, nesting limits, encoding checks, malformed input,
// and the exact text of serialised values.
#include "rpc/json_codec.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>

namespace keygate::rpc {
namespace {

Value Parse(std::string_view text) {
  StatusOr<Value> v = ParseJson(text);
  EXPECT_TRUE(v.ok()) << v.status().message();
  return v.ok() ? *v : Value("<parse failed>");
}

std::string ErrorOf(std::string_view text) {
  StatusOr<Value> v = ParseJson(text);
  EXPECT_FALSE(v.ok()) << text.substr(0, 80);
  if (v.ok()) return "<accepted>";
  EXPECT_EQ(v.status().code(), StatusCode::kInvalidRequest);
  return v.status().message();
}

std::string Repeat(std::string_view s, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += s;
  return out;
}

TEST(JsonParseTest, Scalars) {
  EXPECT_EQ(Parse("null"), Value());
  EXPECT_EQ(Parse("true"), Value(true));
  EXPECT_EQ(Parse("false"), Value(false));
  EXPECT_EQ(Parse("42"), Value(42));
  EXPECT_EQ(Parse("-7"), Value(-7));
  EXPECT_EQ(Parse("9223372036854775807"), Value(std::numeric_limits<int64_t>::max()));
  EXPECT_EQ(Parse("-9223372036854775808"), Value(std::numeric_limits<int64_t>::min()));
  // Above int64: a double, as the nearest thing the Value model has to a Python big int.
  EXPECT_EQ(Parse("18446744073709551615"), Value(18446744073709551615.0));
  EXPECT_EQ(Parse("1.5"), Value(1.5));
  EXPECT_EQ(Parse("1.0"), Value(1.0));
  EXPECT_EQ(Parse("1e2"), Value(100.0));
  EXPECT_EQ(Parse("0.1"), Value(0.1));
  EXPECT_EQ(Parse(" \"text\" "), Value("text"));
  EXPECT_EQ(Parse("\"\""), Value(""));
}

TEST(JsonParseTest, ExtremeNumbers) {
  // Python reads 1e400 as inf; RapidJSON refuses it, which is the safer answer for an API.
  EXPECT_EQ(ErrorOf("1e400").rfind("invalid JSON: Number too big", 0), 0u);
  EXPECT_EQ(ErrorOf("-1e400").rfind("invalid JSON: Number too big", 0), 0u);
  EXPECT_EQ(Parse("1e-99999999999999"), Value(0.0));
  EXPECT_EQ(Parse("0." + std::string(5000, '0') + "1e5000"), Value(0.1));
  EXPECT_EQ(Parse("123456789012345678901234567890"), Value(1.2345678901234568e29));
  EXPECT_EQ(Parse("-0"), Value(0));
  EXPECT_EQ(Parse("2.2250738585072011e-308"), Value(2.2250738585072011e-308));
}

TEST(JsonParseTest, PythonStyleNanAndInfinity) {
  EXPECT_EQ(Parse("Infinity"), Value(std::numeric_limits<double>::infinity()));
  EXPECT_EQ(Parse("-Infinity"), Value(-std::numeric_limits<double>::infinity()));
  Value nan = Parse("NaN");
  ASSERT_TRUE(nan.is_double());
  EXPECT_TRUE(std::isnan(nan.as_double()));
}

TEST(JsonParseTest, StringEscapes) {
  EXPECT_EQ(Parse(R"("a\"b\\c\/d\n\t\u00e9\ud83d\ude00")"),
            Value("a\"b\\c/d\n\t\xC3\xA9\xF0\x9F\x98\x80"));
  EXPECT_EQ(Parse(R"("a\u0000b")"), Value(std::string("a\0b", 3)));
  EXPECT_EQ(Parse("\"caf\xC3\xA9\""), Value("caf\xC3\xA9"));
}

TEST(JsonParseTest, ArraysAndObjects) {
  EXPECT_EQ(Parse("[]"), Value(Value::Array{}));
  EXPECT_EQ(Parse("{}"), Value(Value::Struct{}));
  EXPECT_EQ(Parse(R"([1, "x", null, [true], {"a": 1.5}])"),
            Value(Value::Array{Value(1), Value("x"), Value(), Value(Value::Array{Value(true)}),
                               Value(Value::Struct{{"a", Value(1.5)}})}));
  // Member order is kept; a repeated key keeps its first position and its last value.
  EXPECT_EQ(Parse(R"({"z": 1, "a": 2, "z": 3})"),
            Value(Value::Struct{{"z", Value(3)}, {"a", Value(2)}}));
}

TEST(JsonParseTest, Malformed) {
  for (const char* bad : {"",         " ",         "[1, 2",
                          "[1,]",     "{\"a\" 1}", "{a: 1}",
                          "tru",      "12x",       "\"unterminated",
                          "'single'", "[1] [2]",   "{} x",
                          "01",       "1.",        ".5",
                          "\"\\x\"",  "{\"a\":}",  "nan",
                          "\"a\tb\"", "1e",        "-",
                          "+1",       "0x10"}) {
    const std::string message = ErrorOf(bad);
    EXPECT_EQ(message.rfind("invalid JSON: ", 0), 0u) << bad << " -> " << message;
  }
}

TEST(JsonParseTest, RejectsNulBytes) {
  EXPECT_EQ(ErrorOf(std::string("1\0garbage", 9)), "invalid JSON: NUL byte");
  EXPECT_EQ(ErrorOf(std::string("\"a\0\"", 4)), "invalid JSON: NUL byte");
}

TEST(JsonParseTest, RejectsInvalidUtf8) {
  for (const char* bad : {"\"\xC0\xAF\"", "\"\xED\xA0\x80\"", "\"\xF4\x90\x80\x80\"", "\"\xC3\"",
                          "\"\xFF\"", "{\"\xFF\": 1}"}) {
    EXPECT_EQ(ErrorOf(bad).rfind("invalid JSON: ", 0), 0u) << bad;
  }
  // Escaped lone surrogates would decode to ill-formed UTF-8.
  EXPECT_EQ(ErrorOf(R"("\udc00")"), "invalid JSON: invalid UTF-8 in string");
  EXPECT_EQ(ErrorOf(R"({"\udc00": 1})"), "invalid JSON: invalid UTF-8 in string");
  EXPECT_EQ(ErrorOf(R"("\ud800")").rfind("invalid JSON: ", 0), 0u);
}

TEST(JsonParseTest, ObjectMemberLimit) {
  auto object_of = [](size_t members, bool same_key) {
    std::string s = "{";
    for (size_t i = 0; i < members; ++i) {
      if (i > 0) s += ",";
      s += "\"k" + (same_key ? std::string() : std::to_string(i)) + "\": 1";
    }
    return s + "}";
  };
  StatusOr<Value> ok = ParseJson(object_of(kMaxStructMembers, false));
  ASSERT_TRUE(ok.ok()) << ok.status().message();
  EXPECT_EQ(ok->as_struct().size(), kMaxStructMembers);
  EXPECT_EQ(ErrorOf(object_of(kMaxStructMembers + 1, false)),
            "invalid JSON: an object holds more than 10000 members");
  EXPECT_EQ(ErrorOf(object_of(kMaxStructMembers + 1, true)),
            "invalid JSON: an object holds more than 10000 members");
  // Nested objects each have their own count; arrays have none.
  EXPECT_TRUE(ParseJson("[" + object_of(kMaxStructMembers, false) + "," +
                        object_of(kMaxStructMembers, false) + "]")
                  .ok());
  // Unbounded for documents from a trusted server.
  EXPECT_TRUE(ParseJson(object_of(kMaxStructMembers + 1, false), kUnboundedStructMembers).ok());
}

TEST(JsonParseTest, NestingLimit) {
  EXPECT_TRUE(ParseJson(Repeat("[", kMaxJsonDepth) + Repeat("]", kMaxJsonDepth)).ok());
  EXPECT_EQ(ErrorOf(Repeat("[", kMaxJsonDepth + 1) + Repeat("]", kMaxJsonDepth + 1)),
            "invalid JSON: nesting too deep");
  EXPECT_EQ(ErrorOf(Repeat("[", 5000) + Repeat("]", 5000)), "invalid JSON: nesting too deep");
  EXPECT_EQ(ErrorOf(Repeat("{\"a\":", 5000) + "1" + Repeat("}", 5000)),
            "invalid JSON: nesting too deep");
  EXPECT_EQ(ErrorOf(Repeat("[", 1000000)), "invalid JSON: nesting too deep");
  // Brackets inside strings (escaped quotes included) do not count.
  const std::string in_string = "[\"\\\"" + Repeat("[{", 5000) + "\"]";
  EXPECT_EQ(Parse(in_string), Value(Value::Array{Value("\"" + Repeat("[{", 5000))}));
  // Siblings do not add up.
  EXPECT_TRUE(ParseJson("[" + Repeat("[[]],", 10000) + "[]]").ok());
}

TEST(JsonParseTest, BigValues) {
  const std::string big(4 << 20, 'x');
  EXPECT_EQ(Parse("\"" + big + "\""), Value(big));
  std::string members = "{";
  for (int i = 0; i < 9999; ++i) members += "\"k\":" + std::to_string(i) + ",";
  members += "\"end\":true}";
  EXPECT_EQ(Parse(members), Value(Value::Struct{{"k", Value(9998)}, {"end", Value(true)}}));
}

TEST(JsonParseTest, ErrorMessagesStayShort) {
  const std::string message = ErrorOf("[\"" + std::string(1 << 20, 'a') + "\" x]");
  EXPECT_LT(message.size(), 120u);
}

TEST(JsonSerializeTest, EveryType) {
  const Value v(Value::Struct{
      {"nil", Value()},
      {"t", Value(true)},
      {"f", Value(false)},
      {"i", Value(-42)},
      {"big", Value(std::numeric_limits<int64_t>::min())},
      {"d", Value(1.5)},
      {"d1", Value(1.0)},
      {"tenth", Value(0.1)},
      {"huge", Value(1e16)},
      {"tiny", Value(1e-5)},
      {"s", Value("q\"b\\n\n\x01/\xC3\xA9")},
      {"bin", Value(Value::Binary{"hi"})},
      {"when", Value(Value::DateTime{"2024-01-31 10:00:00"})},
      {"list", Value(Value::Array{Value(1), Value(Value::Array{}), Value(Value::Struct{})})},
  });
  EXPECT_EQ(SerializeJson(v),
            R"({"nil":null,"t":true,"f":false,"i":-42,"big":-9223372036854775808,"d":1.5,)"
            R"("d1":1.0,"tenth":0.1,"huge":1e+16,"tiny":1e-05,"s":"q\"b\\n\n\u0001/)"
            "\xC3\xA9"
            R"(","bin":"aGk=","when":"2024-01-31 10:00:00","list":[1,[],{}]})");
}

TEST(JsonSerializeTest, NonFiniteDoublesBecomeNull) {
  EXPECT_EQ(SerializeJson(Value(
                Value::Array{Value(std::numeric_limits<double>::infinity()), Value(std::nan(""))})),
            "[null,null]");
}

TEST(JsonSerializeTest, InvalidUtf8IsReplaced) {
  EXPECT_EQ(SerializeJson(Value("a\xFF")), "\"a\xEF\xBF\xBD\"");
  EXPECT_EQ(SerializeJson(Value(Value::Struct{{"k\xFF", Value(1)}})), "{\"k\xEF\xBF\xBD\":1}");
}

TEST(JsonSerializeTest, RoundTrip) {
  const Value v(Value::Array{
      Value(),
      Value(true),
      Value(int64_t{1} << 60),
      Value(-0.25),
      Value(123456.789e10),
      Value(std::string("nul\0inside", 10)),
      Value("\xF0\x9F\x98\x80"),
      Value(Value::Struct{{"nested", Value(Value::Array{Value(Value::Struct{{"x", Value(1)}})})}}),
  });
  StatusOr<Value> back = ParseJson(SerializeJson(v));
  ASSERT_TRUE(back.ok()) << back.status().message();
  EXPECT_EQ(*back, v);
}

TEST(JsonParseTest, PythonsDecodeErrorMessages) {
  EXPECT_EQ(PythonJsonDecodeError("{not json"),
            "Expecting property name enclosed in double quotes: line 1 column 2 (char 1)");
  EXPECT_EQ(PythonJsonDecodeError(""), "Expecting value: line 1 column 1 (char 0)");
  EXPECT_EQ(PythonJsonDecodeError("[1, 2"), "Expecting ',' delimiter: line 1 column 6 (char 5)");
  EXPECT_EQ(PythonJsonDecodeError("{\"a\": 1} x"), "Extra data: line 1 column 10 (char 9)");
  EXPECT_EQ(PythonJsonDecodeError("{\"a\" 1}"),
            "Expecting ':' delimiter: line 1 column 6 (char 5)");
  EXPECT_EQ(PythonJsonDecodeError("\n\n  x"), "Expecting value: line 3 column 3 (char 4)");
  EXPECT_EQ(PythonJsonDecodeError("{\"a\": 1}"), "");
}

}  // namespace
}  // namespace keygate::rpc
