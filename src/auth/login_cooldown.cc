// Shared login cooldown counters and the networks each login signed in from.
#include "auth/login_cooldown.h"

#include <cerrno>
#include <cstdlib>
#include <utility>
#include <vector>

#include "auth/ip_network.h"
#include "store/login_failures.h"
#include "store/repositories.h"

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
  KG_ASSIGN_OR_RETURN(auto values,
                      store::ConfigParameters(c).GetMany(
                          {"base.login_cooldown_after", "base.login_cooldown_duration"}));
  CooldownSettings s;
  for (const auto& [key, value] : values) {
    if (key == "base.login_cooldown_after") {
      s.after = ParamOr(value, 5);
    } else {
      s.duration = ParamOr(value, 60);
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

namespace {

// The counters of an attempt: its address's and its login's, each skipped when empty (counters
// are never kept for an empty value).
std::vector<std::pair<std::string, std::string>> CounterKeys(const std::string& client_ip,
                                                             const std::string& login) {
  std::vector<std::pair<std::string, std::string>> keys;
  if (!client_ip.empty()) keys.emplace_back(CooldownScopeName(CooldownScope::kAddress), client_ip);
  if (!login.empty()) keys.emplace_back(CooldownScopeName(CooldownScope::kLogin), login);
  return keys;
}

}  // namespace

StatusOr<CooldownState> ReadCooldownState(store::SqlConnection& c, const std::string& client_ip,
                                          const std::string& login) {
  CooldownState st;
  KG_ASSIGN_OR_RETURN(auto counters, store::ReadFailureCounters(c, CounterKeys(client_ip, login)));
  for (const store::FailureCounter& counter : counters) {
    const std::optional<CooldownScope> scope = ParseCooldownScope(counter.kind);
    if (!scope) continue;
    switch (*scope) {
      case CooldownScope::kAddress:
        st.ip_failures = counter.failures;
        st.ip_last = counter.last_failure;
        break;
      case CooldownScope::kLogin:
        st.login_failures = counter.failures;
        st.login_last = counter.last_failure;
        break;
    }
  }
  return st;
}

Status RecordLoginFailure(store::SqlConnection& c, const std::string& client_ip,
                          const std::string& login, int64_t now) {
  return store::CountFailures(c, CounterKeys(client_ip, login), now);
}

Status ResetLoginFailures(store::SqlConnection& c, const std::string& client_ip,
                          const std::string& login) {
  return store::ForgetFailures(c, CounterKeys(client_ip, login));
}

StatusOr<bool> IsKnownLoginNetwork(store::SqlConnection& c, const std::string& login,
                                   std::string_view client_ip, int64_t now) {
  auto network = NetworkOf(client_ip);
  if (!network || login.empty()) return false;
  return store::SignedInFromNetwork(c, login, *network, now - kKnownNetworkSeconds);
}

Status RememberLoginNetwork(store::SqlConnection& c, const std::string& login,
                            std::string_view client_ip, int64_t now) {
  auto network = NetworkOf(client_ip);
  if (!network || login.empty()) return Status::Ok();
  return store::RememberSignInNetwork(c, login, *network, now);
}

StatusOr<int64_t> PurgeLoginFailures(store::SqlConnection& c, int64_t before, int64_t now) {
  return store::PurgeLoginFailureRows(c, before, now - kKnownNetworkSeconds);
}

}  // namespace keygate::auth
