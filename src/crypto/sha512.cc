// SHA-512 compression (FIPS 180-4 §6.4.2) with hand-unrolled rounds, and the streaming hasher
// built on it. The rounds rename the eight working variables instead of moving them, add K+W in
// one step and reuse a^b of one round as b^c of the next (Maj(a,b,c) = b ^ ((a^b) & (b^c))).
// On x86-64 the message schedule runs two words at a time in SSE2 registers, interleaved with
// the scalar rounds that consume it, which leaves the integer units to the rounds.
#include "crypto/sha512.h"

#include <openssl/crypto.h>

#include <algorithm>
#include <bit>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

// Where the compiler can build a function for several CPUs and pick one at load time (GCC on
// x86-64 Linux; clang 14 accepts the attribute and builds only the default), the compression also
// gets a BMI2 version (rorx: rotations that need no register copy).
#if defined(__x86_64__) && defined(__GNUC__) && defined(__linux__)
#define KG_SHA512_CPU_CLONES __attribute__((target_clones("default", "bmi2")))
#else
#define KG_SHA512_CPU_CLONES
#endif

namespace keygate::crypto {
namespace {

alignas(16) constexpr std::array<uint64_t, 80> kRoundConstants = {
    0x428a2f98d728ae22ULL, 0x7137449123ef65cdULL, 0xb5c0fbcfec4d3b2fULL, 0xe9b5dba58189dbbcULL,
    0x3956c25bf348b538ULL, 0x59f111f1b605d019ULL, 0x923f82a4af194f9bULL, 0xab1c5ed5da6d8118ULL,
    0xd807aa98a3030242ULL, 0x12835b0145706fbeULL, 0x243185be4ee4b28cULL, 0x550c7dc3d5ffb4e2ULL,
    0x72be5d74f27b896fULL, 0x80deb1fe3b1696b1ULL, 0x9bdc06a725c71235ULL, 0xc19bf174cf692694ULL,
    0xe49b69c19ef14ad2ULL, 0xefbe4786384f25e3ULL, 0x0fc19dc68b8cd5b5ULL, 0x240ca1cc77ac9c65ULL,
    0x2de92c6f592b0275ULL, 0x4a7484aa6ea6e483ULL, 0x5cb0a9dcbd41fbd4ULL, 0x76f988da831153b5ULL,
    0x983e5152ee66dfabULL, 0xa831c66d2db43210ULL, 0xb00327c898fb213fULL, 0xbf597fc7beef0ee4ULL,
    0xc6e00bf33da88fc2ULL, 0xd5a79147930aa725ULL, 0x06ca6351e003826fULL, 0x142929670a0e6e70ULL,
    0x27b70a8546d22ffcULL, 0x2e1b21385c26c926ULL, 0x4d2c6dfc5ac42aedULL, 0x53380d139d95b3dfULL,
    0x650a73548baf63deULL, 0x766a0abb3c77b2a8ULL, 0x81c2c92e47edaee6ULL, 0x92722c851482353bULL,
    0xa2bfe8a14cf10364ULL, 0xa81a664bbc423001ULL, 0xc24b8b70d0f89791ULL, 0xc76c51a30654be30ULL,
    0xd192e819d6ef5218ULL, 0xd69906245565a910ULL, 0xf40e35855771202aULL, 0x106aa07032bbd1b8ULL,
    0x19a4c116b8d2d0c8ULL, 0x1e376c085141ab53ULL, 0x2748774cdf8eeb99ULL, 0x34b0bcb5e19b48a8ULL,
    0x391c0cb3c5c95a63ULL, 0x4ed8aa4ae3418acbULL, 0x5b9cca4f7763e373ULL, 0x682e6ff3d6b2b8a3ULL,
    0x748f82ee5defb2fcULL, 0x78a5636f43172f60ULL, 0x84c87814a1f0ab72ULL, 0x8cc702081a6439ecULL,
    0x90befffa23631e28ULL, 0xa4506cebde82bde9ULL, 0xbef9a3f7b2c67915ULL, 0xc67178f2e372532bULL,
    0xca273eceea26619cULL, 0xd186b8c721c0c207ULL, 0xeada7dd6cde0eb1eULL, 0xf57d4f7fee6ed178ULL,
    0x06f067aa72176fbaULL, 0x0a637dc5a2c898a6ULL, 0x113f9804bef90daeULL, 0x1b710b35131c471bULL,
    0x28db77f523047d84ULL, 0x32caab7b40c72493ULL, 0x3c9ebe0a15c9bebcULL, 0x431d67c49c100d4cULL,
    0x4cc5d4becb3e42b6ULL, 0x597f299cfc657e2aULL, 0x5fcb6fab3ad6faecULL, 0x6c44198c4a475817ULL};

[[gnu::always_inline]] inline uint64_t BigSigma0(uint64_t x) {
  return std::rotr(x, 28) ^ std::rotr(x, 34) ^ std::rotr(x, 39);
}
[[gnu::always_inline]] inline uint64_t BigSigma1(uint64_t x) {
  return std::rotr(x, 14) ^ std::rotr(x, 18) ^ std::rotr(x, 41);
}
[[gnu::always_inline]] inline uint64_t SmallSigma0(uint64_t x) {
  return std::rotr(x, 1) ^ std::rotr(x, 8) ^ (x >> 7);
}
[[gnu::always_inline]] inline uint64_t SmallSigma1(uint64_t x) {
  return std::rotr(x, 19) ^ std::rotr(x, 61) ^ (x >> 6);
}

// One round; the new `a` is written into `h` and `e` into `d`, so the caller rotates the names.
// `b_xor_c` comes in as this round's b^c and leaves as the next round's.
[[gnu::always_inline]] inline void Round(uint64_t a, uint64_t b, uint64_t c, uint64_t& d,
                                         uint64_t e, uint64_t f, uint64_t g, uint64_t& h,
                                         uint64_t k_plus_w, uint64_t& b_xor_c) {
  (void)c;  // Maj uses c only through b_xor_c
  h += k_plus_w;
  h += BigSigma1(e) + (g ^ (e & (f ^ g)));
  d += h;
  uint64_t a_xor_b = a ^ b;
  h += BigSigma0(a) + (b ^ (b_xor_c & a_xor_b));
  b_xor_c = a_xor_b;
}

// The eight working variables and the carried b^c.
struct WorkingVariables {
  uint64_t a, b, c, d, e, f, g, h, b_xor_c;
};

[[gnu::always_inline]] inline WorkingVariables Start(const Sha512State& s) {
  return {s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7], s[1] ^ s[2]};
}

[[gnu::always_inline]] inline void AddInto(Sha512State& s, const WorkingVariables& v) {
  s[0] += v.a;
  s[1] += v.b;
  s[2] += v.c;
  s[3] += v.d;
  s[4] += v.e;
  s[5] += v.f;
  s[6] += v.g;
  s[7] += v.h;
}

// Two rounds, the kPair-th pair of an eight-round cycle of names (so kPair % 4 picks the naming);
// wk[0..1] hold their K+W.
template <size_t kPair>
[[gnu::always_inline]] inline void TwoRounds(WorkingVariables& v, const uint64_t* wk) {
  if constexpr (kPair % 4 == 0) {
    Round(v.a, v.b, v.c, v.d, v.e, v.f, v.g, v.h, wk[0], v.b_xor_c);
    Round(v.h, v.a, v.b, v.c, v.d, v.e, v.f, v.g, wk[1], v.b_xor_c);
  } else if constexpr (kPair % 4 == 1) {
    Round(v.g, v.h, v.a, v.b, v.c, v.d, v.e, v.f, wk[0], v.b_xor_c);
    Round(v.f, v.g, v.h, v.a, v.b, v.c, v.d, v.e, wk[1], v.b_xor_c);
  } else if constexpr (kPair % 4 == 2) {
    Round(v.e, v.f, v.g, v.h, v.a, v.b, v.c, v.d, wk[0], v.b_xor_c);
    Round(v.d, v.e, v.f, v.g, v.h, v.a, v.b, v.c, wk[1], v.b_xor_c);
  } else {
    Round(v.c, v.d, v.e, v.f, v.g, v.h, v.a, v.b, wk[0], v.b_xor_c);
    Round(v.b, v.c, v.d, v.e, v.f, v.g, v.h, v.a, wk[1], v.b_xor_c);
  }
}

// Sixteen rounds whose K+W are wk[0..15].
[[gnu::always_inline]] inline void SixteenRounds(WorkingVariables& v, const uint64_t* wk) {
  TwoRounds<0>(v, wk + 0);
  TwoRounds<1>(v, wk + 2);
  TwoRounds<2>(v, wk + 4);
  TwoRounds<3>(v, wk + 6);
  TwoRounds<4>(v, wk + 8);
  TwoRounds<5>(v, wk + 10);
  TwoRounds<6>(v, wk + 12);
  TwoRounds<7>(v, wk + 14);
}

#if defined(__SSE2__)

// Two 64-bit lanes rotated right by n.
[[gnu::always_inline]] inline __m128i RotateRight2(__m128i x, int n) {
  return _mm_or_si128(_mm_srli_epi64(x, n), _mm_slli_epi64(x, 64 - n));
}
[[gnu::always_inline]] inline __m128i SmallSigma0x2(__m128i x) {
  return _mm_xor_si128(_mm_xor_si128(RotateRight2(x, 1), RotateRight2(x, 8)), _mm_srli_epi64(x, 7));
}
[[gnu::always_inline]] inline __m128i SmallSigma1x2(__m128i x) {
  return _mm_xor_si128(_mm_xor_si128(RotateRight2(x, 19), RotateRight2(x, 61)),
                       _mm_srli_epi64(x, 6));
}
// The high lane of `low` and the low lane of `high`: words 2j+1 and 2j+2 from pairs j and j+1.
[[gnu::always_inline]] inline __m128i Straddle(__m128i low, __m128i high) {
  return _mm_castpd_si128(_mm_shuffle_pd(_mm_castsi128_pd(low), _mm_castsi128_pd(high), 1));
}

// pairs[j] holds W[t+2j], W[t+2j+1] at the start of sixteen rounds t..t+15; pairs below kPair
// have already been replaced by their successors. Computes W[n], W[n+1] for n = t+16+2kPair:
//   W[n] = s1(W[n-2]) + W[n-7] + s0(W[n-15]) + W[n-16]
// replaces pairs[kPair] (which held W[n-16], W[n-15]) with them, and stores them plus their round
// constants (`k` points at K[n]) into wk[2kPair..2kPair+1], whose rounds have just run.
template <size_t kPair>
[[gnu::always_inline]] inline void ScheduleNextPair(__m128i* pairs, uint64_t* wk,
                                                    const uint64_t* k) {
  constexpr size_t kMinus2 = (kPair + 7) % 8;  // W[n-2], W[n-1]
  constexpr size_t kMinus8 = (kPair + 4) % 8;  // W[n-8], W[n-7]; with the next pair: W[n-7], W[n-6]
  constexpr size_t kMinus16 = kPair;           // W[n-16], W[n-15]; with the next: W[n-15], W[n-14]
  __m128i next = _mm_add_epi64(
      _mm_add_epi64(pairs[kMinus16], SmallSigma1x2(pairs[kMinus2])),
      _mm_add_epi64(SmallSigma0x2(Straddle(pairs[kMinus16], pairs[(kMinus16 + 1) % 8])),
                    Straddle(pairs[kMinus8], pairs[(kMinus8 + 1) % 8])));
  pairs[kPair] = next;
  _mm_store_si128(reinterpret_cast<__m128i*>(wk + 2 * kPair),
                  _mm_add_epi64(next, _mm_load_si128(reinterpret_cast<const __m128i*>(k))));
}

template <size_t kPair>
[[gnu::always_inline]] inline void TwoRoundsAndSchedule(WorkingVariables& v, __m128i* pairs,
                                                        uint64_t* wk, const uint64_t* k) {
  TwoRounds<kPair>(v, wk + 2 * kPair);
  ScheduleNextPair<kPair>(pairs, wk, k + 2 * kPair);
}

[[gnu::always_inline]] inline void CompressSse2(Sha512State& state, const Sha512Block& block) {
  alignas(16) std::array<uint64_t, 16> wk;
  __m128i pairs[8];
  for (size_t j = 0; j < 8; ++j) {
    pairs[j] = _mm_loadu_si128(reinterpret_cast<const __m128i*>(block.data() + 2 * j));
    _mm_store_si128(reinterpret_cast<__m128i*>(wk.data() + 2 * j),
                    _mm_add_epi64(pairs[j], _mm_load_si128(reinterpret_cast<const __m128i*>(
                                                kRoundConstants.data() + 2 * j))));
  }
  WorkingVariables v = Start(state);
#pragma GCC unroll 4
  for (int t = 0; t < 64; t += 16) {
    const uint64_t* k = kRoundConstants.data() + t + 16;
    TwoRoundsAndSchedule<0>(v, pairs, wk.data(), k);
    TwoRoundsAndSchedule<1>(v, pairs, wk.data(), k);
    TwoRoundsAndSchedule<2>(v, pairs, wk.data(), k);
    TwoRoundsAndSchedule<3>(v, pairs, wk.data(), k);
    TwoRoundsAndSchedule<4>(v, pairs, wk.data(), k);
    TwoRoundsAndSchedule<5>(v, pairs, wk.data(), k);
    TwoRoundsAndSchedule<6>(v, pairs, wk.data(), k);
    TwoRoundsAndSchedule<7>(v, pairs, wk.data(), k);
  }
  SixteenRounds(v, wk.data());
  AddInto(state, v);
}

#endif  // __SSE2__

}  // namespace

