// One detection pass over a database, the alert sinks, and the server's detection thread.
#include "detect/detector.h"

#include <algorithm>
#include <chrono>

#include "common/log.h"

namespace keygate::detect {

namespace {

// Key uses are re-read this far back on each pass: events reach the table up to a flush interval
// (and a slow write) after their create_date. Re-reading is harmless (networks are upserted).
constexpr int64_t kKeyUseSlackSeconds = 10;

// A log value: bare when it is one word, else quoted with '"' and '\' escaped.
std::string LogValue(const std::string& v) {
  bool bare = !v.empty();
  for (char c : v) {
    if (c == ' ' || c == '"' || c == '\\' || c == '=' || static_cast<unsigned char>(c) < 0x20) {
      bare = false;
    }
  }
  if (bare) return v;
  std::string out = "\"";
  for (char c : v) {
    if (c == '"' || c == '\\') out += '\\';
    out += static_cast<unsigned char>(c) < 0x20 ? ' ' : c;
  }
  return out + "\"";
}

}  // namespace

DetectSettings SettingsFromOptions(const config::Options& o) {
  DetectSettings s;
  s.window_seconds = o.detect_window_seconds;
  s.bruteforce_failures = o.detect_bruteforce_failures;
  s.spray_logins = o.detect_spray_logins;
  s.distributed_addresses = o.detect_distributed_addresses;
  s.access_errors = o.detect_access_errors;
  s.new_network = o.detect_new_network;
  return s;
}

StatusOr<std::unique_ptr<WebhookSender>> StartWebhookFromOptions(const config::Options& o) {
  if (o.alert_webhook_url.empty()) return std::unique_ptr<WebhookSender>();
  WebhookSettings w;
  w.url = o.alert_webhook_url;
  w.attempts = o.alert_webhook_attempts;
  w.backoff_seconds = o.alert_webhook_backoff_seconds;
  KG_ASSIGN_OR_RETURN(auto sender, WebhookSender::Create(w));
  sender->Start();
  return sender;
}

std::string AlertLogLine(const StoredAlert& s) {
  const Alert& a = s.alert;
  std::string line = "kind=" + a.kind + " severity=" + a.severity + " db=" + LogValue(s.db) +
                     " id=" + std::to_string(s.id) + " subject=" + LogValue(a.subject);
  if (!a.login.empty()) line += " login=" + LogValue(a.login);
  if (!a.client_ip.empty()) line += " client_ip=" + LogValue(a.client_ip);
  if (a.key_id) line += " key_id=" + std::to_string(*a.key_id);
  line += " count=" + std::to_string(a.count) + " first_seen=" + LogValue(a.first_seen) +
          " last_seen=" + LogValue(a.last_seen) + " message=" + LogValue(a.message) +
          " recommendation=" + LogValue(a.recommendation);
  return line;
}

StatusOr<std::vector<StoredAlert>> Detector::RunOnce(const std::string& db,
                                                     const std::optional<std::string>& since) {
  const int64_t now = clock_.NowUnix();
  const int64_t window = settings_.window_seconds;
  std::string failures_since = FormatUtc(now - window);
  auto cursor = key_use_cursor_.find(db);
  std::string uses_since = cursor != key_use_cursor_.end() ? cursor->second : failures_since;
  if (since && cursor == key_use_cursor_.end()) {
    failures_since = *since;
    uses_since = *since;
  }
  auto from = ParseUtc(failures_since);
  std::string coverage_since = FormatUtc((from ? *from : now) - window);

  KG_ASSIGN_OR_RETURN(auto database, backend_.Open(db));
  KG_ASSIGN_OR_RETURN(auto conn, database->Acquire());
  DetectInput in;
  in.db = db;
  KG_ASSIGN_OR_RETURN(in.failures, LoadFailures(*conn, failures_since));
  KG_ASSIGN_OR_RETURN(in.key_uses, LoadKeyUses(*conn, uses_since));
  std::set<int64_t> keys;
  for (const auto& u : in.key_uses) keys.insert(u.key_id);
  KG_ASSIGN_OR_RETURN(in.known_networks, LoadKnownNetworks(*conn, keys, uses_since));
  KG_ASSIGN_OR_RETURN(in.covered_until_ms, LoadCoverage(*conn, coverage_since, window));
  DetectOutput out = Detect(in, settings_);

  std::vector<StoredAlert> recorded;
  {
    store::Transaction tx(*conn);
    KG_RETURN_IF_ERROR(tx.Begin());
    for (const auto& a : out.alerts) {
      KG_ASSIGN_OR_RETURN(auto stored, RecordAlert(*conn, a, FormatUtc(now)));
      if (!stored) continue;  // recorded by another process or an earlier pass
      stored->db = db;
      recorded.push_back(std::move(*stored));
    }
    KG_RETURN_IF_ERROR(RememberNetworks(*conn, out.networks));
    KG_RETURN_IF_ERROR(tx.Commit());
  }
  key_use_cursor_[db] = FormatUtc(now - kKeyUseSlackSeconds);

  for (const auto& s : recorded) {
    Log(LogLevel::kWarning, "alert", AlertLogLine(s));
    if (webhook_ != nullptr) webhook_->Enqueue(AlertJson(s));
  }
  return recorded;
}

void DetectorThread::Pass() {
  const int64_t now = clock_.NowUnix();
  for (const auto& db : events_.TakeWrittenDatabases()) active_[db] = now;
  for (auto it = active_.begin(); it != active_.end();) {
    // A database stays watched a window after its last local activity, so that what other
    // instances write meanwhile is seen too.
    if (it->second < now - window_seconds_ - 60) {
      it = active_.erase(it);
      continue;
    }
    auto result = detector_.RunOnce(it->first);
    if (!result.ok() && result.status().code() == StatusCode::kDatabaseNotFound) {
      it = active_.erase(it);  // dropped meanwhile
      continue;
    }
    if (!result.ok()) {
      Log(LogLevel::kWarning, "alert",
          "detection over db:" + it->first + " failed: " + result.status().message());
    }
    ++it;
  }
}

}  // namespace keygate::detect
