// Detection over the auth event log of a database: reads failures within the window and the
// successful key uses since the last pass, runs the rules (detect/rules.h), records new alerts in
// keygate_alert (idempotent across processes), then sends each alert this process recorded to
// the sinks: a structured WARNING log line (component "alert", key=value fields, never a secret)
// and, when configured, the webhook (detect/webhook.h).
//
// Detector is shared by the server's background DetectorThread and `keygate watch`. The thread
// looks only at databases with activity: those the event log wrote to recently (so that events
// written by other instances over the same database are seen too while it is in use).
// Thread-safety: Detector::RunOnce from one thread at a time; DetectorThread Start/Stop from one
// thread.
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "auth/auth_events.h"
#include "common/clock.h"
#include "common/periodic_worker.h"
#include "common/status.h"
#include "config/options.h"
#include "detect/alert_store.h"
#include "detect/rules.h"
#include "detect/webhook.h"
#include "store/sql.h"

namespace keygate::detect {

// The rules' thresholds from the server options (detect_*).
DetectSettings SettingsFromOptions(const config::Options& options);

// The webhook sender the options ask for (alert_webhook_*), started; null when no URL is set.
StatusOr<std::unique_ptr<WebhookSender>> StartWebhookFromOptions(const config::Options& options);

// The one-line log form of an alert: "kind=... severity=... db=... subject=\"...\" ...".
std::string AlertLogLine(const StoredAlert& alert);

class Detector {
 public:
  // `webhook` may be null (no webhook configured).
  Detector(store::Backend& backend, const Clock& clock, DetectSettings settings,
           WebhookSender* webhook)
      : backend_(backend), clock_(clock), settings_(settings), webhook_(webhook) {}

  // One pass over `db`. The first pass for a database looks back to `since` ("YYYY-MM-DD
  // HH:MM:SS"), by default one window; later passes read failures within the window and key uses
  // since the previous pass. Returns the alerts this pass recorded (already logged and queued
  // for the webhook).
  StatusOr<std::vector<StoredAlert>> RunOnce(const std::string& db,
                                             const std::optional<std::string>& since = {});

 private:
  store::Backend& backend_;
  const Clock& clock_;
  const DetectSettings settings_;
  WebhookSender* webhook_;
  std::map<std::string, std::string> key_use_cursor_;  // db -> key uses read from here on
};

// The server's periodic detection.
class DetectorThread {
 public:
  // `events` tells which databases had activity.
  DetectorThread(Detector& detector, auth::AuthEventLog& events, const Clock& clock,
                 double interval_seconds, int64_t window_seconds)
      : detector_(detector),
        events_(events),
        clock_(clock),
        interval_ms_(static_cast<int64_t>(interval_seconds * 1000)),
        window_seconds_(window_seconds),
        worker_(std::chrono::milliseconds(interval_ms_), PeriodicWorker::FirstRun::kAfterInterval,
                [this] { Pass(); }) {}
  ~DetectorThread() { Stop(); }
  DetectorThread(const DetectorThread&) = delete;
  DetectorThread& operator=(const DetectorThread&) = delete;

  void Start() { worker_.Start(); }  // the first pass after one interval
  void Stop() { worker_.Stop(); }    // idempotent; waits for a pass in progress

 private:
  void Pass();

  Detector& detector_;
  auth::AuthEventLog& events_;
  const Clock& clock_;
  const int64_t interval_ms_;
  const int64_t window_seconds_;
  std::map<std::string, int64_t> active_;  // db -> last activity (unix seconds); worker only
  PeriodicWorker worker_;                  // last: stopped before the members its passes use go
};

}  // namespace keygate::detect
