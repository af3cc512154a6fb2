// User and group management shared by the CLI and the console.
#include "services/user_admin.h"

#include <algorithm>
#include <map>
#include <set>

#include "common/close_matches.h"
#include "models/user_types.h"
#include "store/group_catalog.h"
#include "store/group_members.h"
#include "store/groups.h"
#include "store/repositories.h"

namespace keygate::services {

namespace {

std::string Quoted(const std::string& s) { return "\"" + s + "\""; }

// Odoo's category of the groups Internal User, Portal and Public (the console and the CLI name
// groups by their full names, "User types / Portal").
bool IsUserType(const models::GroupInfo& group) { return group.category == "User types"; }

// Odoo's res.users._check_one_user_type (models::kOneUserType), saying which groups clash.
Status CheckOneUserType(store::SqlConnection& c, const std::string& login, int64_t uid) {
  KG_ASSIGN_OR_RETURN(std::vector<int64_t> type_ids, store::UserTypeGroupIds(c, uid));
  if (type_ids.size() <= 1) return Status::Ok();
  KG_ASSIGN_OR_RETURN(std::vector<models::GroupInfo> groups, models::ListGroups(c));
  std::vector<std::string> types;
  for (const auto& g : groups) {
    if (std::find(type_ids.begin(), type_ids.end(), g.id) != type_ids.end()) {
      types.push_back(Quoted(g.full_name));
    }
  }
  std::string both;
  for (size_t i = 0; i < types.size(); ++i) {
    both += (i == 0 ? "" : i + 1 == types.size() ? " and " : ", ") + types[i];
  }
  std::string odoo = models::kOneUserType;
  odoo.pop_back();  // the final period
  return UserError(odoo + ": " + Quoted(login) + " would be in " + both +
                   " (revoke the other user type first)");
}

}  // namespace

StatusOr<store::UserRecord> FindUserByLogin(store::SqlConnection& c, const std::string& login) {
  store::Users users(c);
  KG_ASSIGN_OR_RETURN(auto user, users.FindByLogin(login));
  if (user) return *user;
  std::string message = "no user with login " + Quoted(login);
  KG_ASSIGN_OR_RETURN(auto all, users.List(true));
  std::vector<std::string> logins;
  logins.reserve(all.size());
  for (const auto& u : all) logins.push_back(u.login);
  auto close = CloseMatches(login, logins);
  if (!close.empty()) message += "; did you mean " + Quoted(close.front()) + "?";
  return UserError(message);
}

StatusOr<std::vector<UserOverview>> ListUserOverviews(store::SqlConnection& c,
                                                      bool include_archived) {
  KG_ASSIGN_OR_RETURN(auto users, store::Users(c).List(include_archived));
  std::vector<UserOverview> out;
  out.reserve(users.size());
  for (auto& u : users) {
    UserOverview o;
    KG_ASSIGN_OR_RETURN(o.direct_group_ids, store::DirectGroupIds(c, u.id));
    KG_ASSIGN_OR_RETURN(o.effective_group_ids, store::EffectiveGroupIds(c, u.id));
    o.user = std::move(u);
    out.push_back(std::move(o));
  }
  return out;
}

StatusOr<int64_t> CreateUser(store::SqlConnection& c, const NewUserInput& input) {
  store::NewUser u;
  u.login = input.login;
  u.name = input.name.empty() ? input.login : input.name;
  u.email = input.email;
  if (input.password_hash) u.password_hash = *input.password_hash;
  store::Transaction tx(c);
  KG_RETURN_IF_ERROR(tx.Begin());
  std::vector<models::GroupInfo> groups;
  bool typed = false;  // a user type asked for: it replaces the internal user's groups
  for (const auto& spec : input.groups) {
    KG_ASSIGN_OR_RETURN(auto group, models::ResolveGroup(c, spec));
    typed = typed || (IsUserType(group) && group.xml_id != "base.group_user");
    groups.push_back(std::move(group));
  }
  KG_ASSIGN_OR_RETURN(int64_t id, store::Users(c).Create(u));
  if (!typed) KG_RETURN_IF_ERROR(store::AddToInternalUserGroups(c, id));
  for (const auto& group : groups) {
    KG_ASSIGN_OR_RETURN(bool member, store::IsDirectMember(c, group.id, id));
    if (!member) KG_RETURN_IF_ERROR(store::AddGroupMember(c, group.id, id));
  }
  // Odoo's res.users create stores the groups the user's groups imply with them.
  KG_RETURN_IF_ERROR(store::LinkImpliedGroups(c, id));
  KG_RETURN_IF_ERROR(CheckOneUserType(c, input.login, id));
  KG_RETURN_IF_ERROR(store::RefreshShare(c, id));
  KG_RETURN_IF_ERROR(tx.Commit());
  return id;
}

StatusOr<UserChange> SetUserActive(store::SqlConnection& c, const store::UserRecord& user,
                                   bool active) {
  KG_RETURN_IF_ERROR(store::Users(c).SetActive(user.id, active));
  UserChange change;
  change.changed = user.active != active;
  change.message = std::string(active ? "Unarchived" : "Archived") + " user " + Quoted(user.login) +
                   (active ? "" : "; its password and API keys stop working at once");
  return change;
}

StatusOr<UserChange> GrantGroup(store::SqlConnection& c, const store::UserRecord& user,
                                const std::string& group_spec) {
  KG_ASSIGN_OR_RETURN(auto group, models::ResolveGroup(c, group_spec));
  KG_ASSIGN_OR_RETURN(bool member, store::IsDirectMember(c, group.id, user.id));
  UserChange change;
  if (member) {
    change.message = Quoted(user.login) + " is already in " + Quoted(group.full_name);
    return change;
  }
  store::Transaction tx(c);
  KG_RETURN_IF_ERROR(tx.Begin());
  KG_RETURN_IF_ERROR(store::AddGroupMember(c, group.id, user.id));
  KG_RETURN_IF_ERROR(CheckOneUserType(c, user.login, user.id));
  KG_RETURN_IF_ERROR(store::RefreshShare(c, user.id));
  KG_RETURN_IF_ERROR(tx.Commit());
  change.changed = true;
  change.message = "Granted " + Quoted(group.full_name) + " to " + Quoted(user.login) +
                   "; it applies from the next call.";
  return change;
}

StatusOr<UserChange> DeleteGroup(store::SqlConnection& c, const std::string& group_spec) {
  KG_ASSIGN_OR_RETURN(auto group, models::ResolveGroup(c, group_spec));
  KG_ASSIGN_OR_RETURN(bool attached, store::IsAttachedOdooDatabase(c));
  if (attached) {
    return UserError("the groups of an Odoo database keygate is attached to are Odoo's: delete " +
                     Quoted(group.full_name) + " in Odoo");
  }
  if (group.xml_id.rfind("base.", 0) == 0) {
    return UserError(Quoted(group.full_name) + " (" + group.xml_id +
                     ") is one of Odoo's base groups, which every database keeps");
  }
  store::Transaction tx(c);
  KG_RETURN_IF_ERROR(tx.Begin());
  KG_ASSIGN_OR_RETURN(auto members, store::DeleteGroup(c, group.id));
  for (int64_t uid : members) KG_RETURN_IF_ERROR(store::RefreshShare(c, uid));
  KG_RETURN_IF_ERROR(tx.Commit());
  UserChange change;
  change.changed = true;
  change.message = "Deleted " + Quoted(group.full_name) + " with its access rights and record " +
                   "rules (" + std::to_string(members.size()) +
                   (members.size() == 1 ? " user was" : " users were") +
                   " in it); it applies from the next call.";
  return change;
}

StatusOr<UserChange> RevokeGroup(store::SqlConnection& c, const store::UserRecord& user,
                                 const std::string& group_spec) {
  KG_ASSIGN_OR_RETURN(auto group, models::ResolveGroup(c, group_spec));
  KG_ASSIGN_OR_RETURN(int64_t removed, store::RemoveGroupMember(c, group.id, user.id));
  KG_RETURN_IF_ERROR(store::RefreshShare(c, user.id));
  UserChange change;
  if (removed > 0) {
    change.changed = true;
    change.message = "Revoked " + Quoted(group.full_name) + " from " + Quoted(user.login) +
                     "; it applies from the next call.";
    return change;
  }
  KG_ASSIGN_OR_RETURN(auto effective, store::EffectiveGroupIds(c, user.id));
  if (std::find(effective.begin(), effective.end(), group.id) != effective.end()) {
    KG_ASSIGN_OR_RETURN(auto groups, models::ListGroups(c));
    KG_ASSIGN_OR_RETURN(auto direct, store::DirectGroupIds(c, user.id));
    std::string through;
    for (int64_t id : GroupsImplying(groups, direct, group.id)) {
      for (const auto& g : groups) {
        if (g.id == id) through += (through.empty() ? "" : ", ") + Quoted(g.full_name);
      }
    }
    return UserError(Quoted(user.login) + " is not directly in " + Quoted(group.full_name) +
                     "; it has it through " + through + "; revoke that group instead");
  }
  change.message = Quoted(user.login) + " is not in " + Quoted(group.full_name);
  return change;
}

std::vector<int64_t> GroupsImplying(const std::vector<models::GroupInfo>& groups,
                                    const std::vector<int64_t>& direct_ids, int64_t group_id) {
  std::map<int64_t, const models::GroupInfo*> by_id;
  for (const auto& g : groups) by_id[g.id] = &g;
  std::vector<int64_t> out;
  for (int64_t start : direct_ids) {
    if (start == group_id) continue;
    std::set<int64_t> seen;
    std::vector<int64_t> todo{start};
    bool implies = false;
    while (!todo.empty() && !implies) {
      int64_t id = todo.back();
      todo.pop_back();
      auto it = by_id.find(id);
      if (!seen.insert(id).second || it == by_id.end()) continue;
      for (int64_t h : it->second->implied_ids) {
        if (h == group_id) implies = true;
        todo.push_back(h);
      }
    }
    if (implies) out.push_back(start);
  }
  return out;
}

}  // namespace keygate::services
