// Making and revoking API keys as Odoo's res.users.apikeys does: 20 CSPRNG bytes as 40 lowercase
// hex characters, the first 8 kept in clear as the index, the whole hashed with passlib
// pbkdf2-sha512 at 6000 rounds. The plaintext is returned once to the caller and never stored.
// Thread-safety: stateless; the connection is the caller's.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/clock.h"
#include "common/status.h"
#include "crypto/random.h"
#include "store/sql.h"

namespace keygate::auth {

struct KeyRequest {
  int64_t user_id = 0;
  std::string name;                            // description, required
  std::optional<std::string> scope;            // NULL = global
  std::optional<std::string> expiration_date;  // "YYYY-MM-DD HH:MM:SS" UTC
  // keygate's restrictions (auth/key_restrictions.h): CIDR lists and a rate such as "10/s".
  std::vector<std::string> allowed_networks;
  std::string rate_limit;
  // Odoo's sudo(): skip the expiry policy below (tools and tests acting as the system).
  bool sudo = false;
};

struct CreatedKey {
  int64_t id = 0;
  std::string plaintext;  // show once, then forget
};

// Odoo 18's expiry policy (res.users.apikeys._check_expiration_date) applies unless request.sudo:
// a user who is not an administrator (base.group_system) must give an expiration date
// ("The API key must have an expiration date"), no later than now plus the largest
// api_key_duration of their groups, or 1 day when none sets one ("You cannot exceed 90.0 days.").
StatusOr<CreatedKey> CreateApiKey(store::SqlConnection& c, const KeyRequest& request,
                                  crypto::RandomSource& random = crypto::DefaultRandom(),
                                  const Clock& clock = DefaultClock());

// The longest lifetime, in days, a new key of this user may have under that policy: nullopt for
// an administrator (no limit, no expiry required), else the largest api_key_duration of the
// user's groups, or 1. The CLI names it in its messages and suggested commands.
StatusOr<std::optional<double>> MaxKeyDurationDays(store::SqlConnection& c, int64_t user_id);
// Days as a user types them in --expires-days: "90" for 90.0, "0.5" for 0.5.
std::string DaysText(double days);

// The policy check alone (kValidationError with Odoo's text), for front ends that ask early.
Status CheckKeyExpiryPolicy(store::SqlConnection& c, int64_t user_id,
                            const std::optional<std::string>& expiration_date, int64_t now);

// Python's str() of a float, as Odoo's message shows the duration: 90 -> "90.0", 0.5 -> "0.5".
std::string PythonFloatText(double value);

// Deletes the key (Odoo's revocation). kMissingError when there is no such key.
Status RevokeApiKey(store::SqlConnection& c, int64_t key_id);

}  // namespace keygate::auth
