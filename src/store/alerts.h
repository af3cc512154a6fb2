// keygate_alert, the alerts detection raised (unique (kind, subject, first_seen), so that
// recording is idempotent across servers and `keygate watch`), and keygate_key_network, the
// networks each key was used from. The rules that fill them are detect/'s.
// Thread-safety: stateless; the connection is the caller's.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "store/sql.h"

namespace keygate::store {

struct AlertRecord {
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

// Inserts the alert at `now_utc` unless the same (kind, subject, first_seen) is recorded; returns
// the new row's id, or none when it was recorded already.
StatusOr<std::optional<int64_t>> InsertAlert(SqlConnection& c, const AlertRecord& alert,
                                             const std::string& now_utc);

struct StoredAlertRow {
  int64_t id = 0;
  std::string create_date;  // "YYYY-MM-DD HH:MM:SS" UTC
  AlertRecord alert;
};

// Alerts recorded at or after `since` ("" = all), newest first, at most `limit`.
StatusOr<std::vector<StoredAlertRow>> ListAlertRows(SqlConnection& c, const std::string& since,
                                                    int64_t limit);

// The latest first_seen of each (kind, subject) among alerts first seen at or after `since`.
struct AlertCoverageRow {
  std::string kind;
  std::string subject;
  std::string latest_first_seen;
};
StatusOr<std::vector<AlertCoverageRow>> LatestAlertsSince(SqlConnection& c,
                                                          const std::string& since);

// Deletes alerts recorded before `before`; returns how many.
StatusOr<int64_t> DeleteAlertsBefore(SqlConnection& c, const std::string& before);

// A network a key was used from.
struct KeyNetworkRow {
  int64_t key_id = 0;
  std::string network;
  std::string first_seen;
  std::string last_seen;
};

// The networks recorded for a key.
StatusOr<std::vector<std::string>> NetworksOfKey(SqlConnection& c, int64_t key_id);

// Upserts the networks in one transaction (first_seen kept, last_seen only advanced).
Status UpsertKeyNetworks(SqlConnection& c, const std::vector<KeyNetworkRow>& networks);

// Deletes networks last seen before `before`.
Status DeleteKeyNetworksBefore(SqlConnection& c, const std::string& before);

}  // namespace keygate::store
