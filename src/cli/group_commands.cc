// `keygate group list|grant|revoke|delete`: Odoo's groups and who is in them; grant, revoke and
// delete are services/user_admin.h's (grant and revoke as on the console's Users page). A change
// takes effect on the next call of every client, also while a server runs (the auth generation
// triggers).
#include <algorithm>
#include <cstdio>
#include <map>

#include "auth/key_lifecycle.h"
#include "auth/key_restrictions.h"
#include "cli/commands.h"
#include "models/access_data.h"
#include "models/group_lookup.h"
#include "models/registry.h"
#include "services/user_admin.h"
#include "store/group_members.h"
#include "store/groups.h"
#include "store/repositories.h"

namespace keygate::cli {

Status EnsureAccess(store::SqlConnection& c) {
  static const StatusOr<models::Registry> registry = models::Registry::LoadEmbedded();
  if (!registry.ok()) return registry.status();
  return models::EnsureAccessData(c, *registry);
}

StatusOr<store::ConnectionLease> ConnectWithAccess(CliContext& ctx, const std::string& db) {
  KG_ASSIGN_OR_RETURN(auto conn, Connect(ctx, db));
  KG_RETURN_IF_ERROR(EnsureAccess(*conn));
  return conn;
}

StatusOr<std::vector<std::string>> GroupFullNames(store::SqlConnection& c,
                                                  const std::vector<int64_t>& ids) {
  KG_ASSIGN_OR_RETURN(auto groups, models::ListGroups(c));
  std::vector<std::string> out;
  for (const auto& g : groups) {
    if (std::find(ids.begin(), ids.end(), g.id) != ids.end()) out.push_back(g.full_name);
  }
  return out;
}

namespace {

struct GroupArgs {
  std::string db;
  std::string login;
  std::string group;
  bool json = false;
};

std::string Join(const std::vector<std::string>& v, const std::string& sep) {
  std::string s;
  for (const auto& x : v) s += (s.empty() ? "" : sep) + x;
  return s;
}

std::string FormatDays(double d) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", d);
  return buf;
}

Status List(CliContext& ctx, const GroupArgs& a) {
  auto conn = ConnectWithAccess(ctx, a.db);
  if (!conn.ok()) return Fail(conn.status());
  auto groups = models::ListGroups(**conn);
  if (!groups.ok()) return Fail(groups.status());
  std::map<int64_t, std::string> names;
  for (const auto& g : *groups) names[g.id] = g.full_name;
  auto implied_names = [&](const models::GroupInfo& g) {
    std::vector<std::string> v;
    for (int64_t h : g.implied_ids) v.push_back(names[h]);
    return v;
  };
  if (a.json) {
    std::cout << "[";
    bool first = true;
    for (const auto& g : *groups) {
      std::cout << (first ? "" : ",") << "{\"id\":" << g.id
                << ",\"full_name\":" << JsonString(g.full_name)
                << ",\"name\":" << JsonString(g.name)
                << ",\"category\":" << (g.category.empty() ? "null" : JsonString(g.category))
                << ",\"xml_id\":" << (g.xml_id.empty() ? "null" : JsonString(g.xml_id))
                << ",\"implied\":[";
      auto implied = implied_names(g);
      for (size_t i = 0; i < implied.size(); ++i) {
        std::cout << (i ? "," : "") << JsonString(implied[i]);
      }
      std::cout << "],\"members\":" << g.members
                << ",\"api_key_duration\":" << FormatDays(g.api_key_duration) << "}";
      first = false;
    }
    std::cout << "]\n";
    return Status::Ok();
  }
  std::printf("%-4s %-38s %-42s %-7s %-8s %s\n", "ID", "GROUP", "XML ID", "MEMBERS", "KEY DAYS",
              "IMPLIES");
  for (const auto& g : *groups) {
    std::printf("%-4lld %-38s %-42s %-7lld %-8s %s\n", static_cast<long long>(g.id),
                g.full_name.c_str(), g.xml_id.c_str(), static_cast<long long>(g.members),
                FormatDays(g.api_key_duration).c_str(), Join(implied_names(g), ", ").c_str());
  }
  return Status::Ok();
}

// Grant and revoke say what they did (or why not) in the service's words, as the console does.
Status ChangeGroup(CliContext& ctx, const GroupArgs& a, bool grant) {
  auto conn = ConnectWithAccess(ctx, a.db);
  if (!conn.ok()) return Fail(conn.status());
  auto user = FindUser(**conn, a.login);
  if (!user.ok()) return Fail(user.status());
  auto change = grant ? services::GrantGroup(**conn, *user, a.group)
                      : services::RevokeGroup(**conn, *user, a.group);
  if (!change.ok()) return Fail(change.status());
  std::cerr << change->message << "\n";
  return Status::Ok();
}

Status Delete(CliContext& ctx, const GroupArgs& a) {
  auto conn = ConnectWithAccess(ctx, a.db);
  if (!conn.ok()) return Fail(conn.status());
  auto change = services::DeleteGroup(**conn, a.group);
  if (!change.ok()) return Fail(change.status());
  std::cerr << change->message << "\n";
  return Status::Ok();
}

Status ShowUser(CliContext& ctx, const GroupArgs& a) {
  auto conn = ConnectWithAccess(ctx, a.db);
  if (!conn.ok()) return Fail(conn.status());
  auto user = FindUser(**conn, a.login);
  if (!user.ok()) return Fail(user.status());
  auto direct_ids = store::DirectGroupIds(**conn, user->id);
  if (!direct_ids.ok()) return Fail(direct_ids.status());
  auto effective_ids = store::EffectiveGroupIds(**conn, user->id);
  if (!effective_ids.ok()) return Fail(effective_ids.status());
  auto direct = GroupFullNames(**conn, *direct_ids);
  auto effective = GroupFullNames(**conn, *effective_ids);
  if (!direct.ok()) return Fail(direct.status());
  if (!effective.ok()) return Fail(effective.status());
  auto keys = store::ApiKeys(**conn).ListForUser(user->id);
  if (!keys.ok()) return Fail(keys.status());
  auto metas = auth::LoadKeyMeta(**conn);
  if (!metas.ok()) return Fail(metas.status());
  auto restrictions = auth::LoadAllKeyRestrictions(**conn);
  if (!restrictions.ok()) return Fail(restrictions.status());
  auto last_use_of = [&](int64_t key_id) {
    auto it = metas->find(key_id);
    return it == metas->end() ? auth::KeyMeta{} : it->second;
  };
  if (a.json) {
    auto list = [](const std::vector<std::string>& v) {
      std::string s = "[";
      for (size_t i = 0; i < v.size(); ++i) s += (i ? "," : "") + JsonString(v[i]);
      return s + "]";
    };
    std::cout << "{\"id\":" << user->id << ",\"login\":" << JsonString(user->login)
              << ",\"name\":" << JsonString(user->name) << ",\"email\":" << JsonString(user->email)
              << ",\"active\":" << (user->active ? "true" : "false")
              << ",\"share\":" << (user->share ? "true" : "false")
              << ",\"two_factor\":" << (user->totp_secret ? "true" : "false")
              << ",\"groups\":" << list(*direct) << ",\"effective_groups\":" << list(*effective)
              << ",\"keys\":[";
    for (size_t i = 0; i < keys->size(); ++i) {
      const auto& k = (*keys)[i];
      auto restriction = restrictions->find(k.id);
      std::cout << (i ? "," : "")
                << KeyJson(k, user->login,
                           restriction == restrictions->end() ? auth::KeyRestriction{}
                                                              : restriction->second,
                           last_use_of(k.id));
    }
    std::cout << "]}\n";
    return Status::Ok();
  }
  std::cout << "User:             " << user->login << " (uid " << user->id << ")"
            << (user->active ? "" : ", archived") << (user->share ? ", portal/public" : "")
            << (user->totp_secret ? ", two-factor on" : "") << "\n"
            << "Name:             " << user->name << "\n"
            << "Email:            " << user->email << "\n"
            << "Groups:           " << Join(*direct, "; ") << "\n"
            << "Effective groups: " << Join(*effective, "; ") << "\n"
            << "API keys:         " << (keys->empty() ? "none" : "") << "\n";
  for (const auto& k : *keys) {
    std::cout << "  " << k.id << "  \"" << k.name << "\"  scope " << k.scope.value_or("global")
              << ", "
              << (k.expiration_date ? "expires " + *k.expiration_date + " UTC" : "no expiry")
              << ", created " << k.create_date << ", last used "
              << (last_use_of(k.id).last_used_at.empty()
                      ? std::string("never")
                      : last_use_of(k.id).last_used_at + " UTC from " +
                            last_use_of(k.id).last_used_ip + " via " +
                            last_use_of(k.id).last_used_channel)
              << "\n";
  }
  return Status::Ok();
}

CLI::App* WithDb(CLI::App* cmd, GroupArgs& a) {
  cmd->add_option("--db", a.db, "Database")->required();
  return cmd;
}

}  // namespace

