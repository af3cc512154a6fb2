// Second-factor checks as Odoo's auth_totp: a 6-digit code within one 30 s step either side, each
// code accepted once (the matched step must be newer than the last accepted one), and at most 5
// checks per user per hour. Failures are Odoo's AccessDenied texts.
// Thread-safety: stateless; the connection is the caller's.
#pragma once

#include <string>

#include "common/clock.h"
#include "common/status.h"
#include "store/sql.h"

namespace keygate::auth {

inline constexpr int kTotpChecksPerHour = 5;

// Ok when `code` is the user's current code; AccessDenied with Odoo's message otherwise.
Status VerifyTotpCode(store::SqlConnection& c, int64_t uid, const std::string& code,
                      const std::string& client_ip, const Clock& clock);

// Enrolment: when `code` matches `secret_base32` now, stores the secret and the matched step.
// AccessDenied "Verification failed, please double-check the 6-digit code" otherwise.
Status EnableTotp(store::SqlConnection& c, int64_t uid, const std::string& secret_base32,
                  const std::string& code, const Clock& clock);

Status DisableTotp(store::SqlConnection& c, int64_t uid);

// A fresh 160-bit secret, base32 without padding.
std::string NewTotpSecret();

}  // namespace keygate::auth
