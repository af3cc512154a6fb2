// Events page and its live tail.
#include "console/events_page.h"

#include <algorithm>
#include <charconv>

#include "auth/auth_events.h"
#include "common/value.h"
#include "console/console_session.h"
#include "console/html.h"
#include "console/http_answers.h"
#include "console/layout.h"
#include "http/form.h"
#include "rpc/json_codec.h"
#include "services/event_query.h"

namespace keygate::console {

namespace {

constexpr int64_t kMaxLimit = 1000;

struct EventQuery {
  services::EventQueryInput input;
  std::string limit_text;
};

EventQuery ReadQuery(const http::FormData& q) {
  EventQuery e;
  e.input.since = q.Get("since");
  e.input.login = q.Get("login");
  e.input.ip = q.Get("ip");
  e.input.outcome = q.Get("outcome");
  e.limit_text = q.Get("limit");
  return e;
}

// The filter, or the message to show.
StatusOr<auth::EventFilter> FilterOf(EventQuery& e, int64_t now) {
  if (!e.limit_text.empty()) {
    int64_t v = 0;
    auto [end, ec] =
        std::from_chars(e.limit_text.data(), e.limit_text.data() + e.limit_text.size(), v);
    if (ec != std::errc() || end != e.limit_text.data() + e.limit_text.size() || v < 1 ||
        v > kMaxLimit) {
      return InvalidRequest("--limit: expected a number from 1 to 1000, got '" + e.limit_text +
                            "'");
    }
    e.input.limit = v;
  }
  return services::MakeEventFilter(e.input, now);
}

std::string Row(const auth::AuthEvent& e) {
  std::string client = EscapeHtml(e.client_ip);
  if (e.peer_address != e.client_ip) client += " via " + EscapeHtml(e.peer_address);
  auto cell = [](const char* label, const std::string& html) {
    return std::string("<td data-label=\"") + label + "\">" + html + "</td>";
  };
  std::string r = std::string("<tr class=\"") + (e.success ? "ok" : "fail") + "\" data-id=\"" +
                  std::to_string(e.id) + "\">";
  r += cell("Time (UTC)", EscapeHtml(e.create_date));
  r += cell("Channel", EscapeHtml(e.channel));
  r += cell("Login", EscapeHtml(e.login.empty() ? "-" : e.login));
  r += cell("Key", e.key_id ? std::to_string(*e.key_id) : "-");
  r += cell("Client", client);
  r += cell("User agent", "<span class=\"ua\">" + EscapeHtml(e.user_agent) + "</span>");
  r += cell("Outcome", e.success ? "success" : "failed");
  std::string reason = EscapeHtml(e.reason);
  if (e.calls > 1) {  // successes rolled up
    reason += " <span class=\"calls\">(" + std::to_string(e.calls) + " calls until " +
              EscapeHtml(e.last_date.size() > 11 ? e.last_date.substr(11) : e.last_date) +
              ")</span>";
  }
  r += cell("Reason", reason);
  return r + "</tr>\n";
}

Value EventJson(const auth::AuthEvent& e) {
  Value v(Value::Struct{});
  v.Set("id", e.id);
  v.Set("create_date", e.create_date);
  v.Set("channel", e.channel);
  v.Set("login", e.login);
  v.Set("uid", e.uid ? Value(*e.uid) : Value());
  v.Set("key_id", e.key_id ? Value(*e.key_id) : Value());
  v.Set("client_ip", e.client_ip);
  v.Set("peer_address", e.peer_address);
  v.Set("user_agent", e.user_agent);
  v.Set("outcome", e.success ? "success" : "failed");
  v.Set("reason", e.reason);
  v.Set("calls", e.calls);
  v.Set("last_date", e.last_date.empty() ? Value() : Value(e.last_date));
  return v;
}

// The latest time a row holds a call at: its last call's when successes were rolled up into it.
const std::string& LatestCall(const auth::AuthEvent& e) {
  return e.last_date > e.create_date ? e.last_date : e.create_date;
}

std::string Input(const char* name, const char* label, const std::string& value,
                  const char* placeholder) {
  return std::string("<label>") + label + " <input name=\"" + name + "\" value=\"" +
         EscapeHtml(value) + "\" placeholder=\"" + placeholder + "\"></label>";
}

}  // namespace

http::HttpResponse ShowEvents(const ConsoleEnv& env, const Admin& admin,
                              const http::HttpRequest& request,
                              const services::CallerInfo& caller) {
  http::FormData q = http::FormData::Parse(request.query);
  EventQuery e = ReadQuery(q);
  std::string body = "<form method=\"get\" action=\"/keygate/events\" class=\"filters toolbar\">";
  body += Input("since", "Since", e.input.since, "1h, 2d, 2026-01-31 12:00");
  body += Input("login", "Login", e.input.login, "any");
  body += Input("ip", "Address", e.input.ip, "any");
  body += "<label>Outcome <select name=\"outcome\">";
  for (const char* o : {"", "success", "failed"}) {
    body += std::string("<option value=\"") + o + "\"" + (e.input.outcome == o ? " selected" : "") +
            ">" + (*o ? o : "any") + "</option>";
  }
  body += "</select></label>";
  body += Input("limit", "Limit", e.limit_text, "100");
  body += "<button type=\"submit\">Filter</button></form>\n";
  auto filter = FilterOf(e, env.server->clock->NowUnix());
  if (!filter.ok()) {
    body += MessageBox("error", filter.status().message());
    return HtmlAnswer(400, RenderPage("Events", &admin, NavItem::kEvents, body));
  }
  auto conn = ConnectAs(env, admin, caller);
  if (!conn.ok()) {
    body += MessageBox("error", conn.status().message());
    return HtmlAnswer(503, RenderPage("Events", &admin, NavItem::kEvents, body));
  }
  auto events = auth::QueryAuthEvents(**conn, *filter);
  if (!events.ok()) {
    body += MessageBox("error", events.status().message());
    return HtmlAnswer(503, RenderPage("Events", &admin, NavItem::kEvents, body));
  }
  // The live tail polls with the same filters (the query string as typed, re-encoded).
  std::string feed =
      "/keygate/events.json?since=" + http::UrlEncode(e.input.since) +
      "&login=" + http::UrlEncode(e.input.login) + "&ip=" + http::UrlEncode(e.input.ip) +
      "&outcome=" + http::UrlEncode(e.input.outcome) + "&limit=" + http::UrlEncode(e.limit_text);
  // The live tail asks for what is newer: rows made since, and rolled-up rows that took calls
  // since.
  std::string newest;
  for (const auto& ev : *events) newest = std::max(newest, LatestCall(ev));
  body +=
      "<p class=\"live\"><label><input type=\"checkbox\" id=\"live\" checked> Live "
      "(new events appear at the top)</label> <span id=\"live-status\" role=\"status\">"
      "</span></p>\n";
  body += "<div class=\"table-wrap\"><table class=\"events\" id=\"events\" data-feed=\"" +
          EscapeHtml(feed) + "\" data-newest=\"" + EscapeHtml(newest) + "\">\n";
  body +=
      "<thead><tr><th>Time (UTC)</th><th>Channel</th><th>Login</th><th>Key</th>"
      "<th>Client</th><th>User agent</th><th>Outcome</th><th>Reason</th></tr></thead>\n"
      "<tbody>\n";
  for (const auto& ev : *events) body += Row(ev);
  body += "</tbody></table></div>\n";
  return HtmlAnswer(200, RenderPage("Events", &admin, NavItem::kEvents, body));
}

http::HttpResponse EventsJson(const ConsoleEnv& env, const Admin& admin,
                              const http::HttpRequest& request,
                              const services::CallerInfo& caller) {
  http::FormData q = http::FormData::Parse(request.query);
  EventQuery e = ReadQuery(q);
  const std::string after = q.Get("after");
  auto fail = [](int status, const std::string& message) {
    Value v(Value::Struct{});
    v.Set("error", message);
    http::HttpResponse r = JsonAnswer(rpc::SerializeJson(v));
    r.status = status;
    return r;
  };
  auto filter = FilterOf(e, env.server->clock->NowUnix());
  if (!filter.ok()) return fail(400, filter.status().message());
  // Newer than the newest call shown: rows made since, and rolled-up rows that took calls since
  // (the page updates those in place). The bound is inclusive to the second, so drop what is not
  // newer.
  if (!after.empty() && (!filter->since || after.substr(0, 19) > *filter->since)) {
    filter->since = after.substr(0, 19);
  }
  auto conn = ConnectAs(env, admin, caller);
  if (!conn.ok()) return fail(503, conn.status().message());
  auto events = auth::QueryAuthEvents(**conn, *filter);
  if (!events.ok()) return fail(503, events.status().message());
  Value::Array out;
  for (const auto& ev : *events) {
    if (!after.empty() && LatestCall(ev) <= after) continue;
    out.push_back(EventJson(ev));
  }
  return JsonAnswer(rpc::SerializeJson(Value(std::move(out))));
}

}  // namespace keygate::console
