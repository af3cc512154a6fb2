// res_groups as a catalogue: every group with its category, external id, key lifetime and
// member count, the implications between groups, and every user's effective groups by name.
// Membership of one user is groups.h's; how an administrator names a group is
// models/group_lookup.h's.
// Thread-safety: stateless; the connection is the caller's.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/status.h"
#include "store/sql.h"

namespace keygate::store {

struct GroupRow {
  int64_t id = 0;
  std::string name;
  std::optional<std::string> category;  // ir_module_category's name
  double api_key_duration = 0;          // days; 0: no limit
  std::optional<std::string> xml_id;    // "module.name" (the first, when several)
  int64_t members = 0;                  // direct members
};
// Every group, in no order.
StatusOr<std::vector<GroupRow>> AllGroups(SqlConnection& c);

// Every (group, implied group) pair, sorted.
StatusOr<std::vector<std::pair<int64_t, int64_t>>> GroupImplications(SqlConnection& c);

// Deletes the group, as Odoo unlinks one: its memberships, implications and access rights go with
// it (the tables' ON DELETE CASCADE), and so do its external ids. Its record rules would block
// that (ON DELETE RESTRICT, Odoo's too, so that a group rule never turns into a global one): a
// rule of this group alone is deleted with it, a rule of several groups only loses this one.
// Returns the uids that were its direct members (their `share` may change: the caller refreshes
// it). The caller holds the transaction.
StatusOr<std::vector<int64_t>> DeleteGroup(SqlConnection& c, int64_t gid);

// One effective group of a user (directly or by implication), by its full name
// ("Category / Name", or the name alone), and whether it is base.group_system.
struct UserGroupName {
  int64_t uid = 0;
  std::string full_name;
  bool is_system = false;
};
// Every user's effective groups, ordered by full name.
StatusOr<std::vector<UserGroupName>> EffectiveGroupNamesOfUsers(SqlConnection& c);

}  // namespace keygate::store
