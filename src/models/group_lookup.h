// Groups as an administrator names them: by full name ("Sales / User: All Documents", spaces
// around the slash optional, case-insensitive), by bare name when only one group has it
// ("Internal User"), or by external id ("sales_team.group_sale_salesman_all_leads").
// Used by the CLI (`keygate group ...`, `keygate user add --group`).
// Thread-safety: stateless; the connection is the caller's.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/status.h"
#include "store/sql.h"

namespace keygate::models {

struct GroupInfo {
  int64_t id = 0;
  std::string name;       // "User: All Documents"
  std::string category;   // "Sales" ("" when none)
  std::string full_name;  // "Sales / User: All Documents" (Odoo's res.groups.full_name)
  std::string xml_id;     // "sales_team.group_sale_salesman_all_leads" ("" when none)
  double api_key_duration = 0;
  std::vector<int64_t> implied_ids;  // direct implications
  int64_t members = 0;               // direct members
};

// Every group, ordered by full name.
StatusOr<std::vector<GroupInfo>> ListGroups(store::SqlConnection& c);

// kUserError when nothing or several groups match, listing the closest names.
StatusOr<GroupInfo> ResolveGroup(store::SqlConnection& c, const std::string& spec);

}  // namespace keygate::models
