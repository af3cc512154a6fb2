// The rows an access policy is built from, as read from the database: a model's access rights
// (ir_model_access with their groups' display names) and its active record rules (ir_rule with
// their groups). Plain values, so that they can be cached (policy_cache.h) and explained.
// Thread-safety: value types.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace keygate::models {

// One ir_model_access row of a model, with its group's display name.
struct AccessRight {
  int64_t id = 0;
  std::string name;
  std::string xml_id;               // "keygate.access_sale_order", "" when none
  std::optional<int64_t> group_id;  // nullopt: everybody
  std::string group_name;           // "Sales/User: Own Documents Only" ("" for everybody)
  bool perm[4] = {false, false, false, false};  // indexed by Operation
};

// One active record rule of a model.
struct RecordRule {
  int64_t id = 0;
  std::string name;
  std::string domain_force;
  std::vector<int64_t> group_ids;  // empty: global
  bool perm[4] = {false, false, false, false};
};

// Everything about one model that the policy reads.
struct ModelAccessRows {
  std::vector<AccessRight> rights;
  std::vector<RecordRule> rules;
};

}  // namespace keygate::models
