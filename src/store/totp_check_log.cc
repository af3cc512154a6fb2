// auth_totp_rate_limit_log (see totp_check_log.h).
#include "store/totp_check_log.h"

namespace keygate::store {

StatusOr<int64_t> TotpCheckLog::Add(int64_t uid, const std::string& client_ip,
                                    const std::string& when_utc) {
  KG_ASSIGN_OR_RETURN(ResultSet rs,
                      c_.Query("INSERT INTO auth_totp_rate_limit_log (user_id, ip, limit_type, "
                               "create_date) VALUES (?, ?, 'code_check', ?) RETURNING id",
                               {uid, client_ip, when_utc}));
  if (rs.empty()) return InternalError("a storage error occurred");
  return AsInt(rs.rows()[0][0]);
}

StatusOr<int64_t> TotpCheckLog::CountSince(int64_t uid, const std::string& since_utc) {
  KG_ASSIGN_OR_RETURN(ResultSet rs,
                      c_.Query("SELECT count(*) FROM auth_totp_rate_limit_log WHERE user_id = ? "
                               "AND limit_type = 'code_check' AND create_date >= ?",
                               {uid, since_utc}));
  return rs.empty() ? 0 : AsInt(rs.rows()[0][0]);
}

Status TotpCheckLog::Remove(int64_t id) {
  return c_.Exec("DELETE FROM auth_totp_rate_limit_log WHERE id = ?", {id}).status();
}

Status TotpCheckLog::Clear(int64_t uid) {
  return c_
      .Exec("DELETE FROM auth_totp_rate_limit_log WHERE user_id = ? AND limit_type = 'code_check'",
            {uid})
      .status();
}

}  // namespace keygate::store
