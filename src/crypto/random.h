// Randomness from the operating system's CSPRNG (OpenSSL RAND_bytes), and the secrets made from
// it. Tests inject a RandomSource to make keys deterministic.
// Thread-safety: OsRandom is thread-safe.
#pragma once

#include <string>

namespace keygate::crypto {

class RandomSource {
 public:
  virtual ~RandomSource() = default;
  virtual std::string Bytes(size_t n) = 0;
};

// RAND_bytes; aborts the process if the CSPRNG fails (never hands out weak keys).
class OsRandom : public RandomSource {
 public:
  std::string Bytes(size_t n) override;
};

RandomSource& DefaultRandom();

// Odoo's API key: 20 random bytes as 40 lowercase hex characters.
std::string NewApiKey(RandomSource& random = DefaultRandom());
// A session id / opaque token: n random bytes, hex.
std::string NewToken(size_t n, RandomSource& random = DefaultRandom());

}  // namespace keygate::crypto
