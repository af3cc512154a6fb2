// `keygate user totp enable|disable`: two-factor authentication for a user. `enable` prints the
// secret, the otpauth URI and a QR code, then reads the first code on standard input to confirm
// (so scripts can drive it); nothing is stored until that code verifies.
#include "auth/totp_check.h"
#include "cli/commands.h"
#include "cli/terminal_qr.h"
#include "crypto/totp.h"
#include "store/repositories.h"

namespace keygate::cli {

namespace {

struct TotpArgs {
  std::string db;
  std::string login;
  std::string issuer = "keygate";
};

StatusOr<store::UserRecord> ActiveUser(store::SqlConnection& c, const std::string& login) {
  KG_ASSIGN_OR_RETURN(auto user, FindUser(c, login));
  if (!user.active) return UserError("user \"" + login + "\" is archived");
  return user;
}

Status Enable(CliContext& ctx, const TotpArgs& a) {
  auto conn = Connect(ctx, a.db);
  if (!conn.ok()) return Fail(conn.status());
  auto user = ActiveUser(**conn, a.login);
  if (!user.ok()) return Fail(user.status());
  if (user->totp_secret) {
    return Fail("Two-factor authentication already enabled for \"" + a.login +
                "\"; to enroll a new device, disable it first: keygate user totp disable --db " +
                a.db + " " + a.login);
  }
  std::string secret = auth::NewTotpSecret();
  std::string uri = crypto::TotpUri(secret, a.issuer, a.login);
  auto qr = TerminalQr(uri);
  if (!qr.ok()) return Fail(qr.status());
  std::cout << "secret: " << secret << "\n"
            << "uri: " << uri << "\n\n"
            << *qr << std::flush;
  std::cerr << "Scan the code (or enter the secret) in an authenticator app, then type the "
               "6-digit code it shows: "
            << std::flush;
  auto code = ReadSecretLine("6-digit code");
  if (!code.ok()) return Fail(code.status());
  Status s = auth::EnableTotp(**conn, user->id, secret, *code, DefaultClock());
  if (!s.ok()) return Fail(s.message() + "; two-factor authentication was not enabled");
  std::cerr << "\nTwo-factor authentication is on for \"" << a.login
            << "\". Its password no longer works over XML-RPC/JSON-RPC; API keys do. Web "
               "logins now ask for a code; its open sessions have ended.\n";
  return Status::Ok();
}

Status Disable(CliContext& ctx, const TotpArgs& a) {
  auto conn = Connect(ctx, a.db);
  if (!conn.ok()) return Fail(conn.status());
  auto user = ActiveUser(**conn, a.login);
  if (!user.ok()) return Fail(user.status());
  if (!user->totp_secret)
    return Fail("two-factor authentication is not enabled for \"" + a.login + "\"");
  if (Status s = auth::DisableTotp(**conn, user->id); !s.ok()) return Fail(s);
  std::cerr << "Two-factor authentication is off for \"" << a.login << "\".\n";
  return Status::Ok();
}

}  // namespace

void RegisterTotpCommands(CLI::App& user, Registration reg) {
  CLI::App* totp = user.add_subcommand("totp", "Two-factor authentication (TOTP)");
  totp->require_subcommand(1);
  auto a = std::make_shared<TotpArgs>();
  auto* enable = totp->add_subcommand(
      "enable", "Turn on 2FA: prints secret, URI and QR code, then reads the first code on stdin");
  enable->add_option("--db", a->db, "Database")->required();
  enable->add_option("LOGIN", a->login, "Login")->required();
  enable->add_option("--issuer", a->issuer, "Issuer shown by authenticator apps (default keygate)");
  enable->callback([=] { *reg.selected = [=](CliContext& c) { return Enable(c, *a); }; });
  auto* disable = totp->add_subcommand("disable", "Turn off 2FA for a user");
  disable->add_option("--db", a->db, "Database")->required();
  disable->add_option("LOGIN", a->login, "Login")->required();
  disable->callback([=] { *reg.selected = [=](CliContext& c) { return Disable(c, *a); }; });
}

}  // namespace keygate::cli
