// Odoo's rules on a user's type, for whatever changes a user's groups (the ORM's res.users
// writes, the CLI, the console): a user is of one type at most (Internal User, Portal or Public,
// implied groups included: res.users._check_one_user_type), and res.users.share follows the
// groups (store::RefreshShare).
// Thread-safety: stateless; the connection is the caller's.
#pragma once

#include <cstdint>

#include "common/status.h"
#include "store/sql.h"

namespace keygate::models {

// Odoo 18's ValidationError text.
inline constexpr const char* kOneUserType = "The user cannot have more than one user types.";

// After user `uid`'s groups changed: ValidationError(kOneUserType) when it now has two user
// types; otherwise its share is brought up to date.
Status AfterUserGroupsChanged(store::SqlConnection& c, int64_t uid);

}  // namespace keygate::models
