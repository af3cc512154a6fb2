// auth_totp_rate_limit_log, Odoo's table of second-factor code checks (rows of limit_type
// 'code_check'), which bounds how many codes a user may try per hour. The rule that uses it is
// auth/totp_check.h's.
// Thread-safety: stateless; the connection is the caller's.
#pragma once

#include <cstdint>
#include <string>

#include "common/status.h"
#include "store/sql.h"

namespace keygate::store {

class TotpCheckLog {
 public:
  explicit TotpCheckLog(SqlConnection& c) : c_(c) {}
  // Logs one code check of `uid` from `client_ip` at `when_utc`; returns the row's id.
  StatusOr<int64_t> Add(int64_t uid, const std::string& client_ip, const std::string& when_utc);
  // The checks of `uid` logged at or after `since_utc`.
  StatusOr<int64_t> CountSince(int64_t uid, const std::string& since_utc);
  // Removes one logged check.
  Status Remove(int64_t id);
  // Removes every logged check of `uid` (after a code is accepted).
  Status Clear(int64_t uid);

 private:
  SqlConnection& c_;
};

}  // namespace keygate::store
