// Alerts page.
#include "console/alerts_page.h"

#include <charconv>

#include "console/console_session.h"
#include "console/html.h"
#include "console/http_answers.h"
#include "console/layout.h"
#include "detect/alert_store.h"
#include "http/form.h"
#include "services/event_query.h"

namespace keygate::console {

namespace {

std::string Cell(const char* label, const std::string& html) {
  return std::string("<td data-label=\"") + label + "\">" + html + "</td>";
}

std::string AlertRow(const detect::StoredAlert& s) {
  const detect::Alert& a = s.alert;
  std::string r =
      "<tr class=\"sev-" + EscapeHtml(a.severity) + "\" id=\"alert-" + std::to_string(s.id) + "\">";
  r += Cell("Recorded (UTC)", EscapeHtml(s.create_date));
  r += Cell("Severity", "<span class=\"sev\">" + EscapeHtml(a.severity) + "</span>");
  r += Cell("Kind", EscapeHtml(a.kind));
  r += Cell("Subject", EscapeHtml(a.subject));
  r += Cell("Count", std::to_string(a.count));
  r += Cell("Seen (UTC)", EscapeHtml(a.first_seen) + " – " + EscapeHtml(a.last_seen));
  r += Cell("What happened", EscapeHtml(a.message));
  r += Cell("What to do", EscapeHtml(a.recommendation));
  return r + "</tr>\n";
}

}  // namespace

http::HttpResponse ShowAlerts(const ConsoleEnv& env, const Admin& admin,
                              const http::HttpRequest& request,
                              const services::CallerInfo& caller) {
  http::FormData q = http::FormData::Parse(request.query);
  const std::string since_text = q.Get("since");
  const std::string limit_text = q.Get("limit");
  std::string body = "<form method=\"get\" action=\"/keygate/alerts\" class=\"filters toolbar\">";
  body += "<label>Since <input name=\"since\" value=\"" + EscapeHtml(since_text) +
          "\" placeholder=\"1h, 2d, 2026-01-31 12:00\"></label>";
  body += "<label>Limit <input name=\"limit\" value=\"" + EscapeHtml(limit_text) +
          "\" placeholder=\"100\"></label>";
  body += "<button type=\"submit\">Filter</button></form>\n";
  auto refuse = [&](int status, const std::string& message) {
    return HtmlAnswer(status, RenderPage("Alerts", &admin, NavItem::kAlerts,
                                         body + MessageBox("error", message)));
  };
  std::string since;
  if (!since_text.empty()) {
    auto s = services::SinceToUtc(since_text, env.server->clock->NowUnix());
    if (!s.ok()) return refuse(400, s.status().message());
    since = *s;
  }
  int64_t limit = 100;
  if (!limit_text.empty()) {
    auto [end, ec] =
        std::from_chars(limit_text.data(), limit_text.data() + limit_text.size(), limit);
    if (ec != std::errc() || end != limit_text.data() + limit_text.size() || limit < 1 ||
        limit > 1000) {
      return refuse(400, "--limit: expected a number from 1 to 1000, got '" + limit_text + "'");
    }
  }
  auto conn = ConnectAs(env, admin, caller);
  if (!conn.ok()) return refuse(503, conn.status().message());
  auto alerts = detect::ListAlerts(**conn, since, limit);
  if (!alerts.ok()) return refuse(503, alerts.status().message());
  if (alerts->empty()) {
    body += "<p class=\"count\">No alerts" +
            std::string(since.empty() ? "." : " since " + EscapeHtml(since) + " UTC.") + "</p>\n";
  } else {
    body +=
        "<div class=\"table-wrap\"><table class=\"alerts\" id=\"alerts\">\n<thead><tr>"
        "<th>Recorded (UTC)</th><th>Severity</th><th>Kind</th><th>Subject</th><th>Count</th>"
        "<th>Seen (UTC)</th><th>What happened</th><th>What to do</th></tr></thead>\n<tbody>\n";
    for (const auto& s : *alerts) body += AlertRow(s);
    body += "</tbody></table></div>\n";
  }
  return HtmlAnswer(200, RenderPage("Alerts", &admin, NavItem::kAlerts, body));
}

}  // namespace keygate::console
