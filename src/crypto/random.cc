// The operating system's CSPRNG behind the RandomSource seam, and the API keys and tokens drawn
// from it.
#include "crypto/random.h"

#include <openssl/err.h>
#include <openssl/rand.h>

#include <algorithm>
#include <climits>
#include <cstdio>
#include <cstdlib>

#include "crypto/digest.h"

namespace keygate::crypto {

namespace {
// Odoo's API keys carry 160 bits of entropy.
constexpr size_t kApiKeyBytes = 20;
}  // namespace

std::string OsRandom::Bytes(size_t n) {
  std::string out(n, '\0');
  size_t done = 0;
  // RAND_bytes takes an int length; draw very large requests in chunks.
  while (done < n) {
    size_t chunk = std::min<size_t>(n - done, INT_MAX);
    if (RAND_bytes(reinterpret_cast<unsigned char*>(out.data() + done), static_cast<int>(chunk)) !=
        1) {
      // A failed CSPRNG must never degrade into predictable keys or session ids.
      std::fprintf(stderr, "keygate: RAND_bytes failed (error %lu); aborting\n", ERR_get_error());
      std::abort();
    }
    done += chunk;
  }
  return out;
}

RandomSource& DefaultRandom() {
  static OsRandom random;
  return random;
}

std::string NewApiKey(RandomSource& random) { return HexEncode(random.Bytes(kApiKeyBytes)); }

std::string NewToken(size_t n, RandomSource& random) { return HexEncode(random.Bytes(n)); }

}  // namespace keygate::crypto
