// TOTP verification with replay protection and rate limiting.
#include "auth/totp_check.h"

#include "crypto/digest.h"
#include "crypto/random.h"
#include "crypto/totp.h"

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
  KG_ASSIGN_OR_RETURN(auto logged,
                      c.Query("INSERT INTO auth_totp_rate_limit_log (user_id, ip, limit_type, "
                              "create_date) VALUES (?, ?, 'code_check', ?) RETURNING id",
                              {uid, client_ip, FormatUtc(now)}));
  KG_ASSIGN_OR_RETURN(auto recent,
                      c.Query("SELECT count(*) FROM auth_totp_rate_limit_log WHERE user_id = ? AND "
                              "limit_type = 'code_check' AND create_date >= ?",
                              {uid, FormatUtc(now - 3600)}));
  if (store::AsInt(recent.rows()[0][0]) > kTotpChecksPerHour) {
    // A refused attempt is not a check: its row goes, so refusals do not extend the lock.
    KG_RETURN_IF_ERROR(c.Exec("DELETE FROM auth_totp_rate_limit_log WHERE id = ?",
                              {store::AsInt(logged.rows()[0][0])})
                           .status());
    return AccessDenied(
        "You reached the limit of code verifications for your account, please try again later.");
  }
  KG_ASSIGN_OR_RETURN(
      auto rows,
      c.Query("SELECT totp_secret, totp_last_counter FROM res_users WHERE id = ?", {uid}));
  if (rows.empty() || store::IsNull(rows.rows()[0][0])) return DoubleCheck();
  auto secret = crypto::Base32Decode(store::AsText(rows.rows()[0][0]));
  if (!secret.ok()) return DoubleCheck();
  auto match = crypto::TotpMatch(*secret, StripSpaces(code), now);
  if (!match) return DoubleCheck();
  // The code's time step must be newer than the last one used; the update says so atomically,
  // so one code opens one session even when two checks of it run at once.
  KG_ASSIGN_OR_RETURN(int64_t advanced,
                      c.Exec("UPDATE res_users SET totp_last_counter = ? WHERE id = ? AND "
                             "(totp_last_counter IS NULL OR totp_last_counter < ?)",
                             {*match, uid, *match}));
  if (advanced == 0) {
    return AccessDenied("Verification failed, please use the latest 6-digit code");
  }
  return c
      .Exec("DELETE FROM auth_totp_rate_limit_log WHERE user_id = ? AND limit_type = 'code_check'",
            {uid})
      .status();
}

Status EnableTotp(store::SqlConnection& c, int64_t uid, const std::string& secret_base32,
                  const std::string& code, const Clock& clock) {
  auto secret = crypto::Base32Decode(StripSpaces(secret_base32));
  if (!secret.ok()) return InvalidRequest("the TOTP secret is not valid base32");
  auto match = crypto::TotpMatch(*secret, StripSpaces(code), clock.NowUnix());
  if (!match) return DoubleCheck();
  return c
      .Exec("UPDATE res_users SET totp_secret = ?, totp_last_counter = ? WHERE id = ?",
            {StripSpaces(secret_base32), *match, uid})
      .status();
}

Status DisableTotp(store::SqlConnection& c, int64_t uid) {
  return c
      .Exec("UPDATE res_users SET totp_secret = NULL, totp_last_counter = NULL WHERE id = ?", {uid})
      .status();
}

}  // namespace keygate::auth
