// Odoo's login cooldown (res.users._assert_can_auth / _on_login_cooldown), done so that it helps:
// the counters live in the database (keygate_login_failure), so every instance shares them, and
// they are kept both per client address and per login. After `after` failures on either key, an
// attempt within `duration` seconds of the last failure is refused without being checked; a
// success resets both counters. Parameters come from ir_config_parameter:
// base.login_cooldown_after (default 5, 0 disables) and base.login_cooldown_duration (default 60).
// Thread-safety: stateless; the connection is the caller's.
#pragma once

#include <cstdint>
#include <string>

#include "common/status.h"
#include "store/sql.h"

namespace keygate::auth {

inline constexpr char kCooldownMessage[] =
    "Too many login failures, please wait a bit before trying again.";

struct CooldownSettings {
  int64_t after = 5;      // failures before the cooldown; 0 disables it
  int64_t duration = 60;  // seconds after the last failure
  bool enabled() const { return after > 0; }
};

// Reads the two parameters (one query); values that are not whole numbers fall back to Odoo's
// defaults, since Odoo itself would fail on them.
StatusOr<CooldownSettings> LoadCooldownSettings(store::SqlConnection& c);

// The counters of one attempt's address and login.
struct CooldownState {
  int64_t ip_failures = 0;
  int64_t ip_last = 0;
  int64_t login_failures = 0;
  int64_t login_last = 0;
  bool any() const { return ip_failures > 0 || login_failures > 0; }
  // Which key is over the limit at `now`: "ip", "login" or "" (not on cooldown).
  std::string OnCooldown(const CooldownSettings& s, int64_t now) const;
};

StatusOr<CooldownState> ReadCooldownState(store::SqlConnection& c, const std::string& client_ip,
                                          const std::string& login);

// One more failure for the address and for the login, at `now`.
Status RecordLoginFailure(store::SqlConnection& c, const std::string& client_ip,
                          const std::string& login, int64_t now);

// A success: forget both counters.
Status ResetLoginFailures(store::SqlConnection& c, const std::string& client_ip,
                          const std::string& login);

// Housekeeping: drops counters whose last failure is older than `before` (unix seconds).
StatusOr<int64_t> PurgeLoginFailures(store::SqlConnection& c, int64_t before);

}  // namespace keygate::auth
