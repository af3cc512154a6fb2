// `keygate config get|set|unset|list --db DB`: the per-database parameters Odoo keeps in
// ir_config_parameter (base.login_cooldown_after, base.login_cooldown_duration, ...). The
// parameters keygate reads are known here with their type and default: `set` checks the value,
// refuses an unknown key (naming the closest; --force sets it anyway, for Odoo's own), and
// `list` shows every known parameter, set or not.
#include <algorithm>

#include "cli/commands.h"
#include "common/close_matches.h"
#include "store/repositories.h"

namespace keygate::cli {

namespace {

struct ConfigArgs {
  std::string db;
  std::string key;
  std::string value;
  bool json = false;
  bool force = false;
};

// A parameter keygate reads: every one is a whole number of 0 or more, as Odoo reads it (int()).
struct KnownParameter {
  const char* key;
  const char* default_value;
  const char* meaning;
};

constexpr KnownParameter kKnown[] = {
    {"base.login_cooldown_after", "5", "failed logins before the login cooldown (0: none)"},
    {"base.login_cooldown_duration", "60", "seconds the login cooldown lasts"},
};

const KnownParameter* FindKnown(const std::string& key) {
  for (const auto& k : kKnown) {
    if (key == k.key) return &k;
  }
  return nullptr;
}

// Odoo reads these with int(); a value it could not parse would break every login there.
Status ValidateValue(const KnownParameter& known, const std::string& value) {
  bool digits = !value.empty() && value.size() <= 9;
  for (char ch : value) digits = digits && ch >= '0' && ch <= '9';
  if (!digits) {
    return InvalidRequest(std::string(known.key) + " must be a whole number of 0 or more, got '" +
                          value + "'");
  }
  return Status::Ok();
}

Status UnknownKey(const std::string& key) {
  std::vector<std::string> names;
  for (const auto& k : kKnown) names.emplace_back(k.key);
  auto close = CloseMatches(key, names);
  return Fail("keygate reads no parameter \"" + key + "\"" +
              (close.empty() ? "" : "; did you mean \"" + close.front() + "\"?") +
              " (keygate config list shows the known ones; --force sets it anyway)");
}

Status Get(CliContext& ctx, const ConfigArgs& a) {
  auto conn = Connect(ctx, a.db);
  if (!conn.ok()) return Fail(conn.status());
  auto value = store::ConfigParameters(**conn).Get(a.key);
  if (!value.ok()) return Fail(value.status());
  if (*value) {
    std::cout << **value << "\n";
    return Status::Ok();
  }
  if (const KnownParameter* known = FindKnown(a.key)) {
    std::cout << known->default_value << "\n";
    std::cerr << a.key << " is not set; keygate uses the default shown.\n";
    return Status::Ok();
  }
  return UnknownKey(a.key);
}

Status Set(CliContext& ctx, const ConfigArgs& a) {
  auto conn = Connect(ctx, a.db);
  if (!conn.ok()) return Fail(conn.status());
  store::ConfigParameters parameters(**conn);
  if (const KnownParameter* known = FindKnown(a.key)) {
    if (Status valid = ValidateValue(*known, a.value); !valid.ok()) return valid;
  } else if (!a.force) {
    auto existing = parameters.Get(a.key);  // one the database already has (Odoo's) is known
    if (!existing.ok()) return Fail(existing.status());
    if (!*existing) return UnknownKey(a.key);
  }
  Status s = parameters.Set(a.key, a.value);
  if (!s.ok()) return Fail(s);
  std::cerr << "Set " << a.key << " = " << a.value << " in db " << a.db
            << "; running servers use it from the next request.\n";
  return Status::Ok();
}

Status Unset(CliContext& ctx, const ConfigArgs& a) {
  auto conn = Connect(ctx, a.db);
  if (!conn.ok()) return Fail(conn.status());
  auto removed = store::ConfigParameters(**conn).Unset(a.key);
  if (!removed.ok()) return Fail(removed.status());
  if (!*removed) {
    if (FindKnown(a.key) == nullptr) return UnknownKey(a.key);
    return Fail(a.key + " is not set in db " + a.db);
  }
  const KnownParameter* known = FindKnown(a.key);
  std::cerr << "Unset " << a.key << " in db " << a.db
            << (known ? std::string("; keygate uses the default, ") + known->default_value : "")
            << "; running servers use it from the next request.\n";
  return Status::Ok();
}

Status List(CliContext& ctx, const ConfigArgs& a) {
  auto conn = Connect(ctx, a.db);
  if (!conn.ok()) return Fail(conn.status());
  auto set = store::ConfigParameters(**conn).List();
  if (!set.ok()) return Fail(set.status());
  // Every known parameter (its value, or its default), then the other parameters set.
  struct Row {
    std::string key;
    std::string value;
    bool is_default = false;
    std::string meaning;
  };
  std::vector<Row> rows;
  for (const auto& k : kKnown) {
    auto it =
        std::find_if(set->begin(), set->end(), [&](const auto& p) { return p.first == k.key; });
    rows.push_back(
        {k.key, it == set->end() ? k.default_value : it->second, it == set->end(), k.meaning});
  }
  for (const auto& [key, value] : *set) {
    if (FindKnown(key) == nullptr) rows.push_back({key, value, false, ""});
  }
  if (a.json) {
    std::cout << "{";
    bool first = true;
    for (const auto& r : rows) {
      std::cout << (first ? "" : ",") << JsonString(r.key) << ":" << JsonString(r.value);
      first = false;
    }
    std::cout << "}\n";
    return Status::Ok();
  }
  for (const auto& r : rows) {
    std::cout << r.key << " = " << r.value;
    if (r.is_default) std::cout << " (default)";
    if (!r.meaning.empty()) std::cout << "  # " << r.meaning;
    std::cout << "\n";
  }
  return Status::Ok();
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

  auto* set = config->add_subcommand("set", "Set a parameter (its value checked)");
  set->add_option("--db", a->db, "Database")->required();
  set->add_option("KEY", a->key, "Parameter, e.g. base.login_cooldown_duration")->required();
  set->add_option("VALUE", a->value, "Value")->required();
  set->add_flag("--force", a->force, "Set a parameter keygate does not read (one of Odoo's)");
  set->callback([=] { *reg.selected = [=](CliContext& c) { return Set(c, *a); }; });

  auto* unset = config->add_subcommand("unset", "Remove a parameter (back to its default)");
  unset->add_option("--db", a->db, "Database")->required();
  unset->add_option("KEY", a->key, "Parameter")->required();
  unset->callback([=] { *reg.selected = [=](CliContext& c) { return Unset(c, *a); }; });

  auto* list = config->add_subcommand(
      "list", "List every parameter keygate reads (with its default when unset) and every one set");
  list->add_option("--db", a->db, "Database")->required();
  list->add_flag("--json", a->json, "JSON output: {key: value}, defaults included");
  list->callback([=] { *reg.selected = [=](CliContext& c) { return List(c, *a); }; });
}

}  // namespace keygate::cli
