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
