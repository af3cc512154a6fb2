// passlib's pbkdf2_sha512 modular crypt format: hashing and verification compatible with the hashes
// Odoo stores for API keys and passwords. Parsing is strict and total: any malformed string simply
// fails verification.
#include "crypto/passlib_pbkdf2.h"

#include <array>
#include <charconv>
#include <optional>

#include "crypto/digest.h"
#include "crypto/pbkdf2_sha512.h"
#include "crypto/random.h"

namespace keygate::crypto {
namespace {

constexpr std::string_view kPrefix = "$pbkdf2-sha512$";
constexpr size_t kChecksumBytes = 64;  // SHA-512 output, as passlib stores it
// Upper bound on accepted rounds: far above any real configuration (Odoo uses 600000), low enough
// that a hostile stored hash cannot pin a worker for minutes.
constexpr int kMaxRounds = 10'000'000;
// passlib refuses secrets longer than this (PasswordSizeError), so such a secret can never match
// a passlib hash; refusing early keeps both implementations in agreement.
constexpr size_t kMaxSecretBytes = 4096;
// passlib's max_salt_size for pbkdf2 hashes: larger salts are rejected when parsing.
constexpr size_t kMaxSaltBytes = 1024;

struct ParsedHash {
  int rounds = 0;
  std::string salt;
  std::string checksum;
};

// Decimal without sign or leading zeros (passlib rejects zero-padded rounds), within bounds.
std::optional<int> ParseRounds(std::string_view text) {
  if (text.empty() || text.size() > 8 || text[0] == '0') return std::nullopt;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
  }
  int rounds = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), rounds);
  if (ec != std::errc() || ptr != text.data() + text.size()) return std::nullopt;
  if (rounds < 1 || rounds > kMaxRounds) return std::nullopt;
  return rounds;
}

std::optional<ParsedHash> Parse(std::string_view hash) {
  if (!hash.starts_with(kPrefix)) return std::nullopt;
  std::string_view rest = hash.substr(kPrefix.size());
  size_t d1 = rest.find('$');
  if (d1 == std::string_view::npos) return std::nullopt;
  size_t d2 = rest.find('$', d1 + 1);
  if (d2 == std::string_view::npos) return std::nullopt;
  if (rest.find('$', d2 + 1) != std::string_view::npos) return std::nullopt;

  ParsedHash parsed;
  std::optional<int> rounds = ParseRounds(rest.substr(0, d1));
  if (!rounds) return std::nullopt;
  parsed.rounds = *rounds;
  StatusOr<std::string> salt = Ab64Decode(rest.substr(d1 + 1, d2 - d1 - 1));
  if (!salt.ok() || salt->size() > kMaxSaltBytes) return std::nullopt;
  parsed.salt = std::move(salt).value();
  StatusOr<std::string> checksum = Ab64Decode(rest.substr(d2 + 1));
  if (!checksum.ok() || checksum->size() != kChecksumBytes) return std::nullopt;
  parsed.checksum = std::move(checksum).value();
  return parsed;
}

std::string Pbkdf2Sha512(std::string_view secret, std::string_view salt, int rounds) {
  std::array<unsigned char, kChecksumBytes> out{};
  Pbkdf2HmacSha512(secret, salt, static_cast<uint32_t>(rounds), out);
  return std::string(reinterpret_cast<const char*>(out.data()), out.size());
}

}  // namespace

std::string HashPbkdf2Sha512(std::string_view secret, int rounds) {
  return HashPbkdf2Sha512WithSalt(secret, DefaultRandom().Bytes(kSaltBytes), rounds);
}

std::string HashPbkdf2Sha512WithSalt(std::string_view secret, std::string_view salt, int rounds) {
  // Rounds outside what verification accepts would produce an unusable hash; clamp to the valid
  // range instead (callers pass the constants above).
  if (rounds < 1) rounds = 1;
  if (rounds > kMaxRounds) rounds = kMaxRounds;
  std::string out(kPrefix);
  out += std::to_string(rounds);
  out += '$';
  out += Ab64Encode(salt);
  out += '$';
  out += Ab64Encode(Pbkdf2Sha512(secret, salt, rounds));
  return out;
}

bool VerifyPbkdf2Sha512(std::string_view secret, std::string_view hash) {
  if (secret.size() > kMaxSecretBytes) return false;
  std::optional<ParsedHash> parsed = Parse(hash);
  if (!parsed) return false;
  std::string computed = Pbkdf2Sha512(secret, parsed->salt, parsed->rounds);
  return ConstantTimeEquals(computed, parsed->checksum);
}

bool IsPbkdf2Sha512Hash(std::string_view hash) { return hash.starts_with(kPrefix); }

int RoundsOf(std::string_view hash) {
  std::optional<ParsedHash> parsed = Parse(hash);
  return parsed ? parsed->rounds : 0;
}

std::string Ab64Encode(std::string_view bytes) {
  std::string out = Base64Encode(bytes);
  while (!out.empty() && out.back() == '=') out.pop_back();
  for (char& c : out) {
    if (c == '+') c = '.';
  }
  return out;
}

// Mirrors passlib's ab64_decode: '.' or '+' for 62, optional padding, but (unlike the lenient
// base64 decoder) no whitespace or stray characters.
StatusOr<std::string> Ab64Decode(std::string_view text) {
  std::string standard(text);
  for (char& c : standard) {
    if (c == '.') {
      c = '+';
    } else if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                 c == '+' || c == '/' || c == '=')) {
      return InvalidRequest("invalid ab64 character");
    }
  }
  return Base64Decode(standard);
}

}  // namespace keygate::crypto