void Sha512CompressPortable(Sha512State& state, const Sha512Block& block) {
  Sha512Block w = block;
  std::array<uint64_t, 16> wk;
  WorkingVariables v = Start(state);
  for (int t = 0; t < 80; t += 16) {
    if (t > 0) {
      // W[t+i] replaces W[t+i-16] in place; the ring indices below read W[t+i-2], W[t+i-7],
      // W[t+i-15] whether or not they were already replaced in this pass.
      for (int i = 0; i < 16; ++i) {
        w[i] += SmallSigma1(w[(i + 14) % 16]) + w[(i + 9) % 16] + SmallSigma0(w[(i + 1) % 16]);
      }
    }
    for (int i = 0; i < 16; ++i) wk[i] = w[i] + kRoundConstants[t + i];
    SixteenRounds(v, wk.data());
  }
  AddInto(state, v);
}

KG_SHA512_CPU_CLONES void Sha512Compress(Sha512State& state, const Sha512Block& block) {
#if defined(__SSE2__)
  CompressSse2(state, block);
#else
  Sha512CompressPortable(state, block);
#endif
}

uint64_t LoadBigEndian64(const unsigned char* bytes) {
  uint64_t word = 0;
  for (int i = 0; i < 8; ++i) word = (word << 8) | bytes[i];
  return word;
}

