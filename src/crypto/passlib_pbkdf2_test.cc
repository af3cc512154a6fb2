// Tests for passlib pbkdf2_sha512 hashing and verification: passlib-made vectors, deterministic
// hashes, and malformed hashes that must fail cleanly.
#include "crypto/passlib_pbkdf2.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>

#include "crypto/digest.h"

namespace keygate::crypto {
namespace {

// Made with passlib 1.7.4: pbkdf2_sha512.using(salt=..., rounds=...).hash(secret).
constexpr char kPasswordHash1000[] =
    "$pbkdf2-sha512$1000$MDEyMzQ1Njc4OWFiY2RlZg$38DzhdBT7fPaUGBlsh42VTuuKSFAIYGZJ7l6feCDLIl."
    "K3hdPFgxxu7xuUi4gIuH6cEIoODn18xH9Ig2ryNgUw";
constexpr char kEmptySaltHash[] =
    "$pbkdf2-sha512$1$$bS7Lu/subc1wVvr5r2qgbq5ZQ5HbmDJ5pr8n4OsihhQ6sMmW8zyktmfpRYKeppM0DygxeXMk5fMd"
    "8Y7RcdGMlw";
constexpr char kDotSaltHash[] =
    "$pbkdf2-sha512$2$.//"
    ".$ZLt1MfcTtG6dT4thvob6jawCJCb98lmyqUFGil0dh4aQhYmgR4ULPoS7l9KVR2Gs59e5eJDVz."
    "t40NxDKayo3g";

nlohmann::json LoadVectors() {
  std::ifstream in(KG_CRYPTO_TESTDATA "/passlib_pbkdf2_sha512.json");
  EXPECT_TRUE(in.good()) << "missing test vectors";
  return nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
}

TEST(PasslibPbkdf2Test, VerifiesPasslibApiKeyVectors) {
  nlohmann::json vectors = LoadVectors();
  ASSERT_TRUE(vectors.is_object());
  ASSERT_EQ(vectors["api_keys"].size(), 6u);
  for (const auto& v : vectors["api_keys"]) {
    std::string key = v["key"].get<std::string>();
    std::string hash = v["hash"].get<std::string>();
    EXPECT_TRUE(LooksLikeApiKey(key));
    EXPECT_EQ(key.substr(0, 8), v["index"].get<std::string>());
    EXPECT_TRUE(IsPbkdf2Sha512Hash(hash));
    EXPECT_EQ(RoundsOf(hash), kApiKeyRounds);
    EXPECT_TRUE(VerifyPbkdf2Sha512(key, hash)) << key;
  }
}

TEST(PasslibPbkdf2Test, RejectsPasslibApiKeyNegatives) {
  nlohmann::json vectors = LoadVectors();
  ASSERT_EQ(vectors["api_key_negatives"].size(), 4u);
  for (const auto& v : vectors["api_key_negatives"]) {
    ASSERT_FALSE(v["valid"].get<bool>());
    EXPECT_FALSE(VerifyPbkdf2Sha512(v["key"].get<std::string>(), v["hash"].get<std::string>()))
        << v["hash"];
  }
}

TEST(PasslibPbkdf2Test, VerifiesPasslibPasswordVectorsAtTheirRounds) {
  nlohmann::json vectors = LoadVectors();
  ASSERT_EQ(vectors["passwords"].size(), 3u);
  for (const auto& v : vectors["passwords"]) {
    std::string password = v["password"].get<std::string>();
    std::string hash = v["hash"].get<std::string>();
    EXPECT_EQ(RoundsOf(hash), v["rounds"].get<int>());
    EXPECT_TRUE(VerifyPbkdf2Sha512(password, hash)) << hash;
    EXPECT_FALSE(VerifyPbkdf2Sha512(password + "x", hash)) << hash;
  }
}

TEST(PasslibPbkdf2Test, WithSaltReproducesPasslibExactly) {
  EXPECT_EQ(HashPbkdf2Sha512WithSalt("password", "0123456789abcdef", 1000), kPasswordHash1000);
  EXPECT_EQ(HashPbkdf2Sha512WithSalt("", "", 1), kEmptySaltHash);
  EXPECT_EQ(HashPbkdf2Sha512WithSalt("x", "\xfb\xff\xfe", 2), kDotSaltHash);
  EXPECT_TRUE(VerifyPbkdf2Sha512("", kEmptySaltHash));
  EXPECT_TRUE(VerifyPbkdf2Sha512("x", kDotSaltHash));
}

TEST(PasslibPbkdf2Test, HashUsesFreshSaltAndRequestedRounds) {
  std::string a = HashPbkdf2Sha512("secret", kApiKeyRounds);
  std::string b = HashPbkdf2Sha512("secret", kApiKeyRounds);
  EXPECT_NE(a, b);
  EXPECT_TRUE(a.starts_with("$pbkdf2-sha512$6000$"));
  EXPECT_EQ(RoundsOf(a), kApiKeyRounds);
  // 16-byte salt is 22 ab64 characters; 64-byte checksum is 86.
  EXPECT_EQ(a.size(), std::string("$pbkdf2-sha512$6000$").size() + 22 + 1 + 86);
  EXPECT_TRUE(VerifyPbkdf2Sha512("secret", a));
  EXPECT_TRUE(VerifyPbkdf2Sha512("secret", b));
  EXPECT_FALSE(VerifyPbkdf2Sha512("Secret", a));
}

TEST(PasslibPbkdf2Test, AcceptsPlusAsAlternativeToDot) {
  std::string plus = kPasswordHash1000;
  std::replace(plus.begin(), plus.end(), '.', '+');
  EXPECT_TRUE(VerifyPbkdf2Sha512("password", plus));
}

TEST(PasslibPbkdf2Test, MalformedHashesFailWithoutCrashing) {
  const std::string good = kPasswordHash1000;
  const std::string tail = good.substr(std::string("$pbkdf2-sha512$1000").size());
  const std::string kMalformed[] = {
      "",
      "$",
      "password",
      "$pbkdf2-sha512$",
      "$pbkdf2-sha512$1000",
      "$pbkdf2-sha512$1000$",
      "$pbkdf2-sha512$1000$$",
      "$pbkdf2-sha512$1000$MDEyMzQ1Njc4OWFiY2RlZg",
      "$pbkdf2-sha512$1000$MDEyMzQ1Njc4OWFiY2RlZg$",
      "$pbkdf2-sha256$1000" + tail,
      "$pbkdf2-sha512$0" + tail,
      "$pbkdf2-sha512$-1000" + tail,
      "$pbkdf2-sha512$+1000" + tail,
      "$pbkdf2-sha512$01000" + tail,
      "$pbkdf2-sha512$1e3" + tail,
      "$pbkdf2-sha512$ 1000" + tail,
      "$pbkdf2-sha512$10000001" + tail,
      "$pbkdf2-sha512$99999999999999999999" + tail,
      "$pbkdf2-sha512$abc" + tail,
      "$pbkdf2-sha512$$MDEyMzQ1Njc4OWFiY2RlZg$x",
      good + "$",
      good + "A",                       // checksum 87 chars: impossible length
      good + "AA",                      // checksum too long
      good.substr(0, good.size() - 1),  // checksum too short
      good.substr(0, good.size() - 4),
      "$pbkdf2-sha512$1000$MDEy*zQ1Njc4OWFiY2RlZg" + good.substr(good.rfind('$')),
      "$pbkdf2-sha512$1000$M$" + good.substr(good.rfind('$') + 1),
      "$pbkdf2-sha512$1000$MDEyMzQ1Njc4OWFiY2RlZg$" + std::string(86, '!'),
      "$pbkdf2-sha512$1000$MDEyMzQ1Njc4OWFiY2RlZg$" + std::string(100000, 'A'),
      std::string("$pbkdf2-sha512$1000\0", 20) + tail,
  };
  for (const std::string& hash : kMalformed) {
    EXPECT_FALSE(VerifyPbkdf2Sha512("password", hash)) << hash.substr(0, 120);
    EXPECT_EQ(RoundsOf(hash), 0) << hash.substr(0, 120);
  }
}

TEST(PasslibPbkdf2Test, TamperedChecksumFails) {
  std::string hash = kPasswordHash1000;
  hash[hash.size() - 10] = hash[hash.size() - 10] == 'A' ? 'B' : 'A';
  EXPECT_FALSE(VerifyPbkdf2Sha512("password", hash));
}

TEST(PasslibPbkdf2Test, IsPbkdf2Sha512HashLooksOnlyAtThePrefix) {
  EXPECT_TRUE(IsPbkdf2Sha512Hash(kPasswordHash1000));
  EXPECT_TRUE(IsPbkdf2Sha512Hash("$pbkdf2-sha512$"));
  EXPECT_FALSE(IsPbkdf2Sha512Hash("admin"));
  EXPECT_FALSE(IsPbkdf2Sha512Hash("$pbkdf2-sha256$29000$x$y"));
  EXPECT_FALSE(IsPbkdf2Sha512Hash(""));
}

TEST(PasslibPbkdf2Test, OverlongSecretsNeverMatch) {
  // passlib refuses secrets over 4096 bytes, so no hash it made can match one.
  std::string long_secret(4097, 'a');
  std::string hash = HashPbkdf2Sha512WithSalt(long_secret, "salt", 1);
  EXPECT_FALSE(VerifyPbkdf2Sha512(long_secret, hash));
  std::string max_secret(4096, 'a');
  EXPECT_TRUE(VerifyPbkdf2Sha512(max_secret, HashPbkdf2Sha512WithSalt(max_secret, "salt", 1)));
}

TEST(PasslibPbkdf2Test, SaltsLongerThanPasslibAllowsAreRejected) {
  std::string max_salt(1024, 's');
  EXPECT_TRUE(VerifyPbkdf2Sha512("pw", HashPbkdf2Sha512WithSalt("pw", max_salt, 1)));
  std::string long_salt(1025, 's');
  EXPECT_FALSE(VerifyPbkdf2Sha512("pw", HashPbkdf2Sha512WithSalt("pw", long_salt, 1)));
}

TEST(PasslibPbkdf2Test, Ab64RoundTripsAndMatchesPasslibAlphabet) {
  std::string bytes("\xfb\xff\xfe", 3);
  EXPECT_EQ(Ab64Encode(bytes), ".//.");
  EXPECT_EQ(*Ab64Decode(".//."), bytes);
  EXPECT_EQ(*Ab64Decode("+//+"), bytes);
  EXPECT_EQ(Ab64Encode("f"), "Zg");
  EXPECT_EQ(*Ab64Decode("Zg"), "f");
  EXPECT_EQ(*Ab64Decode("Zg=="), "f");
  EXPECT_EQ(*Ab64Decode(""), "");
  for (size_t n = 0; n < 70; ++n) {
    std::string data;
    for (size_t i = 0; i < n; ++i) data.push_back(static_cast<char>(i * 37 + 11));
    std::string encoded = Ab64Encode(data);
    EXPECT_EQ(encoded.find_first_of("+="), std::string::npos);
    auto decoded = Ab64Decode(encoded);
    ASSERT_TRUE(decoded.ok());
    EXPECT_EQ(*decoded, data);
  }
}

TEST(PasslibPbkdf2Test, Ab64DecodeRejectsWhitespaceAndForeignCharacters) {
  EXPECT_FALSE(Ab64Decode("Z").ok());
  EXPECT_FALSE(Ab64Decode("Zg ").ok());
  EXPECT_FALSE(Ab64Decode("Z\ng").ok());
  EXPECT_FALSE(Ab64Decode("Zg$").ok());
  EXPECT_FALSE(Ab64Decode("Zg=").ok());
  EXPECT_FALSE(Ab64Decode("Z-_g").ok());
}

}  // namespace
}  // namespace keygate::crypto
