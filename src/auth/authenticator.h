// Odoo's credential checks (res.users._check_credentials and res.users.apikeys._check_credentials)
// for the non-interactive channels (XML-RPC, JSON-RPC, JSON-2): the secret may be the password or
// an API key of scope NULL, 'rpc' or 'rpc:...' (narrowed, models/key_scope.h), of an active
// user, not expired, belonging to the uid named.
// Odoo tries the password first; keygate tries the key first (an index lookup, then 6000 rounds)
// and gives the same answers without paying the 600000-round password hash for valid keys.
// Verified credentials are cached (see credential_cache.h); a secret whose index matches no key
// costs one indexed lookup and no hash. The auth generation that validates cached grants comes
// from a store::GenerationSource: read per call by default, from LISTEN/NOTIFY on PostgreSQL.
// Thread-safety: thread-safe; the connection passed in is the caller's.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <string>

#include "auth/auth_metrics.h"
#include "auth/auth_outcome.h"
#include "auth/credential_cache.h"
#include "common/clock.h"
#include "common/status.h"
#include "store/generation_source.h"
#include "store/records.h"
#include "store/sql.h"

namespace keygate::auth {

// What the gate decides for a password attempt.
enum class GateDecision {
  kProceed,   // check the password
  kCooldown,  // refuse unchecked, reason kCooldown (auth/login_cooldown.h)
  kBusy,      // refuse unchecked, reason kPasswordCheckBusy (auth/password_slots.h)
};

// Consulted right before a password would be hashed (and, so that unknown logins are treated
// like known ones, where it would have been, and for a cached password grant): `hashing` tells
// whether a hash follows. Never consulted for an API key or a cached key grant, which neither
// the cooldown nor the bound on password hashes may refuse.
using PasswordGate = std::function<StatusOr<GateDecision>(bool hashing)>;

class Authenticator {
 public:
  Authenticator(CredentialCache& cache, const Clock& clock,
                store::GenerationSource& generations = store::PerCallGenerationSource())
      : cache_(cache), clock_(clock), generations_(generations) {}

  store::GenerationSource& generations() const { return generations_; }

  // Checks `secret` for user `uid` of database `db` (execute_kw and friends).
  StatusOr<AuthOutcome> CheckUid(store::SqlConnection& c, const std::string& db, int64_t uid,
                                 const std::string& secret, const PasswordGate* gate = nullptr);

  // common.authenticate / common.login: resolves the login (exact match, active users only), then
  // checks as CheckUid. A success is recorded in res_users_log, as Odoo does.
  // An unknown or archived login passes the gate like a known one (every refusal is answered
  // no sooner than a password check takes, services/auth_defences.cc).
  StatusOr<AuthOutcome> AuthenticateLogin(store::SqlConnection& c, const std::string& db,
                                          const std::string& login, const std::string& secret,
                                          const PasswordGate* gate = nullptr);

  // JSON-2 bearer keys (Odoo 19): the key alone names its user. Only API keys of scope NULL or
  // rpc authenticate; passwords never do. Cached like CheckUid.
  StatusOr<AuthOutcome> CheckBearerKey(store::SqlConnection& c, const std::string& db,
                                       const std::string& secret);

  // Web session login (/web/session/authenticate): interactive, so only the password counts, as
  // in Odoo; a valid API key is refused (reason kKeyRefusedInteractive) unless `allow_api_key`
  // (option apikey_session_login). A user with 2FA gets ok with needs_second_factor set.
  // API keys are checked before the gate; unknown logins are treated as in AuthenticateLogin.
  StatusOr<AuthOutcome> AuthenticateInteractive(store::SqlConnection& c, const std::string& login,
                                                const std::string& secret, bool allow_api_key,
                                                const PasswordGate* gate = nullptr);

  // How long a password check takes here: a moving average of the verifications made, or a
  // one-time measurement of the default hash before the first. An answer that computed no hash
  // where a password would have been checked is held this long (services/auth_defences.cc), so
  // that its timing does not tell which logins exist.
  std::chrono::microseconds PasswordCheckTime() const;

  // Counts cache hits and misses and times hash verifications (null: not counted). Set before
  // serving; `metrics` must outlive the authenticator.
  void set_metrics(const AuthMetrics* metrics) { metrics_ = metrics; }

 private:
  void NoteCache(bool hit) const;
  // crypto::VerifyPbkdf2Sha512 and VerifyUserPassword, timed into the metrics.
  bool VerifyKey(const std::string& secret, const std::string& hash) const;
  StatusOr<bool> VerifyPassword(store::SqlConnection& c, const store::UserRecord& user,
                                const std::string& secret) const;

  // Why a key-shaped secret that did not authenticate failed (costs hashes; failure path only).
  // For a revoked, rotated-out or expired key, `retired_key_id` (when given) gets its id.
  StatusOr<AuthReason> DiagnoseKeyFailure(store::SqlConnection& c, int64_t uid,
                                          const std::string& secret,
                                          std::optional<int64_t>* retired_key_id = nullptr);

  // An unknown login, or an archived user's: passes the gate, then fails paced.
  StatusOr<AuthOutcome> UnknownLogin(const PasswordGate* gate,
                                     const store::UserRecord* archived) const;
  // The gate's verdict as a failure to return, or nullopt to go on and check the password.
  StatusOr<std::optional<AuthOutcome>> PassGate(const PasswordGate* gate, int64_t uid,
                                                bool hashing) const;
  void NotePasswordTime(std::chrono::microseconds took) const;

  CredentialCache& cache_;
  const Clock& clock_;
  mutable std::atomic<int64_t> password_check_micros_{0};  // 0: not measured yet
  const AuthMetrics* metrics_ = nullptr;
  store::GenerationSource& generations_;
};

}  // namespace keygate::auth
