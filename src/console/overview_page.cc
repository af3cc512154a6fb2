// Overview page.
#include "console/overview_page.h"

#include <map>
#include <set>

#include "auth/auth_events.h"
#include "console/console_session.h"
#include "console/html.h"
#include "console/http_answers.h"
#include "console/layout.h"
#include "console/overview_chart.h"
#include "rpc/error_mapping.h"
#include "store/auth_event_log.h"

namespace keygate::console {

namespace {

constexpr int64_t kTopCount = 10;

struct Period {
  const char* id;       // "24h", "30d"
  const char* heading;  // "Last 24 hours"
  int buckets;
  int64_t bucket_seconds;
  int bucket_chars;  // of "YYYY-MM-DD HH:MM:SS": 13 = hour, 10 = day
};

constexpr Period kPeriods[] = {
    {"24h", "Last 24 hours (per hour, UTC)", 24, 3600, 13},
    {"30d", "Last 30 days (per day, UTC)", 30, 86400, 10},
};

std::string UtcText(int64_t unix_seconds) { return auth::FormatUtcMillis(unix_seconds * 1000); }

std::string TopTable(const char* id, const char* what,
                     const std::vector<store::FailureCount>& rows) {
  if (rows.empty()) return "<p class=\"count\" id=\"" + std::string(id) + "\">No failures.</p>\n";
  std::string s = "<table class=\"top\" id=\"" + std::string(id) +
                  "\"><thead><tr><th scope=\"col\">" + what +
                  "</th><th scope=\"col\">Failures</th></tr></thead><tbody>";
  for (const auto& r : rows) {
    s += "<tr><td data-label=\"" + std::string(what) + "\">" + EscapeHtml(r.value) +
         "</td><td data-label=\"Failures\">" + std::to_string(r.count) + "</td></tr>";
  }
  return s + "</tbody></table>\n";
}

// One period's section: chart, totals by reason, top failing logins and addresses.
StatusOr<std::string> PeriodSection(store::SqlConnection& c, const Period& p, int64_t now) {
  // Buckets end with the current hour (day): the first starts buckets-1 steps before it.
  const int64_t current = now - now % p.bucket_seconds;
  const int64_t first = current - (p.buckets - 1) * p.bucket_seconds;
  const std::string since = UtcText(first).substr(0, 19);
  KG_ASSIGN_OR_RETURN(auto counts, store::CountAuthEventsSince(c, since, p.bucket_chars));
  KG_ASSIGN_OR_RETURN(auto logins, store::TopFailingLogins(c, since, kTopCount));
  KG_ASSIGN_OR_RETURN(auto addresses, store::TopFailingAddresses(c, since, kTopCount));

  ChartData chart;
  chart.id = std::string("chart-") + p.id;
  std::map<std::string, size_t> index;
  for (int i = 0; i < p.buckets; ++i) {
    const std::string label =
        UtcText(first + i * p.bucket_seconds).substr(0, static_cast<size_t>(p.bucket_chars));
    index[label] = chart.labels.size();
    chart.labels.push_back(label);
    // Every sixth hour ("06h"), every fifth day ("01-31").
    const bool hourly = p.bucket_chars == 13;
    const bool shown = hourly ? (i % 6 == 5) : (i % 5 == 4);
    chart.axis_labels.push_back(!shown ? "" : hourly ? label.substr(11, 2) + "h" : label.substr(5));
  }
  chart.counts.resize(chart.labels.size());
  std::vector<std::string> reasons;
  std::set<std::string> seen;
  std::map<std::string, int64_t> totals;
  int64_t successes = 0, failures = 0;
  for (const auto& e : counts) {
    auto it = index.find(e.bucket);
    if (it == index.end()) continue;  // a clock ahead of this server's
    const std::string series = e.success ? "success" : e.reason;
    chart.counts[it->second][series] += e.count;
    totals[series] += e.count;
    (e.success ? successes : failures) += e.count;
    if (!e.success && seen.insert(e.reason).second) reasons.push_back(e.reason);
  }
  chart.series = SeriesFor(reasons);
  chart.title = std::string(p.heading) + ": " + std::to_string(successes) + " successful, " +
                std::to_string(failures) + " failed authentications";

  std::string s = "<section class=\"period\" id=\"period-" + std::string(p.id) + "\">\n<h2>" +
                  p.heading + "</h2>\n";
  s += "<p class=\"totals\"><span class=\"ok\" id=\"successes-" + std::string(p.id) + "\">" +
       std::to_string(successes) + " successful</span> · <span class=\"fail\" id=\"failures-" +
       p.id + "\">" + std::to_string(failures) + " failed</span></p>\n";
  s += "<div class=\"chart-wrap card\">" + BarChartSvg(chart) + "</div>\n";
  s += "<table class=\"legend\" id=\"legend-" + std::string(p.id) +
       "\"><thead><tr><th scope=\"col\">Outcome</th><th scope=\"col\">Count</th></tr></thead>"
       "<tbody>";
  for (const auto& series : chart.series) {
    s += "<tr><td data-label=\"Outcome\"><svg class=\"swatch\" viewBox=\"0 0 10 10\" "
         "aria-hidden=\"true\"><rect width=\"10\" height=\"10\" fill=\"" +
         series.color + "\"/></svg> " + EscapeHtml(series.name) + "</td><td data-label=\"Count\">" +
         std::to_string(totals[series.name]) + "</td></tr>";
  }
  s += "</tbody></table>\n<div class=\"tops\">\n<div><h3>Failing logins</h3>\n" +
       TopTable((std::string("top-logins-") + p.id).c_str(), "Login", logins) +
       "</div>\n<div><h3>Failing addresses</h3>\n" +
       TopTable((std::string("top-addresses-") + p.id).c_str(), "Address", addresses) +
       "</div>\n</div>\n</section>\n";
  return s;
}

}  // namespace

http::HttpResponse ShowOverview(const ConsoleEnv& env, const Admin& admin,
                                const services::CallerInfo& caller) {
  auto fail = [&](const Status& s) {
    return HtmlAnswer(
        rpc::FormsOf(s.code()).json2_http,
        RenderPage("Overview", &admin, NavItem::kOverview, MessageBox("error", s.message())));
  };
  auto conn = ConnectAs(env, admin, caller);
  if (!conn.ok()) return fail(conn.status());
  const int64_t now = env.server->clock->NowUnix();
  std::string body =
      "<p class=\"hint\">Authentications of every channel as the event log has "
      "them (changes made from the console are not counted). Now: " +
      EscapeHtml(UtcText(now).substr(0, 19)) + " UTC.</p>\n";
  for (const Period& p : kPeriods) {
    auto section = PeriodSection(**conn, p, now);
    if (!section.ok()) return fail(section.status());
    body += *section;
  }
  return HtmlAnswer(200, RenderPage("Overview", &admin, NavItem::kOverview, body));
}

}  // namespace keygate::console
