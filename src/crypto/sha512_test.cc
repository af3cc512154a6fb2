// Tests for the SHA-512 compression and streaming hasher: FIPS 180-4 examples, every padding
// boundary against OpenSSL's SHA-512, and the fast compression against the portable one.
#include "crypto/sha512.h"

#include <gtest/gtest.h>
#include <openssl/sha.h>

#include <cstring>
#include <random>
#include <string>

#include "crypto/digest.h"

namespace keygate::crypto {
namespace {

std::string DigestBytes(const Sha512State& state) {
  std::string out(kSha512DigestBytes, '\0');
  for (size_t i = 0; i < state.size(); ++i) {
    StoreBigEndian64(state[i], reinterpret_cast<unsigned char*>(out.data()) + 8 * i);
  }
  return out;
}

std::string HexSha512(std::string_view data) {
  Sha512Hasher hasher;
  hasher.Update(data);
  return HexEncode(DigestBytes(hasher.Finish()));
}

std::string OpenSslSha512(std::string_view data) {
  unsigned char digest[SHA512_DIGEST_LENGTH];
  SHA512(reinterpret_cast<const unsigned char*>(data.data()), data.size(), digest);
  return HexEncode(std::string_view(reinterpret_cast<const char*>(digest), sizeof(digest)));
}

TEST(Sha512Test, MatchesFips180Examples) {
  EXPECT_EQ(HexSha512("abc"),
            "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
            "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f");
  EXPECT_EQ(HexSha512(""),
            "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce"
            "47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e");
  EXPECT_EQ(HexSha512("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmno"
                      "ijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu"),
            "8e959b75dae313da8cf4f72814fc143f8f7779c6eb9f7fa17299aeadb6889018"
            "501d289e4900f7e4331b99dec4b5433ac7d329eeb6dd26545e96e55b874be909");
}

TEST(Sha512Test, MatchesOpenSslAtEveryLengthAcrossThreeBlocks) {
  std::mt19937_64 random(511);
  std::string data;
  for (size_t length = 0; length <= 3 * kSha512BlockBytes + 1; ++length) {
    EXPECT_EQ(HexSha512(data), OpenSslSha512(data)) << "length " << length;
    data.push_back(static_cast<char>(random()));
  }
}

TEST(Sha512Test, PiecewiseUpdatesEqualOneUpdate) {
  std::string data(1000, '\0');
  std::mt19937_64 random(7);
  for (char& c : data) c = static_cast<char>(random());
  for (size_t piece : {1u, 3u, 64u, 127u, 128u, 129u, 500u}) {
    Sha512Hasher hasher;
    for (size_t offset = 0; offset < data.size(); offset += piece) {
      hasher.Update(std::string_view(data).substr(offset, piece));
    }
    EXPECT_EQ(HexEncode(DigestBytes(hasher.Finish())), OpenSslSha512(data)) << "piece " << piece;
  }
}

TEST(Sha512Test, StartsFromAGivenStateAfterWholeBlocks) {
  // Hashing block||rest equals compressing block first and continuing from that state.
  std::string block(kSha512BlockBytes, 'k');
  std::string rest = "the rest of the message";
  Sha512Block words;
  for (size_t i = 0; i < words.size(); ++i) {
    words[i] = LoadBigEndian64(reinterpret_cast<const unsigned char*>(block.data()) + 8 * i);
  }
  Sha512State state = kSha512InitialState;
  Sha512Compress(state, words);
  Sha512Hasher continued(state, kSha512BlockBytes);
  continued.Update(rest);
  EXPECT_EQ(HexEncode(DigestBytes(continued.Finish())), OpenSslSha512(block + rest));
}

TEST(Sha512Test, FastCompressionEqualsPortableOnRandomBlocks) {
  std::mt19937_64 random(2024);
  for (int n = 0; n < 2000; ++n) {
    Sha512State fast;
    Sha512Block block;
    for (uint64_t& word : fast) word = random();
    for (uint64_t& word : block) word = random();
    Sha512State portable = fast;
    Sha512Compress(fast, block);
    Sha512CompressPortable(portable, block);
    ASSERT_EQ(fast, portable) << "case " << n;
  }
}

TEST(Sha512Test, BigEndianWordsRoundTrip) {
  const unsigned char bytes[8] = {0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef};
  EXPECT_EQ(LoadBigEndian64(bytes), 0x0123456789abcdefULL);
  unsigned char out[8] = {};
  StoreBigEndian64(0x0123456789abcdefULL, out);
  EXPECT_EQ(std::memcmp(out, bytes, 8), 0);
}

}  // namespace
}  // namespace keygate::crypto
