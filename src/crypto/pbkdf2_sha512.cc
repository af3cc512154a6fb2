// PBKDF2-HMAC-SHA512 on the SHA-512 compression function directly. For HMAC-SHA512 with key K
// (hashed first when longer than the 128-byte block, then zero-padded):
//   HMAC(K, m) = H((K ^ opad) || H((K ^ ipad) || m))
// (K ^ ipad) and (K ^ opad) are exactly one block each, so their chaining states are computed once
// and every HMAC of a 64-byte U continues from them: the inner hash compresses U||padding (one
// block: 128 key bytes + 64 data bytes = 1536 bits), the outer hash compresses the inner digest
// with the same padding. The padding words are written once; an iteration writes only the data.
#include "crypto/pbkdf2_sha512.h"

#include <openssl/crypto.h>

#include <algorithm>
#include <array>

#include "crypto/sha512.h"

namespace keygate::crypto {
namespace {

// The HMAC key's two chaining states.
struct HmacStates {
  Sha512State inner;
  Sha512State outer;
};

HmacStates KeyStates(std::string_view password) {
  std::array<unsigned char, kSha512BlockBytes> key{};
  if (password.size() > key.size()) {
    Sha512Hasher hasher;
    hasher.Update(password);
    Sha512State digest = hasher.Finish();
    for (size_t i = 0; i < digest.size(); ++i) StoreBigEndian64(digest[i], key.data() + 8 * i);
    OPENSSL_cleanse(digest.data(), sizeof(digest));
  } else {
    std::copy(password.begin(), password.end(), key.begin());
  }
  Sha512Block inner_pad;
  Sha512Block outer_pad;
  for (size_t i = 0; i < inner_pad.size(); ++i) {
    uint64_t word = LoadBigEndian64(key.data() + 8 * i);
    inner_pad[i] = word ^ 0x3636363636363636ULL;
    outer_pad[i] = word ^ 0x5c5c5c5c5c5c5c5cULL;
  }
  HmacStates states{kSha512InitialState, kSha512InitialState};
  Sha512Compress(states.inner, inner_pad);
  Sha512Compress(states.outer, outer_pad);
  OPENSSL_cleanse(key.data(), key.size());
  OPENSSL_cleanse(inner_pad.data(), sizeof(inner_pad));
  OPENSSL_cleanse(outer_pad.data(), sizeof(outer_pad));
  return states;
}

// A block holding a 64-byte message after one already-compressed block: words 0..7 are the
// message, then 0x80, zeros and the length (128 + 64 bytes, in bits).
Sha512Block PaddedDigestBlock() {
  Sha512Block block{};
  block[8] = 0x8000000000000000ULL;
  block[15] = (kSha512BlockBytes + kSha512DigestBytes) * 8;
  return block;
}

// Copies a state into the message words of a padded digest block.
void SetMessage(Sha512Block& block, const Sha512State& digest) {
  std::copy(digest.begin(), digest.end(), block.begin());
}

// T_index = U_1 ^ U_2 ^ ... ^ U_iterations, with U_1 = HMAC(salt || INT(index)).
Sha512State DeriveBlock(const HmacStates& key, std::string_view salt, uint32_t block_index,
                        uint32_t iterations) {
  Sha512Hasher first_inner(key.inner, kSha512BlockBytes);
  first_inner.Update(salt);
  const std::array<char, 4> index_bytes = {
      static_cast<char>(block_index >> 24), static_cast<char>(block_index >> 16),
      static_cast<char>(block_index >> 8), static_cast<char>(block_index)};
  first_inner.Update(std::string_view(index_bytes.data(), index_bytes.size()));

  Sha512Block block = PaddedDigestBlock();
  SetMessage(block, first_inner.Finish());
  Sha512State u = key.outer;
  Sha512Compress(u, block);
  Sha512State t = u;
  for (uint32_t i = 1; i < iterations; ++i) {
    SetMessage(block, u);
    u = key.inner;
    Sha512Compress(u, block);
    SetMessage(block, u);
    u = key.outer;
    Sha512Compress(u, block);
    for (size_t w = 0; w < t.size(); ++w) t[w] ^= u[w];
  }
  OPENSSL_cleanse(block.data(), sizeof(block));
  OPENSSL_cleanse(u.data(), sizeof(u));
  return t;
}

}  // namespace

void Pbkdf2HmacSha512(std::string_view password, std::string_view salt, uint32_t iterations,
                      std::span<unsigned char> out) {
  HmacStates key = KeyStates(password);
  uint32_t block_index = 1;
  for (size_t offset = 0; offset < out.size(); offset += kSha512DigestBytes, ++block_index) {
    Sha512State t = DeriveBlock(key, salt, block_index, iterations);
    std::array<unsigned char, kSha512DigestBytes> bytes;
    for (size_t w = 0; w < t.size(); ++w) StoreBigEndian64(t[w], bytes.data() + 8 * w);
    size_t take = std::min(bytes.size(), out.size() - offset);
    std::copy_n(bytes.begin(), take, out.begin() + static_cast<std::ptrdiff_t>(offset));
    OPENSSL_cleanse(bytes.data(), bytes.size());
    OPENSSL_cleanse(t.data(), sizeof(t));
  }
  OPENSSL_cleanse(&key, sizeof(key));
}

}  // namespace keygate::crypto
