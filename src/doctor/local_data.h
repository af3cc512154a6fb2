// The doctor's reading of keygate's own tables (--data-dir): where the server can only answer
// False, the local data names the exact cause (and the doctor reads it instead of probing) —
// unknown login (and the login of the user whose e-mail was given), archived user, key revoked,
// expired, mistyped or of another scope or user, a password used by a 2FA user — and the recent
// auth events of the login. Read-only: the doctor never changes the database. Thread-safety:
// stateless; the connection is the caller's.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "doctor/checks.h"
#include "store/sql.h"

namespace keygate::doctor {

struct LocalDiagnosis {
  std::vector<Step> steps;  // "local: user", "local: secret", "local: recent events"
  // The exact cause of a failed authentication, when the tables tell it ("" otherwise).
  std::string cause;
  std::string fix;
  // The user or the secret step failed: the server refuses this secret whatever it is sent to
  // (unknown login, archived user, wrong, expired, revoked or mistyped key, another user's key,
  // a 2FA user's password). The doctor then never sends it: the run costs no failed login.
  bool secret_refused = false;
};

// `now_unix` decides whether a key has expired. Errors reading a table become skipped steps
// (a table another version lacks, such as keygate_auth_event, is not an error).
LocalDiagnosis DiagnoseLocally(store::SqlConnection& c, const std::string& db,
                               const std::string& login, const std::string& secret,
                               int64_t now_unix);

}  // namespace keygate::doctor
