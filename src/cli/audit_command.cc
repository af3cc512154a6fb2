// `keygate audit --db DB [--json] [--fail-on warning|critical] [--unused-days N]
// [--max-age-days N]`: the key lifecycle report; with --fail-on, exit 2 when findings reach that
// severity (for CI).
#include "audit/audit_report.h"
#include "cli/commands.h"
#include "common/clock.h"
#include "models/registry.h"
#include "services/key_admin.h"

namespace keygate::cli {

namespace {

struct AuditArgs {
  std::string db;
  bool json = false;
  std::string fail_on;
  audit::AuditOptions options;
};

Status Audit(CliContext& ctx, const AuditArgs& a) {
  auto conn = Connect(ctx, a.db);
  if (!conn.ok()) return Fail(conn.status());
  auto registry = models::Registry::LoadEmbedded();
  if (!registry.ok()) return Fail(registry.status());
  auto known = services::KnownModelNames(**conn, *registry);
  if (!known.ok()) return Fail(known.status());
  audit::AuditOptions options = a.options;
  options.db = a.db;
  options.known_models = std::move(*known);
  auto report = audit::RunAudit(**conn, options, DefaultClock().NowUnix());
  if (!report.ok()) return Fail(report.status());
  std::cout << (a.json ? audit::FormatAuditJson(*report) : audit::FormatAuditText(*report));
  if (a.fail_on.empty() || report->findings.empty()) return Status::Ok();
  audit::Severity threshold =
      a.fail_on == "critical" ? audit::Severity::kCritical : audit::Severity::kWarning;
  if (report->worst() >= threshold) {
    return NegativeAnswer(std::string("audit: findings at ") +
                          audit::SeverityName(report->worst()) + " level (--fail-on " + a.fail_on +
                          ")");
  }
  return Status::Ok();
}

}  // namespace

void RegisterAuditCommand(CLI::App& app, Registration reg) {
  auto a = std::make_shared<AuditArgs>();
  auto* cmd = app.add_subcommand("audit", "Review API keys: findings with severity and advice");
  cmd->add_option("--db", a->db, "Database")->required();
  cmd->add_flag("--json", a->json, "JSON output");
  cmd->add_option("--fail-on", a->fail_on, "Exit 2 when a finding reaches this severity")
      ->check(CLI::IsMember({"warning", "critical"}));
  cmd->add_option("--unused-days", a->options.unused_days,
                  "Flag keys unused for this many days (default 30)")
      ->check(CLI::Range(1, 36500));
  cmd->add_option("--max-age-days", a->options.max_age_days,
                  "Flag keys older than this many days (default 180)")
      ->check(CLI::Range(1, 36500));
  cmd->callback([=] { *reg.selected = [=](CliContext& c) { return Audit(c, *a); }; });
}

}  // namespace keygate::cli
