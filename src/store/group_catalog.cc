// res_groups as a catalogue (see group_catalog.h).
#include "store/group_catalog.h"

namespace keygate::store {

StatusOr<std::vector<GroupRow>> AllGroups(SqlConnection& c) {
  KG_ASSIGN_OR_RETURN(
      auto rows,
      c.Query("SELECT g.id, g.name, c.name, g.api_key_duration, "
              "(SELECT d.module || '.' || d.name FROM ir_model_data d WHERE d.model = "
              "'res.groups' AND d.res_id = g.id ORDER BY d.id LIMIT 1), "
              "(SELECT count(*) FROM res_groups_users_rel r WHERE r.gid = g.id) "
              "FROM res_groups g LEFT JOIN ir_module_category c ON c.id = g.category_id"));
  std::vector<GroupRow> out;
  out.reserve(rows.size());
  for (const auto& r : rows.rows()) {
    GroupRow g;
    g.id = AsInt(r[0]);
    g.name = AsText(r[1]);
    g.category = AsOptionalText(r[2]);
    g.api_key_duration = AsDouble(r[3]);
    g.xml_id = AsOptionalText(r[4]);
    g.members = AsInt(r[5]);
    out.push_back(std::move(g));
  }
  return out;
}

StatusOr<std::vector<std::pair<int64_t, int64_t>>> GroupImplications(SqlConnection& c) {
  KG_ASSIGN_OR_RETURN(auto rows,
                      c.Query("SELECT gid, hid FROM res_groups_implied_rel ORDER BY gid, hid"));
  std::vector<std::pair<int64_t, int64_t>> out;
  out.reserve(rows.size());
  for (const auto& r : rows.rows()) out.emplace_back(AsInt(r[0]), AsInt(r[1]));
  return out;
}

StatusOr<std::vector<int64_t>> DeleteGroup(SqlConnection& c, int64_t gid) {
  KG_ASSIGN_OR_RETURN(
      auto members,
      c.Query("SELECT uid FROM res_groups_users_rel WHERE gid = ? ORDER BY uid", {gid}));
  std::vector<int64_t> uids;
  uids.reserve(members.size());
  for (const auto& r : members.rows()) uids.push_back(AsInt(r[0]));
  KG_RETURN_IF_ERROR(c.Exec("DELETE FROM ir_rule WHERE id IN (SELECT rule_group_id FROM "
                            "rule_group_rel GROUP BY rule_group_id HAVING count(*) = 1 AND "
                            "max(group_id) = ?)",
                            {gid})
                         .status());
  KG_RETURN_IF_ERROR(c.Exec("DELETE FROM rule_group_rel WHERE group_id = ?", {gid}).status());
  KG_RETURN_IF_ERROR(
      c.Exec("DELETE FROM ir_model_data WHERE model = 'res.groups' AND res_id = ?", {gid})
          .status());
  KG_RETURN_IF_ERROR(c.Exec("DELETE FROM res_groups WHERE id = ?", {gid}).status());
  return uids;
}

StatusOr<std::vector<UserGroupName>> EffectiveGroupNamesOfUsers(SqlConnection& c) {
  KG_ASSIGN_OR_RETURN(
      auto rows, c.Query("WITH RECURSIVE eff(uid, gid) AS ("
                         "  SELECT uid, gid FROM res_groups_users_rel"
                         "  UNION SELECT eff.uid, r.hid FROM res_groups_implied_rel r JOIN eff ON "
                         "r.gid = eff.gid) "
                         "SELECT eff.uid, COALESCE(c.name || ' / ', '') || g.name, "
                         "  EXISTS (SELECT 1 FROM ir_model_data d WHERE d.model = 'res.groups' AND "
                         "d.res_id = g.id AND d.module = 'base' AND d.name = 'group_system') "
                         "FROM eff JOIN res_groups g ON g.id = eff.gid "
                         "LEFT JOIN ir_module_category c ON c.id = g.category_id ORDER BY 2"));
  std::vector<UserGroupName> out;
  out.reserve(rows.size());
  for (const auto& r : rows.rows()) out.push_back({AsInt(r[0]), AsText(r[1]), AsBool(r[2])});
  return out;
}

}  // namespace keygate::store
