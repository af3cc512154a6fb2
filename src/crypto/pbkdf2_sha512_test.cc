// Tests for PBKDF2-HMAC-SHA512: published vectors, every passlib vector of the shared vector file,
// and random inputs against OpenSSL's PKCS5_PBKDF2_HMAC (long passwords, several output blocks).
#include "crypto/pbkdf2_sha512.h"

#include <gtest/gtest.h>
#include <openssl/evp.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "crypto/digest.h"
#include "crypto/passlib_pbkdf2.h"

namespace keygate::crypto {
namespace {

std::string Derive(std::string_view password, std::string_view salt, uint32_t iterations,
                   size_t length) {
  std::string out(length, '\0');
  Pbkdf2HmacSha512(password, salt, iterations,
                   std::span(reinterpret_cast<unsigned char*>(out.data()), out.size()));
  return out;
}

std::string OpenSslDerive(std::string_view password, std::string_view salt, int iterations,
                          size_t length) {
  std::string out(length, '\0');
  static const char kEmpty = 0;  // OpenSSL wants non-null pointers even for empty inputs
  int ok = PKCS5_PBKDF2_HMAC(
      password.empty() ? &kEmpty : password.data(), static_cast<int>(password.size()),
      reinterpret_cast<const unsigned char*>(salt.empty() ? &kEmpty : salt.data()),
      static_cast<int>(salt.size()), iterations, EVP_sha512(), static_cast<int>(length),
      reinterpret_cast<unsigned char*>(out.data()));
  EXPECT_EQ(ok, 1);
  return out;
}

TEST(Pbkdf2Sha512Test, MatchesPublishedVectors) {
  // The published PBKDF2-HMAC-SHA512 vectors for RFC 6070's inputs (also what Python's
  // hashlib.pbkdf2_hmac("sha512", ...) returns).
  EXPECT_EQ(HexEncode(Derive("password", "salt", 1, 64)),
            "867f70cf1ade02cff3752599a3a53dc4af34c7a669815ae5d513554e1c8cf252"
            "c02d470a285a0501bad999bfe943c08f050235d7d68b1da55e63f73b60a57fce");
  EXPECT_EQ(HexEncode(Derive("password", "salt", 2, 64)),
            "e1d9c16aa681708a45f5c7c4e215ceb66e011a2e9f0040713f18aefdb866d53c"
            "f76cab2868a39b9f7840edce4fef5a82be67335c77a6068e04112754f27ccf4e");
}

// A passlib hash $pbkdf2-sha512$<rounds>$<salt>$<checksum> split into its parts, or nothing.
struct PasslibParts {
  uint32_t rounds = 0;
  std::string salt;
  std::string checksum;
};

std::optional<PasslibParts> SplitPasslibHash(const std::string& hash) {
  constexpr size_t kRoundsStart = std::string_view("$pbkdf2-sha512$").size();
  size_t rounds_end = hash.find('$', kRoundsStart);
  if (rounds_end == std::string::npos) return std::nullopt;
  size_t salt_end = hash.find('$', rounds_end + 1);
  if (salt_end == std::string::npos) return std::nullopt;
  auto salt = Ab64Decode(hash.substr(rounds_end + 1, salt_end - rounds_end - 1));
  auto checksum = Ab64Decode(hash.substr(salt_end + 1));
  if (!salt.ok() || !checksum.ok()) return std::nullopt;
  return PasslibParts{
      static_cast<uint32_t>(std::stoul(hash.substr(kRoundsStart, rounds_end - kRoundsStart))),
      *salt, *checksum};
}

TEST(Pbkdf2Sha512Test, ReproducesEveryPasslibVector) {
  std::ifstream in(KG_CRYPTO_TESTDATA "/passlib_pbkdf2_sha512.json");
  ASSERT_TRUE(in.good()) << "missing test vectors";
  nlohmann::json vectors = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
  ASSERT_TRUE(vectors.is_object());
  // A valid vector's checksum is the 64-byte derivation of its secret, salt and rounds.
  std::vector<std::pair<std::string, std::string>> valid;  // secret, hash
  for (const auto& v : vectors["api_keys"]) valid.emplace_back(v["key"], v["hash"]);
  for (const auto& v : vectors["passwords"]) valid.emplace_back(v["password"], v["hash"]);
  ASSERT_EQ(valid.size(), 9u);
  for (const auto& [secret, hash] : valid) {
    std::optional<PasslibParts> parts = SplitPasslibHash(hash);
    ASSERT_TRUE(parts) << hash;
    EXPECT_EQ(HexEncode(Derive(secret, parts->salt, parts->rounds, 64)), HexEncode(parts->checksum))
        << hash;
  }
  // The negatives with a well-formed hash pair it with the wrong secret.
  size_t well_formed_negatives = 0;
  for (const auto& v : vectors["api_key_negatives"]) {
    std::optional<PasslibParts> parts = SplitPasslibHash(v["hash"].get<std::string>());
    if (!parts) continue;
    ++well_formed_negatives;
    EXPECT_NE(Derive(v["key"].get<std::string>(), parts->salt, parts->rounds, 64), parts->checksum)
        << v["key"];
  }
  EXPECT_EQ(well_formed_negatives, 3u);
}

std::string RandomBytes(std::mt19937_64& random, size_t length) {
  std::string bytes(length, '\0');
  for (char& c : bytes) c = static_cast<char>(random());
  return bytes;
}

// `cases` random derivations from `seed`, each compared with OpenSSL.
void CompareWithOpenSsl(uint64_t seed, int cases) {
  SCOPED_TRACE("seed " + std::to_string(seed));
  std::mt19937_64 random(seed);
  for (int n = 0; n < cases; ++n) {
    std::string password = RandomBytes(random, random() % 301);  // 0..300: past one block
    std::string salt = RandomBytes(random, random() % 301);
    int iterations = static_cast<int>(1 + random() % 3000);
    size_t length = 1 + random() % 200;  // up to four PBKDF2 blocks, the last one partial
    ASSERT_EQ(HexEncode(Derive(password, salt, static_cast<uint32_t>(iterations), length)),
              HexEncode(OpenSslDerive(password, salt, iterations, length)))
        << "case " << n << ": password " << password.size() << " bytes, salt " << salt.size()
        << " bytes, " << iterations << " iterations, " << length << " bytes out";
  }
}

TEST(Pbkdf2Sha512Test, EqualsOpenSslOnRandomInputsFixedSeed) { CompareWithOpenSsl(0x5eed, 300); }

TEST(Pbkdf2Sha512Test, EqualsOpenSslOnRandomInputsFreshSeed) {
  CompareWithOpenSsl(std::random_device{}(), 50);
}

TEST(Pbkdf2Sha512Test, EqualsOpenSslAtKeyAndBlockBoundaries) {
  // Passwords around the 128-byte HMAC block (longer ones are hashed first), outputs around
  // the 64-byte PBKDF2 block.
  for (size_t password_length : {0u, 1u, 63u, 64u, 65u, 127u, 128u, 129u, 256u, 4096u}) {
    std::string password(password_length, 'p');
    for (size_t length : {1u, 63u, 64u, 65u, 128u, 129u}) {
      EXPECT_EQ(Derive(password, "salt", 3, length), OpenSslDerive(password, "salt", 3, length))
          << password_length << " / " << length;
    }
  }
}

TEST(Pbkdf2Sha512Test, ZeroIterationsCountAsOne) {
  EXPECT_EQ(Derive("pw", "salt", 0, 64), Derive("pw", "salt", 1, 64));
  EXPECT_NE(Derive("pw", "salt", 1, 64), Derive("pw", "salt", 2, 64));
}

TEST(Pbkdf2Sha512Test, ShorterOutputIsAPrefixOfLonger) {
  std::string longer = Derive("pw", "salt", 10, 200);
  EXPECT_EQ(Derive("pw", "salt", 10, 70), longer.substr(0, 70));
  EXPECT_EQ(Derive("pw", "salt", 10, 0), "");
}

}  // namespace
}  // namespace keygate::crypto
