// Tests for RFC 6238 TOTP codes, window matching and the otpauth URI.
#include "crypto/totp.h"

#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "crypto/digest.h"

namespace keygate::crypto {
namespace {

constexpr char kRfcSecret[] = "12345678901234567890";

TEST(TotpTest, MatchesPyotpVectors) {
  std::ifstream in(KG_CRYPTO_TESTDATA "/totp_rfc6238.json");
  ASSERT_TRUE(in.good()) << "missing test vectors";
  nlohmann::json vectors = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
  ASSERT_TRUE(vectors.is_object());
  auto default_secret = Base32Decode(vectors["default_secret_base32"].get<std::string>());
  ASSERT_TRUE(default_secret.ok());
  EXPECT_EQ(*default_secret, kRfcSecret);
  ASSERT_EQ(vectors["vectors"].size(), 9u);
  for (const auto& v : vectors["vectors"]) {
    std::string secret = *default_secret;
    if (v.contains("secret_base32")) {
      auto decoded = Base32Decode(v["secret_base32"].get<std::string>());
      ASSERT_TRUE(decoded.ok());
      secret = *decoded;
    }
    int64_t t = v["unix_time"].get<int64_t>();
    std::string code = v["code"].get<std::string>();
    EXPECT_EQ(TotpCode(secret, t), code) << t;
    auto step = TotpMatch(secret, code, t);
    ASSERT_TRUE(step.has_value()) << t;
    EXPECT_EQ(*step, t / kTotpStep);
  }
}

TEST(TotpTest, MatchesRfc6238AppendixBTruncatedToSixDigits) {
  // RFC 6238 appendix B lists 8-digit SHA-1 codes; 6-digit codes are their last six digits.
  EXPECT_EQ(TotpCode(kRfcSecret, 59), "287082");           // 94287082
  EXPECT_EQ(TotpCode(kRfcSecret, 1111111109), "081804");   // 07081804
  EXPECT_EQ(TotpCode(kRfcSecret, 1234567890), "005924");   // 89005924
  EXPECT_EQ(TotpCode(kRfcSecret, 20000000000), "353130");  // 65353130
}

TEST(TotpTest, CodeIsConstantWithinAStep) {
  EXPECT_EQ(TotpCode(kRfcSecret, 30), TotpCode(kRfcSecret, 59));
  EXPECT_NE(TotpCode(kRfcSecret, 59), TotpCode(kRfcSecret, 60));
}

TEST(TotpTest, MatchAcceptsAdjacentStepsWithinWindow) {
  const int64_t now = 1700000000;  // step 56666666, 20 s into it
  const int64_t step = now / kTotpStep;
  std::string previous = TotpCode(kRfcSecret, now - 30);
  std::string next = TotpCode(kRfcSecret, now + 30);
  EXPECT_EQ(TotpMatch(kRfcSecret, previous, now), step - 1);
  EXPECT_EQ(TotpMatch(kRfcSecret, next, now), step + 1);
  EXPECT_EQ(TotpMatch(kRfcSecret, TotpCode(kRfcSecret, now), now), step);
  EXPECT_FALSE(TotpMatch(kRfcSecret, TotpCode(kRfcSecret, now - 60), now).has_value());
  EXPECT_FALSE(TotpMatch(kRfcSecret, TotpCode(kRfcSecret, now + 60), now).has_value());
  EXPECT_EQ(TotpMatch(kRfcSecret, TotpCode(kRfcSecret, now - 60), now, 2), step - 2);
  EXPECT_FALSE(TotpMatch(kRfcSecret, previous, now, 0).has_value());
  EXPECT_FALSE(TotpMatch(kRfcSecret, previous, now, -5).has_value());
}

TEST(TotpTest, MatchRejectsCodesThatAreNotSixDigits) {
  const int64_t now = 59;
  EXPECT_TRUE(TotpMatch(kRfcSecret, "287082", now).has_value());
  EXPECT_FALSE(TotpMatch(kRfcSecret, "28708", now).has_value());
  EXPECT_FALSE(TotpMatch(kRfcSecret, "2870820", now).has_value());
  EXPECT_FALSE(TotpMatch(kRfcSecret, " 287082", now).has_value());
  EXPECT_FALSE(TotpMatch(kRfcSecret, "287 082", now).has_value());
  EXPECT_FALSE(TotpMatch(kRfcSecret, "28708a", now).has_value());
  EXPECT_FALSE(TotpMatch(kRfcSecret, "", now).has_value());
  EXPECT_FALSE(TotpMatch(kRfcSecret, std::string("28708\0", 6), now).has_value());
  EXPECT_FALSE(TotpMatch(kRfcSecret, "\xd9\xa2\xd9\xa8\xd9\xa7", now).has_value());
  EXPECT_FALSE(TotpMatch(kRfcSecret, "287083", now).has_value());
}

TEST(TotpTest, ExtremeTimesDoNotCrash) {
  EXPECT_EQ(TotpCode(kRfcSecret, -1).size(), 6u);
  EXPECT_EQ(TotpCode(kRfcSecret, INT64_MAX).size(), 6u);
  EXPECT_EQ(TotpCode(kRfcSecret, INT64_MIN).size(), 6u);
  std::string code = TotpCode(kRfcSecret, INT64_MAX);
  EXPECT_EQ(TotpMatch(kRfcSecret, code, INT64_MAX), INT64_MAX / kTotpStep);
  EXPECT_EQ(TotpCode("", 0).size(), 6u);
}

TEST(TotpTest, UriPercentEncodesIssuerAndAccount) {
  EXPECT_EQ(TotpUri("JBSWY3DPEHPK3PXP", "Keygate", "admin@example.com"),
            "otpauth://totp/Keygate:admin%40example.com?secret=JBSWY3DPEHPK3PXP&issuer=Keygate"
            "&algorithm=SHA1&digits=6&period=30");
  EXPECT_EQ(TotpUri("GEZDGNBV", "My Co: R&D", "j.doe_~-x/ü"),
            "otpauth://totp/My%20Co%3A%20R%26D:j.doe_~-x%2F%C3%BC?secret=GEZDGNBV"
            "&issuer=My%20Co%3A%20R%26D&algorithm=SHA1&digits=6&period=30");
}

}  // namespace
}  // namespace keygate::crypto
