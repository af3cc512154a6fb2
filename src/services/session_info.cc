// Odoo 18's session_info() over keygate's tables (see session_info.h).
#include "services/session_info.h"

#include <cstdlib>

#include "crypto/digest.h"
#include "services/common_service.h"
#include "store/groups.h"
#include "store/partners.h"
#include "store/repositories.h"

namespace keygate::services {

namespace {

// ir_config_parameter `key` as a number, `fallback` when unset or not a number.
StatusOr<int64_t> IntParameter(store::SqlConnection& c, const std::string& key, int64_t fallback) {
  KG_ASSIGN_OR_RETURN(auto value, store::ConfigParameters(c).Get(key));
  if (!value || value->empty()) return fallback;
  char* end = nullptr;
  const long long n = std::strtoll(value->c_str(), &end, 10);
  return *end == '\0' ? static_cast<int64_t>(n) : fallback;
}

// A hash that changes with what it stands for (Odoo's cache_hashes; keygate serves neither
// translations nor menus, so only their inputs vary).
std::string CacheHash(const std::string& what, size_t length) {
  return crypto::HexEncode(crypto::Sha256(what)).substr(0, length);
}

// Odoo's ir.ui.view.get_view_info() with the web client's views.
Value ViewInfo() {
  struct View {
    const char* type;
    const char* name;
    const char* icon;
    bool multi_record;
  };
  static constexpr View kViews[] = {
      {"calendar", "Calendar", "fa fa-calendar", true},
      {"form", "Form", "fa fa-address-card", false},
      {"graph", "Graph", "fa fa-area-chart", true},
      {"kanban", "Kanban", "oi oi-view-kanban", true},
      {"list", "List", "oi oi-view-list", true},
      {"pivot", "Pivot", "oi oi-view-pivot", true},
      {"search", "Search", "oi oi-search", true},
  };
  Value info(Value::Struct{});
  for (const View& v : kViews) {
    Value view(Value::Struct{});
    view.Set("display_name", v.name);
    view.Set("icon", v.icon);
    view.Set("multi_record", v.multi_record);
    info.Set(v.type, view);
  }
  return info;
}

// Odoo's get_currencies() for the company currency of a fresh database (USD, id 1): keygate keeps
// no currencies.
Value Currencies() {
  Value usd(Value::Struct{});
  usd.Set("symbol", "$");
  usd.Set("position", "before");
  usd.Set("digits", Value::Array{Value(69), Value(2)});
  Value currencies(Value::Struct{});
  currencies.Set("1", usd);
  return currencies;
}

// The companies part of an internal user's info (Odoo's user_companies).
StatusOr<Value> UserCompanies(store::SqlConnection& c, int64_t uid, int64_t company_id) {
  KG_ASSIGN_OR_RETURN(auto rows, store::CompaniesOfUser(c, uid));
  Value allowed(Value::Struct{});
  for (const auto& [id, name] : rows) {
    Value company(Value::Struct{});
    company.Set("id", id);
    company.Set("name", name);
    company.Set("sequence", 0);
    company.Set("child_ids", Value::Array{});
    company.Set("parent_id", False());
    allowed.Set(std::to_string(id), company);
  }
  Value companies(Value::Struct{});
  companies.Set("current_company", company_id);
  companies.Set("allowed_companies", allowed);
  companies.Set("disallowed_ancestor_companies", Value(Value::Struct{}));
  return companies;
}

}  // namespace

StatusOr<Value> BuildSessionInfo(const ServerContext& ctx, store::SqlConnection& c,
                                 const std::string& db, int64_t uid) {
  KG_ASSIGN_OR_RETURN(auto user, store::Users(c).FindById(uid));
  if (!user) return Status(StatusCode::kSessionExpired, "Session expired");
  KG_ASSIGN_OR_RETURN(bool is_system, store::HasGroup(c, uid, "base.group_system"));
  KG_ASSIGN_OR_RETURN(bool is_admin, store::HasGroup(c, uid, "base.group_erp_manager"));
  KG_ASSIGN_OR_RETURN(bool is_internal, store::HasGroup(c, uid, "base.group_user"));
  KG_ASSIGN_OR_RETURN(bool multi_company, store::HasGroup(c, uid, "base.group_multi_company"));
  KG_ASSIGN_OR_RETURN(auto partner, store::PreferencesOfPartner(c, user->partner_id));
  std::string lang = "en_US";
  Value tz = False();
  std::string partner_display_name = user->name;
  Value partner_write_date = False();
  if (partner) {
    if (!partner->lang.empty()) lang = partner->lang;
    if (!partner->tz.empty()) tz = Value(partner->tz);
    if (!partner->complete_name.empty()) partner_display_name = partner->complete_name;
    if (partner->write_date) partner_write_date = Value(*partner->write_date);
  }
  KG_ASSIGN_OR_RETURN(auto base_url, store::ConfigParameters(c).Get("web.base.url"));
  KG_ASSIGN_OR_RETURN(int64_t active_ids_limit, IntParameter(c, "web.active_ids_limit", 20000));
  KG_ASSIGN_OR_RETURN(int64_t max_upload,
                      IntParameter(c, "web.max_file_upload_size", int64_t{128} * 1024 * 1024));

  Value info(Value::Struct{});
  info.Set("uid", uid);
  info.Set("is_system", is_system || uid == 1);
  info.Set("is_admin", is_admin || uid == 1);
  info.Set("is_public", false);
  info.Set("is_internal_user", is_internal);
  Value user_context(Value::Struct{});
  user_context.Set("lang", lang);
  user_context.Set("tz", tz);
  user_context.Set("uid", uid);
  info.Set("user_context", user_context);
  info.Set("db", db);
  // keygate keeps no res.users.settings records: the user's id stands for its settings' id.
  Value settings(Value::Struct{});
  settings.Set("id", uid);
  Value settings_user(Value::Struct{});
  settings_user.Set("id", uid);
  settings.Set("user_id", settings_user);
  info.Set("user_settings", settings);
  Value version = VersionInfo(ctx.options.server_version);
  info.Set("server_version", *version.Find("server_version"));
  info.Set("server_version_info", *version.Find("server_version_info"));
  info.Set("support_url", "https://www.odoo.com/buy");
  info.Set("name", user->name);
  info.Set("username", user->login);
  info.Set("partner_write_date", partner_write_date);
  info.Set("partner_display_name", partner_display_name);
  info.Set("partner_id", user->partner_id);
  info.Set("web.base.url", base_url.value_or(""));
  info.Set("active_ids_limit", active_ids_limit);
  info.Set("profile_session", Value());
  info.Set("profile_collectors", Value());
  info.Set("profile_params", Value());
  info.Set("max_file_upload_size", max_upload);
  info.Set("home_action_id", False());
  Value cache_hashes(Value::Struct{});
  cache_hashes.Set("translations", CacheHash("translations:" + lang, 40));
  info.Set("currencies", Currencies());
  Value bundle_params(Value::Struct{});
  bundle_params.Set("lang", lang);
  info.Set("bundle_params", bundle_params);
  info.Set("test_mode", false);
  info.Set("view_info", ViewInfo());
  info.Set("websocket_worker_version", ctx.options.server_version + "-2");  // bus
  info.Set("current_tour", Value());                                        // web_tour
  info.Set("tour_enabled", false);
  if (is_internal) {
    cache_hashes.Set("load_menus", CacheHash("menus:" + lang, 64));
    KG_ASSIGN_OR_RETURN(Value companies, UserCompanies(c, uid, user->company_id));
    const size_t company_count = companies.Find("allowed_companies")->as_struct().size();
    info.Set("user_companies", companies);
    info.Set("show_effect", true);  // base_setup
    info.Set("display_switch_company_menu", multi_company && company_count > 1);
  }
  info.Set("cache_hashes", cache_hashes);
  return info;
}

}  // namespace keygate::services
