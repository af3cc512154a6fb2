// Periodic housekeeping of every database, as Odoo's autovacuum cron: deletes expired API keys
// (res.users.apikeys._gc_user_apikeys), ended web sessions, auth events older than the
// retention, and stale login-cooldown counters. Runs once at start and then every interval on its
// own thread.
// Thread-safety: Start/Stop from one thread; RunOnce is safe to call concurrently with requests.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>

#include "common/clock.h"
#include "common/status.h"
#include "store/sql.h"

namespace keygate::auth {

struct MaintenanceSettings {
  int64_t interval_seconds = 3600;
  int64_t event_retention_days = 90;  // 0 keeps events forever
  int64_t session_idle_seconds = 7 * 24 * 3600;
  int64_t session_max_seconds = 90 * 24 * 3600;
};

struct MaintenanceReport {
  int64_t expired_keys = 0;
  int64_t ended_sessions = 0;
  int64_t old_events = 0;
  int64_t old_alerts = 0;
  int64_t stale_counters = 0;
};

// Housekeeping of one database.
StatusOr<MaintenanceReport> MaintainDatabase(store::SqlConnection& c,
                                             const MaintenanceSettings& settings, int64_t now);

class Maintenance {
 public:
  Maintenance(store::Backend& backend, const Clock& clock, MaintenanceSettings settings)
      : backend_(backend), clock_(clock), settings_(settings) {}
  ~Maintenance() { Stop(); }
  Maintenance(const Maintenance&) = delete;
  Maintenance& operator=(const Maintenance&) = delete;

  void Start();
  void Stop();  // idempotent; waits for a pass in progress
  void RunOnce();

 private:
  void Run();

  store::Backend& backend_;
  const Clock& clock_;
  const MaintenanceSettings settings_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace keygate::auth
