// The detection rules of failed-authentication detection, as pure functions over auth events:
// brute force against one login, spraying from one address across many logins, distributed
// attempts against one login, use of revoked / rotated-out / expired keys, a key used from a
// network it was never used from, a burst of AccessErrors from one key (permission probing), and
// the login cooldown hitting a private address (a reverse proxy without proxy_mode).
//
// Every threshold counts within a sliding window of `window_seconds`: an alert covers the first
// window (starting at an event) in which the threshold is reached. Events of a subject that an
// earlier alert already covers (before its first_seen + window) are not counted again, so the same
// kind and subject fire at most once per window, whoever runs the rules (a server, another server,
// `keygate watch`). No storage, no clock: detect/detector.h feeds them from the event log.
// Thread-safety: pure functions and value types.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "auth/auth_reason.h"
#include "auth/ip_network.h"

namespace keygate::detect {

// Alert kinds (stable names: the log, keygate_alert.kind, the webhook payload).
inline constexpr const char* kBruteForce = "brute_force";
inline constexpr const char* kPasswordSpraying = "password_spraying";
inline constexpr const char* kDistributedBruteForce = "distributed_brute_force";
inline constexpr const char* kRevokedKeyUse = "revoked_key_use";
inline constexpr const char* kRotatedKeyUse = "rotated_key_use";
inline constexpr const char* kExpiredKeyUse = "expired_key_use";
inline constexpr const char* kNewNetwork = "new_network";
inline constexpr const char* kAccessErrorBurst = "access_error_burst";
inline constexpr const char* kCooldownPrivateAddress = "cooldown_private_address";

// One row of keygate_auth_event, as the rules need it.
struct DetectEvent {
  std::string time;  // create_date, "YYYY-MM-DD HH:MM:SS.mmm" UTC
  std::string channel;
  std::string login;
  std::optional<int64_t> uid;
  std::optional<int64_t> key_id;
  std::string client_ip;
  std::string peer_address;
  bool success = false;
  std::string reason;  // a ReasonName or auth::kAccessErrorReason (auth/auth_reason.h)
};

// Successful uses of one key from one client address (aggregated by the loader).
struct KeyUse {
  int64_t key_id = 0;
  std::string login;
  std::string client_ip;
  std::string first_seen;
  std::string last_seen;
  int64_t count = 0;
};

// A network a key was used from, to remember (keygate_key_network).
struct KeyNetwork {
  int64_t key_id = 0;
  std::string network;
  std::string first_seen;
  std::string last_seen;
};

struct DetectSettings {
  int64_t window_seconds = 300;
  int64_t bruteforce_failures = 10;
  int64_t spray_logins = 5;
  int64_t distributed_addresses = 5;
  int64_t access_errors = 10;
  bool new_network = true;
};

struct Alert {
  std::string kind;
  std::string severity;   // "info", "warning" or "critical"
  std::string subject;    // what it is about; with kind, the deduplication key
  std::string login;      // "" when not one login
  std::string client_ip;  // "" when not one address
  std::optional<int64_t> key_id;
  int64_t count = 0;       // events (or distinct logins/addresses) in the window
  std::string first_seen;  // first event of the window
  std::string last_seen;   // last event of the window seen so far
  std::string message;
  std::string recommendation;
};

struct DetectInput {
  std::string db;  // the database's name, for the commands the recommendations give
  std::vector<DetectEvent> failures;  // failed attempts (and access_error events), any order
  std::vector<KeyUse> key_uses;       // successful key uses to check against known_networks
  // Networks each key was used from before key_uses; a key absent (or empty) has no history: its
  // earliest network in key_uses becomes its first known network without an alert.
  std::map<int64_t, std::set<std::string>> known_networks;
  // AlertKey(kind, subject) -> unix ms before which that subject's events are already covered.
  std::map<std::string, int64_t> covered_until_ms;
};

struct DetectOutput {
  std::vector<Alert> alerts;         // ordered by first_seen
  std::vector<KeyNetwork> networks;  // every (key, network) seen in key_uses, to remember
};

DetectOutput Detect(const DetectInput& input, const DetectSettings& settings);

// The deduplication key of an alert.
std::string AlertKey(std::string_view kind, std::string_view subject);

// The network an address is judged by (auth/ip_network.h).
using auth::NetworkOf;

// Unix milliseconds of "YYYY-MM-DD HH:MM:SS[.mmm]"; nullopt when malformed.
std::optional<int64_t> ParseEventMillis(std::string_view text);

// Whether a failure reason counts as a guess at a credential (brute force, spraying,
// distributed): wrong passwords, unknown logins and keys, cooldown refusals, ... but not the
// reasons with a rule of their own (revoked/rotated/expired keys, access_error) nor the refusals
// of a valid credential (rate_limited, address_not_allowed, key_refused_interactive).
bool IsGuessReason(auth::AuthReason reason);

}  // namespace keygate::detect
