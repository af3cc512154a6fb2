// Page frame.
#include "console/layout.h"

#include "console/html.h"

namespace keygate::console {

namespace {

std::string NavLink(std::string_view href, std::string_view label, bool active) {
  std::string s = "<a href=\"";
  s += href;
  s += "\"";
  if (active) s += " aria-current=\"page\"";
  s += ">";
  s += label;
  s += "</a>";
  return s;
}

}  // namespace

std::string CsrfField(const Admin& admin) {
  return "<input type=\"hidden\" name=\"csrf_token\" value=\"" + EscapeHtml(admin.csrf) + "\">";
}

std::string MessageBox(std::string_view kind, std::string_view text) {
  return "<p class=\"msg msg-" + std::string(kind) + "\" role=\"" +
         (kind == "error" ? "alert" : "status") + "\">" + EscapeHtml(text) + "</p>\n";
}

std::string RenderPage(std::string_view title, const Admin* admin, NavItem active,
                       std::string_view body_html) {
  std::string h;
  h.reserve(body_html.size() + 2048);
  h += "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
  h += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  h += "<title>" + EscapeHtml(title) + " · keygate console</title>\n";
  h += "<link rel=\"stylesheet\" href=\"/keygate/assets/console.css\">\n";
  h += "<script src=\"/keygate/assets/console.js\" defer></script>\n</head>\n<body>\n";
  h += "<header class=\"top\">\n<span class=\"brand\">keygate</span>\n";
  if (admin != nullptr) {
    h += "<nav>" + NavLink("/keygate/overview", "Overview", active == NavItem::kOverview) +
         NavLink("/keygate/keys", "Keys", active == NavItem::kKeys) +
         NavLink("/keygate/users", "Users", active == NavItem::kUsers) +
         NavLink("/keygate/events", "Events", active == NavItem::kEvents) +
         NavLink("/keygate/alerts", "Alerts", active == NavItem::kAlerts) +
         NavLink("/keygate/audit", "Audit", active == NavItem::kAudit) +
         NavLink("/keygate/doctor", "Doctor", active == NavItem::kDoctor) + "</nav>\n";
    h += "<span class=\"who\"><span class=\"db\">" + EscapeHtml(admin->db) + "</span> · " +
         EscapeHtml(admin->login) + "</span>\n";
    h += "<form method=\"post\" action=\"/keygate/logout\" class=\"signout\">" + CsrfField(*admin) +
         "<button type=\"submit\">Sign out</button></form>\n";
  }
  h += "</header>\n<main>\n<h1>" + EscapeHtml(title) + "</h1>\n";
  h += body_html;
  h += "</main>\n</body>\n</html>\n";
  return h;
}

}  // namespace keygate::console
