// The result of a credential check, with a precise reason for failures. The wire answer for every
// failure is Odoo's "Access Denied"; the reason is for the log, the event log and `keygate doctor`.
// Thread-safety: value types.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "auth/auth_reason.h"
#include "auth/credential_cache.h"

namespace keygate::auth {

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
  // The auth generation the check was made under (checks that use the cache), so that the
  // defences validate their own caches against the same number without asking again.
  std::optional<int64_t> generation;
};

}  // namespace keygate::auth
