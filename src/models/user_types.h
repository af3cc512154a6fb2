// Odoo's rules on a user's type and a new user's defaults, for whatever changes a user's groups
// (the ORM's res.users writes, the CLI, the console): a user is of one type at most (Internal User,
// Portal or Public, implied groups included: res.users._check_one_user_type), and res.users.share
// follows the groups (store::RefreshShare). Thread-safety: stateless; the connection is the
// caller's.
#pragma once

#include <cstdint>
#include <vector>

#include "common/status.h"
#include "common/value.h"
#include "store/sql.h"

namespace keygate::models {

// Odoo 18's ValidationError text.
inline constexpr const char* kOneUserType = "The user cannot have more than one user types.";

// After user `uid`'s groups changed through the ORM: the groups its groups imply are linked to it
// (Odoo's UsersImplied keeps them in res_groups_users_rel), then ValidationError(kOneUserType)
// when it has two user types; otherwise its share is brought up to date.
Status AfterUserGroupsChanged(store::SqlConnection& c, int64_t uid);

// Odoo's UsersImplied.write demotes: a user that was internal and is not once the written groups
// commands are applied keeps only the groups the commands give (they are applied again after its
// groups are cleared), and that second write is made as the caller with the caller's groups of
// that moment (an administrator demoting itself loses the right to do so). What a write needs
// to know before it applies the commands: each user's groups as Odoo's table holds them
// (implications followed) and whether it is internal.
struct UserGroupsBefore {
  int64_t uid = 0;
  bool internal = false;
  std::vector<int64_t> groups;  // sorted
};
StatusOr<std::vector<UserGroupsBefore>> UserGroupsBeforeWrite(store::SqlConnection& c,
                                                              const std::vector<int64_t>& uids);
// The groups Odoo's table holds once many2many `commands` (3, 4, 5, 6, or a list of ids) are
// applied to `groups`, implications not yet added.
std::vector<int64_t> GroupsAfterCommands(std::vector<int64_t> groups, const Value& commands);
// The id of base.group_user (Internal User).
StatusOr<int64_t> InternalUserGroupId(store::SqlConnection& c);

// Before the ORM creates a user: refused (kUserError) in an Odoo database keygate is attached to,
// where users are Odoo's to create (its ORM fills columns keygate does not know).
Status CheckUserCreatable(store::SqlConnection& c);

// After the ORM created user `uid` (res.users.create over RPC): the defaults Odoo gives fields
// not in the values (groups_id: the internal user's groups, as `keygate user add`; company_ids:
// its company), then AfterUserGroupsChanged.
Status AfterUserCreated(store::SqlConnection& c, int64_t uid, bool groups_given,
                        bool companies_given);

}  // namespace keygate::models
