// What keygate adds to Odoo's key lifecycle: rotation with a grace period (the successor has the
// same user, name, scope and restrictions; the old key keeps working until the grace ends, then
// fails like a wrong key with reason "rotated"), and the memory of retired keys (tombstones) that
// names why a key no longer works.
// Thread-safety: stateless; the connection is the caller's.
#pragma once

#include <map>
#include <optional>
#include <string>

#include "auth/api_keys.h"
#include "auth/auth_reason.h"
#include "common/clock.h"
#include "common/status.h"
#include "store/key_metadata.h"
#include "store/sql.h"

namespace keygate::auth {

struct RotatedKey {
  CreatedKey successor;
  int64_t old_key_id = 0;
  std::string old_key_valid_until;  // "YYYY-MM-DD HH:MM:SS" UTC (now when grace is 0)
};

// Rotates key `key_id` in one transaction of the caller's. grace_seconds 0 retires the old key at
// once. kMissingError for an unknown key; kUserError for a key already rotated.
StatusOr<RotatedKey> RotateApiKey(store::SqlConnection& c, int64_t key_id, int64_t grace_seconds,
                                  const Clock& clock = DefaultClock(),
                                  crypto::RandomSource& random = crypto::DefaultRandom());

// Why a secret that matches no usable key fails, from the key's own row (expired, rotated) or its
// tombstone (revoked, rotated, expired). None when the secret matches no key that ever existed.
// Costs one PBKDF2 verification per candidate with the same 8-character index.
struct RetiredKey {
  int64_t key_id = 0;
  int64_t user_id = 0;
  store::KeyRetirement reason = store::KeyRetirement::kRevoked;
  std::optional<int64_t> rotated_to;
  std::string retired_at;
};
StatusOr<std::optional<RetiredKey>> FindRetiredKey(store::SqlConnection& c,
                                                   const std::string& secret,
                                                   const std::string& now_utc);

// The refusal a retired key earns: kKeyRotated, kKeyRevoked or kKeyExpired.
AuthReason RefusalOfRetiredKey(store::KeyRetirement reason);

// Last use and rotation links of every key (keygate_key_meta, store/key_metadata.h), by key id.
using KeyMeta = store::KeyMetaRow;
inline StatusOr<std::map<int64_t, KeyMeta>> LoadKeyMeta(store::SqlConnection& c) {
  return store::AllKeyMeta(c);
}

// Parses a duration such as "24h", "30m", "90s", "7d" or a number of seconds.
StatusOr<int64_t> ParseDuration(const std::string& text);

}  // namespace keygate::auth
