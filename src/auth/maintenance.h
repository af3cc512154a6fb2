// Periodic housekeeping of every database, as Odoo's autovacuum cron: deletes expired API keys
// (res.users.apikeys._gc_user_apikeys), ended web sessions, auth events older than the
// retention, and stale login-cooldown counters. Runs once at start and then every interval on its
// own thread.
// Thread-safety: Start/Stop from one thread; RunOnce is safe to call concurrently with requests.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdint>

#include "common/clock.h"
#include "common/periodic_worker.h"
#include "common/status.h"
#include "store/sql.h"

namespace keygate::auth {

struct MaintenanceSettings {
  int64_t interval_seconds = 3600;
  int64_t event_retention_days = 90;  // 0 keeps events forever
  int64_t session_idle_seconds = int64_t{7} * 24 * 3600;
  int64_t session_max_seconds = int64_t{90} * 24 * 3600;
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
      : backend_(backend),
        clock_(clock),
        settings_(settings),
        worker_(std::chrono::seconds(std::max<int64_t>(1, settings.interval_seconds)),
                PeriodicWorker::FirstRun::kAtStart, [this] { RunOnce(); }) {}
  ~Maintenance() { Stop(); }
  Maintenance(const Maintenance&) = delete;
  Maintenance& operator=(const Maintenance&) = delete;

  void Start() { worker_.Start(); }  // a pass at once, then one per interval
  void Stop() { worker_.Stop(); }    // idempotent; waits for a pass in progress
  void RunOnce();

 private:
  store::Backend& backend_;
  const Clock& clock_;
  const MaintenanceSettings settings_;
  PeriodicWorker worker_;  // last: stopped before the members its passes use go
};

}  // namespace keygate::auth
