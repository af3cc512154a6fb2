// Reads of res_partner and res_company for a user (see partners.h).
#include "store/partners.h"

namespace keygate::store {

StatusOr<std::optional<PartnerParent>> ParentOfPartner(SqlConnection& c, int64_t partner_id) {
  KG_ASSIGN_OR_RETURN(auto rs, c.Query("SELECT parent_id, is_company FROM res_partner "
                                       "WHERE id = ?",
                                       {partner_id}));
  if (rs.empty()) return std::optional<PartnerParent>();
  const auto& r = rs.rows()[0];
  PartnerParent p;
  if (!IsNull(r[0])) p.parent_id = AsInt(r[0]);
  p.is_company = AsBool(r[1]);
  return std::optional<PartnerParent>(p);
}

StatusOr<std::optional<PartnerPreferences>> PreferencesOfPartner(SqlConnection& c,
                                                                 int64_t partner_id) {
  KG_ASSIGN_OR_RETURN(auto rs, c.Query("SELECT lang, tz, complete_name, write_date "
                                       "FROM res_partner WHERE id = ?",
                                       {partner_id}));
  if (rs.empty()) return std::optional<PartnerPreferences>();
  const auto& r = rs.rows()[0];
  PartnerPreferences p;
  p.lang = AsText(r[0]);
  p.tz = AsText(r[1]);
  p.complete_name = AsText(r[2]);
  p.write_date = AsOptionalText(r[3]);
  return std::optional<PartnerPreferences>(p);
}

StatusOr<std::vector<std::pair<int64_t, std::string>>> CompaniesOfUser(SqlConnection& c,
                                                                       int64_t uid) {
  KG_ASSIGN_OR_RETURN(auto rs, c.Query("SELECT co.id, co.name FROM res_company co "
                                       "JOIN res_company_users_rel r ON r.cid = co.id "
                                       "WHERE r.user_id = ? ORDER BY co.id",
                                       {uid}));
  std::vector<std::pair<int64_t, std::string>> out;
  out.reserve(rs.size());
  for (const auto& r : rs.rows()) out.emplace_back(AsInt(r[0]), AsText(r[1]));
  return out;
}

}  // namespace keygate::store
