// Demo data for `keygate db create --demo`, modelled on Odoo's own demo partners.
#include "models/demo_data.h"

#include "auth/passwords.h"
#include "cli/commands.h"
#include "store/groups.h"
#include "store/partners.h"
#include "store/repositories.h"

namespace keygate::cli {

namespace {

struct DemoPartner {
  const char* name;
  const char* email;
  const char* phone;
  const char* city;
  bool is_company;
};

constexpr DemoPartner kPartners[] = {
    {"Azure Interior", "azure.Interior24@example.com", "(870)-931-0505", "Fremont", true},
    {"Deco Addict", "deco_addict@example.com", "(603)-996-3829", "Pleasant Hill", true},
    {"Gemini Furniture", "gemini_furniture@fake.geminifurniture.com", "(941)-284-4875", "Fairfield",
     true},
    {"Lumber Inc", "lumber-inv92@example.com", "(828)-316-0593", "Stockton", true},
    {"Ready Mat", "ready.mat28@example.com", "(803)-873-6126", "Tracy", true},
    {"The Jackson Group", "jackson.group82@example.com", "(334)-502-1024", "Turlock", true},
    {"Wood Corner", "wood.corner26@example.com", "(623)-853-7197", "Turlock", true},
    {"Brandon Freeman", "brandon.freeman55@example.com", "(355)-687-3262", "Fremont", false},
    {"Colleen Diaz", "colleen.diaz83@example.com", "(255)-595-8393", "Fremont", false},
    {"Nicole Ford", "nicole.ford75@example.com", "(946)-638-6034", "Pleasant Hill", false},
    {"Addison Olson", "addison.olson28@example.com", "(223)-399-7637", "Fairfield", false},
    {"Douglas Fletcher", "douglas.fletcher51@example.com", "(132)-553-7242", "Stockton", false},
    {"Floyd Steward", "floyd.steward34@example.com", "(145)-138-3401", "Tracy", false},
    {"Jesse Brown", "jesse.brown74@example.com", "(829)-386-3277", "Turlock", false},
};

}  // namespace

Status SeedDemoData(store::SqlConnection& c) {
  store::Users users(c);
  store::NewUser admin;
  admin.login = "admin";
  admin.name = "Mitchell Admin";
  admin.email = "admin@yourcompany.example.com";
  admin.password_hash = auth::HashPassword("admin");
  KG_ASSIGN_OR_RETURN(int64_t admin_id, users.Create(admin));
  // Administrator: Settings, Contact Creation, and manager of Sales, Accounting and Inventory, as
  // Odoo's demo admin.
  KG_RETURN_IF_ERROR(store::GrantGroupsByXmlId(
      c, admin_id,
      {"base.group_user", "base.group_erp_manager", "base.group_system",
       "base.group_partner_manager", "base.group_allow_export", "sales_team.group_sale_manager",
       "account.group_account_manager", "stock.group_stock_manager"}));
  for (const auto& p : kPartners) {
    KG_RETURN_IF_ERROR(
        store::CreateCustomer(c, {p.name, p.email, p.phone, p.city, p.is_company}).status());
  }
  // Products, sales orders, invoices and transfers for the demo customers.
  return models::SeedBusinessDemoData(c, admin_id);
}

}  // namespace keygate::cli
