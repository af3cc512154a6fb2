// Group membership as Odoo computes it: a user's groups plus every group they imply,
// transitively (res_groups_users_rel + res_groups_implied_rel).
// Thread-safety: stateless; the connection is the caller's.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/status.h"
#include "store/sql.h"

namespace keygate::store {

// Ids of the user's effective groups, sorted.
StatusOr<std::vector<int64_t>> EffectiveGroupIds(SqlConnection& c, int64_t uid);

// Ids of the user's effective user-type groups, sorted: those of Odoo 17/18's "User types"
// category (base.module_category_user_type) and base.group_user, group_portal and group_public
// (Odoo 19's _get_user_type_groups, where the category is gone). Odoo allows one at most.
StatusOr<std::vector<int64_t>> UserTypeGroupIds(SqlConnection& c, int64_t uid);

// Whether the user is, directly or by implication, in the group with external id
// `module.name` (e.g. "base.group_system").
StatusOr<bool> HasGroup(SqlConnection& c, int64_t uid, const std::string& xml_id);

// Adds the user to each group named by external id ("base.group_user"); ids that name no
// group are skipped.
Status GrantGroupsByXmlId(SqlConnection& c, int64_t uid, const std::vector<std::string>& xml_ids);

// The longest API key lifetime, in days, among the user's effective groups'
// res_groups.api_key_duration (0 when none sets one).
StatusOr<double> LongestKeyDurationDays(SqlConnection& c, int64_t uid);

// Odoo's res.users.share, computed from the groups: a user who is not an internal user
// (base.group_user, directly or by implication) is a portal or public user. Whatever changes a
// user's groups calls it.
Status RefreshShare(SqlConnection& c, int64_t uid);

}  // namespace keygate::store
