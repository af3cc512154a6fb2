// Odoo's rules on a user's type and a new user's defaults, for whatever changes a user's groups
// (the ORM's res.users writes, the CLI, the console): a user is of one type at most (Internal User,
// Portal or Public, implied groups included: res.users._check_one_user_type), and res.users.share
// follows the groups (store::RefreshShare). Thread-safety: stateless; the connection is the
// caller's.
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

// Before the ORM creates a user: refused (kUserError) in an Odoo database keygate is attached to,
// where users are Odoo's to create (its ORM fills columns keygate does not know).
Status CheckUserCreatable(store::SqlConnection& c);

// After the ORM created user `uid` (res.users.create over RPC): the defaults Odoo gives fields
// not in the values (groups_id: the internal user's groups, as `keygate user add`; company_ids:
// its company), then AfterUserGroupsChanged.
Status AfterUserCreated(store::SqlConnection& c, int64_t uid, bool groups_given,
                        bool companies_given);

}  // namespace keygate::models
