// `keygate key new|list|revoke`. `key new` prints the key alone on stdout, once; it is stored
// only as its hash and cannot be shown again.
#include "auth/api_keys.h"
#include "cli/commands.h"
#include "common/clock.h"
#include "store/repositories.h"

namespace keygate::cli {

namespace {

struct KeyArgs {
  std::string db;
  std::string login;
  std::string name;
  std::string scope;
  double expires_days = -1;
  bool json = false;
  int64_t id = 0;
};

int New(CliContext& ctx, const KeyArgs& a) {
  auto conn = Connect(ctx, a.db);
  if (!conn.ok()) return Fail(conn.status());
  store::Users users(**conn);
  auto user = users.FindByLogin(a.login);
  if (!user.ok()) return Fail(user.status());
  if (!*user) return Fail("no user with login \"" + a.login + "\"");
  if (!(*user)->active) return Fail("user \"" + a.login + "\" is archived");
  auth::KeyRequest req;
  req.user_id = (*user)->id;
  req.name = a.name;
  if (!a.scope.empty()) req.scope = a.scope;
  if (a.expires_days >= 0) {
    int64_t seconds = static_cast<int64_t>(a.expires_days * 86400);
    req.expiration_date = FormatUtc(DefaultClock().NowUnix() + seconds);
  }
  auto key = auth::CreateApiKey(**conn, req);
  if (!key.ok()) return Fail(key.status());
  std::cout << key->plaintext << std::endl;
  std::cerr << "Created API key " << key->id << " \"" << a.name << "\" for \"" << a.login
            << "\" (uid " << (*user)->id << ")"
            << (req.expiration_date ? ", expires " + *req.expiration_date + " UTC" : ", no expiry")
            << ".\nCopy it now: it is shown only once. Use it in place of the password.\n";
  return 0;
}

int List(CliContext& ctx, const KeyArgs& a) {
  auto conn = Connect(ctx, a.db);
  if (!conn.ok()) return Fail(conn.status());
  store::Users users(**conn);
  std::optional<int64_t> uid;
  if (!a.login.empty()) {
    auto user = users.FindByLogin(a.login);
    if (!user.ok()) return Fail(user.status());
    if (!*user) return Fail("no user with login \"" + a.login + "\"");
    uid = (*user)->id;
  }
  store::ApiKeys keys(**conn);
  auto list = keys.ListForUser(uid);
  if (!list.ok()) return Fail(list.status());
  auto all_users = users.List(true);
  if (!all_users.ok()) return Fail(all_users.status());
  auto login_of = [&](int64_t id) {
    for (const auto& u : *all_users) {
      if (u.id == id) return u.login;
    }
    return std::string("?");
  };
  if (a.json) {
    std::cout << "[";
    bool first = true;
    for (const auto& k : *list) {
      std::cout << (first ? "" : ",") << "{\"id\":" << k.id
                << ",\"login\":" << JsonString(login_of(k.user_id)) << ",\"user_id\":" << k.user_id
                << ",\"name\":" << JsonString(k.name)
                << ",\"scope\":" << (k.scope ? JsonString(*k.scope) : "null")
                << ",\"create_date\":" << JsonString(k.create_date) << ",\"expiration_date\":"
                << (k.expiration_date ? JsonString(*k.expiration_date) : "null") << "}";
      first = false;
    }
    std::cout << "]\n";
    return 0;
  }
  std::printf("%-5s %-24s %-30s %-8s %-19s %-19s\n", "ID", "LOGIN", "NAME", "SCOPE", "CREATED",
              "EXPIRES");
  for (const auto& k : *list) {
    std::printf("%-5lld %-24s %-30s %-8s %-19s %-19s\n", static_cast<long long>(k.id),
                login_of(k.user_id).c_str(), k.name.c_str(), k.scope ? k.scope->c_str() : "global",
                k.create_date.c_str(), k.expiration_date ? k.expiration_date->c_str() : "never");
  }
  return 0;
}

int Revoke(CliContext& ctx, const KeyArgs& a) {
  auto conn = Connect(ctx, a.db);
  if (!conn.ok()) return Fail(conn.status());
  Status s = auth::RevokeApiKey(**conn, a.id);
  if (!s.ok()) return Fail(s);
  std::cerr << "Revoked API key " << a.id << "; it fails from the next call on.\n";
  return 0;
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
  make->add_option("--scope", a->scope, "Scope: empty (global, the default) or rpc");
  make->add_option("--expires-days", a->expires_days, "Days until the key expires")
      ->check(CLI::Range(0.0, 36500.0));
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
