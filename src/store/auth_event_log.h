// keygate_auth_event, the auth event log's table, with what rides on its rows: the last use of a
// key (keygate_key_meta's last_used_* columns and use_count) and what keys did
// (keygate_key_usage). Successful attempts are rolled up: those alike in everything but their
// time (same database, channel, login, user, key, addresses, user agent and reason) within one
// minute are one row with a count (`calls`) and the time of the last (`last_date`), so the log
// does not grow by a row per call; every failure stays a row of its own. The buffering writer and
// the rules of what an event holds are auth/auth_events.h's; detection's reads of the log (detect/)
// come through here too. Thread-safety: stateless; the connection is the caller's.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "common/status.h"
#include "store/sql.h"

namespace keygate::store {

// One attempt. Never a secret: at most a key's 8-character index.
struct AuthEvent {
  int64_t id = 0;           // the row's, once stored (0 before)
  std::string create_date;  // "YYYY-MM-DD HH:MM:SS.mmm" UTC
  std::string db;
  std::string channel;
  std::string login;
  std::optional<int64_t> uid;
  std::optional<int64_t> key_id;
  std::optional<std::string> key_index;
  std::string client_ip;
  std::string peer_address;
  std::string user_agent;
  bool success = false;
  std::string reason;
  // False for an event about a key that is no use of it (a change made from the web console):
  // the key's last use is left as it is.
  bool key_use = true;
  // The attempts the row stands for: more than one for successes rolled up, the last of them at
  // last_date (same format as create_date; empty when calls is 1).
  int64_t calls = 1;
  std::string last_date;
};

// Whether `e` is rolled up with the successes alike within its minute: a success that is a use
// (console changes are not).
bool RolledUp(const AuthEvent& e);
// What rolled-up successes share (everything but the time) and the minute they fall in; equal
// keys are one row.
std::string RollupKey(const AuthEvent& e);

// The rows a writer made for the current minute's rolled-up successes, by RollupKey: the next
// batch adds to them rather than inserting. Only the writer that made them holds them (an id is
// never shared between processes); AppendAuthEvents forgets rows of past minutes.
struct OpenRollups {
  std::string minute;  // "YYYY-MM-DD HH:MM" of the rows held
  std::unordered_map<std::string, int64_t> rows;
};

// The outcome column: "success" or "failure" (the reason column is an auth/auth_reason.h name).
const char* EventOutcomeName(bool success);

// Writes events in one transaction; a successful event that uses a key also records the key's
// last use (a key deleted meanwhile has no row to update). With `open`, a rolled-up success adds
// its calls to the row `open` holds for it (made by an earlier batch of this writer in the same
// minute), and the rows this batch makes are held there once it is committed.
Status AppendAuthEvents(SqlConnection& c, const std::vector<AuthEvent>& events,
                        OpenRollups* open = nullptr);

struct EventFilter {
  std::optional<std::string> since;  // create_date >= since ("YYYY-MM-DD HH:MM:SS")
  std::optional<std::string> login;
  std::optional<std::string> ip;  // client or peer address
  std::optional<bool> success;
  int64_t limit = 100;
};

// Most recent first.
StatusOr<std::vector<AuthEvent>> ListAuthEvents(SqlConnection& c, const EventFilter& f);

// The time of the newest event that names a key by this index; "" when none does (a key that
// never existed here, as far as the log remembers).
StatusOr<std::string> LastEventWithKeyIndex(SqlConnection& c, const std::string& index);

// Deletes events older than `before` ("YYYY-MM-DD HH:MM:SS"); returns how many.
StatusOr<int64_t> DeleteAuthEventsBefore(SqlConnection& c, const std::string& before);

// The overview of the console: authentications at or after `since` counted per time bucket,
// outcome and reason. A bucket is the first `bucket_chars` characters of create_date (13: the
// hour "YYYY-MM-DD HH", 10: the day "YYYY-MM-DD"). The console's own changes (reasons starting
// with "console_") are no authentications and are not counted. Ordered by bucket, outcome,
// reason.
struct EventCount {
  std::string bucket;
  bool success = false;
  std::string reason;
  int64_t count = 0;
};
StatusOr<std::vector<EventCount>> CountAuthEventsSince(SqlConnection& c, const std::string& since,
                                                       int bucket_chars);

// The logins (or client addresses) with the most failed authentications at or after `since`,
// most first (ties by name), at most `limit`; empty logins are not counted.
struct FailureCount {
  std::string value;
  int64_t count = 0;
};
StatusOr<std::vector<FailureCount>> TopFailingLogins(SqlConnection& c, const std::string& since,
                                                     int64_t limit);
StatusOr<std::vector<FailureCount>> TopFailingAddresses(SqlConnection& c, const std::string& since,
                                                        int64_t limit);

// Failed events (failures and access errors) at or after `since`, oldest first, at most `limit`
// (the fields detection reads: no db, user agent or key index).
StatusOr<std::vector<AuthEvent>> FailedEventsSince(SqlConnection& c, const std::string& since,
                                                   int64_t limit);

// Successful uses of keys at or after `since`, one row per (key, client address); a change made
// from the console is no use.
struct KeyUseRow {
  int64_t key_id = 0;
  std::string login;
  std::string client_ip;
  std::string first_seen;
  std::string last_seen;
  int64_t count = 0;
};
StatusOr<std::vector<KeyUseRow>> KeyUsesSince(SqlConnection& c, const std::string& since);

// The client addresses a key was used from successfully before `before` (console changes aside).
StatusOr<std::vector<std::string>> AddressesKeyUsedFrom(SqlConnection& c, int64_t key_id,
                                                        const std::string& before);

// What a key did: `count` more calls of `operation` on `model`, the last at `last_used_at`.
struct KeyUsage {
  int64_t key_id = 0;
  std::string model;
  std::string operation;
  std::string last_used_at;
  int64_t count = 0;
};
// Adds each in one transaction (a key deleted meanwhile is skipped).
Status AddKeyUsage(SqlConnection& c, const std::vector<KeyUsage>& usage);
// The (model, operation) pairs the key did at or after `since`, sorted.
StatusOr<std::vector<std::pair<std::string, std::string>>> KeyOperationsSince(
    SqlConnection& c, int64_t key_id, const std::string& since);
// Every (key, model, operation) recorded, with its last use and count.
StatusOr<std::vector<KeyUsage>> AllKeyUsage(SqlConnection& c);

}  // namespace keygate::store
