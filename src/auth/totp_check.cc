// TOTP verification with replay protection and rate limiting.
#include "auth/totp_check.h"

#include "crypto/digest.h"
#include "crypto/random.h"
#include "crypto/totp.h"
#include "store/repositories.h"
#include "store/totp_check_log.h"

namespace keygate::auth {

namespace {

std::string StripSpaces(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r') out += c;
  }
  return out;
}

Status DoubleCheck() {
  return AccessDenied("Verification failed, please double-check the 6-digit code");
}

}  // namespace

std::string NewTotpSecret() { return crypto::Base32Encode(crypto::DefaultRandom().Bytes(20)); }

Status VerifyTotpCode(store::SqlConnection& c, int64_t uid, const std::string& code,
                      const std::string& client_ip, const Clock& clock) {
  const int64_t now = clock.NowUnix();
  // Counted first, checked after: concurrent checks each see the others' rows, so no more than
  // the limit pass however they interleave (reading first let each pass on the same count).
  store::TotpCheckLog checks(c);
  KG_ASSIGN_OR_RETURN(int64_t logged, checks.Add(uid, client_ip, FormatUtc(now)));
  KG_ASSIGN_OR_RETURN(int64_t recent, checks.CountSince(uid, FormatUtc(now - 3600)));
  if (recent > kTotpChecksPerHour) {
    // A refused attempt is not a check: its row goes, so refusals do not extend the lock.
    KG_RETURN_IF_ERROR(checks.Remove(logged));
    return AccessDenied(
        "You reached the limit of code verifications for your account, please try again later.");
  }
  KG_ASSIGN_OR_RETURN(auto totp, store::Users(c).TotpOf(uid));
  if (!totp || !totp->secret) return DoubleCheck();
  auto secret = crypto::Base32Decode(*totp->secret);
  if (!secret.ok()) return DoubleCheck();
  auto match = crypto::TotpMatch(*secret, StripSpaces(code), now);
  if (!match) return DoubleCheck();
  // The code's time step must be newer than the last one used; the update says so atomically,
  // so one code opens one session even when two checks of it run at once.
  KG_ASSIGN_OR_RETURN(bool advanced, store::Users(c).AdvanceTotpCounter(uid, *match));
  if (!advanced) {
    return AccessDenied("Verification failed, please use the latest 6-digit code");
  }
  return checks.Clear(uid);
}

Status EnableTotp(store::SqlConnection& c, int64_t uid, const std::string& secret_base32,
                  const std::string& code, const Clock& clock) {
  auto secret = crypto::Base32Decode(StripSpaces(secret_base32));
  if (!secret.ok()) return InvalidRequest("the TOTP secret is not valid base32");
  auto match = crypto::TotpMatch(*secret, StripSpaces(code), clock.NowUnix());
  if (!match) return DoubleCheck();
  return store::Users(c).SetTotp(uid, StripSpaces(secret_base32), *match);
}

Status DisableTotp(store::SqlConnection& c, int64_t uid) {
  return store::Users(c).SetTotp(uid, std::nullopt, std::nullopt);
}

}  // namespace keygate::auth
