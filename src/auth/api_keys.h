// Making and revoking API keys as Odoo's res.users.apikeys does: 20 CSPRNG bytes as 40 lowercase
// hex characters, the first 8 kept in clear as the index, the whole hashed with passlib
// pbkdf2-sha512 at 6000 rounds. The plaintext is returned once to the caller and never stored.
// Thread-safety: stateless; the connection is the caller's.
#pragma once

#include <optional>
#include <string>

#include "common/status.h"
#include "crypto/random.h"
#include "store/sql.h"

namespace keygate::auth {

struct KeyRequest {
  int64_t user_id = 0;
  std::string name;                            // description, required
  std::optional<std::string> scope;            // NULL = global
  std::optional<std::string> expiration_date;  // "YYYY-MM-DD HH:MM:SS" UTC
};

struct CreatedKey {
  int64_t id = 0;
  std::string plaintext;  // show once, then forget
};

StatusOr<CreatedKey> CreateApiKey(store::SqlConnection& c, const KeyRequest& request,
                                  crypto::RandomSource& random = crypto::DefaultRandom());

// Deletes the key (Odoo's revocation). kMissingError when there is no such key.
Status RevokeApiKey(store::SqlConnection& c, int64_t key_id);

}  // namespace keygate::auth
