// `keygate config get|set|list --db DB`: the per-database parameters Odoo keeps in
// ir_config_parameter (base.login_cooldown_after, base.login_cooldown_duration, ...).
#include "cli/commands.h"
#include "store/repositories.h"

namespace keygate::cli {

namespace {

struct ConfigArgs {
  std::string db;
  std::string key;
  std::string value;
  bool json = false;
};

// Defaults of the parameters keygate reads, shown when a parameter is unset.
const char* DefaultOf(const std::string& key) {
  if (key == "base.login_cooldown_after") return "5";
  if (key == "base.login_cooldown_duration") return "60";
  return nullptr;
}

// Odoo reads these with int(); a value it could not parse would break every login there.
Status Validate(const std::string& key, const std::string& value) {
  if (key != "base.login_cooldown_after" && key != "base.login_cooldown_duration") {
    return Status::Ok();
  }
  bool digits = !value.empty() && value.size() <= 9;
  for (char ch : value) digits = digits && ch >= '0' && ch <= '9';
  if (!digits)
    return InvalidRequest(key + " must be a whole number of 0 or more, got '" + value + "'");
  return Status::Ok();
}

int Get(CliContext& ctx, const ConfigArgs& a) {
  auto conn = Connect(ctx, a.db);
  if (!conn.ok()) return Fail(conn.status());
  auto value = store::ConfigParameters(**conn).Get(a.key);
  if (!value.ok()) return Fail(value.status());
  if (*value) {
    std::cout << **value << "\n";
    return 0;
  }
  if (const char* d = DefaultOf(a.key)) {
    std::cout << d << "\n";
    std::cerr << a.key << " is not set; keygate uses the default shown.\n";
    return 0;
  }
  std::cerr << a.key << " is not set.\n";
  return 1;
}

int Set(CliContext& ctx, const ConfigArgs& a) {
  Status valid = Validate(a.key, a.value);
  if (!valid.ok()) return Fail(valid);
  auto conn = Connect(ctx, a.db);
  if (!conn.ok()) return Fail(conn.status());
  Status s = store::ConfigParameters(**conn).Set(a.key, a.value);
  if (!s.ok()) return Fail(s);
  std::cerr << "Set " << a.key << " = " << a.value << " in db " << a.db
            << "; running servers use it from the next request.\n";
  return 0;
}

int List(CliContext& ctx, const ConfigArgs& a) {
  auto conn = Connect(ctx, a.db);
  if (!conn.ok()) return Fail(conn.status());
  auto rs = (*conn)->Query("SELECT key, value FROM ir_config_parameter ORDER BY key");
  if (!rs.ok()) return Fail(rs.status());
  if (a.json) {
    std::cout << "{";
    bool first = true;
    for (const auto& r : rs->rows()) {
      std::cout << (first ? "" : ",") << JsonString(store::AsText(r[0])) << ":"
                << JsonString(store::AsText(r[1]));
      first = false;
    }
    std::cout << "}\n";
    return 0;
  }
  for (const auto& r : rs->rows()) {
    std::cout << store::AsText(r[0]) << " = " << store::AsText(r[1]) << "\n";
  }
  return 0;
}

}  // namespace

void RegisterConfigCommands(CLI::App& app, Registration reg) {
  CLI::App* config = app.add_subcommand(
      "config", "Per-database parameters (ir_config_parameter), e.g. base.login_cooldown_after");
  config->require_subcommand(1);
  auto a = std::make_shared<ConfigArgs>();

  auto* get = config->add_subcommand("get", "Print a parameter's value (or its default)");
  get->add_option("--db", a->db, "Database")->required();
  get->add_option("KEY", a->key, "Parameter, e.g. base.login_cooldown_after")->required();
  get->callback([=] { *reg.selected = [=](CliContext& c) { return Get(c, *a); }; });

  auto* set = config->add_subcommand("set", "Set a parameter");
  set->add_option("--db", a->db, "Database")->required();
  set->add_option("KEY", a->key, "Parameter, e.g. base.login_cooldown_duration")->required();
  set->add_option("VALUE", a->value, "Value")->required();
  set->callback([=] { *reg.selected = [=](CliContext& c) { return Set(c, *a); }; });

  auto* list = config->add_subcommand("list", "List every parameter");
  list->add_option("--db", a->db, "Database")->required();
  list->add_flag("--json", a->json, "JSON output");
  list->callback([=] { *reg.selected = [=](CliContext& c) { return List(c, *a); }; });
}

}  // namespace keygate::cli
