// Shared login cooldown counters and the networks each login signed in from.
#include "auth/login_cooldown.h"

#include <cerrno>
#include <cstdlib>

#include "auth/ip_network.h"

namespace keygate::auth {

namespace {

int64_t ParamOr(const std::string& text, int64_t fallback) {
  char* end = nullptr;
  errno = 0;
  long long v = std::strtoll(text.c_str(), &end, 10);
  if (text.empty() || *end != '\0' || errno != 0 || v < 0) return fallback;
  return v;
}

bool Over(int64_t failures, int64_t last, const CooldownSettings& s, int64_t now) {
  return failures >= s.after && now - last < s.duration;
}

}  // namespace

const char* CooldownScopeName(CooldownScope scope) {
  switch (scope) {
    case CooldownScope::kAddress:
      return "ip";
    case CooldownScope::kLogin:
      return "login";
  }
  return "login";
}

std::optional<CooldownScope> ParseCooldownScope(std::string_view name) {
  for (CooldownScope scope : {CooldownScope::kAddress, CooldownScope::kLogin}) {
    if (name == CooldownScopeName(scope)) return scope;
  }
  return std::nullopt;
}

StatusOr<CooldownSettings> LoadCooldownSettings(store::SqlConnection& c) {
  KG_ASSIGN_OR_RETURN(auto rs, c.Query("SELECT key, value FROM ir_config_parameter WHERE key IN "
                                       "('base.login_cooldown_after', "
                                       "'base.login_cooldown_duration')"));
  CooldownSettings s;
  for (const auto& r : rs.rows()) {
    const std::string key = store::AsText(r[0]);
    if (key == "base.login_cooldown_after") {
      s.after = ParamOr(store::AsText(r[1]), 5);
    } else {
      s.duration = ParamOr(store::AsText(r[1]), 60);
    }
  }
  return s;
}

std::optional<CooldownScope> CooldownState::OnCooldown(const CooldownSettings& s,
                                                       int64_t now) const {
  if (!s.enabled()) return std::nullopt;
  if (Over(ip_failures, ip_last, s, now)) return CooldownScope::kAddress;
  if (Over(login_failures, login_last, s, now)) return CooldownScope::kLogin;
  return std::nullopt;
}

StatusOr<CooldownState> ReadCooldownState(store::SqlConnection& c, const std::string& client_ip,
                                          const std::string& login) {
  CooldownState st;
  if (client_ip.empty() && login.empty()) return st;
  // An empty value matches no row: counters are never stored for an empty key.
  KG_ASSIGN_OR_RETURN(auto rs, c.Query("SELECT kind, failures, last_failure FROM "
                                       "keygate_login_failure WHERE (kind = ? AND value = ?) "
                                       "OR (kind = ? AND value = ?)",
                                       {CooldownScopeName(CooldownScope::kAddress), client_ip,
                                        CooldownScopeName(CooldownScope::kLogin), login}));
  for (const auto& r : rs.rows()) {
    const std::optional<CooldownScope> scope = ParseCooldownScope(store::AsText(r[0]));
    if (!scope) continue;
    switch (*scope) {
      case CooldownScope::kAddress:
        st.ip_failures = store::AsInt(r[1]);
        st.ip_last = store::AsInt(r[2]);
        break;
      case CooldownScope::kLogin:
        st.login_failures = store::AsInt(r[1]);
        st.login_last = store::AsInt(r[2]);
        break;
    }
  }
  return st;
}

Status RecordLoginFailure(store::SqlConnection& c, const std::string& client_ip,
                          const std::string& login, int64_t now) {
  static constexpr char kUpsert[] =
      "INSERT INTO keygate_login_failure (kind, value, failures, last_failure) VALUES (?, ?, 1, ?) "
      "ON CONFLICT (kind, value) DO UPDATE SET failures = keygate_login_failure.failures + 1, "
      "last_failure = excluded.last_failure";
  if (client_ip.empty() && login.empty()) return Status::Ok();
  store::Transaction tx(c);
  KG_RETURN_IF_ERROR(tx.Begin());
  if (!client_ip.empty()) {
    KG_RETURN_IF_ERROR(
        c.Exec(kUpsert, {CooldownScopeName(CooldownScope::kAddress), client_ip, now}).status());
  }
  if (!login.empty()) {
    KG_RETURN_IF_ERROR(
        c.Exec(kUpsert, {CooldownScopeName(CooldownScope::kLogin), login, now}).status());
  }
  return tx.Commit();
}

Status ResetLoginFailures(store::SqlConnection& c, const std::string& client_ip,
                          const std::string& login) {
  if (client_ip.empty() && login.empty()) return Status::Ok();
  return c
      .Exec(
          "DELETE FROM keygate_login_failure WHERE (kind = ? AND value = ?) OR "
          "(kind = ? AND value = ?)",
          {CooldownScopeName(CooldownScope::kAddress), client_ip,
           CooldownScopeName(CooldownScope::kLogin), login})
      .status();
}

StatusOr<bool> IsKnownLoginNetwork(store::SqlConnection& c, const std::string& login,
                                   std::string_view client_ip, int64_t now) {
  auto network = NetworkOf(client_ip);
  if (!network || login.empty()) return false;
  KG_ASSIGN_OR_RETURN(auto rs, c.Query("SELECT 1 FROM keygate_login_network WHERE login = ? AND "
                                       "network = ? AND last_success >= ?",
                                       {login, *network, now - kKnownNetworkSeconds}));
  return !rs.empty();
}

Status RememberLoginNetwork(store::SqlConnection& c, const std::string& login,
                            std::string_view client_ip, int64_t now) {
  auto network = NetworkOf(client_ip);
  if (!network || login.empty()) return Status::Ok();
  return c
      .Exec(
          "INSERT INTO keygate_login_network (login, network, last_success) VALUES (?, ?, ?) "
          "ON CONFLICT (login, network) DO UPDATE SET last_success = excluded.last_success",
          {login, *network, now})
      .status();
}

StatusOr<int64_t> PurgeLoginFailures(store::SqlConnection& c, int64_t before, int64_t now) {
  KG_ASSIGN_OR_RETURN(int64_t counters,
                      c.Exec("DELETE FROM keygate_login_failure WHERE last_failure < ?", {before}));
  KG_ASSIGN_OR_RETURN(int64_t networks,
                      c.Exec("DELETE FROM keygate_login_network WHERE last_success < ?",
                             {now - kKnownNetworkSeconds}));
  return counters + networks;
}

}  // namespace keygate::auth
