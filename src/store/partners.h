// The narrow reads keygate makes of res_partner and res_company for a user: a contact's parent
// and company flag (record rules' commercial partner), a partner's preferences (session info),
// a user's partner, name and companies, the customers (demo data), and the demo data's contacts.
// The model layer reads and writes these tables' records through its query builder; these are the
// reads made outside a model call. Thread-safety: stateless; the connection is the caller's.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/status.h"
#include "store/sql.h"

namespace keygate::store {

// A contact's parent (none at the top) and whether it is a company; none when no such contact.
struct PartnerParent {
  std::optional<int64_t> parent_id;
  bool is_company = false;
};
StatusOr<std::optional<PartnerParent>> ParentOfPartner(SqlConnection& c, int64_t partner_id);

// A partner's language, time zone, display name and last write ("" or none when unset); none
// when no such partner.
struct PartnerPreferences {
  std::string lang;
  std::string tz;
  std::string complete_name;
  std::optional<std::string> write_date;
};
StatusOr<std::optional<PartnerPreferences>> PreferencesOfPartner(SqlConnection& c,
                                                                 int64_t partner_id);

// A user's partner and current company; none when no such user.
struct UserPartnerCompany {
  int64_t partner_id = 0;
  int64_t company_id = 0;
};
StatusOr<std::optional<UserPartnerCompany>> PartnerAndCompanyOfUser(SqlConnection& c, int64_t uid);

// The ids of the companies a user may use (res_company_users_rel), sorted.
StatusOr<std::vector<int64_t>> CompanyIdsOfUser(SqlConnection& c, int64_t uid);

// Lets the user use its own default company (res.users.company_ids' default, Odoo's
// env.company), unless it already may.
Status AllowOwnCompany(SqlConnection& c, int64_t uid);

// A user's name (their partner's); "" when no such user.
StatusOr<std::string> NameOfUser(SqlConnection& c, int64_t uid);

// Partner ids of the active customers (customer_rank > 0), sorted.
StatusOr<std::vector<int64_t>> ActiveCustomerIds(SqlConnection& c);

// A contact of the demo data: a partner of the main company, active, counted as a customer.
struct NewCustomer {
  std::string name;
  std::string email;
  std::string phone;
  std::string city;
  bool is_company = false;
};
StatusOr<int64_t> CreateCustomer(SqlConnection& c, const NewCustomer& p);

// The companies a user may use (res_company_users_rel), by id: {id, name}.
StatusOr<std::vector<std::pair<int64_t, std::string>>> CompaniesOfUser(SqlConnection& c,
                                                                       int64_t uid);

}  // namespace keygate::store
