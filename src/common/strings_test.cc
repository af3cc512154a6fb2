// The shared ASCII helpers: what Trim removes, what Lower changes, and what both leave alone.
#include "common/strings.h"

#include <gtest/gtest.h>

namespace keygate {
namespace {

TEST(StringsTest, TrimRemovesAsciiWhitespaceAtBothEndsOnly) {
  EXPECT_EQ(Trim(" \t\r\n\v\fa b\t \r\n"), "a b");
  EXPECT_EQ(Trim("a"), "a");
  EXPECT_EQ(Trim(""), "");
  EXPECT_EQ(Trim(" \t "), "");
  // A non-breaking space (UTF-8 C2 A0) is not ASCII whitespace.
  EXPECT_EQ(Trim("\xc2\xa0x\xc2\xa0"), "\xc2\xa0x\xc2\xa0");
  const std::string text = "  kept  ";
  EXPECT_EQ(Trim(text).data(), text.data() + 2);  // a view into its argument
}

TEST(StringsTest, LowerChangesAsciiLettersOnly) {
  EXPECT_EQ(Lower("Sales / USER 42"), "sales / user 42");
  EXPECT_EQ(Lower(""), "");
  EXPECT_EQ(Lower("\xc3\x89t\xc3\xa9"), "\xc3\x89t\xc3\xa9");  // "Été": bytes past ASCII stay
  EXPECT_EQ(Lower("[@`{"), "[@`{");                            // neighbours of A-Z and a-z
}

TEST(StringsTest, DecodeFormComponentReadsAsUnquotePlus) {
  EXPECT_EQ(DecodeFormComponent("a+b%20c%2Bd"), "a b c+d");
  EXPECT_EQ(DecodeFormComponent("%6A%61vascript:"), "javascript:");
  // A '%' without two hex digits stays itself.
  EXPECT_EQ(DecodeFormComponent("100%"), "100%");
  EXPECT_EQ(DecodeFormComponent("%zz%4"), "%zz%4");
  EXPECT_EQ(DecodeFormComponent(""), "");
}

TEST(StringsTest, DecodePercentReadsAsUnquote) {
  EXPECT_EQ(DecodePercent("/json/2/res%2Epartner/unl%69nk"), "/json/2/res.partner/unlink");
  EXPECT_EQ(DecodePercent("a+b%2Fc"), "a+b/c");
  EXPECT_EQ(DecodePercent("%%41%4"), "%A%4");
}

TEST(StringsTest, LowerOfOneCharacter) {
  EXPECT_EQ(Lower('Q'), 'q');
  EXPECT_EQ(Lower('q'), 'q');
  EXPECT_EQ(Lower('\xC9'), '\xC9');
}

TEST(StringsTest, IsAsciiSpaceNamesTheSixSpaces) {
  for (char c : std::string(" \t\n\v\f\r")) EXPECT_TRUE(IsAsciiSpace(c)) << int(c);
  for (char c : std::string("a0_\x01\x7f")) EXPECT_FALSE(IsAsciiSpace(c)) << int(c);
}

}  // namespace
}  // namespace keygate
