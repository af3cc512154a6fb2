// Why a credential check or a defence refused (or let through) an attempt, as a type: the enum,
// its stable names, and the one reason of the event log that is not a credential check's. Code
// that writes or matches an event reason names an enumerator, so a typo does not compile; the
// names stored in keygate_auth_event and shown by `keygate events` stay the same.
// Thread-safety: value types and pure functions.
#pragma once

#include <optional>
#include <string_view>

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
  // Gateway mode: something shaped like an API key on a request keygate passes through to Odoo
  // (gateway/key_outside_calls.h), refused unchecked.
  kKeyOutsideIntegrationCalls,
  kUnknownDatabase,  // the database named does not exist (server log only). Keep it last.
};
inline constexpr int kAuthReasonCount = static_cast<int>(AuthReason::kUnknownDatabase) + 1;

// Stable snake_case name for logs, events and metrics, e.g. "wrong_password": the one table of
// these names (defined beside the credential checks, auth/authenticator.cc).
const char* ReasonName(AuthReason reason);
// The reason named `name` (ReasonName's inverse), or none.
std::optional<AuthReason> ParseReason(std::string_view name);

// The reason column of keygate_auth_event holds a ReasonName, or this one: an AccessError
// answered to an authenticated call (services/key_usage.h), which detection counts as permission
// probing. It is no AuthReason: no credential check fails with it.
inline constexpr char kAccessErrorReason[] = "access_error";

}  // namespace keygate::auth
