// The detection rules: sliding-window thresholds over groups of events, and the new-network rule.
#include "detect/rules.h"

#include <algorithm>
#include <functional>

#include "auth/ip_network.h"
#include "common/clock.h"

namespace keygate::detect {

namespace {

using auth::AuthReason;

// The alert kind of a retired key's use (revoked, rotated out, expired), or null.
const char* RetiredKeyAlert(AuthReason reason) {
  switch (reason) {
    case AuthReason::kKeyRevoked:
      return kRevokedKeyUse;
    case AuthReason::kKeyRotated:
      return kRotatedKeyUse;
    case AuthReason::kKeyExpired:
      return kExpiredKeyUse;
    case AuthReason::kOk:
    case AuthReason::kEmptySecret:
    case AuthReason::kUnknownLogin:
    case AuthReason::kUnknownUid:
    case AuthReason::kUserArchived:
    case AuthReason::kWrongPassword:
    case AuthReason::kUnknownKey:
    case AuthReason::kKeyScope:
    case AuthReason::kKeyOtherUser:
    case AuthReason::kPasswordRefused2fa:
    case AuthReason::kKeyRefusedInteractive:
    case AuthReason::kCooldown:
    case AuthReason::kAddressNotAllowed:
    case AuthReason::kRateLimited:
    case AuthReason::kPasswordCheckBusy:
    case AuthReason::kKeyOutsideIntegrationCalls:
    case AuthReason::kUnknownDatabase:
      break;
  }
  return nullptr;
}

struct Timed {
  int64_t ms;
  const DetectEvent* e;
};

// The first window of `events` (sorted by time) in which the count reaches `threshold`: the
// number of distinct `value`s of its events, or with no `value` the number of events.
struct Window {
  size_t begin = 0;
  size_t end = 0;  // one past the last event of the window
  int64_t count = 0;
};
using ValueFn = std::function<std::string(const DetectEvent&)>;
std::optional<Window> FirstWindowReaching(const std::vector<Timed>& events, int64_t window_ms,
                                          int64_t threshold, const ValueFn& value) {
  std::map<std::string, int64_t> in;
  auto add = [&](size_t i) {
    if (value) in[value(*events[i].e)]++;
  };
  auto count = [&](size_t left, size_t end) {
    return value ? static_cast<int64_t>(in.size()) : static_cast<int64_t>(end - left);
  };
  size_t left = 0;
  for (size_t right = 0; right < events.size(); ++right) {
    add(right);
    while (events[right].ms - events[left].ms >= window_ms) {
      if (value) {
        auto it = in.find(value(*events[left].e));
        if (--it->second == 0) in.erase(it);
      }
      ++left;
    }
    if (count(left, right + 1) >= threshold) {
      // Report the whole window that starts there, as far as events are known.
      size_t end = right + 1;
      while (end < events.size() && events[end].ms - events[left].ms < window_ms) add(end++);
      return Window{left, end, count(left, end)};
    }
  }
  return std::nullopt;
}

std::string Plural(int64_t n, const std::string& one, const std::string& many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

std::string KeySubject(const DetectEvent& e) {
  if (e.key_id) return "key " + std::to_string(*e.key_id);
  if (!e.login.empty()) return "login " + e.login;
  if (e.uid) return "uid " + std::to_string(*e.uid);
  return "address " + e.client_ip;
}

std::string KeyWords(const DetectEvent& e) {
  std::string s = e.key_id ? "API key " + std::to_string(*e.key_id) : "an API key";
  if (!e.login.empty()) s += " of '" + e.login + "'";
  return s;
}

class RuleRunner {
 public:
  RuleRunner(const DetectInput& in, const DetectSettings& s)
      : in_(in), s_(s), window_ms_(s.window_seconds * 1000) {}

  DetectOutput Run() {
    std::vector<Timed> guesses, key_misuse, access_errors, cooldown_private;
    for (const auto& e : in_.failures) {
      if (e.success) continue;
      auto ms = ParseEventMillis(e.time);
      if (!ms) continue;
      Timed t{*ms, &e};
      if (e.reason == auth::kAccessErrorReason) access_errors.push_back(t);
      const std::optional<AuthReason> reason = auth::ParseReason(e.reason);
      if (!reason) continue;
      if (IsGuessReason(*reason)) guesses.push_back(t);
      if (RetiredKeyAlert(*reason) != nullptr) key_misuse.push_back(t);
      // Only web logins (the web console's included) are put on cooldown by address
      // (auth/login_cooldown.h): the per-login cooldown of other channels says nothing of a proxy.
      if (reason == AuthReason::kCooldown && (e.channel == "web" || e.channel == "console") &&
          (e.peer_address.empty() || e.peer_address == e.client_ip) &&
          auth::IsPrivateAddress(e.client_ip)) {
        cooldown_private.push_back(t);
      }
    }
    auto by_time = [](const Timed& a, const Timed& b) { return a.ms < b.ms; };
    for (auto* v : {&guesses, &key_misuse, &access_errors, &cooldown_private}) {
      std::stable_sort(v->begin(), v->end(), by_time);
    }

    const ValueFn count_events;  // count events, not distinct values
    auto login_of = [](const DetectEvent& e) { return e.login; };
    auto ip_of = [](const DetectEvent& e) { return e.client_ip; };

    // Brute force: one login from one address.
    Rule(
        guesses, kBruteForce, s_.bruteforce_failures,
        [](const DetectEvent& e) {
          return e.login.empty() ? std::string() : e.login + " from " + e.client_ip;
        },
        count_events,
        [this](const Window& w, const std::vector<Timed>& ev) {
          const DetectEvent& e = *ev[w.begin].e;
          Alert a;
          a.severity = "warning";
          a.login = e.login;
          a.client_ip = e.client_ip;
          a.message = Plural(w.count, "failed login", "failed logins") + " for '" + e.login +
                      "' from " + e.client_ip + " within " + WindowText() + ": brute force";
          a.recommendation =
              "If " + e.client_ip +
              " is not one of your clients, block it at the firewall or proxy. Keep the login "
              "cooldown on (base.login_cooldown_after), give '" +
              e.login +
              "' a strong password or two-factor authentication, and check whether a later "
              "attempt succeeded: " +
              Events() + " --login " + e.login + " --ip " + e.client_ip;
          return a;
        });

    // Spraying: many logins from one address.
    Rule(
        guesses, kPasswordSpraying, s_.spray_logins,
        [](const DetectEvent& e) { return e.login.empty() ? std::string() : e.client_ip; },
        login_of,
        [this](const Window& w, const std::vector<Timed>& ev) {
          const DetectEvent& e = *ev[w.begin].e;
          Alert a;
          a.severity = "critical";
          a.client_ip = e.client_ip;
          a.message = "failed logins for " + Plural(w.count, "distinct login", "distinct logins") +
                      " from " + e.client_ip + " within " + WindowText() +
                      ": password spraying or credential stuffing";
          a.recommendation = "Block " + e.client_ip +
                             " at the firewall or proxy, and check whether any login succeeded "
                             "from it: " +
                             Events() + " --ip " + e.client_ip + " --outcome success";
          return a;
        });

    // Distributed: one login from many addresses.
    Rule(
        guesses, kDistributedBruteForce, s_.distributed_addresses,
        [](const DetectEvent& e) { return e.login; }, ip_of,
        [this](const Window& w, const std::vector<Timed>& ev) {
          const DetectEvent& e = *ev[w.begin].e;
          Alert a;
          a.severity = "critical";
          a.login = e.login;
          a.message = "failed logins for '" + e.login + "' from " +
                      Plural(w.count, "distinct address", "distinct addresses") + " within " +
                      WindowText() + ": a distributed attack on one account";
          a.recommendation =
              "Keep the login cooldown on (its per-login counter holds whatever the address), "
              "turn on two-factor authentication for '" +
              e.login + "' (keygate user totp enable --db " + in_.db + " " + e.login +
              ") and review its recent attempts: " + Events() + " --login " + e.login;
          return a;
        });

    // Revoked, rotated-out or expired keys: any use.
    Rule(
        key_misuse, "", 1, [](const DetectEvent& e) { return e.reason + "|" + KeySubject(e); },
        count_events,
        [this](const Window& w, const std::vector<Timed>& ev) {
          const DetectEvent& e = *ev[w.begin].e;
          Alert a;
          a.login = e.login;
          a.client_ip = e.client_ip;
          a.key_id = e.key_id;
          std::string times = Plural(w.count, "time", "times");
          const char* kind = RetiredKeyAlert(auth::ParseReason(e.reason).value());
          if (kind == kRevokedKeyUse) {
            a.kind = kRevokedKeyUse;
            a.severity = "warning";
            a.message = "revoked " + KeyWords(e) + " was used " + times + " from " + e.client_ip +
                        " (" + e.channel + ")";
            a.recommendation =
                "Whoever calls still holds a revoked key. If it was revoked because it leaked, "
                "this is not your integration: block " +
                e.client_ip +
                ". Otherwise give the integration its new key (keygate key new) and stop the old "
                "client.";
          } else if (kind == kRotatedKeyUse) {
            a.kind = kRotatedKeyUse;
            a.severity = "warning";
            a.message = KeyWords(e) + " was rotated out (its grace period is over) and used " +
                        times + " from " + e.client_ip + " (" + e.channel + ")";
            a.recommendation = "Put the successor key in the client at " + e.client_ip +
                               " (keygate key list --db " + in_.db +
                               " shows rotated_to). If no client of yours runs there, treat "
                               "the old key as leaked.";
          } else {
            a.kind = kExpiredKeyUse;
            a.severity = "info";
            a.message = "expired " + KeyWords(e) + " was used " + times + " from " + e.client_ip +
                        " (" + e.channel + ")";
            a.recommendation =
                "Create a new key for the integration (keygate key new --expires-days N) and "
                "replace the expired one in the client at " +
                e.client_ip + "; rotate before expiry next time (keygate key rotate).";
          }
          return a;
        });

    // Permission probing: AccessErrors of one key.
    Rule(
        access_errors, kAccessErrorBurst, s_.access_errors,
        [](const DetectEvent& e) {
          if (e.key_id) return "key " + std::to_string(*e.key_id);
          return e.uid ? "uid " + std::to_string(*e.uid) : std::string();
        },
        count_events,
        [this](const Window& w, const std::vector<Timed>& ev) {
          const DetectEvent& e = *ev[w.begin].e;
          Alert a;
          a.severity = "warning";
          a.login = e.login;
          a.client_ip = e.client_ip;
          a.key_id = e.key_id;
          std::string who = e.key_id ? KeyWords(e) : "the password of '" + e.login + "'";
          a.message = Plural(w.count, "AccessError", "AccessErrors") + " for " + who + " within " +
                      WindowText() + " (from " + e.client_ip + "): permission probing?";
          a.recommendation =
              "Check what the caller tried (" + Events() + " --login " + e.login +
              " --outcome failed). If it is not your integration, revoke the key; if it is, it "
              "lacks a right: keygate access check tells which group or scope grants it.";
          return a;
        });

    // The cooldown refusing a private address that was not resolved through a proxy.
    Rule(
        cooldown_private, kCooldownPrivateAddress, 1,
        [](const DetectEvent& e) { return e.client_ip; }, count_events,
        [](const Window& w, const std::vector<Timed>& ev) {
          const DetectEvent& e = *ev[w.begin].e;
          Alert a;
          a.severity = "warning";
          a.client_ip = e.client_ip;
          a.message = "the login cooldown refused the private address " + e.client_ip + " (" +
                      Plural(w.count, "time", "times") +
                      "): probably a reverse proxy, so every client behind it shares one "
                      "address and one failing client locks out all of them";
          a.recommendation =
              "If keygate runs behind a proxy, set proxy_mode = True and "
              "trusted_proxies = " +
              e.client_ip + " (or its network), and have the proxy send X-Forwarded-For.";
          return a;
        });

    NewNetworks();
    std::stable_sort(out_.alerts.begin(), out_.alerts.end(),
                     [](const Alert& a, const Alert& b) { return a.first_seen < b.first_seen; });
    return std::move(out_);
  }

 private:
  std::string WindowText() const { return std::to_string(s_.window_seconds) + " s"; }

  // Groups `events` by `group` (empty: not counted), and raises at most one alert per group: the
  // first window, after what earlier alerts cover, where the distinct `value`s reach `threshold`.
  // An empty `kind` lets `make` set it.
  void Rule(const std::vector<Timed>& events, const std::string& kind, int64_t threshold,
            const ValueFn& group, const ValueFn& value,
            const std::function<Alert(const Window&, const std::vector<Timed>&)>& make) {
    std::map<std::string, std::vector<Timed>> groups;
    for (const auto& t : events) {
      std::string g = group(*t.e);
      if (!g.empty()) groups[g].push_back(t);
    }
    for (auto& [g, all] : groups) {
      // The subject's events before the end of its last alert's window are already reported. The
      // kind is known for every rule but the key-misuse one, whose group starts with the reason.
      std::string k = kind.empty() ? make(Window{0, 1, 1}, all).kind : kind;
      std::string subject = kind.empty() ? g.substr(g.find('|') + 1) : g;
      int64_t covered = 0;
      if (auto it = in_.covered_until_ms.find(AlertKey(k, subject));
          it != in_.covered_until_ms.end()) {
        covered = it->second;
      }
      std::vector<Timed> fresh;
      for (const auto& t : all) {
        if (t.ms >= covered) fresh.push_back(t);
      }
      auto w = FirstWindowReaching(fresh, window_ms_, threshold, value);
      if (!w) continue;
      Alert a = make(*w, fresh);
      a.kind = k;
      a.subject = subject;
      a.count = w->count;
      a.first_seen = fresh[w->begin].e->time;
      a.last_seen = fresh[w->end - 1].e->time;
      out_.alerts.push_back(std::move(a));
    }
  }

  void NewNetworks() {
    std::vector<const KeyUse*> uses;
    for (const auto& u : in_.key_uses) uses.push_back(&u);
    std::stable_sort(uses.begin(), uses.end(), [](const KeyUse* a, const KeyUse* b) {
      return a->first_seen < b->first_seen;
    });
    std::map<int64_t, std::set<std::string>> known = in_.known_networks;
    std::map<std::pair<int64_t, std::string>, KeyNetwork> seen;
    for (const KeyUse* u : uses) {
      auto net = NetworkOf(u->client_ip);
      if (!net) continue;
      auto [it, inserted] = seen.try_emplace(
          {u->key_id, *net}, KeyNetwork{u->key_id, *net, u->first_seen, u->last_seen});
      if (!inserted) {
        it->second.first_seen = std::min(it->second.first_seen, u->first_seen);
        it->second.last_seen = std::max(it->second.last_seen, u->last_seen);
      }
      std::set<std::string>& nets = known[u->key_id];
      if (nets.count(*net)) continue;
      bool first_ever = nets.empty();
      nets.insert(*net);
      if (first_ever || !s_.new_network) continue;
      Alert a;
      a.kind = kNewNetwork;
      a.severity = "warning";
      a.subject = "key " + std::to_string(u->key_id) + " from " + *net;
      a.login = u->login;
      a.client_ip = u->client_ip;
      a.key_id = u->key_id;
      a.count = u->count;
      a.first_seen = u->first_seen;
      a.last_seen = u->last_seen;
      std::string prior;
      for (const auto& n : nets) {
        if (n == *net) continue;
        prior += (prior.empty() ? "" : ", ") + n;
      }
      a.message = "API key " + std::to_string(u->key_id) +
                  (u->login.empty() ? "" : " of '" + u->login + "'") + " was used from " +
                  u->client_ip + ", in the network " + *net +
                  " it was never used from before (known: " + prior + ")";
      a.recommendation =
          "If this is expected (a new server or office), nothing to do. Otherwise revoke the key "
          "(keygate key revoke --db DB " +
          std::to_string(u->key_id) +
          ") and give its integration a new one restricted with --allow-ip.";
      out_.alerts.push_back(std::move(a));
    }
    for (auto& [k, v] : seen) out_.networks.push_back(std::move(v));
  }

  // `keygate events` on this database, as the recommendations give it (pasteable as is).
  std::string Events() const { return "keygate events --db " + in_.db; }

  const DetectInput& in_;
  const DetectSettings& s_;
  const int64_t window_ms_;
  DetectOutput out_;
};

}  // namespace

DetectOutput Detect(const DetectInput& input, const DetectSettings& settings) {
  return RuleRunner(input, settings).Run();
}

std::string AlertKey(std::string_view kind, std::string_view subject) {
  std::string k(kind);
  k += '\x1f';
  k += subject;
  return k;
}

std::optional<int64_t> ParseEventMillis(std::string_view text) {
  auto secs = ParseUtc(text.substr(0, 19));
  if (!secs || text.size() < 19) return std::nullopt;
  int64_t ms = 0;
  if (text.size() > 20 && text[19] == '.') {
    int digits = 0;
    for (size_t i = 20; i < text.size() && digits < 3; ++i, ++digits) {
      if (text[i] < '0' || text[i] > '9') return std::nullopt;
      ms = ms * 10 + (text[i] - '0');
    }
    while (digits++ < 3) ms *= 10;
  }
  return *secs * 1000 + ms;
}

bool IsGuessReason(AuthReason reason) {
  switch (reason) {
    case AuthReason::kWrongPassword:
    case AuthReason::kUnknownLogin:
    case AuthReason::kUnknownUid:
    case AuthReason::kUnknownKey:
    case AuthReason::kKeyOtherUser:
    case AuthReason::kUserArchived:
    case AuthReason::kPasswordRefused2fa:
    case AuthReason::kEmptySecret:
    case AuthReason::kCooldown:
    case AuthReason::kPasswordCheckBusy:
    case AuthReason::kKeyOutsideIntegrationCalls:  // guessing keys where keygate does not check
      return true;
    case AuthReason::kOk:
    case AuthReason::kKeyExpired:
    case AuthReason::kKeyRevoked:
    case AuthReason::kKeyRotated:
    case AuthReason::kKeyScope:
    case AuthReason::kKeyRefusedInteractive:
    case AuthReason::kAddressNotAllowed:
    case AuthReason::kRateLimited:
    case AuthReason::kUnknownDatabase:
      return false;
  }
  return false;
}

}  // namespace keygate::detect
