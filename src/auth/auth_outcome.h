// The result of a credential check, with a precise reason for failures. The wire answer for every
// failure is Odoo's "Access Denied"; the reason is for the log, the event log and `keygate doctor`.
// Thread-safety: value types.
#pragma once

#include "auth/credential_cache.h"

namespace keygate::auth {

enum class AuthReason {
  kOk,
  kEmptySecret,
  kUnknownLogin,
  kUnknownUid,
  kUserArchived,
  kWrongPassword,
  kUnknownKey,             // looks like an API key, no row with that index verifies
  kKeyExpired,             // the key verifies but its expiration_date has passed
  kKeyScope,               // the key verifies but its scope is neither NULL nor 'rpc'
  kKeyOtherUser,           // the key verifies but belongs to another uid than the one named
  kPasswordRefused2fa,     // correct password of a user with 2FA, on a non-interactive channel
  kKeyRefusedInteractive,  // a valid API key used for an interactive (web session) login
};

// Stable snake_case name for logs and events, e.g. "wrong_password".
const char* ReasonName(AuthReason reason);

struct AuthOutcome {
  bool ok = false;
  AuthReason reason = AuthReason::kOk;
  Grant grant;                       // valid when ok
  bool cache_hit = false;            // no PBKDF2 was computed
  bool needs_second_factor = false;  // interactive login: password right, TOTP code awaited
  int64_t uid = 0;                   // the user concerned, when known (also on failure)
};

}  // namespace keygate::auth