void StoreBigEndian64(uint64_t word, unsigned char* bytes) {
  for (int i = 7; i >= 0; --i) {
    bytes[i] = static_cast<unsigned char>(word);
    word >>= 8;
  }
}

Sha512Hasher::~Sha512Hasher() {
  OPENSSL_cleanse(buffer_.data(), buffer_.size());
  OPENSSL_cleanse(state_.data(), sizeof(state_));
}

void Sha512Hasher::CompressBuffer() {
  Sha512Block block;
  for (size_t i = 0; i < block.size(); ++i) block[i] = LoadBigEndian64(buffer_.data() + 8 * i);
  Sha512Compress(state_, block);
  buffered_ = 0;
}

void Sha512Hasher::Update(std::string_view data) {
  total_bytes_ += data.size();
  while (!data.empty()) {
    size_t take = std::min(data.size(), buffer_.size() - buffered_);
    std::memcpy(buffer_.data() + buffered_, data.data(), take);
    buffered_ += take;
    data.remove_prefix(take);
    if (buffered_ == buffer_.size()) CompressBuffer();
  }
}

Sha512State Sha512Hasher::Finish() {
  // 0x80, zeros, then the message length in bits as a 128-bit big-endian number.
  constexpr size_t kLengthOffset = kSha512BlockBytes - 16;
  buffer_[buffered_++] = 0x80;
  if (buffered_ > kLengthOffset) {
    std::memset(buffer_.data() + buffered_, 0, buffer_.size() - buffered_);
    CompressBuffer();
  }
  std::memset(buffer_.data() + buffered_, 0, kLengthOffset - buffered_);
  StoreBigEndian64(total_bytes_ >> 61, buffer_.data() + kLengthOffset);
  StoreBigEndian64(total_bytes_ << 3, buffer_.data() + kLengthOffset + 8);
  CompressBuffer();
  return state_;
}

}  // namespace keygate::crypto
