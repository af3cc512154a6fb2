// Tests for the shared base64 codec.
#include "common/base64.h"

#include <gtest/gtest.h>

namespace keygate {
namespace {

TEST(Base64Test, Rfc4648Vectors) {
  const std::pair<const char*, const char*> vectors[] = {{"", ""},
                                                         {"f", "Zg=="},
                                                         {"fo", "Zm8="},
                                                         {"foo", "Zm9v"},
                                                         {"foob", "Zm9vYg=="},
                                                         {"fooba", "Zm9vYmE="},
                                                         {"foobar", "Zm9vYmFy"}};
  for (const auto& [plain, encoded] : vectors) {
    EXPECT_EQ(Base64Encode(plain), encoded);
    EXPECT_EQ(Base64Decode(encoded, Base64Padding::kRequired), std::string(plain));
  }
}

TEST(Base64Test, PaddingRules) {
  EXPECT_EQ(Base64Decode("Zm9v\r\nYmE", Base64Padding::kOptional), std::string("fooba"));
  EXPECT_FALSE(Base64Decode("Zm9vYmE", Base64Padding::kRequired).has_value());
  EXPECT_FALSE(Base64Decode("Zg=", Base64Padding::kOptional).has_value());
  EXPECT_FALSE(Base64Decode("Zg===", Base64Padding::kOptional).has_value());
  EXPECT_FALSE(Base64Decode("Zg==Zg==", Base64Padding::kOptional).has_value());
  EXPECT_FALSE(Base64Decode("Z", Base64Padding::kOptional).has_value());
  EXPECT_FALSE(Base64Decode("Zm.v", Base64Padding::kOptional).has_value());
}

}  // namespace
}  // namespace keygate
