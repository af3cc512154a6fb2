// Hashes (SHA-256, HMAC-SHA1), text encodings of bytes (hex, base64, base32) and constant-time
// comparison. Decoders validate strictly and return a Status instead of guessing, because their
// input often comes from untrusted requests.
#include "crypto/digest.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>

#include <array>
#include <cstdio>
#include <cstdlib>

#include "common/base64.h"

namespace keygate::crypto {
namespace {

constexpr char kHexDigits[] = "0123456789abcdef";
constexpr char kBase32Alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

const unsigned char* AsBytes(std::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}

// OpenSSL failing on a plain digest means memory exhaustion or a broken library; continuing
// would hand out wrong digests that could compare equal, so stop.
[[noreturn]] void DigestFailure(const char* what) {
  std::fprintf(stderr, "keygate: OpenSSL %s failed\n", what);
  std::abort();
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

int Base32Value(char c) {
  if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= '2' && c <= '7') return c - '2' + 26;
  return -1;
}

}  // namespace

std::string Sha256(std::string_view data) {
  std::array<unsigned char, SHA256_DIGEST_LENGTH> out{};
  unsigned int len = 0;
  if (EVP_Digest(data.data(), data.size(), out.data(), &len, EVP_sha256(), nullptr) != 1 ||
      len != out.size()) {
    DigestFailure("SHA-256");
  }
  return std::string(reinterpret_cast<const char*>(out.data()), out.size());
}

std::string HmacSha1(std::string_view key, std::string_view data) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> out{};
  unsigned int len = 0;
  // HMAC() with a null key pointer would be rejected, so give it a valid pointer for empty keys.
  static const unsigned char kEmpty = 0;
  const unsigned char* key_ptr = key.empty() ? &kEmpty : AsBytes(key);
  if (HMAC(EVP_sha1(), key_ptr, static_cast<int>(key.size()), AsBytes(data), data.size(),
           out.data(), &len) == nullptr ||
      len != SHA_DIGEST_LENGTH) {
    DigestFailure("HMAC-SHA1");
  }
  return std::string(reinterpret_cast<const char*>(out.data()), len);
}

std::string HexEncode(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char b : bytes) {
    out.push_back(kHexDigits[b >> 4]);
    out.push_back(kHexDigits[b & 0x0f]);
  }
  return out;
}

StatusOr<std::string> HexDecode(std::string_view hex) {
  if (hex.size() % 2 != 0) return InvalidRequest("hex string has odd length");
  std::string out;
  out.reserve(hex.size() / 2);
  for (size_t i = 0; i < hex.size(); i += 2) {
    int hi = HexValue(hex[i]);
    int lo = HexValue(hex[i + 1]);
    if (hi < 0 || lo < 0) return InvalidRequest("invalid hex character");
    out.push_back(static_cast<char>((hi << 4) | lo));
  }
  return out;
}

std::string Base64Encode(std::string_view bytes) { return keygate::Base64Encode(bytes); }

// Accepts padded and unpadded input (passlib and many clients omit the '='), but padding, when
// present, must be complete and final.
StatusOr<std::string> Base64Decode(std::string_view text) {
  auto out = keygate::Base64Decode(text, Base64Padding::kOptional);
  if (!out) return InvalidRequest("invalid base64");
  return *out;
}

std::string Base32Encode(std::string_view bytes) {
  std::string out;
  out.reserve((bytes.size() * 8 + 4) / 5);
  uint32_t acc = 0;
  int bits = 0;
  for (unsigned char b : bytes) {
    acc = (acc << 8) | b;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out.push_back(kBase32Alphabet[(acc >> bits) & 31]);
    }
  }
  if (bits > 0) out.push_back(kBase32Alphabet[(acc << (5 - bits)) & 31]);
  return out;
}

StatusOr<std::string> Base32Decode(std::string_view text) {
  size_t end = text.size();
  while (end > 0 && text[end - 1] == '=') --end;
  size_t padding = text.size() - end;
  std::string_view data = text.substr(0, end);
  // Lengths mod 8 that a whole number of bytes can produce.
  size_t rem = data.size() % 8;
  if (rem == 1 || rem == 3 || rem == 6) return InvalidRequest("invalid base32 length");
  if (padding > 0 && (data.size() + padding) % 8 != 0) {
    return InvalidRequest("invalid base32 padding");
  }
  std::string out;
  out.reserve(data.size() * 5 / 8);
  uint32_t acc = 0;
  int bits = 0;
  for (char c : data) {
    int v = Base32Value(c);
    if (v < 0) return InvalidRequest("invalid base32 character");
    acc = (acc << 5) | static_cast<uint32_t>(v);
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((acc >> bits) & 0xff));
    }
  }
  return out;
}

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
  // The length is not secret (digests and codes have fixed sizes); only the contents are.
  if (a.size() != b.size()) return false;
  if (a.empty()) return true;
  return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

bool LooksLikeApiKey(std::string_view secret) {
  if (secret.size() != 40) return false;
  for (char c : secret) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

}  // namespace keygate::crypto
