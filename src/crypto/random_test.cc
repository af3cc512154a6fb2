// Tests for the CSPRNG wrapper and the shape of generated keys and tokens.
#include "crypto/random.h"

#include <gtest/gtest.h>

#include <set>

#include "crypto/digest.h"

namespace keygate::crypto {
namespace {

// Deterministic source: returns 0, 1, 2, ... so the expected hex is known.
class CountingRandom : public RandomSource {
 public:
  std::string Bytes(size_t n) override {
    std::string out;
    for (size_t i = 0; i < n; ++i) out.push_back(static_cast<char>(next_++));
    return out;
  }

 private:
  unsigned char next_ = 0;
};

TEST(RandomTest, OsRandomReturnsRequestedLengthAndVaries) {
  OsRandom random;
  EXPECT_EQ(random.Bytes(0).size(), 0u);
  EXPECT_EQ(random.Bytes(1).size(), 1u);
  EXPECT_EQ(random.Bytes(4096).size(), 4096u);
  std::set<std::string> seen;
  for (int i = 0; i < 100; ++i) seen.insert(random.Bytes(16));
  EXPECT_EQ(seen.size(), 100u);
}

TEST(RandomTest, DefaultRandomIsASingleton) { EXPECT_EQ(&DefaultRandom(), &DefaultRandom()); }

TEST(RandomTest, NewApiKeyIsFortyLowercaseHex) {
  for (int i = 0; i < 50; ++i) {
    std::string key = NewApiKey();
    EXPECT_TRUE(LooksLikeApiKey(key)) << key;
  }
  EXPECT_NE(NewApiKey(), NewApiKey());
}

TEST(RandomTest, NewApiKeyUsesTwentyBytesOfTheInjectedSource) {
  CountingRandom random;
  EXPECT_EQ(NewApiKey(random), "000102030405060708090a0b0c0d0e0f10111213");
}

TEST(RandomTest, NewTokenIsHexOfNBytes) {
  CountingRandom random;
  EXPECT_EQ(NewToken(3, random), "000102");
  EXPECT_EQ(NewToken(0, random), "");
  EXPECT_EQ(NewToken(32).size(), 64u);
}

}  // namespace
}  // namespace keygate::crypto
