// Direct group membership (res_groups_users_rel).
#include "store/group_members.h"

namespace keygate::store {

StatusOr<std::vector<int64_t>> DirectGroupIds(SqlConnection& c, int64_t uid) {
  KG_ASSIGN_OR_RETURN(
      auto rows, c.Query("SELECT gid FROM res_groups_users_rel WHERE uid = ? ORDER BY gid", {uid}));
  std::vector<int64_t> out;
  out.reserve(rows.size());
  for (const auto& r : rows.rows()) out.push_back(AsInt(r[0]));
  return out;
}

StatusOr<bool> IsDirectMember(SqlConnection& c, int64_t gid, int64_t uid) {
  KG_ASSIGN_OR_RETURN(
      auto rows,
      c.Query("SELECT 1 FROM res_groups_users_rel WHERE gid = ? AND uid = ?", {gid, uid}));
  return !rows.empty();
}

Status AddGroupMember(SqlConnection& c, int64_t gid, int64_t uid) {
  // Checked first rather than ON CONFLICT: an attached Odoo database's relation is Odoo's own
  // table, written the plainest way.
  KG_ASSIGN_OR_RETURN(bool member, IsDirectMember(c, gid, uid));
  if (member) return Status::Ok();
  return c.Exec("INSERT INTO res_groups_users_rel (gid, uid) VALUES (?, ?)", {gid, uid}).status();
}

StatusOr<int64_t> RemoveGroupMember(SqlConnection& c, int64_t gid, int64_t uid) {
  return c.Exec("DELETE FROM res_groups_users_rel WHERE gid = ? AND uid = ?", {gid, uid});
}

Status LinkImpliedGroups(SqlConnection& c, int64_t uid) {
  return c
      .Exec(
          "WITH RECURSIVE eff(gid) AS (SELECT gid FROM res_groups_users_rel WHERE uid = ? "
          "UNION SELECT r.hid FROM res_groups_implied_rel r JOIN eff ON r.gid = eff.gid) "
          "INSERT INTO res_groups_users_rel (gid, uid) SELECT eff.gid, ? FROM eff WHERE NOT EXISTS "
          "(SELECT 1 FROM res_groups_users_rel x "
          "WHERE x.gid = eff.gid AND x.uid = ?)",
          {uid, uid, uid})
      .status();
}

Status ClearDirectGroups(SqlConnection& c, int64_t uid) {
  return c.Exec("DELETE FROM res_groups_users_rel WHERE uid = ?", {uid}).status();
}

Status AddToInternalUserGroups(SqlConnection& c, int64_t uid) {
  return c
      .Exec(
          "INSERT INTO res_groups_users_rel (gid, uid) SELECT res_id, ? FROM ir_model_data "
          "WHERE model = 'res.groups' AND module = 'base' AND name IN ('group_user', "
          "'group_partner_manager', 'group_allow_export')",
          {uid})
      .status();
}

}  // namespace keygate::store
