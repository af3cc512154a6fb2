// Effective group membership through implied groups (a recursive query, portable SQL).
#include "store/groups.h"

namespace keygate::store {

namespace {
constexpr const char* kEffectiveGroups =
    "WITH RECURSIVE eff(gid) AS ("
    "  SELECT gid FROM res_groups_users_rel WHERE uid = ?"
    "  UNION SELECT r.hid FROM res_groups_implied_rel r JOIN eff ON r.gid = eff.gid"
    ") ";
}  // namespace

StatusOr<std::vector<int64_t>> EffectiveGroupIds(SqlConnection& c, int64_t uid) {
  KG_ASSIGN_OR_RETURN(
      auto rows,
      c.Query(std::string(kEffectiveGroups) + "SELECT gid FROM eff ORDER BY gid", {uid}));
  std::vector<int64_t> out;
  out.reserve(rows.size());
  for (const auto& r : rows.rows()) out.push_back(AsInt(r[0]));
  return out;
}

StatusOr<std::vector<int64_t>> UserTypeGroupIds(SqlConnection& c, int64_t uid) {
  KG_ASSIGN_OR_RETURN(auto rows,
                      c.Query(std::string(kEffectiveGroups) +
                                  "SELECT eff.gid FROM eff JOIN res_groups g ON g.id = eff.gid "
                                  "WHERE EXISTS (SELECT 1 FROM ir_model_data d WHERE d.module = "
                                  "'base' AND ((d.model = 'ir.module.category' AND d.res_id = "
                                  "g.category_id AND d.name = 'module_category_user_type') OR "
                                  "(d.model = 'res.groups' AND d.res_id = g.id AND d.name IN "
                                  "('group_user', 'group_portal', 'group_public')))) "
                                  "ORDER BY eff.gid",
                              {uid}));
  std::vector<int64_t> out;
  out.reserve(rows.size());
  for (const auto& r : rows.rows()) out.push_back(AsInt(r[0]));
  return out;
}

StatusOr<bool> HasGroup(SqlConnection& c, int64_t uid, const std::string& xml_id) {
  size_t dot = xml_id.find('.');
  if (dot == std::string::npos) return false;
  KG_ASSIGN_OR_RETURN(auto rows,
                      c.Query(std::string(kEffectiveGroups) +
                                  "SELECT 1 FROM eff JOIN ir_model_data d ON d.res_id = eff.gid "
                                  "AND d.model = 'res.groups' WHERE d.module = ? AND d.name = ?",
                              {uid, xml_id.substr(0, dot), xml_id.substr(dot + 1)}));
  return !rows.empty();
}

Status GrantGroupsByXmlId(SqlConnection& c, int64_t uid, const std::vector<std::string>& xml_ids) {
  for (const std::string& xml_id : xml_ids) {
    const size_t dot = xml_id.find('.');
    if (dot == std::string::npos) continue;
    KG_RETURN_IF_ERROR(
        c.Exec("INSERT INTO res_groups_users_rel (gid, uid) SELECT res_id, ? FROM "
               "ir_model_data WHERE model = 'res.groups' AND module = ? AND name = ? "
               "ON CONFLICT DO NOTHING",
               {uid, xml_id.substr(0, dot), xml_id.substr(dot + 1)})
            .status());
  }
  return Status::Ok();
}

StatusOr<double> LongestKeyDurationDays(SqlConnection& c, int64_t uid) {
  KG_ASSIGN_OR_RETURN(auto rows, c.Query(std::string(kEffectiveGroups) +
                                             "SELECT max(g.api_key_duration) FROM eff JOIN "
                                             "res_groups g ON g.id = eff.gid",
                                         {uid}));
  if (rows.empty() || IsNull(rows.rows()[0][0])) return 0.0;
  return AsDouble(rows.rows()[0][0]);
}

Status RefreshShare(SqlConnection& c, int64_t uid) {
  KG_ASSIGN_OR_RETURN(bool internal, HasGroup(c, uid, "base.group_user"));
  return c
      .Exec(std::string("UPDATE res_users SET share = ") + (internal ? "FALSE" : "TRUE") +
                " WHERE id = ?",
            {uid})
      .status();
}

}  // namespace keygate::store
