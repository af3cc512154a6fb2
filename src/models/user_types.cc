// The one-user-type rule, the share flag after a change of groups, a new user's defaults.
#include "models/user_types.h"

#include <algorithm>
#include <vector>

#include "store/access_rules.h"
#include "store/group_members.h"
#include "store/groups.h"
#include "store/partners.h"
#include "store/repositories.h"

namespace keygate::models {

Status AfterUserGroupsChanged(store::SqlConnection& c, int64_t uid) {
  KG_RETURN_IF_ERROR(store::LinkImpliedGroups(c, uid));
  KG_ASSIGN_OR_RETURN(std::vector<int64_t> types, store::UserTypeGroupIds(c, uid));
  if (types.size() > 1) return ValidationError(kOneUserType);
  return store::RefreshShare(c, uid);
}

StatusOr<std::vector<UserGroupsBefore>> UserGroupsBeforeWrite(store::SqlConnection& c,
                                                              const std::vector<int64_t>& uids) {
  std::vector<UserGroupsBefore> out;
  out.reserve(uids.size());
  for (int64_t uid : uids) {
    UserGroupsBefore b;
    b.uid = uid;
    KG_ASSIGN_OR_RETURN(b.groups, store::EffectiveGroupIds(c, uid));
    KG_ASSIGN_OR_RETURN(b.internal, store::HasGroup(c, uid, "base.group_user"));
    out.push_back(std::move(b));
  }
  return out;
}

std::vector<int64_t> GroupsAfterCommands(std::vector<int64_t> groups, const Value& commands) {
  auto add = [&](int64_t g) {
    if (std::find(groups.begin(), groups.end(), g) == groups.end()) groups.push_back(g);
  };
  auto remove = [&](int64_t g) {
    groups.erase(std::remove(groups.begin(), groups.end(), g), groups.end());
  };
  if (!commands.is_array()) {
    if (!commands.Truthy()) groups.clear();
    return groups;
  }
  const auto& list = commands.as_array();
  if (!list.empty() &&
      std::all_of(list.begin(), list.end(), [](const Value& v) { return v.is_int(); })) {
    groups.clear();
    for (const Value& v : list) add(v.as_int());
  } else {
    for (const Value& command : list) {
      if (!command.is_array() || command.as_array().empty() || !command.as_array()[0].is_int()) {
        continue;
      }
      const auto& parts = command.as_array();
      const int64_t code = parts[0].as_int();
      const int64_t id = parts.size() > 1 && parts[1].is_int() ? parts[1].as_int() : 0;
      if (code == 3) {
        remove(id);
      } else if (code == 4) {
        add(id);
      } else if (code == 5) {
        groups.clear();
      } else if (code == 6 && parts.size() > 2 && parts[2].is_array()) {
        groups.clear();
        for (const Value& v : parts[2].as_array()) {
          if (v.is_int()) add(v.as_int());
        }
      }
    }
  }
  std::sort(groups.begin(), groups.end());
  return groups;
}

StatusOr<int64_t> InternalUserGroupId(store::SqlConnection& c) {
  KG_ASSIGN_OR_RETURN(auto id, store::FindXmlId(c, "base", "group_user", "res.groups"));
  if (!id) return InternalError("no group base.group_user");
  return *id;
}

Status CheckUserCreatable(store::SqlConnection& c) {
  KG_ASSIGN_OR_RETURN(bool attached, store::IsAttachedOdooDatabase(c));
  if (attached) {
    // The text of the attached database's own guard (migrations/postgres_attach/0001_attach.sql).
    return UserError(
        "keygate does not create users in an attached Odoo database: create them in Odoo");
  }
  return Status::Ok();
}

Status AfterUserCreated(store::SqlConnection& c, int64_t uid, bool groups_given,
                        bool companies_given) {
  if (!groups_given) KG_RETURN_IF_ERROR(store::AddToInternalUserGroups(c, uid));
  if (!companies_given) KG_RETURN_IF_ERROR(store::AllowOwnCompany(c, uid));
  return AfterUserGroupsChanged(c, uid);
}

}  // namespace keygate::models
