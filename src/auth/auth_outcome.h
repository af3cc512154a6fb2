// The result of a credential check, with a precise reason for failures. The wire answer for every
// failure is Odoo's "Access Denied"; the reason is for the log, the event log and `keygate doctor`.
// Thread-safety: value types.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

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
  kKeyRevoked,             // the key was deleted (its tombstone verifies)
  kKeyRotated,             // the key was replaced by a successor and its grace period is over
  kKeyScope,               // the key verifies but its scope is neither NULL nor 'rpc'
  kKeyOtherUser,           // the key verifies but belongs to another uid than the one named
  kPasswordRefused2fa,     // correct password of a user with 2FA, on a non-interactive channel
  kKeyRefusedInteractive,  // a valid API key used for an interactive (web session) login
  // Defences (services/auth_gate.cc): refused before or after the credential check.
  kCooldown,           // too many recent failures for the client address or the login
  kAddressNotAllowed,  // valid key used from outside its allowed networks
  kRateLimited,        // valid key over its rate limit
  kPasswordCheckBusy,  // as many password checks as allowed already run (auth/password_slots.h)
  kUnknownDatabase,    // the database named does not exist (server log only)
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
  // The key a failure was about, when it verified as a revoked, rotated-out or expired key (for
  // the event log and detection; never on success: see grant.key_id).
  std::optional<int64_t> failed_key_id;
  // The AccessDenied text to answer with when not "Access Denied" (cooldown, rate limit).
  std::string denial_message;
  int64_t retry_after_seconds = 0;  // kRateLimited: when a call may succeed again (HTTP 429)
  // A failure answered without a hash where a password would have been checked (unknown or
  // archived login, user without a password): the answer is held as long as a password check.
  bool paced_like_password = false;
  // The auth generation the check was made under (checks that use the cache), so that the
  // defences validate their own caches against the same number without asking again.
  std::optional<int64_t> generation;
};

}  // namespace keygate::auth
