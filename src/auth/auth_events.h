// The auth event log (keygate_auth_event): one row per authentication attempt on any channel,
// success or failure, with its precise reason. Rows never hold a secret: at most the 8-character
// index of a key, and only when the secret had a key's shape and a key with that index exists.
//
// Recording must not slow requests down: AuthEventLog::Record() only appends to a bounded
// in-memory buffer; a background thread writes the buffer out in batches, one transaction per
// database, every flush interval. When the buffer is full new events are dropped and counted
// (and the count logged), rather than blocking requests. Stop() writes what is buffered.
// Successes are rolled up per minute (store/auth_event_log.h): one alike to a buffered one adds
// to its count, and the writer adds a batch's counts to the rows it made earlier in the minute,
// so a busy integration costs one row (and one buffer slot) a minute, not one per call.
// Thread-safety: AuthEventLog is thread-safe; the free functions use the caller's connection.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <tuple>
#include <unordered_map>
#include <vector>

#include "common/status.h"
#include "store/auth_event_log.h"
#include "store/sql.h"

namespace keygate::auth {

// The rows and the table are store/auth_event_log.h's.
using AuthEvent = store::AuthEvent;
using EventFilter = store::EventFilter;
using store::EventOutcomeName;

// "YYYY-MM-DD HH:MM:SS.mmm" for a unix time in milliseconds.
std::string FormatUtcMillis(int64_t unix_millis);

// The index to record for `secret`: its first 8 characters when it has a key's shape (40 lowercase
// hex characters) and `index_exists` says a key row with that index exists; otherwise none.
std::optional<std::string> KeyIndexForEvent(const std::string& secret, bool index_exists);

// Whether any key row has this index (one indexed lookup).
StatusOr<bool> KeyIndexExists(store::SqlConnection& c, const std::string& index);

// Writes events in one transaction (store::AppendAuthEvents).
inline Status InsertAuthEvents(store::SqlConnection& c, const std::vector<AuthEvent>& events,
                               store::OpenRollups* open = nullptr) {
  return store::AppendAuthEvents(c, events, open);
}

// Most recent first.
inline StatusOr<std::vector<AuthEvent>> QueryAuthEvents(store::SqlConnection& c,
                                                        const EventFilter& f) {
  return store::ListAuthEvents(c, f);
}

// Deletes events older than `before` ("YYYY-MM-DD HH:MM:SS"); returns how many.
inline StatusOr<int64_t> PurgeAuthEvents(store::SqlConnection& c, const std::string& before) {
  return store::DeleteAuthEventsBefore(c, before);
}

class AuthEventLog {
 public:
  // Opens databases through `backend` when flushing. `capacity` bounds the buffer.
  static constexpr size_t kDefaultCapacity = 10000;
  AuthEventLog(store::Backend& backend, size_t capacity = kDefaultCapacity,
               int flush_interval_ms = 200);
  ~AuthEventLog();  // Stop()
  AuthEventLog(const AuthEventLog&) = delete;
  AuthEventLog& operator=(const AuthEventLog&) = delete;

  void Start();  // the background flusher
  // Never blocks on storage; drops (and counts) the event when the buffer is full.
  void Record(AuthEvent event);
  // Writes everything buffered now (also called by the flusher).
  void Flush();
  // Stops the flusher after a final flush. Idempotent.
  void Stop();

  uint64_t dropped() const;

  // The databases events were written to since the last call (for the detector, which looks only
  // at databases with activity).
  std::vector<std::string> TakeWrittenDatabases();

  // What a key did (model and operation: read, write, create, unlink), aggregated in memory and
  // written with the next batch into keygate_key_usage, for the audit's scope check.
  void RecordKeyUsage(const std::string& db, int64_t key_id, const std::string& model,
                      const std::string& operation, const std::string& when_utc);

 private:
  void Run();
  void FlushKeyUsage();

  struct UsageKey {
    std::string db;
    int64_t key_id;
    std::string model;
    std::string operation;
    bool operator<(const UsageKey& o) const {
      return std::tie(db, key_id, model, operation) <
             std::tie(o.db, o.key_id, o.model, o.operation);
    }
  };
  struct UsageValue {
    std::string last_used_at;
    int64_t count = 0;
  };
  std::map<UsageKey, UsageValue> usage_;  // guarded by mu_; bounded by capacity_

  store::Backend& backend_;
  const size_t capacity_;
  const int flush_interval_ms_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::deque<AuthEvent> buffer_;
  // The buffered success each rollup key (store::RollupKey) adds to, by position in buffer_.
  std::unordered_map<std::string, size_t> buffered_rollups_;  // guarded by mu_
  // The rows the writer made this minute, per database; touched by the writer only.
  std::map<std::string, store::OpenRollups> open_rollups_;  // guarded by flush_mu_
  uint64_t dropped_ = 0;
  uint64_t dropped_reported_ = 0;
  std::set<std::string> written_;  // guarded by mu_
  bool stopping_ = false;
  std::mutex flush_mu_;  // one writer at a time
  std::thread thread_;
};

}  // namespace keygate::auth
