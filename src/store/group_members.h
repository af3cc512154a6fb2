// res_groups_users_rel, the direct members of Odoo's groups: who was put in which group (what the
// groups imply is store/groups.h's). Written by `keygate user add`, `keygate group grant|revoke`
// and the console's Users page, all through services/user_admin.h.
// Thread-safety: stateless; the connection is the caller's.
#pragma once

#include <cstdint>
#include <vector>

#include "common/status.h"
#include "store/sql.h"

namespace keygate::store {

// The groups the user is directly in, sorted.
StatusOr<std::vector<int64_t>> DirectGroupIds(SqlConnection& c, int64_t uid);

// Whether the user is directly in the group.
StatusOr<bool> IsDirectMember(SqlConnection& c, int64_t gid, int64_t uid);

// Puts the user in the group; an existing membership is left as it is.
Status AddGroupMember(SqlConnection& c, int64_t gid, int64_t uid);

// Takes the user out of the group; how many rows went (0: the user was not directly in it).
StatusOr<int64_t> RemoveGroupMember(SqlConnection& c, int64_t gid, int64_t uid);

// Adds to the user's rows every group its groups imply and it is not directly in (Odoo's
// res_groups_users_rel holds them), as Odoo's res.users create and write do.
Status LinkImpliedGroups(SqlConnection& c, int64_t uid);

// Takes the user out of every group it is directly in.
Status ClearDirectGroups(SqlConnection& c, int64_t uid);

// Puts the user in the groups Odoo gives a new internal user: "Internal User" (base.group_user)
// and, as Odoo's default user template does, "Contact Creation" (base.group_partner_manager) and
// "Access to export feature" (base.group_allow_export).
Status AddToInternalUserGroups(SqlConnection& c, int64_t uid);

}  // namespace keygate::store
