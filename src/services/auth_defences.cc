// Cooldown, key restrictions and the event log around every credential check.
#include "services/auth_defences.h"

#include "auth/login_cooldown.h"
#include "auth/rate_limit.h"
#include "common/input_limits.h"
#include "common/log.h"
#include "store/repositories.h"

namespace keygate::services {

namespace {

bool KeyShaped(const std::string& s) { return auth::KeyIndexForEvent(s, true).has_value(); }

auth::AuthOutcome Refusal(auth::AuthReason reason, int64_t uid) {
  auth::AuthOutcome o;
  o.ok = false;
  o.reason = reason;
  o.uid = uid;
  return o;
}

// Odoo logs that a rate-limited private address "might be a proxy"; keygate says what to change.
void WarnIfProxyMisconfigured(const ServerContext& ctx, const std::string& db,
                              const CallerInfo& caller) {
  if (caller.client_ip != caller.peer_address) return;  // already resolved through a proxy
  if (!auth::IsPrivateAddress(caller.client_ip)) return;
  bool trusted = ctx.defences && ctx.options.proxy_mode &&
                 auth::AnyContains(ctx.defences->trusted_proxies, caller.client_ip);
  std::string why =
      trusted ? "it is a trusted proxy that sent no X-Forwarded-For or X-Real-IP header, so "
                "every client behind it is counted as the proxy"
              : "it might be a reverse proxy: then every client has its address and one "
                "failing client puts all of them on cooldown";
  Log(LogLevel::kWarning, "auth",
      "Login cooldown hit the private address " + caller.client_ip + " (db:" + db + "): " + why +
          ". If keygate runs behind a proxy, set proxy_mode = True and trusted_proxies = <the "
          "proxy's address or network> (and have the proxy send X-Forwarded-For), so that each "
          "client is counted by its own address.");
}

// One row of the auth event log for an attempt (buffered, off the request's path to storage).
void RecordEvent(const ServerContext& ctx, const Clock& clock, const std::string& db,
                 const std::string& login, int64_t uid, const auth::AuthOutcome& outcome,
                 std::optional<std::string> key_index, const CallerInfo& caller) {
  auth::AuthEvent e;
  e.create_date = auth::FormatUtcMillis(clock.NowUnixMicros() / 1000);
  e.db = db;
  e.channel = caller.channel;
  e.login = login;
  if (uid) e.uid = uid;
  e.key_id = outcome.grant.key_id;
  if (!e.key_id) e.key_id = outcome.failed_key_id;  // revoked, rotated-out or expired key
  e.key_index = std::move(key_index);
  e.client_ip = caller.client_ip;
  e.peer_address = caller.peer_address;
  e.user_agent = caller.user_agent;
  e.success = outcome.ok;
  e.reason = auth::ReasonName(outcome.reason);
  ctx.defences->events->Record(std::move(e));
}

}  // namespace

void NoteKeyOutsideIntegrationCalls(const ServerContext& ctx, const std::string& db,
                                    const std::string& login, const std::string& key_index,
                                    const CallerInfo& caller) {
  auth::AuthOutcome outcome;
  outcome.reason = auth::AuthReason::kKeyOutsideIntegrationCalls;
  if (ctx.defences && ctx.defences->metrics) ctx.defences->metrics->CountFailure(outcome.reason);
  if (db.empty() || !ctx.defences || !ctx.defences->events) return;
  RecordEvent(ctx, ctx.clock ? *ctx.clock : DefaultClock(), db, login, 0, outcome, key_index,
              caller);
}

Status NoteSessionRefusal(const ServerContext& ctx, store::SqlConnection& c, const std::string& db,
                          const auth::AuthOutcome& outcome, const CallerInfo& caller) {
  if (ctx.defences && ctx.defences->metrics) ctx.defences->metrics->CountFailure(outcome.reason);
  if (!ctx.defences || !ctx.defences->events) return Status::Ok();
  KG_ASSIGN_OR_RETURN(std::string login, store::Users(c).LoginOf(outcome.uid));
  RecordEvent(ctx, ctx.clock ? *ctx.clock : DefaultClock(), db, login, outcome.uid, outcome,
              std::nullopt, caller);
  return Status::Ok();
}

StatusOr<int64_t> CurrentGeneration(const ServerContext& ctx, store::SqlConnection& c,
                                    const std::string& db) {
  store::GenerationSource& source =
      ctx.authenticator ? ctx.authenticator->generations() : store::PerCallGenerationSource();
  return source.Current(c, db);
}

StatusOr<auth::AuthOutcome> ApplyKeyLimits(const ServerContext& ctx, store::SqlConnection& c,
                                           const std::string& db, auth::AuthOutcome outcome,
                                           const CallerInfo& caller) {
  if (!outcome.ok || !outcome.grant.key_id) return outcome;
  const Clock& clock = ctx.clock ? *ctx.clock : DefaultClock();
  const int64_t key_id = *outcome.grant.key_id;
  auth::KeyRestriction restriction;
  if (ctx.defences) {
    // The generation the grant was checked under, else the authenticator's source's.
    int64_t generation = 0;
    if (outcome.generation) {
      generation = *outcome.generation;
    } else {
      KG_ASSIGN_OR_RETURN(generation, CurrentGeneration(ctx, c, db));
    }
    KG_ASSIGN_OR_RETURN(restriction, ctx.defences->restrictions.Get(c, db, key_id, generation));
  } else {
    KG_ASSIGN_OR_RETURN(restriction, auth::LoadKeyRestriction(c, key_id));
  }
  if (!restriction.allowed.empty() && !auth::AnyContains(restriction.allowed, caller.client_ip)) {
    auth::Grant grant = outcome.grant;
    outcome = Refusal(auth::AuthReason::kAddressNotAllowed, grant.uid);
    outcome.grant = grant;
  } else if (restriction.rate) {
    // One shared bucket per key in the database: every instance enforces one limit.
    KG_ASSIGN_OR_RETURN(auto decision,
                        auth::TakeRateToken(c, key_id, *restriction.rate, clock.NowUnixMicros()));
    if (!decision.allowed) {
      auth::Grant grant = outcome.grant;
      outcome = Refusal(auth::AuthReason::kRateLimited, grant.uid);
      outcome.grant = grant;
      outcome.retry_after_seconds = decision.retry_after_seconds;
      outcome.denial_message = "API key rate limit exceeded (" + restriction.rate->text +
                               "), retry in " + std::to_string(decision.retry_after_seconds) + " s";
    }
  }
  return outcome;
}

StatusOr<auth::AuthOutcome> GuardedCheck(const ServerContext& ctx, store::SqlConnection& c,
                                         const std::string& db, const AttemptSubject& subject,
                                         const std::string& secret, const CallerInfo& caller,
                                         const CredentialCheck& check) {
  const Clock& clock = ctx.clock ? *ctx.clock : DefaultClock();
  const int64_t now = clock.NowUnix();
  // The login of the attempt: the one given, else (a uid) read when first needed, from the grant
  // when the credential was good (so a warm call reads no user row).
  std::string login = subject.login;
  bool login_known = !login.empty() || !subject.uid;
  auto resolve_login = [&](const auth::Grant* grant) -> Status {
    if (login_known) return Status::Ok();
    if (grant != nullptr && grant->uid == *subject.uid && !grant->login.empty()) {
      login = grant->login;
    } else {
      KG_ASSIGN_OR_RETURN(login, store::Users(c).LoginOf(*subject.uid));
    }
    login_known = true;
    return Status::Ok();
  };
  // No account has a longer login: refused unchecked and uncounted, and only a short printable
  // prefix of it is kept in the event row.
  const bool login_too_long = LoginTooLong(login);
  if (login_too_long) login = PrintablePrefix(login, 64);
  // Odoo's per-address counter is for interactive logins only (auth/login_cooldown.h).
  const std::string counted_ip = subject.interactive ? caller.client_ip : std::string();

  // Read only when a password is at stake: a key or a cached grant costs no cooldown query.
  std::optional<auth::CooldownSettings> cooldown;
  auto settings = [&]() -> StatusOr<const auth::CooldownSettings*> {
    if (!cooldown) {
      KG_ASSIGN_OR_RETURN(cooldown, auth::LoadCooldownSettings(c));
    }
    return &*cooldown;
  };
  auth::CooldownState counters;
  bool password_stage = false;
  std::optional<auth::CooldownScope> refused_by;
  // The password-hash slot of this attempt, held until its failure is counted: so one login has
  // one hash at a time here, and a burst cannot hash more often than the counter allows.
  std::optional<auth::PasswordSlots::Slot> slot;
  bool busy = false;
  const auth::PasswordGate gate = [&](bool hashing) -> StatusOr<auth::GateDecision> {
    password_stage = true;
    KG_RETURN_IF_ERROR(resolve_login(nullptr));
    KG_ASSIGN_OR_RETURN(const auth::CooldownSettings* s, settings());
    if (s->enabled()) {
      KG_ASSIGN_OR_RETURN(counters, auth::ReadCooldownState(c, counted_ip, login));
      std::optional<auth::CooldownScope> over = counters.OnCooldown(*s, now);
      if (over && *over == auth::CooldownScope::kLogin) {
        // The owner's own network is not refused for the strangers' failures.
        KG_ASSIGN_OR_RETURN(bool known, auth::IsKnownLoginNetwork(c, login, caller.client_ip, now));
        if (known) over.reset();
      }
      if (over) {
        refused_by = over;
        return auth::GateDecision::kCooldown;
      }
    }
    if (hashing && ctx.defences && ctx.defences->password_slots) {
      auto acquired = ctx.defences->password_slots->TryAcquire(login, caller.client_ip);
      if (!acquired) {
        busy = true;
        return auth::GateDecision::kBusy;
      }
      slot.emplace(std::move(*acquired));
    }
    return auth::GateDecision::kProceed;
  };

  auth::AuthOutcome outcome;
  if (login_too_long) {
    outcome = Refusal(auth::AuthReason::kUnknownLogin, 0);
  } else {
    KG_ASSIGN_OR_RETURN(outcome, check(&gate));
  }
  KG_RETURN_IF_ERROR(resolve_login(outcome.ok ? &outcome.grant : nullptr));
  if (refused_by) {
    const bool by_address = *refused_by == auth::CooldownScope::kAddress;
    outcome.denial_message = auth::kCooldownMessage;
    Log(LogLevel::kInfo, "auth",
        "Login cooldown for db:" + db + " " +
            (by_address ? "address " + caller.client_ip : "login " + PrintablePrefix(login)) +
            ": " + std::to_string(by_address ? counters.ip_failures : counters.login_failures) +
            " failures, attempt refused unchecked");
    if (by_address) WarnIfProxyMisconfigured(ctx, db, caller);
  } else if (busy) {
    outcome.denial_message = auth::kPasswordCheckBusyMessage;
    Log(LogLevel::kInfo, "auth",
        "Password check refused for db:" + db + " login " + PrintablePrefix(login) + " from " +
            caller.client_ip + ": as many password checks as allowed are already running");
  } else if (outcome.ok && outcome.grant.key_id) {
    KG_ASSIGN_OR_RETURN(outcome, ApplyKeyLimits(ctx, c, db, std::move(outcome), caller));
  }

  if (!refused_by) {
    if (outcome.ok && password_stage) {
      // A password login: its counters start again and its network becomes known.
      // (Not before the second factor: a known password alone vouches for no network.)
      if (counters.any()) KG_RETURN_IF_ERROR(auth::ResetLoginFailures(c, counted_ip, login));
      if (!outcome.needs_second_factor && !outcome.cache_hit) {
        KG_RETURN_IF_ERROR(auth::RememberLoginNetwork(c, login, caller.client_ip, now));
      }
    } else if (!outcome.ok && !login_too_long && (password_stage || !counted_ip.empty()) &&
               outcome.reason != auth::AuthReason::kRateLimited &&
               outcome.reason != auth::AuthReason::kPasswordCheckBusy &&
               outcome.reason != auth::AuthReason::kAddressNotAllowed) {
      // A failed password attempt counts for its login; any failed interactive login counts
      // for its address. A valid key refused by its own limits is no login failure.
      KG_ASSIGN_OR_RETURN(const auth::CooldownSettings* s, settings());
      if (s->enabled()) {
        KG_RETURN_IF_ERROR(
            auth::RecordLoginFailure(c, counted_ip, password_stage ? login : "", now));
      }
    }
  }
  if (!outcome.ok && caller.hints && ctx.authenticator) {
    // Every refused credential is answered no sooner than a password check takes, nor than
    // refusal_delay_ms (the server's part): an answer that hashed nothing (unknown login,
    // cooldown, busy slots, a key's own limits) then does not tell why by its timing, and a
    // connection sending wrong secrets gets about one answer a second whatever it sends.
    caller.hints->min_latency = ctx.authenticator->PasswordCheckTime();
    caller.hints->refusal = true;
  }

  if (!outcome.ok && ctx.defences && ctx.defences->metrics) {
    ctx.defences->metrics->CountFailure(outcome.reason);
  }
  if (ctx.defences && ctx.defences->events) {
    std::optional<std::string> key_index;
    if (outcome.grant.key_id) {
      key_index = auth::KeyIndexForEvent(secret, true);
    } else if (KeyShaped(secret)) {
      KG_ASSIGN_OR_RETURN(bool exists, auth::KeyIndexExists(c, secret.substr(0, 8)));
      key_index = auth::KeyIndexForEvent(secret, exists);
    }
    RecordEvent(ctx, clock, db, login, outcome.uid ? outcome.uid : subject.uid.value_or(0), outcome,
                key_index, caller);
  }
  return outcome;
}

void NoteUnknownDatabase(const ServerContext& ctx, const Status& open_error, const std::string& db,
                         const std::string& who, const CallerInfo& caller) {
  if (open_error.code() != StatusCode::kDatabaseNotFound) return;
  if (ctx.defences && ctx.defences->metrics) {
    ctx.defences->metrics->CountFailure(auth::AuthReason::kUnknownDatabase);
  }
  // The name is whatever the request sent: keep the log line one printable line.
  std::string name = db.substr(0, 64);
  for (char& ch : name) {
    if (static_cast<unsigned char>(ch) < 0x20 || ch == 0x7f) ch = '?';
  }
  Log(LogLevel::kInfo, "auth",
      "Login failed for db:" + name + " " + who + " from " + caller.client_ip + " via " +
          caller.channel + " reason=" + auth::ReasonName(auth::AuthReason::kUnknownDatabase));
}

Status DenialStatus(const auth::AuthOutcome& outcome) {
  if (outcome.denial_message.empty()) return AccessDenied();
  return AccessDenied(outcome.denial_message);
}

}  // namespace keygate::services
