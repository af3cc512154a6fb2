// The tables of Odoo's access control that keygate loads and reads: ir_model (the models),
// ir_model_data (external ids), ir_model_access (access rights), ir_rule and rule_group_rel
// (record rules). What the rows mean (who may do what) is models/acl_policy.h's; what is loaded
// into them is models/access_data.h's.
// Thread-safety: stateless; the connection is the caller's.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "store/sql.h"

namespace keygate::store {

// Inserts or renames the ir_model row of `model`; returns its id.
StatusOr<int64_t> UpsertModel(SqlConnection& c, const std::string& model, const std::string& name);

// ir_model_data: the record of `model` that the external id `module.name` names, if any.
StatusOr<std::optional<int64_t>> FindXmlId(SqlConnection& c, const std::string& module,
                                           const std::string& name, const std::string& model);
// Points the external id `module.name` at the record `res_id` of `model` (created or moved).
Status SetXmlId(SqlConnection& c, const std::string& module, const std::string& name,
                const std::string& model, int64_t res_id);
// Every external id of `module` that names a record of `model`.
struct XmlIdRow {
  int64_t id = 0;  // ir_model_data's own id
  std::string name;
  int64_t res_id = 0;
};
StatusOr<std::vector<XmlIdRow>> XmlIdsOf(SqlConnection& c, const std::string& module,
                                         const std::string& model);
Status DeleteXmlId(SqlConnection& c, int64_t id);

// The columns of an access right and of a record rule that keygate writes. Permissions are
// indexed read, write, create, unlink.
using Permissions = std::array<bool, 4>;
struct AccessRightValues {
  std::string name;
  int64_t model_id = 0;
  std::optional<int64_t> group_id;  // none: everybody
  Permissions perm{};
};
struct RuleValues {
  std::string name;
  int64_t model_id = 0;
  std::string domain_force;
  Permissions perm{};
};

StatusOr<bool> AccessRightExists(SqlConnection& c, int64_t id);
StatusOr<int64_t> InsertAccessRight(SqlConnection& c, const AccessRightValues& v);
Status UpdateAccessRight(SqlConnection& c, int64_t id, const AccessRightValues& v);
Status DeleteAccessRight(SqlConnection& c, int64_t id);

StatusOr<bool> RuleExists(SqlConnection& c, int64_t id);
StatusOr<int64_t> InsertRule(SqlConnection& c, const RuleValues& v);
Status UpdateRule(SqlConnection& c, int64_t id, const RuleValues& v);
// Replaces the groups of a rule (none: a global rule).
Status SetRuleGroups(SqlConnection& c, int64_t rule_id, const std::vector<int64_t>& group_ids);
Status DeleteRule(SqlConnection& c, int64_t id);

// The active access rights of `model`, with their group's name, category and external id,
// ordered by category (none last), group name and id.
struct AccessRightRow {
  int64_t id = 0;
  std::string name;
  std::optional<int64_t> group_id;
  Permissions perm{};
  std::optional<std::string> group_category;  // the group's ir_module_category name
  std::string group_name;
  std::optional<std::string> xml_id;  // "module.name"
};
StatusOr<std::vector<AccessRightRow>> ActiveAccessRightsOf(SqlConnection& c,
                                                           const std::string& model);

// The active record rules of `model` with their groups, by id.
struct RuleRow {
  int64_t id = 0;
  std::string name;
  std::string domain_force;
  Permissions perm{};
  std::vector<int64_t> group_ids;  // sorted; empty: a global rule
};
StatusOr<std::vector<RuleRow>> ActiveRulesOf(SqlConnection& c, const std::string& model);

}  // namespace keygate::store
