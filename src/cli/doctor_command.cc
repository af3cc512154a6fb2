// `keygate doctor --url URL --db DB --login LOGIN (--key-env VAR | --key-stdin)
// [--model M --operation read|write|create|unlink] [--data-dir DIR] [--timeout S] [--json]`:
// the checklist that explains an "Access Denied" from any Odoo-compatible server (doctor/).
// Exit 0 only when no step failed.
#include <cstdlib>
#include <iostream>

#include "cli/commands.h"
#include "common/clock.h"
#include "doctor/doctor.h"

namespace keygate::cli {

namespace {

struct DoctorArgs {
  std::string url;
  std::string db;
  std::string login;
  std::string key_env;
  bool key_stdin = false;
  std::string model;
  std::string operation;
  double timeout_seconds = 10;
  bool json = false;
};

Status RunDoctorCommand(CliContext& ctx, const DoctorArgs& a, bool local) {
  auto url = doctor::ParseUrl(a.url);
  if (!url.ok()) return Fail(url.status());
  if (a.key_env.empty() == !a.key_stdin) {
    return Fail("give the secret with exactly one of --key-env VAR or --key-stdin");
  }
  if (!a.operation.empty() && a.model.empty()) return Fail("--operation needs --model");
  std::string operation = a.operation.empty() && !a.model.empty() ? "read" : a.operation;

  std::string secret;
  if (!a.key_env.empty()) {
    const char* v = std::getenv(a.key_env.c_str());
    if (!v || !*v) return Fail("environment variable " + a.key_env + " is not set or empty");
    secret = v;  // as is: stray whitespace is one of the things the doctor reports
  } else {
    auto line = ReadSecretLine("API key or password");
    if (!line.ok()) return Fail(line.status());
    secret = *line;
  }

  doctor::DoctorRequest q;
  q.url = *url;
  q.db = a.db;
  q.login = a.login;
  q.secret = secret;
  q.model = a.model;
  q.operation = operation;

  // Local tables first: they describe the client's attempts, not the doctor's own.
  std::optional<doctor::LocalDiagnosis> diagnosis;
  if (local) {
    auto database = ctx.backend->Open(a.db);
    if (!database.ok()) {
      diagnosis.emplace();
      diagnosis->steps.push_back(
          doctor::Warn("local: database",
                       "no database '" + a.db + "' in the data directory " + ctx.options.data_dir,
                       "--data-dir must be the directory of the keygate server at --url",
                       "give the server's data directory, or leave --data-dir out"));
    } else if (auto conn = (*database)->Acquire(); !conn.ok()) {
      return Fail(conn.status());
    } else {
      diagnosis = doctor::DiagnoseLocally(**conn, a.db, a.login, secret, DefaultClock().NowUnix());
    }
  }

  auto timeout = std::chrono::milliseconds(static_cast<int64_t>(a.timeout_seconds * 1000));
  auto transport = doctor::MakeHttpTransport(*url, timeout);
  doctor::Report report = doctor::RunDoctor(q, *transport, diagnosis ? &*diagnosis : nullptr);
  if (a.json) {
    std::cout << doctor::FormatReportJson(report);
  } else {
    std::cout << "keygate doctor: " << url->ToString() << ", database " << a.db << ", login "
              << a.login << ", secret " << doctor::DescribeSecret(secret)
              << (local ? ", data dir " + ctx.options.data_dir : "") << "\n"
              << doctor::FormatReportText(report);
  }
  if (report.ok()) return Status::Ok();
  size_t failed = 0;
  for (const auto& step : report.steps) failed += step.status == doctor::StepStatus::kFail ? 1 : 0;
  return Fail("doctor: " + std::to_string(failed) + " step(s) failed");
}

}  // namespace

void RegisterDoctorCommand(CLI::App& app, Registration reg) {
  auto a = std::make_shared<DoctorArgs>();
  CLI::App* cmd = app.add_subcommand(
      "doctor",
      "Explain an \"Access Denied\": check a server (keygate or Odoo) step by step, with the "
      "cause and the fix of each failure. With the global --data-dir (or -c) naming the keygate "
      "server's data directory, it also reads the local tables to name the exact cause");
  cmd->add_option("--url", a->url, "Server URL, e.g. http://127.0.0.1:8069")->required();
  cmd->add_option("--db", a->db, "Database")->required();
  cmd->add_option("--login", a->login, "Login (often an e-mail address)")->required();
  cmd->add_option("--key-env", a->key_env, "Read the API key (or password) from this variable")
      ->type_name("VAR");
  cmd->add_flag("--key-stdin", a->key_stdin, "Read the API key (or password) from standard input");
  cmd->add_option("--model", a->model, "Also check access to this model, e.g. sale.order");
  cmd->add_option("--operation", a->operation, "read (default), write, create or unlink")
      ->check(CLI::IsMember({"read", "write", "create", "unlink"}));
  cmd->add_option("--timeout", a->timeout_seconds, "Seconds per request (default 10)")
      ->check(CLI::Range(0.1, 600.0));
  cmd->add_flag("--json", a->json, "JSON output (an array of steps)");
  cmd->callback([reg, a] {
    *reg.selected = [reg, a](CliContext& c) {
      // Local tables are read only when a data directory was named (flag, file or environment).
      bool local =
          reg.options->count("data_dir") > 0 || c.options.data_dir != config::Options{}.data_dir;
      return RunDoctorCommand(c, *a, local);
    };
  });
}

}  // namespace keygate::cli
