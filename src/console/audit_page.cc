// Audit page.
#include "console/audit_page.h"

#include <charconv>
#include <utility>

#include "audit/audit_report.h"
#include "console/console_session.h"
#include "console/html.h"
#include "console/http_answers.h"
#include "console/layout.h"
#include "http/form.h"
#include "services/key_admin.h"

namespace keygate::console {

namespace {

// A number of days from 1 to 36500 (the command's range), or the message to show.
StatusOr<int64_t> Days(const std::string& name, const std::string& text, int64_t fallback) {
  if (text.empty()) return fallback;
  int64_t v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size() || v < 1 || v > 36500) {
    return InvalidRequest("--" + name + ": expected a number of days from 1 to 36500, got '" +
                          text + "'");
  }
  return v;
}

std::string FindingRow(const audit::Finding& f) {
  auto cell = [](const char* label, const std::string& html) {
    return std::string("<td data-label=\"") + label + "\">" + html + "</td>";
  };
  std::string r = std::string("<tr class=\"sev-") + audit::SeverityName(f.severity) + "\">";
  r += cell("Check", EscapeHtml(f.check));
  r += cell("Key", f.key_id ? std::to_string(*f.key_id) : "-");
  r += cell("Login", EscapeHtml(f.login.empty() ? "-" : f.login));
  r += cell("Finding", EscapeHtml(f.detail));
  r += cell("What to do", EscapeHtml(f.recommendation));
  return r + "</tr>\n";
}

}  // namespace

http::HttpResponse ShowAudit(const ConsoleEnv& env, const Admin& admin,
                             const http::HttpRequest& request, const services::CallerInfo& caller) {
  http::FormData q = http::FormData::Parse(request.query);
  std::string body = "<form method=\"get\" action=\"/keygate/audit\" class=\"filters toolbar\">";
  body += "<label>Unused for (days) <input name=\"unused_days\" value=\"" +
          EscapeHtml(q.Get("unused_days")) + "\" placeholder=\"30\"></label>";
  body += "<label>Older than (days) <input name=\"max_age_days\" value=\"" +
          EscapeHtml(q.Get("max_age_days")) + "\" placeholder=\"180\"></label>";
  body += "<button type=\"submit\">Run again</button></form>\n";
  auto refuse = [&](int status, const std::string& message) {
    return HtmlAnswer(
        status, RenderPage("Audit", &admin, NavItem::kAudit, body + MessageBox("error", message)));
  };
  audit::AuditOptions options;
  options.db = admin.db;
  auto unused = Days("unused-days", q.Get("unused_days"), options.unused_days);
  if (!unused.ok()) return refuse(400, unused.status().message());
  auto max_age = Days("max-age-days", q.Get("max_age_days"), options.max_age_days);
  if (!max_age.ok()) return refuse(400, max_age.status().message());
  options.unused_days = *unused;
  options.max_age_days = *max_age;
  auto conn = ConnectAs(env, admin, caller);
  if (!conn.ok()) return refuse(503, conn.status().message());
  auto known = services::KnownModelNames(**conn, *env.server->registry);
  if (!known.ok()) return refuse(503, known.status().message());
  options.known_models = std::move(*known);
  auto report = audit::RunAudit(**conn, options, env.server->clock->NowUnix());
  if (!report.ok()) return refuse(503, report.status().message());
  body += "<p class=\"count\">" + std::to_string(report->keys.size()) + " keys, " +
          std::to_string(report->findings.size()) + " findings</p>\n";
  for (audit::Severity s :
       {audit::Severity::kCritical, audit::Severity::kWarning, audit::Severity::kInfo}) {
    std::string rows;
    int count = 0;
    for (const auto& f : report->findings) {
      if (f.severity != s) continue;
      rows += FindingRow(f);
      ++count;
    }
    const std::string name = audit::SeverityName(s);
    body += "<h2 id=\"";
    body += name;
    body += "\">";
    body += name;
    body += " (" + std::to_string(count) + ")</h2>\n";
    if (count == 0) continue;
    body += "<div class=\"table-wrap\"><table class=\"findings\" id=\"findings-";
    body += name;
    body +=
        "\">\n<thead><tr><th>Check</th><th>Key</th><th>Login</th><th>Finding</th>"
        "<th>What to do</th></tr></thead>\n<tbody>\n";
    body += rows;
    body += "</tbody></table></div>\n";
  }
  return HtmlAnswer(200, RenderPage("Audit", &admin, NavItem::kAudit, body));
}

}  // namespace keygate::console
