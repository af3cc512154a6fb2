// `keygate events --db DB [--since 1h] [--login L] [--ip ADDR] [--outcome success|failed]
// [--limit N] [--json]`: the auth event log, most recent first.
#include "auth/auth_events.h"
#include "cli/commands.h"
#include "common/clock.h"
#include "services/event_query.h"

namespace keygate::cli {

// The parser the console uses too (services/event_query.h).
StatusOr<std::string> SinceToUtc(const std::string& text, int64_t now) {
  return services::SinceToUtc(text, now);
}

namespace {

struct EventArgs {
  std::string db;
  std::string since;
  std::string login;
  std::string ip;
  std::string outcome;
  int64_t limit = 100;
  bool json = false;
};

std::string OptJson(const std::optional<int64_t>& v) {
  return v ? std::to_string(*v) : std::string("null");
}

Status Show(CliContext& ctx, const EventArgs& a) {
  services::EventQueryInput input{a.since, a.login, a.ip, a.outcome, a.limit};
  auto f = services::MakeEventFilter(input, DefaultClock().NowUnix());
  if (!f.ok()) return Fail(f.status());
  auto conn = Connect(ctx, a.db);
  if (!conn.ok()) return Fail(conn.status());
  auto events = auth::QueryAuthEvents(**conn, *f);
  if (!events.ok()) return Fail(events.status());
  if (a.json) {
    std::cout << "[";
    bool first = true;
    for (const auto& e : *events) {
      std::cout << (first ? "" : ",") << "{\"create_date\":" << JsonString(e.create_date)
                << ",\"db\":" << JsonString(e.db) << ",\"channel\":" << JsonString(e.channel)
                << ",\"login\":" << JsonString(e.login) << ",\"user_id\":" << OptJson(e.uid)
                << ",\"key_id\":" << OptJson(e.key_id)
                << ",\"key_index\":" << (e.key_index ? JsonString(*e.key_index) : "null")
                << ",\"client_ip\":" << JsonString(e.client_ip)
                << ",\"peer_address\":" << JsonString(e.peer_address)
                << ",\"user_agent\":" << JsonString(e.user_agent)
                << ",\"outcome\":" << JsonString(e.success ? "success" : "failure")
                << ",\"reason\":" << JsonString(e.reason) << ",\"calls\":" << e.calls
                << ",\"last_date\":" << (e.last_date.empty() ? "null" : JsonString(e.last_date))
                << "}";
      first = false;
    }
    std::cout << "]\n";
    return Status::Ok();
  }
  std::printf("%-23s %-13s %-30s %-5s %-6s %-8s %-15s %-7s %s\n", "TIME (UTC)", "CHANNEL", "LOGIN",
              "UID", "KEY", "INDEX", "CLIENT", "OUTCOME", "REASON");
  for (const auto& e : *events) {
    std::string client = e.client_ip;
    if (e.peer_address != e.client_ip) client += " via " + e.peer_address;
    // Successes rolled up: how many, and until when.
    std::string reason = e.reason;
    if (e.calls > 1) {
      reason += " (" + std::to_string(e.calls) + " calls until " + e.last_date.substr(11) + ")";
    }
    std::printf("%-23s %-13s %-30s %-5s %-6s %-8s %-15s %-7s %s\n", e.create_date.c_str(),
                e.channel.c_str(), e.login.empty() ? "-" : e.login.c_str(),
                e.uid ? std::to_string(*e.uid).c_str() : "-",
                e.key_id ? std::to_string(*e.key_id).c_str() : "-",
                e.key_index ? e.key_index->c_str() : "-", client.c_str(),
                e.success ? "success" : "failed", reason.c_str());
  }
  return Status::Ok();
}

}  // namespace

void RegisterEventCommands(CLI::App& app, Registration reg) {
  auto a = std::make_shared<EventArgs>();
  CLI::App* events =
      app.add_subcommand("events", "Show the auth event log (every login attempt), newest first");
  events->add_option("--db", a->db, "Database")->required();
  events->add_option("--since", a->since, "Only after: 30m, 1h, 2d or a UTC date/time");
  events->add_option("--login", a->login, "Only this login");
  events->add_option("--ip", a->ip, "Only this client (or proxy) address");
  events->add_option("--outcome", a->outcome, "success or failed");
  events->add_option("--limit", a->limit, "At most this many events (default 100)")
      ->check(CLI::Range(int64_t{1}, int64_t{1000000}));
  events->add_flag("--json", a->json, "JSON output");
  events->callback([=] { *reg.selected = [=](CliContext& c) { return Show(c, *a); }; });
}

}  // namespace keygate::cli
