// Periodic housekeeping.
#include "auth/maintenance.h"

#include <algorithm>
#include <chrono>

#include "auth/auth_events.h"
#include "auth/login_cooldown.h"
#include "auth/rate_limit.h"
#include "common/log.h"
#include "store/alerts.h"
#include "store/repositories.h"
#include "store/web_sessions.h"

namespace keygate::auth {

StatusOr<MaintenanceReport> MaintainDatabase(store::SqlConnection& c,
                                             const MaintenanceSettings& settings, int64_t now) {
  MaintenanceReport r;
  KG_ASSIGN_OR_RETURN(r.expired_keys, store::ApiKeys(c).DeleteExpired(FormatUtc(now)));
  KG_ASSIGN_OR_RETURN(r.ended_sessions,
                      store::DeleteEndedSessions(c, FormatUtc(now - settings.session_idle_seconds),
                                                 FormatUtc(now - settings.session_max_seconds)));
  if (settings.event_retention_days > 0) {
    const std::string before = FormatUtc(now - settings.event_retention_days * 86400);
    KG_ASSIGN_OR_RETURN(r.old_events, PurgeAuthEvents(c, before));
    // Alerts and the networks keys were seen from are kept as long as the events they come from.
    KG_ASSIGN_OR_RETURN(r.old_alerts, store::DeleteAlertsBefore(c, before));
    KG_RETURN_IF_ERROR(store::DeleteKeyNetworksBefore(c, before));
  }
  // Counters that can no longer put anyone on cooldown are kept a day, for diagnosis.
  KG_ASSIGN_OR_RETURN(r.stale_counters, PurgeLoginFailures(c, now - 86400, now));
  // Rate-limit buckets full again carry no state.
  KG_RETURN_IF_ERROR(PurgeFullRateBuckets(c, now * 1000000).status());
  return r;
}

void Maintenance::RunOnce() {
  auto names = backend_.List();
  if (!names.ok()) {
    Log(LogLevel::kWarning, "maintenance", "cannot list databases: " + names.status().message());
    return;
  }
  for (const auto& name : *names) {
    auto database = backend_.Open(name);
    if (!database.ok()) continue;  // dropped meanwhile, or not a keygate database
    auto conn = (*database)->Acquire();
    if (!conn.ok()) continue;
    auto report = MaintainDatabase(**conn, settings_, clock_.NowUnix());
    if (!report.ok()) {
      Log(LogLevel::kWarning, "maintenance",
          "db:" + name + " housekeeping failed: " + report.status().message());
      continue;
    }
    if (report->expired_keys + report->ended_sessions + report->old_events + report->old_alerts +
            report->stale_counters >
        0) {
      Log(LogLevel::kInfo, "maintenance",
          "db:" + name + " deleted " + std::to_string(report->expired_keys) +
              " expired API key(s), " + std::to_string(report->ended_sessions) +
              " ended session(s), " + std::to_string(report->old_events) + " old auth event(s), " +
              std::to_string(report->old_alerts) + " old alert(s), " +
              std::to_string(report->stale_counters) + " stale cooldown counter(s)");
    }
  }
}

}  // namespace keygate::auth
