// `keygate key new|list|revoke`. `key new` prints the key alone on stdout, once; it is stored
// only as its hash and cannot be shown again.
#include <algorithm>

#include "cli/commands.h"
#include "models/registry.h"
#include "services/key_admin.h"

namespace keygate::cli {

namespace {

struct KeyArgs {
  std::string db;
  std::string login;
  std::string name;
  std::string scope;
  std::optional<double> expires_days;  // nullopt: no --expires-days
  bool force = false;
  std::vector<std::string> allow_ip;
  std::string rate_limit;
  bool json = false;
  int64_t id = 0;
};

Status New(CliContext& ctx, const KeyArgs& a) {
  auto conn = Connect(ctx, a.db);
  if (!conn.ok()) return Fail(conn.status());
  if (!a.force) {
    auto registry = models::Registry::LoadEmbedded();
    if (!registry.ok()) return Fail(registry.status());
    Status valid = services::ValidateKeyScope(**conn, *registry, a.scope);
    if (!valid.ok()) return Fail(valid.message() + " (--force creates it anyway)");
  }
  auto user = FindUser(**conn, a.login);
  if (!user.ok()) return Fail(user.status());
  services::NewKeyInput input;
  input.name = a.name;
  input.scope = a.scope;
  input.expires_days = a.expires_days;
  input.allowed_networks = a.allow_ip;
  input.rate_limit = a.rate_limit;
  auto key = services::CreateKeyFor(**conn, *user, input, "--expires-days");
  if (!key.ok()) return Fail(key.status());
  std::cout << key->plaintext << std::endl;
  std::cerr << "Created API key " << key->id << " \"" << a.name << "\" for \"" << a.login
            << "\" (uid " << user->id << ")"
            << (key->expiration_date ? ", expires " + *key->expiration_date + " UTC"
                                     : ", no expiry")
            << (a.allow_ip.empty() ? ""
                                   : ", allowed from " +
                                         [&] {
                                           std::string s;
                                           for (const auto& n : a.allow_ip)
                                             s += (s.empty() ? "" : ",") + n;
                                           return s;
                                         }())
            << (a.rate_limit.empty() ? "" : ", rate limit " + a.rate_limit)
            << ".\nCopy it now: it is shown only once. Use it in place of the password.\n";
  return Status::Ok();
}

}  // namespace

std::string KeyJson(const store::ApiKeyRecord& k, const std::string& login,
                    const auth::KeyRestriction& r, const auth::KeyMeta& m) {
  auto opt_text = [](const std::optional<std::string>& v) {
    return v ? JsonString(*v) : std::string("null");
  };
  auto text_or_null = [](const std::string& v) {
    return v.empty() ? std::string("null") : JsonString(v);
  };
  auto opt_id = [](const std::optional<int64_t>& v) {
    return v ? std::to_string(*v) : std::string("null");
  };
  std::string networks;
  for (const auto& n : r.allowed)
    networks += (networks.empty() ? "" : ",") + JsonString(n.ToString());
  return "{\"id\":" + std::to_string(k.id) + ",\"login\":" + JsonString(login) +
         ",\"user_id\":" + std::to_string(k.user_id) + ",\"name\":" + JsonString(k.name) +
         ",\"scope\":" + opt_text(k.scope) + ",\"create_date\":" + JsonString(k.create_date) +
         ",\"expiration_date\":" + opt_text(k.expiration_date) + ",\"allowed_networks\":[" +
         networks + "],\"rate_limit\":" + (r.rate ? JsonString(r.rate->text) : "null") +
         ",\"last_used_at\":" + text_or_null(m.last_used_at) +
         ",\"last_used_ip\":" + text_or_null(m.last_used_ip) +
         ",\"last_used_channel\":" + text_or_null(m.last_used_channel) +
         ",\"use_count\":" + std::to_string(m.use_count) +
         ",\"rotated_from\":" + opt_id(m.rotated_from) + ",\"rotated_to\":" + opt_id(m.rotated_to) +
         "}";
}

namespace {

Status List(CliContext& ctx, const KeyArgs& a) {
  auto conn = Connect(ctx, a.db);
  if (!conn.ok()) return Fail(conn.status());
  std::optional<int64_t> uid;
  if (!a.login.empty()) {
    auto user = FindUser(**conn, a.login);
    if (!user.ok()) return Fail(user.status());
    uid = user->id;
  }
  auto list = services::ListKeyOverviews(**conn, uid);
  if (!list.ok()) return Fail(list.status());
  if (a.json) {
    std::cout << "[";
    bool first = true;
    for (const auto& o : *list) {
      std::cout << (first ? "" : ",") << KeyJson(o.key, o.owner_login, o.restriction, o.meta);
      first = false;
    }
    std::cout << "]\n";
    return Status::Ok();
  }
  // Columns as wide as their longest value: a long scope or name never shifts the others.
  struct Row {
    std::vector<std::string> cells;
  };
  std::vector<Row> rows;
  rows.push_back({{"ID", "LOGIN", "NAME", "SCOPE", "CREATED", "EXPIRES", "LAST USE", "ROTATION",
                   "RESTRICTIONS"}});
  for (const auto& o : *list) {
    const store::ApiKeyRecord& k = o.key;
    std::string restriction = o.restriction.Describe();
    const auth::KeyMeta& m = o.meta;
    std::string last_use = m.last_used_at.empty()
                               ? "never"
                               : m.last_used_at + " " + m.last_used_ip + " " + m.last_used_channel;
    std::string rotation;
    if (m.rotated_from) rotation = "from " + std::to_string(*m.rotated_from);
    if (m.rotated_to) {
      rotation +=
          (rotation.empty() ? "" : ", ") + std::string("to ") + std::to_string(*m.rotated_to);
    }
    rows.push_back({{std::to_string(k.id), o.owner_login, k.name, k.scope.value_or("global"),
                     k.create_date, k.expiration_date.value_or("never"), last_use,
                     rotation.empty() ? "-" : rotation, restriction.empty() ? "-" : restriction}});
  }
  std::vector<size_t> widths(rows.front().cells.size(), 0);
  for (const auto& r : rows) {
    for (size_t i = 0; i < r.cells.size(); ++i) widths[i] = std::max(widths[i], r.cells[i].size());
  }
  for (const auto& r : rows) {
    std::string line;
    for (size_t i = 0; i < r.cells.size(); ++i) {
      line += r.cells[i];
      if (i + 1 < r.cells.size()) line += std::string(widths[i] - r.cells[i].size() + 1, ' ');
    }
    std::cout << line << "\n";
  }
  return Status::Ok();
}

Status Revoke(CliContext& ctx, const KeyArgs& a) {
  auto conn = Connect(ctx, a.db);
  if (!conn.ok()) return Fail(conn.status());
  Status s = services::RevokeKey(**conn, a.id);
  if (!s.ok()) return Fail(s);
  std::cerr << "Revoked API key " << a.id << "; it fails from the next call on.\n";
  return Status::Ok();
}

}  // namespace

void RegisterKeyCommands(CLI::App& app, Registration reg) {
  CLI::App* key = app.add_subcommand("key", "Manage API keys");
  key->require_subcommand(1);
  auto a = std::make_shared<KeyArgs>();

  auto* make = key->add_subcommand("new", "Create an API key; prints it once on stdout");
  make->add_option("--db", a->db, "Database")->required();
  make->add_option("LOGIN", a->login, "Owner's login")->required();
  make->add_option("--name", a->name, "Description, e.g. \"Integration with App X\"")->required();
  make->add_option("--scope", a->scope,
                   "Scope: none (global, the default), rpc, rpc:readonly or "
                   "rpc:MODEL:OPS[;MODEL:OPS...] (see README, \"API key scopes\")");
  make->add_option_function<double>(
          "--expires-days", [a](const double& days) { a->expires_days = days; },
          "Days until the key expires, more than 0 (required unless the owner is an "
          "administrator; at most the longest API key duration of the owner's groups)")
      ->type_name("DAYS");
  make->add_flag("--force", a->force,
                 "Accept a scope that never works over keygate's RPC (an Odoo scope such as "
                 "odoo.plugin.outlook, or a model keygate does not know)");
  make->add_option("--allow-ip", a->allow_ip,
                   "Only from this address or CIDR network (IPv4/IPv6); repeatable");
  make->add_option("--rate-limit", a->rate_limit, "At most this rate, e.g. 10/s, 600/min, 1000/h");
  make->callback([=] { *reg.selected = [=](CliContext& c) { return New(c, *a); }; });

  auto* list = key->add_subcommand("list", "List API keys (never the keys themselves)");
  list->add_option("--db", a->db, "Database")->required();
  list->add_option("LOGIN", a->login, "Only this user's keys");
  list->add_flag("--json", a->json, "JSON output");
  list->callback([=] { *reg.selected = [=](CliContext& c) { return List(c, *a); }; });

  auto* revoke = key->add_subcommand("revoke", "Revoke (delete) an API key");
  revoke->add_option("--db", a->db, "Database")->required();
  revoke->add_option("ID", a->id, "Key id, from key list")->required();
  revoke->callback([=] { *reg.selected = [=](CliContext& c) { return Revoke(c, *a); }; });
}

}  // namespace keygate::cli
