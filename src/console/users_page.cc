// Users page.
#include "console/users_page.h"

#include <algorithm>
#include <map>

#include "common/log.h"
#include "common/strings.h"
#include "console/console_actions.h"
#include "console/console_session.h"
#include "console/html.h"
#include "console/http_answers.h"
#include "console/layout.h"
#include "http/form.h"
#include "models/group_lookup.h"
#include "rpc/error_mapping.h"
#include "services/user_admin.h"

namespace keygate::console {

namespace {

struct UserListQuery {
  std::string text;  // part of the login or name
  bool archived = false;
};

UserListQuery ReadQuery(const http::FormData& q) {
  UserListQuery u;
  u.text = q.Get("q");
  u.archived = q.Get("archived") == "1";
  return u;
}

int StatusFor(const Status& s) { return rpc::FormsOf(s.code()).json2_http; }

// How a group is named in a form: its external id when it has one, else its full name (both are
// what models::ResolveGroup takes).
std::string GroupSpec(const models::GroupInfo& g) {
  return g.xml_id.empty() ? g.full_name : g.xml_id;
}

std::string Cell(const char* label, const std::string& html) {
  return std::string("<td data-label=\"") + label + "\">" + html + "</td>";
}

// A one-button form that POSTs `fields` to `action`.
std::string ButtonForm(const Admin& admin, const std::string& action,
                       const std::vector<std::pair<std::string, std::string>>& fields,
                       const std::string& label, const std::string& button_class,
                       const std::string& title) {
  std::string s =
      "<form method=\"post\" action=\"" + action + "\" class=\"inline\">" + CsrfField(admin);
  for (const auto& [name, value] : fields) {
    s += "<input type=\"hidden\" name=\"" + name + "\" value=\"" + EscapeHtml(value) + "\">";
  }
  s += "<button type=\"submit\" class=\"" + button_class + "\" title=\"" + EscapeHtml(title) +
       "\">" + label + "</button></form>";
  return s;
}

std::string UserRow(const Admin& admin, const services::UserOverview& o,
                    const std::map<int64_t, const models::GroupInfo*>& groups) {
  const auto& u = o.user;
  std::string r = "<tr id=\"user-" + std::to_string(u.id) + "\" class=\"" +
                  (u.active ? "active" : "archived") + "\">";
  r += Cell("Login", EscapeHtml(u.login) + "<br><span class=\"sub\">" + EscapeHtml(u.name) +
                         " · uid " + std::to_string(u.id) + "</span>");
  r += Cell("2FA",
            u.totp_secret ? "<span class=\"tag on\">on</span>" : "<span class=\"tag\">off</span>");
  r += Cell("State", u.active ? "active" : "<span class=\"tag archived\">archived</span>");
  std::string direct = "<ul class=\"groups\">";
  for (int64_t id : o.direct_group_ids) {
    auto it = groups.find(id);
    if (it == groups.end()) continue;
    direct += "<li><span class=\"group\">" + EscapeHtml(it->second->full_name) + "</span> " +
              ButtonForm(admin, "/keygate/users/revoke",
                         {{"login", u.login}, {"group", GroupSpec(*it->second)}}, "×",
                         "chip-remove", "Revoke " + it->second->full_name + " from " + u.login) +
              "</li>";
  }
  direct += "</ul>";
  r += Cell("Groups", direct);
  std::string implied;
  for (int64_t id : o.effective_group_ids) {
    if (std::find(o.direct_group_ids.begin(), o.direct_group_ids.end(), id) !=
        o.direct_group_ids.end()) {
      continue;
    }
    auto it = groups.find(id);
    if (it == groups.end()) continue;
    implied += (implied.empty() ? "" : "<br>") + EscapeHtml(it->second->full_name);
  }
  r += Cell("Through implications",
            implied.empty() ? "-" : "<span class=\"sub\">" + implied + "</span>");
  r +=
      Cell("Actions", u.active ? ButtonForm(admin, "/keygate/users/archive", {{"login", u.login}},
                                            "Archive", "danger", "Archive " + u.login)
                               : ButtonForm(admin, "/keygate/users/unarchive", {{"login", u.login}},
                                            "Unarchive", "", "Unarchive " + u.login));
  return r + "</tr>\n";
}

// The page, with `message_html` (a MessageBox, or "") above the list.
http::HttpResponse UsersPage(const ConsoleEnv& env, const Admin& admin,
                             const services::CallerInfo& caller, const UserListQuery& q, int status,
                             const std::string& message_html) {
  auto fail = [&](const Status& s) {
    return HtmlAnswer(StatusFor(s), RenderPage("Users and groups", &admin, NavItem::kUsers,
                                               message_html + MessageBox("error", s.message())));
  };
  auto conn = ConnectAs(env, admin, caller);
  if (!conn.ok()) return fail(conn.status());
  auto users = services::ListUserOverviews(**conn, q.archived);
  if (!users.ok()) return fail(users.status());
  auto group_list = models::ListGroups(**conn);
  if (!group_list.ok()) return fail(group_list.status());
  std::map<int64_t, const models::GroupInfo*> groups;
  for (const auto& g : *group_list) groups[g.id] = &g;

  std::string body = message_html;
  body +=
      "<div class=\"toolbar\">\n<form method=\"get\" action=\"/keygate/users\" "
      "class=\"filters\">";
  body += "<label>Search <input name=\"q\" type=\"search\" value=\"" + EscapeHtml(q.text) +
          "\" placeholder=\"login or name\"></label>";
  body += std::string(
              "<label class=\"check\"><input type=\"checkbox\" name=\"archived\" "
              "value=\"1\"") +
          (q.archived ? " checked" : "") + "> archived too</label>";
  body += "<button type=\"submit\">Filter</button></form>\n";
  body += "<form method=\"post\" action=\"/keygate/users/grant\" class=\"filters\" id=\"grant\">" +
          CsrfField(admin) + "<label>User <select name=\"login\">";
  for (const auto& o : *users) {
    if (o.user.active) body += "<option>" + EscapeHtml(o.user.login) + "</option>";
  }
  body += "</select></label><label>Group <select name=\"group\">";
  for (const auto& g : *group_list) {
    body += "<option value=\"" + EscapeHtml(GroupSpec(g)) + "\">" + EscapeHtml(g.full_name) +
            "</option>";
  }
  body += "</select></label><button type=\"submit\">Grant</button></form>\n</div>\n";

  const std::string needle = Lower(q.text);
  std::string rows;
  size_t shown = 0;
  for (const auto& o : *users) {
    if (!needle.empty() && Lower(o.user.login).find(needle) == std::string::npos &&
        Lower(o.user.name).find(needle) == std::string::npos) {
      continue;
    }
    ++shown;
    rows += UserRow(admin, o, groups);
  }
  body += "<p class=\"count\">" + std::to_string(shown) + " of " + std::to_string(users->size()) +
          (q.archived ? " users" : " active users") + "</p>\n";
  body +=
      "<div class=\"table-wrap\"><table class=\"users\" id=\"users\">\n<thead><tr>"
      "<th scope=\"col\">Login</th><th scope=\"col\">2FA</th><th scope=\"col\">State</th>"
      "<th scope=\"col\">Groups</th><th scope=\"col\">Through implications</th>"
      "<th scope=\"col\">Actions</th></tr></thead>\n<tbody>\n" +
      rows + "</tbody></table></div>\n";

  body +=
      "<h2>Groups</h2>\n<div class=\"table-wrap\"><table class=\"groups\" id=\"groups\">\n"
      "<thead><tr><th scope=\"col\">Group</th><th scope=\"col\">External id</th>"
      "<th scope=\"col\">Members</th><th scope=\"col\">Implies</th></tr></thead>\n<tbody>\n";
  for (const auto& g : *group_list) {
    std::string implies;
    for (int64_t h : g.implied_ids) {
      auto it = groups.find(h);
      if (it != groups.end()) {
        implies += (implies.empty() ? "" : "; ") + EscapeHtml(it->second->full_name);
      }
    }
    body += "<tr>" + Cell("Group", EscapeHtml(g.full_name)) +
            Cell("External id", EscapeHtml(g.xml_id.empty() ? "-" : g.xml_id)) +
            Cell("Members", std::to_string(g.members)) +
            Cell("Implies", implies.empty() ? "-" : implies) + "</tr>\n";
  }
  body += "</tbody></table></div>\n";
  return HtmlAnswer(status, RenderPage("Users and groups", &admin, NavItem::kUsers, body));
}

}  // namespace

http::HttpResponse ShowUsers(const ConsoleEnv& env, const Admin& admin,
                             const http::HttpRequest& request, const services::CallerInfo& caller) {
  return UsersPage(env, admin, caller, ReadQuery(http::FormData::Parse(request.query)), 200, "");
}

http::HttpResponse ChangeUserGroup(const ConsoleEnv& env, const Admin& admin,
                                   const http::HttpRequest& request,
                                   const services::CallerInfo& caller, bool grant) {
  http::FormData form = http::FormData::Parse(request.body);
  const UserListQuery list;
  auto refuse = [&](const Status& s) {
    return UsersPage(env, admin, caller, list, StatusFor(s), MessageBox("error", s.message()));
  };
  auto conn = ConnectAs(env, admin, caller);
  if (!conn.ok()) return refuse(conn.status());
  auto user = services::FindUserByLogin(**conn, form.Get("login"));
  if (!user.ok()) return refuse(user.status());
  const std::string group = form.Get("group");
  auto change = grant ? services::GrantGroup(**conn, *user, group)
                      : services::RevokeGroup(**conn, *user, group);
  if (!change.ok()) return refuse(change.status());
  if (change->changed) {
    RecordConsoleChange(**conn, admin, caller, grant ? kActionGroupGranted : kActionGroupRevoked,
                        std::nullopt, *env.server->clock, user->login + ":" + group);
    Log(LogLevel::kInfo, "console",
        "db:" + admin.db + " login:" + admin.login + (grant ? " granted " : " revoked ") + group +
            (grant ? " to " : " from ") + user->login + " from " + caller.client_ip);
  }
  return UsersPage(env, admin, caller, list, 200, MessageBox("notice", change->message));
}

http::HttpResponse SetUserArchived(const ConsoleEnv& env, const Admin& admin,
                                   const http::HttpRequest& request,
                                   const services::CallerInfo& caller, bool archived) {
  http::FormData form = http::FormData::Parse(request.body);
  UserListQuery list;
  list.archived = true;  // so that the user archived stays in sight
  auto refuse = [&](const Status& s) {
    return UsersPage(env, admin, caller, list, StatusFor(s), MessageBox("error", s.message()));
  };
  auto conn = ConnectAs(env, admin, caller);
  if (!conn.ok()) return refuse(conn.status());
  auto user = services::FindUserByLogin(**conn, form.Get("login"));
  if (!user.ok()) return refuse(user.status());
  auto change = services::SetUserActive(**conn, *user, !archived);
  if (!change.ok()) return refuse(change.status());
  if (change->changed) {
    RecordConsoleChange(**conn, admin, caller,
                        archived ? kActionUserArchived : kActionUserUnarchived, std::nullopt,
                        *env.server->clock, user->login);
    Log(LogLevel::kInfo, "console",
        "db:" + admin.db + " login:" + admin.login + (archived ? " archived " : " unarchived ") +
            user->login + " from " + caller.client_ip);
  }
  return UsersPage(env, admin, caller, list, 200, MessageBox("notice", change->message));
}

}  // namespace keygate::console
