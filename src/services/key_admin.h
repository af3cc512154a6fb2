// Managing API keys on an administrator's behalf: what `keygate key new|list|revoke|rotate` and
// the console's Keys page both call, so that the two front ends give the same results and the same
// errors. The front end resolves the owner and prints or renders; the rules live here.
// Thread-safety: stateless; the connection is the caller's.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "auth/key_lifecycle.h"
#include "auth/key_restrictions.h"
#include "common/clock.h"
#include "common/status.h"
#include "models/registry.h"
#include "store/records.h"
#include "store/sql.h"

namespace keygate::services {

// The models an API key scope may name: those `registry` declares and those of the database's
// own ir_model, so that on an attached Odoo database every model the Odoo knows counts.
StatusOr<std::vector<std::string>> KnownModelNames(store::SqlConnection& c,
                                                   const models::Registry& registry);

// Checks a scope typed for a new key ("" = global) against KnownModelNames; kValidationError
// with the model it meant.
Status ValidateKeyScope(store::SqlConnection& c, const models::Registry& registry,
                        const std::string& scope);

struct NewKeyInput {
  std::string name;                    // description, required
  std::string scope;                   // "" = global
  std::optional<double> expires_days;  // nullopt: no expiry asked for
  std::vector<std::string> allowed_networks;
  std::string rate_limit;  // "" = none, else "10/s", "600/min", ...
};

struct NewKeyResult {
  int64_t id = 0;
  std::string plaintext;                       // shown once, then forgotten
  std::optional<std::string> expiration_date;  // "YYYY-MM-DD HH:MM:SS" UTC
};

// Creates a key for `owner` under Odoo 18's expiry rules (auth/api_keys.h). Messages name the
// expiry field as `expires_field` says (the CLI's "--expires-days", the console's label):
// an archived owner, a lifetime of 0 or less, a missing or too long lifetime for a
// non-administrator are refused (kInvalidRequest) before anything is written.
StatusOr<NewKeyResult> CreateKeyFor(store::SqlConnection& c, const store::UserRecord& owner,
                                    const NewKeyInput& input, const std::string& expires_field,
                                    const Clock& clock = DefaultClock());

// What a key did last (keygate_key_usage): a model and an operation.
struct KeyLastAction {
  std::string model;
  std::string operation;  // read, write, create, unlink
  std::string at;
};

// One key as the administrator sees it; never the key itself.
struct KeyOverview {
  store::ApiKeyRecord key;
  std::string owner_login;  // "?" when the owner row is gone
  auth::KeyRestriction restriction;
  auth::KeyMeta meta;
  std::optional<KeyLastAction> last_action;
};

// Every key (of `user_id` only, when given), in the store's order.
StatusOr<std::vector<KeyOverview>> ListKeyOverviews(store::SqlConnection& c,
                                                    std::optional<int64_t> user_id);

// Revokes (deletes) key `key_id`: kMissingError when there is none.
Status RevokeKey(store::SqlConnection& c, int64_t key_id);

// Rotates key `key_id` with a grace period such as "24h", "30m", "7d" or "0", in one transaction.
StatusOr<auth::RotatedKey> RotateKey(store::SqlConnection& c, int64_t key_id,
                                     const std::string& grace, const Clock& clock = DefaultClock());

}  // namespace keygate::services
