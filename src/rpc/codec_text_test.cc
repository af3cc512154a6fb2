// Tests for the shared codec text helpers: UTF-8 rules, base64, Python number syntax.
#include "rpc/codec_text.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace keygate::rpc {
namespace {

TEST(Utf8Test, AcceptsWellFormedText) {
  EXPECT_TRUE(IsValidUtf8(""));
  EXPECT_TRUE(IsValidUtf8("plain ascii"));
  EXPECT_TRUE(IsValidUtf8("caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80"));  // é € 😀
  EXPECT_TRUE(IsValidUtf8("\xF4\x8F\xBF\xBF"));                           // U+10FFFF
  EXPECT_TRUE(IsValidUtf8(std::string_view("a\0b", 3)));
}

TEST(Utf8Test, RejectsIllFormedText) {
  EXPECT_FALSE(IsValidUtf8("\xC0\xAF"));          // overlong '/'
  EXPECT_FALSE(IsValidUtf8("\xE0\x80\xAF"));      // overlong, 3 bytes
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));      // surrogate U+D800
  EXPECT_FALSE(IsValidUtf8("\xF4\x90\x80\x80"));  // U+110000
  EXPECT_FALSE(IsValidUtf8("\xC3"));              // truncated
  EXPECT_FALSE(IsValidUtf8("\x80"));              // stray continuation
  EXPECT_FALSE(IsValidUtf8("\xFF"));
}

TEST(Utf8Test, ToValidUtf8ReplacesBadBytes) {
  EXPECT_EQ(ToValidUtf8("ok\xC3\xA9"), "ok\xC3\xA9");
  EXPECT_EQ(ToValidUtf8("a\xFF"
                        "b"),
            "a\xEF\xBF\xBD"
            "b");
  EXPECT_EQ(ToValidUtf8("\xC0\xAF"), "\xEF\xBF\xBD\xEF\xBF\xBD");
}

TEST(Base64Test, EncodesWithPadding) {
  EXPECT_EQ(Base64Encode(""), "");
  EXPECT_EQ(Base64Encode("h"), "aA==");
  EXPECT_EQ(Base64Encode("hi"), "aGk=");
  EXPECT_EQ(Base64Encode("hi!"), "aGkh");
  EXPECT_EQ(Base64Encode(std::string("\xFF\xFE\x00", 3)), "//4A");
}

TEST(Base64Test, DecodesIgnoringWhitespace) {
  EXPECT_EQ(Base64Decode("aGk="), "hi");
  EXPECT_EQ(Base64Decode(" aG\nk=\r\n"), "hi");
  EXPECT_EQ(Base64Decode(""), "");
  EXPECT_EQ(Base64Decode("//4A"), std::string("\xFF\xFE\x00", 3));
}

TEST(Base64Test, RejectsInvalidInput) {
  EXPECT_FALSE(Base64Decode("aGk"));       // missing padding
  EXPECT_FALSE(Base64Decode("a@k="));      // bad character
  EXPECT_FALSE(Base64Decode("aG=k"));      // padding in the middle
  EXPECT_FALSE(Base64Decode("aA==aGk="));  // padding before more data
  EXPECT_FALSE(Base64Decode("a==="));
  EXPECT_FALSE(Base64Decode("===="));
}

TEST(PythonFloatTest, FormatsLikeRepr) {
  EXPECT_EQ(FormatPythonFloat(1.0), "1.0");
  EXPECT_EQ(FormatPythonFloat(1.5), "1.5");
  EXPECT_EQ(FormatPythonFloat(0.1), "0.1");
  EXPECT_EQ(FormatPythonFloat(-0.0), "-0.0");
  EXPECT_EQ(FormatPythonFloat(0.0), "0.0");
  EXPECT_EQ(FormatPythonFloat(100.0), "100.0");
  EXPECT_EQ(FormatPythonFloat(123.456), "123.456");
  EXPECT_EQ(FormatPythonFloat(0.0001), "0.0001");
  EXPECT_EQ(FormatPythonFloat(0.00001), "1e-05");
  EXPECT_EQ(FormatPythonFloat(1.5e-7), "1.5e-07");
  EXPECT_EQ(FormatPythonFloat(1e15), "1000000000000000.0");
  EXPECT_EQ(FormatPythonFloat(1e16), "1e+16");
  EXPECT_EQ(FormatPythonFloat(1.2345e16), "1.2345e+16");
  EXPECT_EQ(FormatPythonFloat(1e300), "1e+300");
  EXPECT_EQ(FormatPythonFloat(5e-324), "5e-324");
  EXPECT_EQ(FormatPythonFloat(std::numeric_limits<double>::infinity()), "inf");
  EXPECT_EQ(FormatPythonFloat(-std::numeric_limits<double>::infinity()), "-inf");
  EXPECT_EQ(FormatPythonFloat(std::nan("")), "nan");
}

TEST(PythonIntTest, ParsesLikeInt) {
  EXPECT_EQ(ParsePythonInt("42"), 42);
  EXPECT_EQ(ParsePythonInt(" \t42\n"), 42);
  EXPECT_EQ(ParsePythonInt("-7"), -7);
  EXPECT_EQ(ParsePythonInt("+7"), 7);
  EXPECT_EQ(ParsePythonInt("007"), 7);
  EXPECT_EQ(ParsePythonInt("1_000"), 1000);
  EXPECT_EQ(ParsePythonInt("9223372036854775807"), std::numeric_limits<int64_t>::max());
  EXPECT_EQ(ParsePythonInt("-9223372036854775808"), std::numeric_limits<int64_t>::min());
}

TEST(PythonIntTest, RejectsMalformedOrOutOfRange) {
  for (const char* bad :
       {"", " ", "12x", "x12", "1.0", "1__0", "_1", "1_", "--1", "+", "9223372036854775808",
        "-9223372036854775809", "99999999999999999999999", "1 2", "0x10"}) {
    EXPECT_FALSE(ParsePythonInt(bad)) << bad;
  }
}

TEST(PythonFloatTest, ParsesLikeFloat) {
  EXPECT_EQ(ParsePythonFloat("1.5"), 1.5);
  EXPECT_EQ(ParsePythonFloat(" -2.5e3 "), -2500.0);
  EXPECT_EQ(ParsePythonFloat("3"), 3.0);
  EXPECT_EQ(ParsePythonFloat(".5"), 0.5);
  EXPECT_EQ(ParsePythonFloat("5."), 5.0);
  EXPECT_EQ(ParsePythonFloat("1_0.2_5"), 10.25);
  EXPECT_EQ(ParsePythonFloat("1E2"), 100.0);
  EXPECT_EQ(ParsePythonFloat("Infinity"), std::numeric_limits<double>::infinity());
  EXPECT_EQ(ParsePythonFloat("-inf"), -std::numeric_limits<double>::infinity());
  EXPECT_EQ(ParsePythonFloat("1e400"), std::numeric_limits<double>::infinity());
  EXPECT_EQ(ParsePythonFloat("1e-400"), 0.0);
  EXPECT_TRUE(std::isnan(*ParsePythonFloat("NaN")));
}

TEST(PythonFloatTest, RejectsMalformed) {
  for (const char* bad : {"", ".", "1.5.5", "0x10", "1e", "e5", "1e+", "nan(1)", "1,5", "abc", "1_",
                          "1._5", "infx", "- 1"}) {
    EXPECT_FALSE(ParsePythonFloat(bad)) << bad;
  }
}

}  // namespace
}  // namespace keygate::rpc
