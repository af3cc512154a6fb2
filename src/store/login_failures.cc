// keygate_login_failure and keygate_login_network (see login_failures.h).
#include "store/login_failures.h"

namespace keygate::store {

namespace {

// "(kind = ? AND value = ?) OR ..." for `keys`, and its parameters: one statement for all.
std::string KeysCondition(const std::vector<std::pair<std::string, std::string>>& keys,
                          SqlParams& params) {
  std::string where;
  for (const auto& [kind, value] : keys) {
    if (!where.empty()) where += " OR ";
    where += "(kind = ? AND value = ?)";
    params.emplace_back(kind);
    params.emplace_back(value);
  }
  return where;
}

}  // namespace

StatusOr<std::vector<FailureCounter>> ReadFailureCounters(
    SqlConnection& c, const std::vector<std::pair<std::string, std::string>>& keys) {
  std::vector<FailureCounter> out;
  if (keys.empty()) return out;
  SqlParams params;
  const std::string where = KeysCondition(keys, params);
  KG_ASSIGN_OR_RETURN(auto rs, c.Query("SELECT kind, value, failures, last_failure FROM "
                                       "keygate_login_failure WHERE " +
                                           where,
                                       params));
  for (const auto& r : rs.rows()) {
    out.push_back({AsText(r[0]), AsText(r[1]), AsInt(r[2]), AsInt(r[3])});
  }
  return out;
}

Status CountFailures(SqlConnection& c, const std::vector<std::pair<std::string, std::string>>& keys,
                     int64_t now) {
  if (keys.empty()) return Status::Ok();
  Transaction tx(c);
  KG_RETURN_IF_ERROR(tx.Begin());
  for (const auto& [kind, value] : keys) {
    KG_RETURN_IF_ERROR(
        c.Exec("INSERT INTO keygate_login_failure (kind, value, failures, last_failure) "
               "VALUES (?, ?, 1, ?) ON CONFLICT (kind, value) DO UPDATE SET "
               "failures = keygate_login_failure.failures + 1, "
               "last_failure = excluded.last_failure",
               {kind, value, now})
            .status());
  }
  return tx.Commit();
}

Status ForgetFailures(SqlConnection& c,
                      const std::vector<std::pair<std::string, std::string>>& keys) {
  if (keys.empty()) return Status::Ok();
  SqlParams params;
  const std::string where = KeysCondition(keys, params);
  return c.Exec("DELETE FROM keygate_login_failure WHERE " + where, params).status();
}

StatusOr<bool> SignedInFromNetwork(SqlConnection& c, const std::string& login,
                                   const std::string& network, int64_t since) {
  KG_ASSIGN_OR_RETURN(auto rs, c.Query("SELECT 1 FROM keygate_login_network WHERE login = ? AND "
                                       "network = ? AND last_success >= ?",
                                       {login, network, since}));
  return !rs.empty();
}

Status RememberSignInNetwork(SqlConnection& c, const std::string& login, const std::string& network,
                             int64_t now) {
  return c
      .Exec(
          "INSERT INTO keygate_login_network (login, network, last_success) VALUES (?, ?, ?) "
          "ON CONFLICT (login, network) DO UPDATE SET last_success = excluded.last_success",
          {login, network, now})
      .status();
}

StatusOr<int64_t> PurgeLoginFailureRows(SqlConnection& c, int64_t failures_before,
                                        int64_t networks_before) {
  KG_ASSIGN_OR_RETURN(int64_t counters, c.Exec("DELETE FROM keygate_login_failure WHERE "
                                               "last_failure < ?",
                                               {failures_before}));
  KG_ASSIGN_OR_RETURN(int64_t networks, c.Exec("DELETE FROM keygate_login_network WHERE "
                                               "last_success < ?",
                                               {networks_before}));
  return counters + networks;
}

}  // namespace keygate::store
