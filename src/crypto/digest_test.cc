// Tests for hashes, encodings and constant-time comparison against published vectors.
#include "crypto/digest.h"

#include <gtest/gtest.h>

namespace keygate::crypto {
namespace {

TEST(DigestTest, Sha256MatchesFips180Vectors) {
  EXPECT_EQ(HexEncode(Sha256("")),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(HexEncode(Sha256("abc")),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(DigestTest, HmacSha1MatchesRfc2202Vectors) {
  EXPECT_EQ(HexEncode(HmacSha1(std::string(20, '\x0b'), "Hi There")),
            "b617318655057264e28bc0b6fb378c8ef146be00");
  EXPECT_EQ(HexEncode(HmacSha1("Jefe", "what do ya want for nothing?")),
            "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79");
  EXPECT_EQ(HexEncode(HmacSha1(std::string(80, '\xaa'),
                               "Test Using Larger Than Block-Size Key - Hash Key First")),
            "aa4ae5e15272d00e95705637ce8a3b55ed402112");
  EXPECT_EQ(HmacSha1("", "").size(), 20u);
}

TEST(DigestTest, HexRoundTripsAndRejectsBadInput) {
  std::string bytes("\x00\x01\xab\xff", 4);
  EXPECT_EQ(HexEncode(bytes), "0001abff");
  auto decoded = HexDecode("0001ABff");
  ASSERT_TRUE(decoded.ok());
  EXPECT_EQ(*decoded, bytes);
  EXPECT_FALSE(HexDecode("abc").ok());
  EXPECT_FALSE(HexDecode("zz").ok());
  EXPECT_EQ(HexDecode("")->size(), 0u);
}

TEST(DigestTest, Base64MatchesRfc4648Vectors) {
  const std::pair<const char*, const char*> kVectors[] = {
      {"", ""},
      {"f", "Zg=="},
      {"fo", "Zm8="},
      {"foo", "Zm9v"},
      {"foob", "Zm9vYg=="},
      {"fooba", "Zm9vYmE="},
      {"foobar", "Zm9vYmFy"},
  };
  for (const auto& [plain, encoded] : kVectors) {
    EXPECT_EQ(Base64Encode(plain), encoded);
    auto decoded = Base64Decode(encoded);
    ASSERT_TRUE(decoded.ok()) << encoded;
    EXPECT_EQ(*decoded, plain);
  }
}

TEST(DigestTest, Base64DecodeToleratesWhitespaceAndMissingPadding) {
  EXPECT_EQ(*Base64Decode("Zm9v\r\nYmE"), "fooba");
  EXPECT_EQ(*Base64Decode(" Zg "), "f");
  EXPECT_EQ(*Base64Decode("+/8="), std::string("\xfb\xff", 2));
}

TEST(DigestTest, Base64DecodeRejectsMalformedInput) {
  EXPECT_FALSE(Base64Decode("Z").ok());         // impossible length
  EXPECT_FALSE(Base64Decode("Zg=").ok());       // incomplete padding
  EXPECT_FALSE(Base64Decode("Zg===").ok());     // too much padding
  EXPECT_FALSE(Base64Decode("Zg==Zg==").ok());  // data after padding
  EXPECT_FALSE(Base64Decode("Zm9v!").ok());     // foreign character
  EXPECT_FALSE(Base64Decode("Zm.v").ok());      // ab64 alphabet is not standard base64
}

TEST(DigestTest, Base32MatchesRfc4648Vectors) {
  const std::pair<const char*, const char*> kVectors[] = {
      {"", ""},
      {"f", "MY"},
      {"fo", "MZXQ"},
      {"foo", "MZXW6"},
      {"foob", "MZXW6YQ"},
      {"fooba", "MZXW6YTB"},
      {"foobar", "MZXW6YTBOI"},
  };
  for (const auto& [plain, encoded] : kVectors) {
    EXPECT_EQ(Base32Encode(plain), encoded);
    auto decoded = Base32Decode(encoded);
    ASSERT_TRUE(decoded.ok()) << encoded;
    EXPECT_EQ(*decoded, plain);
  }
  EXPECT_EQ(*Base32Decode("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"), "12345678901234567890");
}

TEST(DigestTest, Base32DecodeIsCaseInsensitiveWithOptionalPadding) {
  EXPECT_EQ(*Base32Decode("mzxw6ytboi"), "foobar");
  EXPECT_EQ(*Base32Decode("MZXW6YTBOI======"), "foobar");
  EXPECT_EQ(*Base32Decode("MY======"), "f");
}

TEST(DigestTest, Base32DecodeRejectsMalformedInput) {
  EXPECT_FALSE(Base32Decode("M").ok());         // impossible length
  EXPECT_FALSE(Base32Decode("MZX").ok());       // impossible length
  EXPECT_FALSE(Base32Decode("MY==").ok());      // wrong padding length
  EXPECT_FALSE(Base32Decode("MZ1W").ok());      // '1' is not in the alphabet
  EXPECT_FALSE(Base32Decode("MZ W6").ok());     // spaces are not accepted
  EXPECT_FALSE(Base32Decode("MY=====M").ok());  // padding in the middle
}

TEST(DigestTest, ConstantTimeEqualsComparesContentAndLength) {
  EXPECT_TRUE(ConstantTimeEquals("", ""));
  EXPECT_TRUE(ConstantTimeEquals("abc", "abc"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "abd"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "abcd"));
  EXPECT_FALSE(ConstantTimeEquals("", "a"));
  EXPECT_TRUE(ConstantTimeEquals(std::string("a\0b", 3), std::string("a\0b", 3)));
  EXPECT_FALSE(ConstantTimeEquals(std::string("a\0b", 3), std::string("a\0c", 3)));
}

TEST(DigestTest, LooksLikeApiKeyAcceptsOnlyFortyLowercaseHex) {
  EXPECT_TRUE(LooksLikeApiKey("eb6e7c3ff6d524d448f9844f55ae9cbc552d6c1f"));
  EXPECT_FALSE(LooksLikeApiKey("EB6E7C3FF6D524D448F9844F55AE9CBC552D6C1F"));
  EXPECT_FALSE(LooksLikeApiKey("eb6e7c3ff6d524d448f9844f55ae9cbc552d6c1"));
  EXPECT_FALSE(LooksLikeApiKey("eb6e7c3ff6d524d448f9844f55ae9cbc552d6c1f0"));
  EXPECT_FALSE(LooksLikeApiKey("gb6e7c3ff6d524d448f9844f55ae9cbc552d6c1f"));
  EXPECT_FALSE(LooksLikeApiKey(""));
}

}  // namespace
}  // namespace keygate::crypto
