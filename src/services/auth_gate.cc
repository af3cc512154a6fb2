// Authentication choke point: checks credentials and logs every failure with its reason.
#include "services/auth_gate.h"

#include "common/input_limits.h"
#include "common/log.h"
#include "services/auth_defences.h"

namespace keygate::services {

namespace {

void LogOutcome(const auth::AuthOutcome& o, const std::string& db, const std::string& who,
                const CallerInfo& caller) {
  if (o.ok) return;
  std::string hint;
  if (o.reason == auth::AuthReason::kKeyRefusedInteractive) {
    hint = " (API keys cannot open web sessions; use XML-RPC/JSON-RPC or set apikey_session_login)";
  }
  Log(LogLevel::kInfo, "auth",
      "Login failed for db:" + db + " " + who + " from " + caller.client_ip + " via " +
          caller.channel + " reason=" + auth::ReasonName(o.reason) + hint);
}

}  // namespace

StatusOr<auth::AuthOutcome> CheckUidCredentials(const ServerContext& ctx, store::SqlConnection& c,
                                                const std::string& db, int64_t uid,
                                                const std::string& secret,
                                                const CallerInfo& caller) {
  KG_ASSIGN_OR_RETURN(
      auto outcome,
      GuardedCheck(ctx, c, db, {"", uid}, secret, caller, [&](const auth::PasswordGate* gate) {
        return ctx.authenticator->CheckUid(c, db, uid, secret, gate);
      }));
  LogOutcome(outcome, db, "uid:" + std::to_string(uid), caller);
  return outcome;
}

StatusOr<auth::AuthOutcome> CheckLoginCredentials(const ServerContext& ctx, store::SqlConnection& c,
                                                  const std::string& db, const std::string& login,
                                                  const std::string& secret,
                                                  const CallerInfo& caller) {
  KG_ASSIGN_OR_RETURN(auto outcome, GuardedCheck(ctx, c, db, {login, std::nullopt}, secret, caller,
                                                 [&](const auth::PasswordGate* gate) {
                                                   return ctx.authenticator->AuthenticateLogin(
                                                       c, db, login, secret, gate);
                                                 }));
  LogOutcome(outcome, db, "login:" + PrintablePrefix(login), caller);
  return outcome;
}

StatusOr<auth::AuthOutcome> CheckBearerCredentials(const ServerContext& ctx,
                                                   store::SqlConnection& c, const std::string& db,
                                                   const std::string& secret,
                                                   const CallerInfo& caller) {
  KG_ASSIGN_OR_RETURN(
      auto outcome,
      GuardedCheck(ctx, c, db, {}, secret, caller, [&](const auth::PasswordGate* /*gate*/) {
        return ctx.authenticator->CheckBearerKey(c, db, secret);
      }));
  LogOutcome(outcome, db, "bearer key", caller);
  return outcome;
}

StatusOr<auth::AuthOutcome> CheckInteractiveCredentials(
    const ServerContext& ctx, store::SqlConnection& c, const std::string& db,
    const std::string& login, const std::string& secret, const CallerInfo& caller) {
  KG_ASSIGN_OR_RETURN(auto outcome,
                      GuardedCheck(ctx, c, db, {login, std::nullopt, true}, secret, caller,
                                   [&](const auth::PasswordGate* gate) {
                                     return ctx.authenticator->AuthenticateInteractive(
                                         c, login, secret, ctx.options.apikey_session_login, gate);
                                   }));
  LogOutcome(outcome, db, "login:" + PrintablePrefix(login), caller);
  return outcome;
}

StatusOr<auth::AuthOutcome> CheckForwardedCredentials(
    const ServerContext& ctx, store::SqlConnection& c, const std::string& db,
    const AttemptSubject& subject, const std::string& secret, const CallerInfo& caller,
    const CredentialCheck& check) {
  KG_ASSIGN_OR_RETURN(auto outcome, GuardedCheck(ctx, c, db, subject, secret, caller, check));
  LogOutcome(outcome, db,
             subject.uid ? "uid:" + std::to_string(*subject.uid)
                         : "login:" + PrintablePrefix(subject.login),
             caller);
  return outcome;
}

}  // namespace keygate::services
