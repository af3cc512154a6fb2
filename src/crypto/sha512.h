// SHA-512 (FIPS 180-4) at the level PBKDF2 needs: the compression function on one 128-byte block
// and a small streaming hasher that can start from any chaining state (an HMAC key's inner or
// outer state). Blocks and states are 64-bit words in host order; the big-endian conversion is
// done once by the caller, not per compression.
// Thread-safety: pure functions; a Sha512Hasher belongs to one thread.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace keygate::crypto {

using Sha512State = std::array<uint64_t, 8>;
using Sha512Block = std::array<uint64_t, 16>;

inline constexpr size_t kSha512BlockBytes = 128;
inline constexpr size_t kSha512DigestBytes = 64;
inline constexpr Sha512State kSha512InitialState = {
    0x6a09e667f3bcc908ULL, 0xbb67ae8584caa73bULL, 0x3c6ef372fe94f82bULL, 0xa54ff53a5f1d36f1ULL,
    0x510e527fade682d1ULL, 0x9b05688c2b3e6c1fULL, 0x1f83d9abfb41bd6bULL, 0x5be0cd19137e2179ULL};

// One compression: state = state + rounds(state, block). The fastest variant this build has
// (x86-64: message schedule in SSE2 registers beside the scalar rounds; with GCC also a BMI2 clone
// chosen at load time where the CPU has it); identical results to Sha512CompressPortable.
void Sha512Compress(Sha512State& state, const Sha512Block& block);
// Plain C++, any architecture; the reference the fast variant is tested against.
void Sha512CompressPortable(Sha512State& state, const Sha512Block& block);

// Big-endian loads and stores of 64-bit words.
uint64_t LoadBigEndian64(const unsigned char* bytes);
void StoreBigEndian64(uint64_t word, unsigned char* bytes);

// Streaming SHA-512 from a given chaining state after `bytes_before` already-compressed bytes
// (a multiple of 128): from kSha512InitialState and 0 it is plain SHA-512.
class Sha512Hasher {
 public:
  explicit Sha512Hasher(const Sha512State& state = kSha512InitialState, uint64_t bytes_before = 0)
      : state_(state), total_bytes_(bytes_before) {}
  ~Sha512Hasher();  // wipes the buffered input and the state (they may derive from a secret)
  Sha512Hasher(const Sha512Hasher&) = delete;
  Sha512Hasher& operator=(const Sha512Hasher&) = delete;
  void Update(std::string_view data);
  // Pads, compresses the last block(s) and returns the final state (the digest as words).
  Sha512State Finish();

 private:
  void CompressBuffer();

  Sha512State state_;
  uint64_t total_bytes_;
  std::array<unsigned char, kSha512BlockBytes> buffer_{};
  size_t buffered_ = 0;
};

}  // namespace keygate::crypto
