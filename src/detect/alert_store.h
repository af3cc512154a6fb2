// Storage of detection: reading what the rules need from the auth event log (keygate_auth_event),
// the networks each key was used from (keygate_key_network), and the alerts raised
// (keygate_alert, whose unique (kind, subject, first_seen) makes recording idempotent across
// servers and `keygate watch`).
// Thread-safety: free functions on the caller's connection.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "common/status.h"
#include "detect/rules.h"
#include "store/sql.h"

namespace keygate::detect {

// Failed attempts (and access_error events) since `since` ("YYYY-MM-DD HH:MM:SS[.mmm]"), oldest
// first, at most `limit`.
StatusOr<std::vector<DetectEvent>> LoadFailures(store::SqlConnection& c, const std::string& since,
                                                int64_t limit = 100000);

// Successful uses of keys since `since`, one row per (key, client address).
StatusOr<std::vector<KeyUse>> LoadKeyUses(store::SqlConnection& c, const std::string& since);

// The networks the keys were used from before `before`: keygate_key_network, or for a key it
// knows nothing of, the successful events of the log.
StatusOr<std::map<int64_t, std::set<std::string>>> LoadKnownNetworks(
    store::SqlConnection& c, const std::set<int64_t>& key_ids, const std::string& before);

// Upserts the networks (first_seen kept, last_seen advanced).
Status RememberNetworks(store::SqlConnection& c, const std::vector<KeyNetwork>& networks);

// AlertKey(kind, subject) -> unix ms until which each subject is covered by its latest alert
// (first_seen + window), for the alerts whose first_seen is at or after `since`.
StatusOr<std::map<std::string, int64_t>> LoadCoverage(store::SqlConnection& c,
                                                      const std::string& since,
                                                      int64_t window_seconds);

struct StoredAlert {
  int64_t id = 0;
  std::string create_date;  // when it was recorded, "YYYY-MM-DD HH:MM:SS" UTC
  std::string db;           // filled by the caller (not stored: one table per database)
  Alert alert;
};

// Inserts the alert unless the same (kind, subject, first_seen) is recorded already; returns the
// stored row when this call recorded it, nullopt when another process (or an earlier pass) did.
StatusOr<std::optional<StoredAlert>> RecordAlert(store::SqlConnection& c, const Alert& alert,
                                                 const std::string& now_utc);

// Alerts recorded at or after `since` ("" = all), newest first, at most `limit`.
StatusOr<std::vector<StoredAlert>> ListAlerts(store::SqlConnection& c, const std::string& since,
                                              int64_t limit);

}  // namespace keygate::detect
