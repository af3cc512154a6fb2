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

StatusOr<std::optional<UserPartnerCompany>> PartnerAndCompanyOfUser(SqlConnection& c, int64_t uid) {
  KG_ASSIGN_OR_RETURN(auto rs,
                      c.Query("SELECT partner_id, company_id FROM res_users WHERE id = ?", {uid}));
  if (rs.empty()) return std::optional<UserPartnerCompany>();
  const auto& r = rs.rows()[0];
  return std::optional<UserPartnerCompany>(UserPartnerCompany{AsInt(r[0]), AsInt(r[1])});
}

Status AllowOwnCompany(SqlConnection& c, int64_t uid) {
  return c
      .Exec(
          "INSERT INTO res_company_users_rel (cid, user_id) SELECT u.company_id, u.id FROM "
          "res_users u WHERE u.id = ? AND u.company_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "
          "res_company_users_rel r WHERE r.user_id = u.id AND r.cid = u.company_id)",
          {uid})
      .status();
}

StatusOr<std::vector<int64_t>> CompanyIdsOfUser(SqlConnection& c, int64_t uid) {
  KG_ASSIGN_OR_RETURN(
      auto rs,
      c.Query("SELECT cid FROM res_company_users_rel WHERE user_id = ? ORDER BY cid", {uid}));
  std::vector<int64_t> out;
  out.reserve(rs.size());
  for (const auto& r : rs.rows()) out.push_back(AsInt(r[0]));
  return out;
}

StatusOr<std::string> NameOfUser(SqlConnection& c, int64_t uid) {
  KG_ASSIGN_OR_RETURN(auto rs, c.Query("SELECT p.name FROM res_users u JOIN res_partner p ON "
                                       "p.id = u.partner_id WHERE u.id = ?",
                                       {uid}));
  if (rs.empty()) return std::string();
  return AsText(rs.rows()[0][0]);
}

StatusOr<std::vector<int64_t>> ActiveCustomerIds(SqlConnection& c) {
  KG_ASSIGN_OR_RETURN(auto rs, c.Query("SELECT id FROM res_partner WHERE customer_rank > 0 AND "
                                       "active = 1 ORDER BY id"));
  std::vector<int64_t> out;
  out.reserve(rs.size());
  for (const auto& r : rs.rows()) out.push_back(AsInt(r[0]));
  return out;
}

StatusOr<int64_t> CreateCustomer(SqlConnection& c, const NewCustomer& p) {
  KG_ASSIGN_OR_RETURN(
      auto rs,
      c.Query("INSERT INTO res_partner (name, complete_name, email, phone, city, "
              "is_company, company_id, customer_rank, active) "
              "VALUES (?, ?, ?, ?, ?, ?, 1, 1, TRUE) RETURNING id",
              {p.name, p.name, p.email, p.phone, p.city, SqlValue(int64_t{p.is_company ? 1 : 0})}));
  if (rs.empty()) return InternalError("insert returned no id");
  return AsInt(rs.rows()[0][0]);
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
