// Web sessions over the auth session store.
#include "services/session_service.h"

#include <vector>

#include "auth/sessions.h"
#include "auth/totp_check.h"
#include "common/log.h"
#include "services/auth_defences.h"
#include "services/auth_gate.h"
#include "services/authorized_call.h"
#include "services/db_service.h"
#include "services/session_info.h"
#include "store/repositories.h"
#include "store/web_sessions.h"

namespace keygate::services {

namespace {

Status SessionExpired() { return {StatusCode::kSessionExpired, "Session expired"}; }

auth::SessionLimits Limits(const ServerContext& ctx) {
  auth::SessionLimits l;
  l.idle_seconds = ctx.options.session_idle_seconds;
  l.absolute_seconds = ctx.options.session_max_seconds;
  return l;
}

struct LiveSession {
  std::string db;
  std::string secret;
  auth::Session session;
  std::shared_ptr<store::Database> database;
  std::optional<std::string> key_scope;  // of the key the session was opened with
};

StatusOr<LiveSession> Resolve(const ServerContext& ctx, const std::string& cookie,
                              const CallerInfo& caller, store::SqlConnection** conn_out,
                              store::ConnectionLease* lease) {
  auto parsed = auth::ParseSessionCookie(cookie);
  if (!parsed) return SessionExpired();
  // dbfilter decides here too: a cookie never reaches a database this host is not served.
  auto database = OpenServedDatabase(ctx, parsed->db, caller.host);
  if (!database.ok()) {
    if (database.status().code() == StatusCode::kUnavailable) return database.status();
    return SessionExpired();
  }
  KG_ASSIGN_OR_RETURN(*lease, (*database)->Acquire());
  KG_ASSIGN_OR_RETURN(auto session,
                      auth::FindSession(**lease, parsed->secret, Limits(ctx), *ctx.clock));
  if (!session) return SessionExpired();
  LiveSession live{parsed->db, parsed->secret, *session, *database, std::nullopt};
  if (session->key_id) {
    // Opened with an API key: it lives only as long as the key is usable for RPC (not revoked,
    // rotated out or expired), by the rule the key's own checks use.
    KG_ASSIGN_OR_RETURN(auto key, store::ApiKeys(**lease).FindUsableById(
                                      *session->key_id, FormatUtc(ctx.clock->NowUnix())));
    const int64_t owner = session->uid.value_or(session->pending_uid.value_or(0));
    if (!key || key->user_id != owner) {
      KG_RETURN_IF_ERROR(auth::DeleteSession(**lease, parsed->secret));
      return SessionExpired();
    }
    live.key_scope = key->scope;
  }
  *conn_out = lease->get();
  return live;
}

}  // namespace

StatusOr<SessionReply> SessionAuthenticate(const ServerContext& ctx, const Value& params,
                                           const CallerInfo& caller) {
  const Value* db = params.Find("db");
  const Value* login = params.Find("login");
  const Value* password = params.Find("password");
  if (!db || !login || !password) {
    // Odoo 18 calls its controller Session.authenticate(self, db, login, password, ...) with the
    // params as keywords: Python's TypeError names the ones missing.
    std::vector<std::string> missing;
    if (!db) missing.emplace_back("'db'");
    if (!login) missing.emplace_back("'login'");
    if (!password) missing.emplace_back("'password'");
    std::string list = missing[0];
    if (missing.size() == 2) list += " and " + missing[1];
    if (missing.size() == 3) list += ", " + missing[1] + ", and " + missing[2];
    return TypeError("Session.authenticate() missing " + std::to_string(missing.size()) +
                     " required positional argument" + (missing.size() == 1 ? "" : "s") + ": " +
                     list);
  }
  if (!db->is_string() || !login->is_string() || !password->is_string()) {
    return InvalidRequest("authenticate(): 'db', 'login' and 'password' must be strings");
  }
  const std::string& name = db->as_string();
  if (!store::IsValidDatabaseName(name)) return AccessError("Database not found.");
  // Opening tells a missing database from an unreachable database server (kUnavailable).
  auto opened = OpenServedDatabase(ctx, name, caller.host);
  if (!opened.ok() && opened.status().code() == StatusCode::kDatabaseNotFound) {
    return AccessError("Database not found.");
  }
  KG_ASSIGN_OR_RETURN(auto database, std::move(opened));
  KG_ASSIGN_OR_RETURN(auto conn, database->Acquire());
  KG_ASSIGN_OR_RETURN(auto outcome,
                      CheckInteractiveCredentials(ctx, *conn, name, login->as_string(),
                                                  password->as_string(), caller));
  if (!outcome.ok) return DenialStatus(outcome);
  KG_ASSIGN_OR_RETURN(auto user, store::Users(*conn).FindById(outcome.uid));
  if (!user) return AccessDenied();
  std::optional<int64_t> uid, pending;
  if (outcome.needs_second_factor) {
    pending = outcome.uid;
  } else {
    uid = outcome.uid;
    KG_RETURN_IF_ERROR(store::RecordLogin(*conn, outcome.uid));
  }
  KG_ASSIGN_OR_RETURN(
      std::string cookie,
      auth::CreateSession(*conn, name, uid, pending, auth::CredentialFingerprint(*user),
                          caller.client_ip, caller.user_agent, *ctx.clock, outcome.grant.key_id));
  Log(LogLevel::kInfo, "auth",
      std::string(uid ? "Login successful" : "Password accepted, second factor awaited") +
          " for db:" + name + " login:" + login->as_string() + " from " + caller.client_ip +
          " via web");
  SessionReply reply;
  if (uid) {
    KG_ASSIGN_OR_RETURN(reply.result, BuildSessionInfo(ctx, *conn, name, *uid));
  } else {
    // Odoo 18 answers a login that awaits its second factor with exactly this.
    Value half(Value::Struct{});
    half.Set("uid", Value());
    reply.result = std::move(half);
  }
  reply.set_cookie = cookie;
  return reply;
}

StatusOr<SessionReply> SessionTotp(const ServerContext& ctx, const std::string& cookie,
                                   const Value& params, const CallerInfo& caller) {
  store::SqlConnection* conn = nullptr;
  store::ConnectionLease lease(nullptr, [](store::SqlConnection*) {});
  KG_ASSIGN_OR_RETURN(LiveSession live, Resolve(ctx, cookie, caller, &conn, &lease));
  if (!live.session.pending_uid) {
    return UserError("This session is not waiting for a two-factor authentication code.");
  }
  const Value* token = params.Find("totp_token");
  if (token == nullptr || !token->is_string()) {
    return InvalidRequest("totp() requires 'totp_token', the 6-digit code, as a string");
  }
  const int64_t uid = *live.session.pending_uid;
  Status verified =
      auth::VerifyTotpCode(*conn, uid, token->as_string(), caller.client_ip, *ctx.clock);
  if (!verified.ok()) {
    Log(LogLevel::kInfo, "auth",
        "2FA check failed for db:" + live.db + " uid:" + std::to_string(uid) + " from " +
            caller.client_ip + ": " + verified.message());
    return verified;
  }
  KG_RETURN_IF_ERROR(store::PromotePendingSession(*conn, live.session.id));
  KG_RETURN_IF_ERROR(store::RecordLogin(*conn, uid));
  Log(LogLevel::kInfo, "auth",
      "Login successful (2FA) for db:" + live.db + " uid:" + std::to_string(uid) + " from " +
          caller.client_ip);
  SessionReply reply;
  KG_ASSIGN_OR_RETURN(reply.result, BuildSessionInfo(ctx, *conn, live.db, uid));
  return reply;
}

StatusOr<SessionReply> SessionInfo(const ServerContext& ctx, const std::string& cookie,
                                   const CallerInfo& caller) {
  store::SqlConnection* conn = nullptr;
  store::ConnectionLease lease(nullptr, [](store::SqlConnection*) {});
  KG_ASSIGN_OR_RETURN(LiveSession live, Resolve(ctx, cookie, caller, &conn, &lease));
  // A session still awaiting its second factor is no session for Odoo 18 ("Session expired").
  if (!live.session.uid) return SessionExpired();
  SessionReply reply;
  KG_ASSIGN_OR_RETURN(reply.result, BuildSessionInfo(ctx, *conn, live.db, *live.session.uid));
  return reply;
}

StatusOr<SessionReply> SessionDestroy(const ServerContext& ctx, const std::string& cookie,
                                      const CallerInfo& caller) {
  store::SqlConnection* conn = nullptr;
  store::ConnectionLease lease(nullptr, [](store::SqlConnection*) {});
  KG_ASSIGN_OR_RETURN(LiveSession live, Resolve(ctx, cookie, caller, &conn, &lease));
  KG_RETURN_IF_ERROR(auth::DeleteSession(*conn, live.secret));
  SessionReply reply;
  reply.result = Value();
  reply.clear_cookie = true;
  return reply;
}

StatusOr<SessionReply> SessionCallKw(const ServerContext& ctx, const std::string& cookie,
                                     const Value& params, const CallerInfo& caller) {
  store::SqlConnection* conn = nullptr;
  store::ConnectionLease lease(nullptr, [](store::SqlConnection*) {});
  KG_ASSIGN_OR_RETURN(LiveSession live, Resolve(ctx, cookie, caller, &conn, &lease));
  if (!live.session.uid) return SessionExpired();  // second factor still awaited
  const Value* model = params.Find("model");
  const Value* method = params.Find("method");
  const Value* args = params.Find("args");
  const Value* kwargs = params.Find("kwargs");
  if (!model || !method || !args || !model->is_string() || !method->is_string()) {
    return InvalidRequest("call_kw() requires 'model', 'method' (strings) and 'args'");
  }
  if (!args->is_array()) return InvalidRequest("call_kw(): 'args' must be a list");
  if (kwargs && !kwargs->is_nil() && !kwargs->is_struct()) {
    return InvalidRequest("call_kw(): 'kwargs' must be a dict");
  }
  // The session's user; a session opened with a key keeps the key's scope and limits.
  auth::AuthOutcome outcome;
  outcome.ok = true;
  outcome.uid = *live.session.uid;
  outcome.grant.uid = *live.session.uid;
  outcome.grant.key_id = live.session.key_id;
  outcome.grant.key_scope = live.key_scope;
  // The generation now (read from memory on a warm path), so that the access policy comes from
  // this thread's memo of it, as on a key's warm call: whatever the policy is made of (groups,
  // rights, rules, the key's scope) moves the generation when it changes.
  KG_ASSIGN_OR_RETURN(int64_t generation, CurrentGeneration(ctx, *conn, live.db));
  outcome.generation = generation;
  KG_ASSIGN_OR_RETURN(outcome, ApplyKeyLimits(ctx, *conn, live.db, std::move(outcome), caller));
  if (!outcome.ok) {
    KG_RETURN_IF_ERROR(NoteSessionRefusal(ctx, *conn, live.db, outcome, caller));
    Log(LogLevel::kInfo, "auth",
        "Session call refused for db:" + live.db + " uid:" + std::to_string(outcome.uid) +
            " from " + caller.client_ip + " reason=" + auth::ReasonName(outcome.reason));
    return DenialStatus(outcome);
  }
  ModelCall call{model->as_string(), method->as_string(), args->as_array(),
                 (kwargs && kwargs->is_struct()) ? kwargs->as_struct() : Value::Struct{}};
  SessionReply reply;
  KG_ASSIGN_OR_RETURN(
      reply.result,
      RunAuthorizedCall(
          ctx, {live.db, live.database, *conn, outcome.grant, call, outcome.generation}, caller));
  return reply;
}

}  // namespace keygate::services
