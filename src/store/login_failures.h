// keygate_login_failure and keygate_login_network: the login cooldown's counters, shared by every
// instance serving a database, and the networks each login signed in from with its password.
// The rules that use them are auth/login_cooldown.h's; this file only keeps the rows.
// Thread-safety: stateless; the connection is the caller's.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/status.h"
#include "store/sql.h"

namespace keygate::store {

// One counter: failures for `value` (an address or a login, by `kind`) and the last one's time.
struct FailureCounter {
  std::string kind;
  std::string value;
  int64_t failures = 0;
  int64_t last_failure = 0;  // Unix seconds
};

// The counter named by (kind, value) for each of `keys` that has one.
StatusOr<std::vector<FailureCounter>> ReadFailureCounters(
    SqlConnection& c, const std::vector<std::pair<std::string, std::string>>& keys);

// One more failure for each of `keys`, at `now`, in one transaction.
Status CountFailures(SqlConnection& c, const std::vector<std::pair<std::string, std::string>>& keys,
                     int64_t now);

// Forgets the counters of `keys`.
Status ForgetFailures(SqlConnection& c,
                      const std::vector<std::pair<std::string, std::string>>& keys);

// Whether `login` signed in from `network` at or after `since`.
StatusOr<bool> SignedInFromNetwork(SqlConnection& c, const std::string& login,
                                   const std::string& network, int64_t since);

// Records a password sign-in of `login` from `network` at `now`.
Status RememberSignInNetwork(SqlConnection& c, const std::string& login, const std::string& network,
                             int64_t now);

// Housekeeping: drops counters whose last failure is before `failures_before` and networks last
// used before `networks_before`; returns the rows dropped.
StatusOr<int64_t> PurgeLoginFailureRows(SqlConnection& c, int64_t failures_before,
                                        int64_t networks_before);

}  // namespace keygate::store
