// The one-user-type rule, the share flag after a change of groups, a new user's defaults.
#include "models/user_types.h"

#include <vector>

#include "store/group_members.h"
#include "store/groups.h"
#include "store/partners.h"
#include "store/repositories.h"

namespace keygate::models {

Status AfterUserGroupsChanged(store::SqlConnection& c, int64_t uid) {
  KG_ASSIGN_OR_RETURN(std::vector<int64_t> types, store::UserTypeGroupIds(c, uid));
  if (types.size() > 1) return ValidationError(kOneUserType);
  return store::RefreshShare(c, uid);
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
