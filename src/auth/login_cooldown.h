// The login cooldown, redesigned so that it protects passwords and never locks out a valid key.
// Counters live in the database (keygate_login_failure), so every instance shares them; the
// parameters come from ir_config_parameter: base.login_cooldown_after (default 5, 0 disables)
// and base.login_cooldown_duration (default 60 s). After `after` failures, an attempt within
// `duration` seconds of the last failure is refused without being checked; a success resets.
//
// The rules (services/auth_defences.cc applies them; README "Login cooldown" states them):
// - A correct API key (cached or not) is never refused, on any channel: keys are checked before
//   the cooldown is consulted, which happens only when a password is about to be hashed or a
//   cached password grant is about to be used.
// - The per-address counter is Odoo's: it counts and refuses interactive web logins only.
//   XML-RPC, JSON-RPC and JSON-2 neither count nor refuse by address, as in Odoo 18.
// - The per-login counter (keygate's addition) counts password attempts on every channel, for
//   unknown logins as for known ones, and refuses further password attempts for that login,
//   except from a network the login signed in from with its password within 30 days (its /24
//   or /64: keygate_login_network), so that a stranger cannot lock the owner out.
// Thread-safety: stateless; the connection is the caller's.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/status.h"
#include "store/sql.h"

namespace keygate::auth {

inline constexpr char kCooldownMessage[] =
    "Too many login failures, please wait a bit before trying again.";

// How long a successful password login vouches for its network.
inline constexpr int64_t kKnownNetworkSeconds = int64_t{30} * 86400;

struct CooldownSettings {
  int64_t after = 5;      // failures before the cooldown; 0 disables it
  int64_t duration = 60;  // seconds after the last failure
  bool enabled() const { return after > 0; }
};

// What a counter is kept for.
enum class CooldownScope { kAddress, kLogin };
// "ip" or "login", as stored in keygate_login_failure.kind: the one table of these names.
const char* CooldownScopeName(CooldownScope scope);
// The scope stored as `name`, or none.
std::optional<CooldownScope> ParseCooldownScope(std::string_view name);

// Reads the two parameters (one query); values that are not whole numbers fall back to Odoo's
// defaults, since Odoo itself would fail on them.
StatusOr<CooldownSettings> LoadCooldownSettings(store::SqlConnection& c);

// The counters of one attempt's address and login (zero for an empty address or login).
struct CooldownState {
  int64_t ip_failures = 0;
  int64_t ip_last = 0;
  int64_t login_failures = 0;
  int64_t login_last = 0;
  bool any() const { return ip_failures > 0 || login_failures > 0; }
  // Which counter is over the limit at `now`, the address's first; nullopt when neither.
  std::optional<CooldownScope> OnCooldown(const CooldownSettings& s, int64_t now) const;
};

// An empty `client_ip` or `login` is not read.
StatusOr<CooldownState> ReadCooldownState(store::SqlConnection& c, const std::string& client_ip,
                                          const std::string& login);

// One more failure for the address and for the login (each skipped when empty), at `now`.
Status RecordLoginFailure(store::SqlConnection& c, const std::string& client_ip,
                          const std::string& login, int64_t now);

// A success: forget both counters (each skipped when empty).
Status ResetLoginFailures(store::SqlConnection& c, const std::string& client_ip,
                          const std::string& login);

// Whether `login` signed in with its password from the network of `client_ip` within
// kKnownNetworkSeconds before `now`.
StatusOr<bool> IsKnownLoginNetwork(store::SqlConnection& c, const std::string& login,
                                   std::string_view client_ip, int64_t now);

// Records a successful password login of `login` from `client_ip` at `now`.
Status RememberLoginNetwork(store::SqlConnection& c, const std::string& login,
                            std::string_view client_ip, int64_t now);

// Housekeeping: drops counters whose last failure is older than `before` and networks not used
// within kKnownNetworkSeconds of `now`. Returns the number of rows dropped.
StatusOr<int64_t> PurgeLoginFailures(store::SqlConnection& c, int64_t before, int64_t now);

}  // namespace keygate::auth