void RegisterGroupCommands(CLI::App& app, Registration reg) {
  CLI::App* group =
      app.add_subcommand("group", "List groups; grant and revoke them; delete an app's groups");
  group->require_subcommand(1);
  auto a = std::make_shared<GroupArgs>();

  auto* list = WithDb(group->add_subcommand("list", "List groups with what they imply"), *a);
  list->add_flag("--json", a->json, "JSON output");
  list->callback([=] { *reg.selected = [=](CliContext& c) { return List(c, *a); }; });

  const char* kGroupHelp =
      "Group: full name (\"Sales / User: All Documents\") or external id "
      "(sales_team.group_sale_salesman_all_leads)";
  auto* grant = WithDb(group->add_subcommand("grant", "Put a user in a group"), *a);
  grant->add_option("LOGIN", a->login, "Login")->required();
  grant->add_option("GROUP", a->group, kGroupHelp)->required();
  grant->callback([=] { *reg.selected = [=](CliContext& c) { return ChangeGroup(c, *a, true); }; });

  auto* revoke = WithDb(group->add_subcommand("revoke", "Take a user out of a group"), *a);
  revoke->add_option("LOGIN", a->login, "Login")->required();
  revoke->add_option("GROUP", a->group, kGroupHelp)->required();
  revoke->callback(
      [=] { *reg.selected = [=](CliContext& c) { return ChangeGroup(c, *a, false); }; });

  auto* remove = WithDb(
      group->add_subcommand("delete",
                            "Delete a group with its access rights and record rules (not a base "
                            "group, not on an attached Odoo database)"),
      *a);
  remove->add_option("GROUP", a->group, kGroupHelp)->required();
  remove->callback([=] { *reg.selected = [=](CliContext& c) { return Delete(c, *a); }; });
}

void RegisterUserShowCommand(CLI::App& user, Registration reg) {
  auto a = std::make_shared<GroupArgs>();
  auto* show = WithDb(user.add_subcommand("show", "A user with its groups and API keys"), *a);
  show->add_option("LOGIN", a->login, "Login")->required();
  show->add_flag("--json", a->json, "JSON output");
  show->callback([=] { *reg.selected = [=](CliContext& c) { return ShowUser(c, *a); }; });
}

}  // namespace keygate::cli
