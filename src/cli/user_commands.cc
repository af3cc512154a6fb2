// `keygate user add|list|archive|unarchive|passwd`: creating and archiving go through
// services/user_admin.h, as the console's Users page does.
#include "auth/passwords.h"
#include "cli/commands.h"
#include "services/user_admin.h"
#include "store/repositories.h"

namespace keygate::cli {

namespace {

struct UserArgs {
  std::string db;
  std::string login;
  std::string name;
  std::string email;
  bool password_stdin = false;
  bool json = false;
  bool all = false;
  std::vector<std::string> groups;  // add --group: full names or external ids
};

Status Add(CliContext& ctx, const UserArgs& a) {
  auto conn = Connect(ctx, a.db);
  if (!conn.ok()) return Fail(conn.status());
  services::NewUserInput u;
  u.login = a.login;
  u.name = a.name;
  u.email = a.email;
  u.groups = a.groups;
  if (a.password_stdin) {
    auto pw = ReadSecretLine("password");
    if (!pw.ok()) return Fail(pw.status());
    u.password_hash = auth::HashPassword(*pw);
  }
  auto id = services::CreateUser(**conn, u);
  if (!id.ok()) return Fail(id.status());
  std::cout << *id << "\n";
  std::cerr << "Created user \"" << a.login << "\" (uid " << *id << ") in database \"" << a.db
            << "\"" << (a.password_stdin ? "" : " without a password; it can use API keys only")
            << "\n";
  return Status::Ok();
}

Status List(CliContext& ctx, const UserArgs& a) {
  auto conn = Connect(ctx, a.db);
  if (!conn.ok()) return Fail(conn.status());
  store::Users users(**conn);
  auto list = users.List(a.all);
  if (!list.ok()) return Fail(list.status());
  if (a.json) {
    std::cout << "[";
    bool first = true;
    for (const auto& u : *list) {
      std::cout << (first ? "" : ",") << "{\"id\":" << u.id << ",\"login\":" << JsonString(u.login)
                << ",\"name\":" << JsonString(u.name) << ",\"email\":" << JsonString(u.email)
                << ",\"active\":" << (u.active ? "true" : "false")
                << ",\"two_factor\":" << (u.totp_secret ? "true" : "false") << "}";
      first = false;
    }
    std::cout << "]\n";
    return Status::Ok();
  }
  std::printf("%-5s %-32s %-28s %-8s\n", "ID", "LOGIN", "NAME", "ACTIVE");
  for (const auto& u : *list) {
    std::printf("%-5lld %-32s %-28s %-8s\n", static_cast<long long>(u.id), u.login.c_str(),
                u.name.c_str(), u.active ? "yes" : "no");
  }
  return Status::Ok();
}

Status SetActive(CliContext& ctx, const UserArgs& a, bool active) {
  auto conn = Connect(ctx, a.db);
  if (!conn.ok()) return Fail(conn.status());
  auto user = FindUser(**conn, a.login);
  if (!user.ok()) return Fail(user.status());
  auto change = services::SetUserActive(**conn, *user, active);
  if (!change.ok()) return Fail(change.status());
  std::cerr << change->message << "\n";
  return Status::Ok();
}

Status Passwd(CliContext& ctx, const UserArgs& a) {
  if (!a.password_stdin) return Fail("give the new password on standard input: --password-stdin");
  auto conn = Connect(ctx, a.db);
  if (!conn.ok()) return Fail(conn.status());
  auto user = FindUser(**conn, a.login);
  if (!user.ok()) return Fail(user.status());
  auto pw = ReadSecretLine("password");
  if (!pw.ok()) return Fail(pw.status());
  store::Users users(**conn);
  if (Status s = users.SetPassword(user->id, auth::HashPassword(*pw)); !s.ok()) return Fail(s);
  std::cerr << "Changed the password of \"" << a.login << "\"\n";
  return Status::Ok();
}

CLI::App* WithDb(CLI::App* cmd, UserArgs& a) {
  cmd->add_option("--db", a.db, "Database")->required();
  return cmd;
}

}  // namespace

void RegisterUserCommands(CLI::App& app, Registration reg) {
  CLI::App* user = app.add_subcommand("user", "Manage users");
  user->require_subcommand(1);
  auto a = std::make_shared<UserArgs>();

  auto* add = WithDb(user->add_subcommand("add", "Create an internal user"), *a);
  add->add_option("LOGIN", a->login, "Login (often an e-mail address)")->required();
  add->add_option("--name", a->name, "Display name (default: the login)");
  add->add_option("--email", a->email, "E-mail address");
  add->add_flag("--password-stdin", a->password_stdin, "Read the password from standard input");
  add->add_option("--group", a->groups,
                  "Also put the user in this group (full name or external id; repeatable); "
                  "\"User types / Portal\" or \"User types / Public\" makes a user of that "
                  "type instead of an internal user");
  add->callback([=] { *reg.selected = [=](CliContext& c) { return Add(c, *a); }; });

  auto* list = WithDb(user->add_subcommand("list", "List users"), *a);
  list->add_flag("--all", a->all, "Include archived users");
  list->add_flag("--json", a->json, "JSON output");
  list->callback([=] { *reg.selected = [=](CliContext& c) { return List(c, *a); }; });

  auto* archive = WithDb(user->add_subcommand("archive", "Archive a user (no more logins)"), *a);
  archive->add_option("LOGIN", a->login, "Login")->required();
  archive->callback(
      [=] { *reg.selected = [=](CliContext& c) { return SetActive(c, *a, false); }; });

  auto* unarchive = WithDb(user->add_subcommand("unarchive", "Unarchive a user"), *a);
  unarchive->add_option("LOGIN", a->login, "Login")->required();
  unarchive->callback(
      [=] { *reg.selected = [=](CliContext& c) { return SetActive(c, *a, true); }; });

  auto* passwd = WithDb(user->add_subcommand("passwd", "Change a user's password"), *a);
  passwd->add_option("LOGIN", a->login, "Login")->required();
  passwd->add_flag("--password-stdin", a->password_stdin, "Read the password from standard input")
      ->required();
  passwd->callback([=] { *reg.selected = [=](CliContext& c) { return Passwd(c, *a); }; });

  RegisterTotpCommands(*user, reg);
  RegisterUserShowCommand(*user, reg);
}

}  // namespace keygate::cli
