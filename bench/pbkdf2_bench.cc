// Uncached credential verification cost: keygate's PBKDF2-HMAC-SHA512 (crypto/pbkdf2_sha512.h)
// against OpenSSL's stock PKCS5_PBKDF2_HMAC, in one run, at the rounds keygate verifies (API
// keys, passwords). The two alternate within each repetition (which one goes first alternates
// too) and each is timed in thread CPU time, so other processes on a shared machine change both
// alike; the ratio is of the medians. Checks first that both derive the same bytes.
// Usage: pbkdf2_bench [repetitions]   (default 31; the password case runs a third as many)
#include <openssl/evp.h>
#include <time.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "crypto/passlib_pbkdf2.h"
#include "crypto/pbkdf2_sha512.h"

namespace {

using Checksum = std::array<unsigned char, 64>;

// Each derivation's first byte lands here, so the compiler cannot drop a derivation.
volatile unsigned char g_sink = 0;

double ThreadCpuSeconds() {
  timespec now{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) * 1e-9;
}

Checksum Stock(std::string_view secret, std::string_view salt, int rounds) {
  Checksum out{};
  if (PKCS5_PBKDF2_HMAC(secret.data(), static_cast<int>(secret.size()),
                        reinterpret_cast<const unsigned char*>(salt.data()),
                        static_cast<int>(salt.size()), rounds, EVP_sha512(),
                        static_cast<int>(out.size()), out.data()) != 1) {
    std::fprintf(stderr, "PKCS5_PBKDF2_HMAC failed\n");
    std::exit(1);
  }
  return out;
}

Checksum Keygate(std::string_view secret, std::string_view salt, int rounds) {
  Checksum out{};
  keygate::crypto::Pbkdf2HmacSha512(secret, salt, static_cast<uint32_t>(rounds), out);
  return out;
}

double Median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return values[values.size() / 2];
}

// Per-derivation CPU seconds of `derive`, `batch` derivations at a time.
template <typename Derive>
double TimeBatch(Derive derive, std::string_view secret, std::string_view salt, int rounds,
                 int batch) {
  double start = ThreadCpuSeconds();
  for (int i = 0; i < batch; ++i) g_sink = derive(secret, salt, rounds)[0];
  return (ThreadCpuSeconds() - start) / batch;
}

void Compare(const char* name, std::string_view secret, int rounds, int repetitions, int batch) {
  const std::string salt = "0123456789abcdef";  // 16 bytes, like keygate's own salts
  if (Stock(secret, salt, rounds) != Keygate(secret, salt, rounds)) {
    std::fprintf(stderr, "%s: keygate and OpenSSL derive different bytes\n", name);
    std::exit(1);
  }
  std::vector<double> stock;
  std::vector<double> keygate;
  for (int r = 0; r < repetitions; ++r) {
    if (r % 2 == 0) {
      stock.push_back(TimeBatch(Stock, secret, salt, rounds, batch));
      keygate.push_back(TimeBatch(Keygate, secret, salt, rounds, batch));
    } else {
      keygate.push_back(TimeBatch(Keygate, secret, salt, rounds, batch));
      stock.push_back(TimeBatch(Stock, secret, salt, rounds, batch));
    }
  }
  double stock_ms = Median(stock) * 1e3;
  double keygate_ms = Median(keygate) * 1e3;
  std::printf("%s rounds=%d stock_ms=%.3f keygate_ms=%.3f ratio=%.3f runs=%dx%d\n", name, rounds,
              stock_ms, keygate_ms, keygate_ms / stock_ms, repetitions, batch);
}

}  // namespace

int main(int argc, char** argv) {
  int repetitions = argc > 1 ? std::atoi(argv[1]) : 31;
  if (repetitions < 1) {
    std::fprintf(stderr, "usage: pbkdf2_bench [repetitions]\n");
    return 2;
  }
  // An API key is 40 hex characters; the password is of a typical length.
  Compare("api_key", "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c", keygate::crypto::kApiKeyRounds,
          repetitions, 10);
  Compare("password", "correct horse battery", keygate::crypto::kPasswordRounds,
          std::max(1, repetitions / 3), 1);
  return 0;
}
