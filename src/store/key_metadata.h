// What keygate keeps about API keys beside Odoo's res_users_apikeys: restrictions
// (keygate_key_restriction: allowed networks and rate limit), rotation links and last use
// (keygate_key_meta), and the tombstones of deleted keys (keygate_key_tombstone, written by
// triggers when a key row goes). The rules that use them are auth/key_restrictions.h and
// auth/key_lifecycle.h's.
// Thread-safety: stateless; the connection is the caller's.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "store/sql.h"

namespace keygate::store {

// A key's restrictions as stored (texts parsed by auth/key_restrictions.h).
struct KeyRestrictionRow {
  std::optional<std::string> allowed_networks;  // "10.0.0.0/8,192.168.1.5/32"
  std::optional<std::string> rate_limit;        // "100/min"
};

// Sets (replaces) the key's restrictions.
Status UpsertKeyRestriction(SqlConnection& c, int64_t key_id, const KeyRestrictionRow& row);
// The key's restrictions, or none.
StatusOr<std::optional<KeyRestrictionRow>> FindKeyRestriction(SqlConnection& c, int64_t key_id);
// Every key's restrictions, by key id.
StatusOr<std::map<int64_t, KeyRestrictionRow>> AllKeyRestrictions(SqlConnection& c);

// The successor of a key rotated out, or none.
StatusOr<std::optional<int64_t>> RotationSuccessor(SqlConnection& c, int64_t key_id);
// Links a rotation: `successor` was rotated from `old_key`, which is retired as rotated.
Status LinkRotation(SqlConnection& c, int64_t old_key, int64_t successor);

struct KeyMetaRow {
  std::string last_used_at;  // "" when never used
  std::string last_used_ip;
  std::string last_used_channel;
  int64_t use_count = 0;
  std::optional<int64_t> rotated_from;
  std::optional<int64_t> rotated_to;
};
// Every key's metadata, by key id.
StatusOr<std::map<int64_t, KeyMetaRow>> AllKeyMeta(SqlConnection& c);

// Why a key no longer authenticates: revoked (its row deleted), rotated out (a successor took its
// place and its grace is over) or expired. The one place of the names stored in
// keygate_key_tombstone.reason and keygate_key_meta.retire_reason.
enum class KeyRetirement { kRevoked, kRotated, kExpired };
const char* KeyRetirementName(KeyRetirement r);  // "revoked", "rotated", "expired"
// The retirement named `name` (KeyRetirementName's inverse), or none.
std::optional<KeyRetirement> ParseKeyRetirement(std::string_view name);

// A key that no longer authenticates, found by index: still in res_users_apikeys past its
// expiry, or a tombstone. `key_hash` is the stored PBKDF2 hash, for the caller to check.
struct RetiredKeyRow {
  int64_t key_id = 0;
  int64_t user_id = 0;
  std::string key_hash;
  KeyRetirement reason = KeyRetirement::kRevoked;  // live rows past expiry: rotated or expired
  std::optional<int64_t> rotated_to;
  std::string retired_at;
};
// Live rows with this index whose expiry is before `now_utc`.
StatusOr<std::vector<RetiredKeyRow>> ExpiredKeysWithIndex(SqlConnection& c,
                                                          const std::string& index,
                                                          const std::string& now_utc);
// Tombstones with this index, newest first.
StatusOr<std::vector<RetiredKeyRow>> TombstonesWithIndex(SqlConnection& c,
                                                         const std::string& index);

}  // namespace keygate::store
