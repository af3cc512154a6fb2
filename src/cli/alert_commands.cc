// `keygate watch --db DB [--interval S] [--once] [--since 1h]`: failed-authentication detection
// over the event log, outside the server (same rules, same alert sinks: keygate_alert, the log on
// stderr, the webhook when alert_webhook_url is set); new alerts are also printed on stdout.
// `keygate alerts --db DB [--since 1h] [--limit N] [--json]`: the alerts recorded, newest first.
#include <chrono>
#include <cstdio>
#include <thread>

#include "cli/commands.h"
#include "common/clock.h"
#include "detect/detector.h"

namespace keygate::cli {

namespace {

struct WatchArgs {
  std::string db;
  double interval = 0;  // 0: option detect_interval_seconds
  bool once = false;
  std::string since;
};

struct AlertsArgs {
  std::string db;
  std::string since;
  int64_t limit = 100;
  bool json = false;
};

Status Watch(CliContext& ctx, const WatchArgs& a) {
  auto conn = Connect(ctx, a.db);  // a clear error for a database that does not exist
  if (!conn.ok()) return Fail(conn.status());
  conn->reset();
  std::optional<std::string> since;
  if (!a.since.empty()) {
    auto s = SinceToUtc(a.since, DefaultClock().NowUnix());
    if (!s.ok()) return Fail(s.status());
    since = *s;
  }
  auto started_webhook = detect::StartWebhookFromOptions(ctx.options);
  if (!started_webhook.ok()) return Fail(started_webhook.status());
  std::unique_ptr<detect::WebhookSender> webhook = std::move(*started_webhook);
  detect::Detector detector(*ctx.backend, DefaultClock(), detect::SettingsFromOptions(ctx.options),
                            webhook.get());
  const double interval = a.interval > 0 ? a.interval : ctx.options.detect_interval_seconds;
  for (bool first = true;; first = false) {
    auto alerts = detector.RunOnce(a.db, first ? since : std::nullopt);
    if (!alerts.ok()) return Fail(alerts.status());
    if (a.once && alerts->empty()) std::cerr << "No new alerts in db " << a.db << ".\n";
    for (const auto& s : *alerts) {
      std::printf("%s %-8s %-24s %s: %s\n", s.create_date.c_str(), s.alert.severity.c_str(),
                  s.alert.kind.c_str(), s.alert.subject.c_str(), s.alert.message.c_str());
    }
    std::fflush(stdout);
    if (a.once) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(static_cast<int64_t>(interval * 1000)));
  }
  if (webhook) {
    // Give the retries their chance: every backoff plus a timeout per attempt, at most 2 minutes.
    double budget = 0;
    for (int64_t i = 0; i < ctx.options.alert_webhook_attempts; ++i) {
      budget += 5 + std::min(300.0, ctx.options.alert_webhook_backoff_seconds *
                                        (1 << std::min<int64_t>(i, 20)));
    }
    webhook->WaitIdle(
        std::chrono::milliseconds(static_cast<int64_t>(std::min(budget, 120.0) * 1000)));
    webhook->Stop();
  }
  return Status::Ok();
}

Status ListAlerts(CliContext& ctx, const AlertsArgs& a) {
  std::string since;
  if (!a.since.empty()) {
    auto s = SinceToUtc(a.since, DefaultClock().NowUnix());
    if (!s.ok()) return Fail(s.status());
    since = *s;
  }
  auto conn = Connect(ctx, a.db);
  if (!conn.ok()) return Fail(conn.status());
  auto alerts = detect::ListAlerts(**conn, since, a.limit);
  if (!alerts.ok()) return Fail(alerts.status());
  if (a.json) {
    std::cout << "[";
    bool first = true;
    for (auto s : *alerts) {
      s.db = a.db;
      std::cout << (first ? "" : ",") << detect::AlertJson(s);
      first = false;
    }
    std::cout << "]\n";
    return Status::Ok();
  }
  std::printf("%-5s %-19s %-8s %-24s %-34s %-5s %s\n", "ID", "TIME (UTC)", "SEVERITY", "KIND",
              "SUBJECT", "COUNT", "MESSAGE");
  for (const auto& s : *alerts) {
    std::printf("%-5lld %-19s %-8s %-24s %-34s %-5lld %s\n", static_cast<long long>(s.id),
                s.create_date.c_str(), s.alert.severity.c_str(), s.alert.kind.c_str(),
                s.alert.subject.c_str(), static_cast<long long>(s.alert.count),
                s.alert.message.c_str());
    std::printf("      -> %s\n", s.alert.recommendation.c_str());
  }
  return Status::Ok();
}

}  // namespace

void RegisterAlertCommands(CLI::App& app, Registration reg) {
  auto w = std::make_shared<WatchArgs>();
  CLI::App* watch = app.add_subcommand(
      "watch", "Detect attacks in the auth event log and raise alerts (as the server does)");
  watch->add_option("--db", w->db, "Database")->required();
  watch
      ->add_option("--interval", w->interval,
                   "Seconds between passes (default: option detect_interval_seconds)")
      ->check(CLI::Range(0.01, 86400.0));
  watch->add_flag("--once", w->once, "One pass, then exit (after webhook deliveries)");
  watch->add_option("--since", w->since,
                    "First pass looks back to: 30m, 1h, 2d or a UTC date/time (default: one "
                    "detection window)");
  // The detection and webhook options, as `serve` takes them.
  for (const auto& spec : config::OptionSpecs()) {
    if (spec.name.rfind("detect_", 0) != 0 && spec.name.rfind("alert_", 0) != 0) continue;
    if (spec.name == "detect_enabled" || spec.name == "detect_interval_seconds") continue;
    std::string flag = "--" + spec.name;
    for (char& c : flag) {
      if (c == '_') c = '-';
    }
    std::string name = spec.name;
    watch
        ->add_option_function<std::string>(
            flag, [reg, name](const std::string& v) { (*reg.options)[name] = v; }, spec.help)
        ->type_name("VALUE");
  }
  watch->callback([=] { *reg.selected = [=](CliContext& c) { return Watch(c, *w); }; });

  auto l = std::make_shared<AlertsArgs>();
  CLI::App* alerts = app.add_subcommand("alerts", "List the alerts recorded, newest first");
  alerts->add_option("--db", l->db, "Database")->required();
  alerts->add_option("--since", l->since, "Only recorded after: 30m, 1h, 2d or a UTC date/time");
  alerts->add_option("--limit", l->limit, "At most this many alerts (default 100)")
      ->check(CLI::Range(int64_t{1}, int64_t{1000000}));
  alerts->add_flag("--json", l->json, "JSON array (the webhook's payload format)");
  alerts->callback([=] { *reg.selected = [=](CliContext& c) { return ListAlerts(c, *l); }; });
}

}  // namespace keygate::cli
