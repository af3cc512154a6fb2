// Credential checks for the non-interactive channels, with the verified-credential cache.
#include "auth/authenticator.h"

#include <chrono>

#include "auth/key_lifecycle.h"
#include "auth/passwords.h"
#include "crypto/digest.h"
#include "crypto/passlib_pbkdf2.h"
#include "store/repositories.h"

namespace keygate::auth {

const char* ReasonName(AuthReason reason) {
  switch (reason) {
    case AuthReason::kOk:
      return "ok";
    case AuthReason::kEmptySecret:
      return "empty_secret";
    case AuthReason::kUnknownLogin:
      return "unknown_login";
    case AuthReason::kUnknownUid:
      return "unknown_uid";
    case AuthReason::kUserArchived:
      return "user_archived";
    case AuthReason::kWrongPassword:
      return "wrong_password";
    case AuthReason::kUnknownKey:
      return "unknown_key";
    case AuthReason::kKeyExpired:
      return "key_expired";
    case AuthReason::kKeyRevoked:
      return "key_revoked";
    case AuthReason::kKeyRotated:
      return "key_rotated";
    case AuthReason::kKeyScope:
      return "key_scope";
    case AuthReason::kKeyOtherUser:
      return "key_other_user";
    case AuthReason::kPasswordRefused2fa:
      return "password_refused_2fa";
    case AuthReason::kKeyRefusedInteractive:
      return "key_refused_interactive";
    case AuthReason::kCooldown:
      return "cooldown";
    case AuthReason::kAddressNotAllowed:
      return "address_not_allowed";
    case AuthReason::kRateLimited:
      return "rate_limited";
    case AuthReason::kPasswordCheckBusy:
      return "password_check_busy";
    case AuthReason::kKeyOutsideIntegrationCalls:
      return "key_outside_integration_calls";
    case AuthReason::kUnknownDatabase:
      return "unknown_database";
  }
  return "unknown";
}

namespace {

constexpr size_t kIndexSize = 8;
constexpr int64_t kBearerDigestUid = -1;

AuthOutcome Failure(AuthReason reason, int64_t uid,
                    std::optional<int64_t> failed_key_id = std::nullopt) {
  AuthOutcome o;
  o.reason = reason;
  o.uid = uid;
  o.failed_key_id = failed_key_id;
  return o;
}

AuthOutcome Success(const Grant& grant, bool cache_hit, int64_t generation) {
  AuthOutcome o;
  o.generation = generation;
  o.ok = true;
  o.grant = grant;
  o.uid = grant.uid;
  o.cache_hit = cache_hit;
  return o;
}

}  // namespace

StatusOr<AuthOutcome> Authenticator::CheckUid(store::SqlConnection& c, const std::string& db,
                                              int64_t uid, const std::string& secret,
                                              const PasswordGate* gate) {
  if (secret.empty()) return Failure(AuthReason::kEmptySecret, uid);
  // No user has an id below 1; a bearer grant is cached under a uid of its own (below), which
  // no client-supplied uid may name.
  if (uid <= 0) return Failure(AuthReason::kUnknownUid, uid);
  const int64_t now = clock_.NowUnix();

  KG_ASSIGN_OR_RETURN(int64_t generation, generations_.Current(c, db));
  const std::string digest = CredentialCache::Digest(db, uid, secret);
  if (auto grant = cache_.Find(digest, generation, now)) {
    NoteCache(true);
    // A cached password still answers to the cooldown (unhashed): otherwise, once the login is
    // over the limit, every wrong guess would be refused and the right one accepted, which
    // tells the guesser the password at full speed. A cached key never does.
    if (!grant->key_id) {
      KG_ASSIGN_OR_RETURN(auto refused, PassGate(gate, uid, /*hashing=*/false));
      if (refused) return *refused;
    }
    return Success(*grant, true, generation);
  }
  NoteCache(false);

  store::Users users(c);
  KG_ASSIGN_OR_RETURN(auto user, users.FindById(uid));
  if (!user) return Failure(AuthReason::kUnknownUid, uid);
  if (!user->active) return Failure(AuthReason::kUserArchived, uid);

  // API key: one indexed lookup; hashes only for rows with the same 8-character index.
  if (secret.size() >= kIndexSize) {
    store::ApiKeys keys(c);
    KG_ASSIGN_OR_RETURN(auto candidates,
                        keys.FindUsable(secret.substr(0, kIndexSize), true, FormatUtc(now)));
    for (const auto& k : candidates) {
      if (k.user_id != uid) continue;
      if (!VerifyKey(secret, k.key)) continue;
      Grant g;
      g.uid = uid;
      g.login = user->login;
      g.key_id = k.id;
      g.key_scope = k.scope;
      if (k.expiration_date) g.key_expires_unix = ParseUtc(*k.expiration_date);
      cache_.Insert(digest, g, generation, now);
      return Success(g, false, generation);
    }
  }

  // Password.
  KG_ASSIGN_OR_RETURN(auto refused, PassGate(gate, uid, !user->password.empty()));
  if (refused) return *refused;
  KG_ASSIGN_OR_RETURN(bool password_ok, VerifyPassword(c, *user, secret));
  if (password_ok) {
    if (user->totp_secret) return Failure(AuthReason::kPasswordRefused2fa, uid);
    Grant g;
    g.uid = uid;
    g.login = user->login;
    cache_.Insert(digest, g, generation, now);
    return Success(g, false, generation);
  }

  if (crypto::LooksLikeApiKey(secret)) {
    std::optional<int64_t> key_id;
    KG_ASSIGN_OR_RETURN(AuthReason why, DiagnoseKeyFailure(c, uid, secret, &key_id));
    return Failure(why, uid, key_id);
  }
  return Failure(AuthReason::kWrongPassword, uid);
}

StatusOr<AuthReason> Authenticator::DiagnoseKeyFailure(store::SqlConnection& c, int64_t uid,
                                                       const std::string& secret,
                                                       std::optional<int64_t>* retired_key_id) {
  store::ApiKeys keys(c);
  KG_ASSIGN_OR_RETURN(auto rows, keys.FindByIndex(secret.substr(0, kIndexSize)));
  const int64_t now = clock_.NowUnix();
  for (const auto& k : rows) {
    if (!VerifyKey(secret, k.key)) continue;
    if (k.user_id != uid) return AuthReason::kKeyOtherUser;
    if (k.scope && *k.scope != "rpc" && k.scope->rfind("rpc:", 0) != 0) {
      return AuthReason::kKeyScope;
    }
    if (k.expiration_date) {
      auto exp = ParseUtc(*k.expiration_date);
      if (exp && *exp < now) break;  // expired or rotated: the lifecycle says which
    }
  }
  // A key that expired, was rotated out or revoked: its row or its tombstone names the cause.
  KG_ASSIGN_OR_RETURN(auto retired, FindRetiredKey(c, secret, FormatUtc(now)));
  if (retired) {
    if (retired->user_id != uid) return AuthReason::kKeyOtherUser;
    if (retired_key_id != nullptr) *retired_key_id = retired->key_id;
    return RefusalOfRetiredKey(retired->reason);
  }
  return AuthReason::kUnknownKey;
}

StatusOr<AuthOutcome> Authenticator::AuthenticateLogin(store::SqlConnection& c,
                                                       const std::string& db,
                                                       const std::string& login,
                                                       const std::string& secret,
                                                       const PasswordGate* gate) {
  store::Users users(c);
  KG_ASSIGN_OR_RETURN(auto user, users.FindByLogin(login));
  if (!user || !user->active) return UnknownLogin(gate, user ? &*user : nullptr);
  KG_ASSIGN_OR_RETURN(AuthOutcome outcome, CheckUid(c, db, user->id, secret, gate));
  if (outcome.ok) KG_RETURN_IF_ERROR(store::RecordLogin(c, user->id));
  return outcome;
}

StatusOr<AuthOutcome> Authenticator::CheckBearerKey(store::SqlConnection& c, const std::string& db,
                                                    const std::string& secret) {
  if (secret.empty()) return Failure(AuthReason::kEmptySecret, 0);
  const int64_t now = clock_.NowUnix();
  KG_ASSIGN_OR_RETURN(int64_t generation, generations_.Current(c, db));
  // A bearer key is looked up without a uid: its grant is cached under kBearerDigestUid, which
  // CheckUid refuses before it looks at the cache.
  const std::string digest = CredentialCache::Digest(db, kBearerDigestUid, secret);
  if (auto grant = cache_.Find(digest, generation, now)) {
    NoteCache(true);
    return Success(*grant, true, generation);
  }
  NoteCache(false);
  if (secret.size() < kIndexSize) return Failure(AuthReason::kUnknownKey, 0);
  store::ApiKeys keys(c);
  KG_ASSIGN_OR_RETURN(auto candidates,
                      keys.FindUsable(secret.substr(0, kIndexSize), true, FormatUtc(now)));
  for (const auto& k : candidates) {
    if (!VerifyKey(secret, k.key)) continue;
    KG_ASSIGN_OR_RETURN(auto owner, store::Users(c).FindById(k.user_id));
    Grant g;
    g.uid = k.user_id;
    if (owner) g.login = owner->login;
    g.key_id = k.id;
    g.key_scope = k.scope;
    if (k.expiration_date) g.key_expires_unix = ParseUtc(*k.expiration_date);
    cache_.Insert(digest, g, generation, now);
    return Success(g, false, generation);
  }
  if (!crypto::LooksLikeApiKey(secret)) return Failure(AuthReason::kUnknownKey, 0);
  // Diagnose against every row with the index, whatever its owner.
  KG_ASSIGN_OR_RETURN(auto rows, keys.FindByIndex(secret.substr(0, kIndexSize)));
  for (const auto& k : rows) {
    if (!VerifyKey(secret, k.key)) continue;
    KG_ASSIGN_OR_RETURN(auto owner, store::Users(c).FindById(k.user_id));
    if (owner && !owner->active) return Failure(AuthReason::kUserArchived, k.user_id);
    std::optional<int64_t> key_id;
    KG_ASSIGN_OR_RETURN(AuthReason why, DiagnoseKeyFailure(c, k.user_id, secret, &key_id));
    return Failure(why, k.user_id, key_id);
  }
  // No row: a key revoked or rotated out leaves its tombstone, which names its owner and cause.
  KG_ASSIGN_OR_RETURN(auto retired, FindRetiredKey(c, secret, FormatUtc(now)));
  if (retired) {
    return Failure(RefusalOfRetiredKey(retired->reason), retired->user_id, retired->key_id);
  }
  return Failure(AuthReason::kUnknownKey, 0);
}

StatusOr<AuthOutcome> Authenticator::AuthenticateInteractive(store::SqlConnection& c,
                                                             const std::string& login,
                                                             const std::string& secret,
                                                             bool allow_api_key,
                                                             const PasswordGate* gate) {
  if (secret.empty()) return Failure(AuthReason::kEmptySecret, 0);
  store::Users users(c);
  KG_ASSIGN_OR_RETURN(auto user, users.FindByLogin(login));
  if (!user || !user->active) return UnknownLogin(gate, user ? &*user : nullptr);
  // A key first: a correct key is never refused by the cooldown (the gate), only by its rules.
  const bool key_shaped = crypto::LooksLikeApiKey(secret);
  if (key_shaped) {
    store::ApiKeys keys(c);
    KG_ASSIGN_OR_RETURN(auto candidates, keys.FindUsable(secret.substr(0, kIndexSize), true,
                                                         FormatUtc(clock_.NowUnix())));
    for (const auto& k : candidates) {
      if (k.user_id != user->id || !VerifyKey(secret, k.key)) continue;
      if (!allow_api_key) return Failure(AuthReason::kKeyRefusedInteractive, user->id);
      AuthOutcome o;
      o.ok = true;
      o.uid = user->id;
      o.grant.uid = user->id;
      o.grant.login = user->login;
      o.grant.key_id = k.id;
      o.grant.key_scope = k.scope;
      return o;
    }
  }
  KG_ASSIGN_OR_RETURN(auto refused, PassGate(gate, user->id, !user->password.empty()));
  if (refused) return *refused;
  KG_ASSIGN_OR_RETURN(bool password_ok, VerifyPassword(c, *user, secret));
  if (password_ok) {
    AuthOutcome o;
    o.ok = true;
    o.uid = user->id;
    o.grant.uid = user->id;
    o.grant.login = user->login;
    o.needs_second_factor = user->totp_secret.has_value();
    return o;
  }
  if (key_shaped) {
    std::optional<int64_t> key_id;
    KG_ASSIGN_OR_RETURN(AuthReason why, DiagnoseKeyFailure(c, user->id, secret, &key_id));
    return Failure(why, user->id, key_id);
  }
  return Failure(AuthReason::kWrongPassword, user->id);
}

StatusOr<AuthOutcome> Authenticator::UnknownLogin(const PasswordGate* gate,
                                                  const store::UserRecord* archived) const {
  const int64_t uid = archived ? archived->id : 0;
  KG_ASSIGN_OR_RETURN(auto refused, PassGate(gate, uid, /*hashing=*/false));
  if (refused) return *refused;
  return Failure(archived ? AuthReason::kUserArchived : AuthReason::kUnknownLogin, uid);
}

StatusOr<std::optional<AuthOutcome>> Authenticator::PassGate(const PasswordGate* gate, int64_t uid,
                                                             bool hashing) const {
  if (gate == nullptr || !*gate) return std::optional<AuthOutcome>();
  KG_ASSIGN_OR_RETURN(GateDecision decision, (*gate)(hashing));
  switch (decision) {
    case GateDecision::kProceed:
      return std::optional<AuthOutcome>();
    case GateDecision::kCooldown:
      return std::optional<AuthOutcome>(Failure(AuthReason::kCooldown, uid));
    case GateDecision::kBusy:
      return std::optional<AuthOutcome>(Failure(AuthReason::kPasswordCheckBusy, uid));
  }
  return std::optional<AuthOutcome>(Failure(AuthReason::kCooldown, uid));
}

std::chrono::microseconds Authenticator::PasswordCheckTime() const {
  int64_t micros = password_check_micros_.load(std::memory_order_relaxed);
  if (micros == 0) {
    // Not measured yet: time the default hash at 1% of its rounds, once, and scale (PBKDF2's
    // cost is linear in its rounds).
    constexpr int kSampleRounds = crypto::kPasswordRounds / 100;
    const std::string hash =
        crypto::HashPbkdf2Sha512WithSalt("calibration", "0123456789abcdef", kSampleRounds);
    auto start = std::chrono::steady_clock::now();
    (void)crypto::VerifyPbkdf2Sha512("calibration", hash);
    auto took = std::chrono::duration_cast<std::chrono::microseconds>(
        std::chrono::steady_clock::now() - start);
    micros = std::max<int64_t>(1, took.count() * 100);
    int64_t expected = 0;
    password_check_micros_.compare_exchange_strong(expected, micros, std::memory_order_relaxed);
  }
  return std::chrono::microseconds(micros);
}

void Authenticator::NotePasswordTime(std::chrono::microseconds took) const {
  // An exponential moving average (weight 1/4): follows a change of hardware or load within a
  // few checks (a busy machine slows the checks, which run at a lower priority) without letting
  // one slow check move it far.
  int64_t old = password_check_micros_.load(std::memory_order_relaxed);
  int64_t next = old == 0 ? took.count() : old + (took.count() - old) / 4;
  password_check_micros_.store(std::max<int64_t>(1, next), std::memory_order_relaxed);
}

void Authenticator::NoteCache(bool hit) const {
  if (metrics_ == nullptr) return;
  (hit ? metrics_->cache_hits : metrics_->cache_misses)->Inc();
}

bool Authenticator::VerifyKey(const std::string& secret, const std::string& hash) const {
  if (metrics_ == nullptr) return crypto::VerifyPbkdf2Sha512(secret, hash);
  auto start = std::chrono::steady_clock::now();
  bool ok = crypto::VerifyPbkdf2Sha512(secret, hash);
  metrics_->key_verify_seconds->Observe(
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  return ok;
}

StatusOr<bool> Authenticator::VerifyPassword(store::SqlConnection& c, const store::UserRecord& user,
                                             const std::string& secret) const {
  auto start = std::chrono::steady_clock::now();
  StatusOr<bool> ok = VerifyUserPassword(c, user, secret);
  auto took = std::chrono::steady_clock::now() - start;
  if (crypto::IsPbkdf2Sha512Hash(user.password)) {
    NotePasswordTime(std::chrono::duration_cast<std::chrono::microseconds>(took));
  }
  if (metrics_ != nullptr) {
    metrics_->password_verify_seconds->Observe(std::chrono::duration<double>(took).count());
  }
  return ok;
}

}  // namespace keygate::auth
