// RFC 6238 TOTP (RFC 4226 HOTP over a 30 s clock) as Odoo's auth_totp computes it, plus the
// otpauth:// provisioning URI for authenticator apps.
#include "crypto/totp.h"

#include <array>
#include <limits>

#include "crypto/digest.h"

namespace keygate::crypto {
namespace {

constexpr uint32_t kTotpModulus = 1'000'000;  // 10^kTotpDigits
static_assert(kTotpDigits == 6);

// Floor division so times before the epoch map to a consistent counter.
int64_t StepOf(int64_t unix_time) {
  int64_t q = unix_time / kTotpStep;
  if (unix_time % kTotpStep != 0 && unix_time < 0) --q;
  return q;
}

std::string Hotp(std::string_view secret_bytes, uint64_t counter) {
  std::array<char, 8> msg{};
  for (int i = 7; i >= 0; --i) {
    msg[i] = static_cast<char>(counter & 0xff);
    counter >>= 8;
  }
  std::string mac = HmacSha1(secret_bytes, std::string_view(msg.data(), msg.size()));
  // RFC 4226 section 5.3 dynamic truncation.
  size_t offset = static_cast<unsigned char>(mac[mac.size() - 1]) & 0x0f;
  uint32_t bin = ((static_cast<unsigned char>(mac[offset]) & 0x7fu) << 24) |
                 (static_cast<unsigned char>(mac[offset + 1]) << 16) |
                 (static_cast<unsigned char>(mac[offset + 2]) << 8) |
                 static_cast<unsigned char>(mac[offset + 3]);
  uint32_t value = bin % kTotpModulus;
  std::string code(kTotpDigits, '0');
  for (int i = kTotpDigits - 1; i >= 0; --i) {
    code[i] = static_cast<char>('0' + value % 10);
    value /= 10;
  }
  return code;
}

bool IsSixDigits(std::string_view code) {
  if (code.size() != static_cast<size_t>(kTotpDigits)) return false;
  for (char c : code) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

bool IsUnreserved(unsigned char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '.' || c == '_' || c == '~';
}

std::string PercentEncode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  for (unsigned char c : text) {
    if (IsUnreserved(c)) {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 0x0f]);
    }
  }
  return out;
}

}  // namespace

std::string TotpCode(std::string_view secret_bytes, int64_t unix_time) {
  return Hotp(secret_bytes, static_cast<uint64_t>(StepOf(unix_time)));
}

std::optional<int64_t> TotpMatch(std::string_view secret_bytes, std::string_view code,
                                 int64_t unix_time, int window) {
  if (!IsSixDigits(code)) return std::nullopt;
  if (window < 0) window = 0;
  int64_t center = StepOf(unix_time);
  // Every candidate in the window is computed and compared, with no early exit, so timing does
  // not reveal which step (if any) matched.
  std::optional<int64_t> match;
  for (int64_t delta = -window; delta <= window; ++delta) {
    if ((delta < 0 && center < std::numeric_limits<int64_t>::min() - delta) ||
        (delta > 0 && center > std::numeric_limits<int64_t>::max() - delta)) {
      continue;
    }
    int64_t step = center + delta;
    bool equal = ConstantTimeEquals(Hotp(secret_bytes, static_cast<uint64_t>(step)), code);
    if (equal && !match) match = step;
  }
  return match;
}

std::string TotpUri(std::string_view secret_base32, std::string_view issuer,
                    std::string_view account) {
  std::string enc_issuer = PercentEncode(issuer);
  std::string uri = "otpauth://totp/";
  uri += enc_issuer;
  uri += ':';
  uri += PercentEncode(account);
  uri += "?secret=";
  uri += PercentEncode(secret_base32);
  uri += "&issuer=";
  uri += enc_issuer;
  uri += "&algorithm=SHA1&digits=6&period=30";
  return uri;
}

}  // namespace keygate::crypto
