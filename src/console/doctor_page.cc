// Doctor page.
#include "console/doctor_page.h"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <optional>

#include "common/log.h"
#include "console/console_actions.h"
#include "console/console_session.h"
#include "console/html.h"
#include "console/http_answers.h"
#include "console/layout.h"
#include "doctor/doctor.h"
#include "http/form.h"
#include "services/db_service.h"

namespace keygate::console {

namespace {

constexpr std::chrono::milliseconds kTimeout{10000};

std::vector<std::string> TargetsOf(const ConsoleEnv& env) {
  const int port = env.rpc_port ? env.rpc_port() : env.server->options.http_port;
  // In gateway mode the upstream Odoo comes right after this server.
  const auto& options = env.server->options;
  return DoctorTargets(SelfRpcUrl(options.http_interface, port, !options.tls_cert.empty()),
                       options.upstream_url + "," + options.console_doctor_urls);
}

struct DoctorForm {
  size_t target = 0;
  std::string db;
  std::string login;
  std::string model;
  std::string operation = "read";
};

std::string Form(const Admin& admin, const std::vector<std::string>& targets, const DoctorForm& f) {
  std::string s =
      "<form method=\"post\" action=\"/keygate/doctor\" class=\"card narrow\" "
      "autocomplete=\"off\">" +
      CsrfField(admin);
  s += "<label>Server <select name=\"target\">";
  for (size_t i = 0; i < targets.size(); ++i) {
    s += "<option value=\"" + std::to_string(i) + "\"" + (i == f.target ? " selected" : "") + ">" +
         EscapeHtml(targets[i]) + (i == 0 ? " (this server)" : "") + "</option>";
  }
  s += "</select></label>\n";
  s += "<p class=\"hint\">Other servers are the upstream Odoo in gateway mode and those the "
       "option console_doctor_urls lists.</p>\n";
  s += "<label>Database <input name=\"db\" required value=\"" + EscapeHtml(f.db) + "\"></label>\n";
  s += "<label>Login <input name=\"login\" required value=\"" + EscapeHtml(f.login) +
       "\"></label>\n";
  s += "<label>API key or password <input name=\"secret\" type=\"password\" required "
       "autocomplete=\"new-password\"></label>\n";
  s += "<label>Model (optional) <input name=\"model\" placeholder=\"sale.order\" value=\"" +
       EscapeHtml(f.model) + "\"></label>\n";
  s += "<label>Operation <select name=\"operation\">";
  for (const char* op : {"read", "write", "create", "unlink"}) {
    s += std::string("<option") + (f.operation == op ? " selected" : "") + ">" + op + "</option>";
  }
  s += "</select></label>\n<button type=\"submit\">Run the doctor</button>\n</form>\n";
  return s;
}

const char* StatusMark(doctor::StepStatus s) {
  switch (s) {
    case doctor::StepStatus::kPass:
      return "✔";
    case doctor::StepStatus::kFail:
      return "✘";
    case doctor::StepStatus::kWarn:
      return "!";
    case doctor::StepStatus::kSkip:
      return "-";
  }
  return "?";
}

std::string ReportTable(const doctor::Report& report) {
  std::string s =
      "<div class=\"table-wrap\"><table class=\"doctor\" id=\"report\">\n<thead><tr>"
      "<th scope=\"col\">Step</th><th scope=\"col\">Result</th><th scope=\"col\">Seen</th>"
      "<th scope=\"col\">Cause</th><th scope=\"col\">Fix</th></tr></thead>\n<tbody>\n";
  for (const auto& step : report.steps) {
    const std::string status = doctor::StepStatusName(step.status);
    s += "<tr class=\"step-" + status + "\"><td data-label=\"Step\">";
    s += EscapeHtml(step.name);
    s += "</td><td data-label=\"Result\"><span class=\"mark\">";
    s += StatusMark(step.status);
    s += "</span> " + status + "</td><td data-label=\"Seen\">";
    s += EscapeHtml(step.detail);
    s += "</td><td data-label=\"Cause\">";
    s += EscapeHtml(step.cause);
    s += "</td><td data-label=\"Fix\">";
    s += EscapeHtml(step.fix);
    s += "</td></tr>\n";
  }
  return s + "</tbody></table></div>\n";
}

// The report with the secret's description (its first characters, for a long one) replaced by
// its length alone: the page shows nothing of the secret.
void MaskSecret(doctor::Report& report, const std::string& secret) {
  const std::string described = doctor::DescribeSecret(secret);
  const std::string length = "(" + std::to_string(secret.size()) + " characters)";
  for (auto& step : report.steps) {
    for (std::string* text : {&step.detail, &step.cause, &step.fix}) {
      for (size_t at = text->find(described); at != std::string::npos;
           at = text->find(described, at + length.size())) {
        text->replace(at, described.size(), length);
      }
    }
  }
}

}  // namespace

std::vector<std::string> DoctorTargets(const std::string& self_url, const std::string& configured) {
  std::vector<std::string> out{self_url};
  std::string cur;
  for (char c : configured + ",") {
    if (c == ',' || c == ' ' || c == '\t' || c == '\n') {
      while (!cur.empty() && cur.back() == '/') cur.pop_back();
      if (!cur.empty() && std::find(out.begin(), out.end(), cur) == out.end()) out.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  return out;
}

std::string SelfRpcUrl(const std::string& http_interface, int port, bool tls) {
  std::string host = http_interface;
  if (host.empty() || host == "0.0.0.0") host = "127.0.0.1";
  if (host == "::" || host == "[::]") host = "::1";
  if (host.find(':') != std::string::npos && host.front() != '[') host = "[" + host + "]";
  return (tls ? "https://" : "http://") + host + ":" + std::to_string(port);
}

http::HttpResponse ShowDoctorForm(const ConsoleEnv& env, const Admin& admin) {
  DoctorForm f;
  f.db = admin.db;
  f.login = admin.login;
  return HtmlAnswer(200, RenderPage("Doctor", &admin, NavItem::kDoctor,
                                    "<p>Runs the checks of <code>keygate doctor</code> against "
                                    "a server, step by step, with the cause and the fix of each "
                                    "failure.</p>\n" +
                                        Form(admin, TargetsOf(env), f)));
}

http::HttpResponse RunDoctorFromConsole(const ConsoleEnv& env, const Admin& admin,
                                        const http::HttpRequest& request,
                                        const services::CallerInfo& caller) {
  const http::FormData form = http::FormData::Parse(request.body);
  const std::vector<std::string> targets = TargetsOf(env);
  DoctorForm f;
  f.db = form.Get("db");
  f.login = form.Get("login");
  f.model = form.Get("model");
  f.operation = form.Get("operation");
  auto refuse = [&](const std::string& message) {
    return HtmlAnswer(400, RenderPage("Doctor", &admin, NavItem::kDoctor,
                                      MessageBox("error", message) + Form(admin, targets, f)));
  };
  const std::string target_text = form.Get("target");
  size_t target = 0;
  auto [end, ec] =
      std::from_chars(target_text.data(), target_text.data() + target_text.size(), target);
  if (ec != std::errc() || end != target_text.data() + target_text.size() ||
      target >= targets.size()) {
    return refuse(
        "Choose one of the servers listed: the doctor checks only this server and "
        "those console_doctor_urls lists.");
  }
  f.target = target;
  if (f.operation.empty()) f.operation = "read";
  if (f.operation != "read" && f.operation != "write" && f.operation != "create" &&
      f.operation != "unlink") {
    return refuse("--operation: expected read, write, create or unlink, got '" + f.operation + "'");
  }
  const std::string secret = form.Get("secret");
  if (f.db.empty() || f.login.empty() || secret.empty()) {
    return refuse("Give the database, the login and the API key or password to check.");
  }
  auto url = doctor::ParseUrl(targets[target]);
  if (!url.ok()) return refuse(url.status().message());

  doctor::DoctorRequest q;
  q.url = *url;
  q.db = f.db;
  q.login = f.login;
  q.secret = secret;
  q.model = f.model;
  q.operation = f.model.empty() ? "" : f.operation;
  // Against this server, its own tables name the exact cause, as `keygate doctor --data-dir`
  // does (and a secret they refuse is not sent at all); only those of the administrator's own
  // database, whose session this is.
  std::optional<doctor::LocalDiagnosis> local;
  if (target == 0 && f.db == admin.db) {
    auto database = services::OpenServedDatabase(*env.server, f.db, caller.host);
    if (database.ok()) {
      if (auto conn = (*database)->Acquire(); conn.ok()) {
        local =
            doctor::DiagnoseLocally(**conn, f.db, f.login, secret, env.server->clock->NowUnix());
      }
    }
  }
  auto transport = doctor::MakeHttpTransport(*url, kTimeout);
  doctor::Report report = doctor::RunDoctor(q, *transport, local ? &*local : nullptr);
  MaskSecret(report, secret);

  if (auto conn = ConnectAs(env, admin, caller); conn.ok()) {
    RecordConsoleChange(**conn, admin, caller, kActionDoctorRun, std::nullopt, *env.server->clock,
                        url->ToString());
  }
  size_t failed = 0;
  for (const auto& step : report.steps) failed += step.status == doctor::StepStatus::kFail ? 1 : 0;
  Log(LogLevel::kInfo, "console",
      "db:" + admin.db + " login:" + admin.login + " ran the doctor against " + url->ToString() +
          " (database " + f.db + ", login " + f.login + "): " + std::to_string(failed) +
          " step(s) failed");
  std::string body = report.ok()
                         ? MessageBox("notice", "No step failed against " + url->ToString() + ".")
                         : MessageBox("error", std::to_string(failed) + " step(s) failed against " +
                                                   url->ToString() + ".");
  body += ReportTable(report);
  body += "<h2>Run again</h2>\n" + Form(admin, targets, f);
  return HtmlAnswer(200, RenderPage("Doctor", &admin, NavItem::kDoctor, body));
}

}  // namespace keygate::console
