// Builds the fuzz targets' database: migrations, access data, users, keys and demo records.
#include "fuzz_db.h"

#include <string>

#include "auth/api_keys.h"
#include "crypto/passlib_pbkdf2.h"
#include "crypto/random.h"
#include "models/access_data.h"
#include "models/demo_data.h"
#include "store/migrations.h"
#include "store/repositories.h"
#include "store/sqlite/sqlite_migrations.h"

namespace keygate::fuzz {

namespace {

// Hands out the bytes of one fixed key, so each created key is known in advance.
class FixedRandom : public crypto::RandomSource {
 public:
  explicit FixedRandom(char byte) : byte_(byte) {}
  std::string Bytes(size_t n) override { return std::string(n, byte_); }

 private:
  char byte_;
};

StatusOr<int64_t> AddUser(store::SqlConnection& c, const std::string& login, bool share,
                          const std::string& groups) {
  store::NewUser user;
  user.login = login;
  user.name = login + " (fuzz)";
  user.email = login + "@example.com";
  user.password_hash = crypto::HashPbkdf2Sha512(login, 1);
  user.share = share;
  KG_ASSIGN_OR_RETURN(int64_t uid, store::Users(c).Create(user));
  KG_RETURN_IF_ERROR(c.Exec("INSERT INTO res_groups_users_rel (gid, uid) SELECT res_id, ? FROM "
                            "ir_model_data WHERE model = 'res.groups' AND module || '.' || name "
                            "IN (" +
                                groups + ")",
                            {uid})
                         .status());
  return uid;
}

Status AddKey(store::SqlConnection& c, int64_t uid, const std::optional<std::string>& scope,
              char byte) {
  auth::KeyRequest request;
  request.user_id = uid;
  request.name = "fuzz";
  request.scope = scope;
  request.sudo = true;
  FixedRandom random(byte);
  return auth::CreateApiKey(c, request, random).status();
}

Status Seed(store::SqlConnection& c, const models::Registry& registry) {
  KG_RETURN_IF_ERROR(models::LoadAccessData(c, registry, *models::EmbeddedAccessData()));
  KG_ASSIGN_OR_RETURN(int64_t admin,
                      AddUser(c, "admin", false,
                              "'base.group_user', 'base.group_erp_manager', 'base.group_system', "
                              "'sales_team.group_sale_manager', 'account.group_account_manager', "
                              "'stock.group_stock_manager'"));
  KG_ASSIGN_OR_RETURN(
      int64_t sales,
      AddUser(c, "sales", false, "'base.group_user', 'sales_team.group_sale_salesman'"));
  KG_ASSIGN_OR_RETURN(int64_t portal, AddUser(c, "portal", true, "'base.group_portal'"));
  if (admin != kAdminUid || sales != kSalesUid || portal != kPortalUid) {
    return InternalError("fuzz database: unexpected user ids");
  }
  KG_RETURN_IF_ERROR(AddKey(c, admin, std::nullopt, '\x01'));
  KG_RETURN_IF_ERROR(AddKey(c, sales, "rpc:res.partner:read;sale.order:all", '\x02'));
  KG_RETURN_IF_ERROR(
      c.Exec("INSERT INTO res_partner (name, complete_name, email, city, is_company, company_id, "
             "customer_rank, active, parent_id) VALUES "
             "('Azure Interior', 'Azure Interior', 'azure@example.com', 'Fremont', 1, 1, 1, 1, "
             "NULL), ('Deco Addict', 'Deco Addict', NULL, 'Tracy', 1, 1, 1, 1, NULL), "
             "('Old Contact', 'Old Contact', 'old@example.com', 'Paris', 0, 1, 0, 0, NULL), "
             "('100%_off\\sale', '100%_off\\sale', NULL, NULL, 0, NULL, 1, 1, NULL)",
             {})
          .status());
  KG_RETURN_IF_ERROR(c.Exec("UPDATE res_partner SET parent_id = (SELECT MIN(id) FROM res_partner "
                            "WHERE name = 'Azure Interior') WHERE name = 'Old Contact'",
                            {})
                         .status());
  KG_RETURN_IF_ERROR(c.Exec("INSERT OR REPLACE INTO ir_config_parameter (key, value) VALUES "
                            "('base.login_cooldown_after', '0')",
                            {})
                         .status());
  return models::SeedBusinessDemoData(c, admin);
}

}  // namespace

Status SeedFuzzDatabase(store::SqlConnection& c, const models::Registry& registry) {
  KG_RETURN_IF_ERROR(store::Migrate(c, SqliteMigrations()).status());
  KG_RETURN_IF_ERROR(c.Begin());
  Status seeded = Seed(c, registry);
  if (!seeded.ok()) {
    (void)c.Rollback();
    return seeded;
  }
  return c.Commit();
}

}  // namespace keygate::fuzz
