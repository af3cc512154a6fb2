// Typed access to the Odoo tables keygate owns the logic of, written once in portable SQL over
// SqlConnection, so every backend gets them for free. The storage contract tests
// (store/store_contract_test.h) pin their behaviour for every backend.
// Thread-safety: stateless functions; the connection is the caller's.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/status.h"
#include "store/records.h"
#include "store/sql.h"

namespace keygate::store {

// res_users joined with res_partner.
class Users {
 public:
  explicit Users(SqlConnection& c) : c_(c) {}
  StatusOr<std::optional<UserRecord>> FindByLogin(const std::string& login);  // exact match
  StatusOr<std::optional<UserRecord>> FindById(int64_t id);
  // Just the login of a user ("" when there is no such user), for the event log.
  StatusOr<std::string> LoginOf(int64_t id);
  StatusOr<std::vector<UserRecord>> List(bool include_archived);
  // The first active internal user (not shared) other than `except` and the superuser, by id.
  StatusOr<std::optional<int64_t>> FirstOtherInternalUser(int64_t except);
  // Creates the partner and the user in the caller's transaction; kUserError if login taken.
  StatusOr<int64_t> Create(const NewUser& user);
  Status SetActive(int64_t id, bool active);
  Status SetPassword(int64_t id, const std::string& password_hash);
  Status SetTotpSecret(int64_t id, const std::optional<std::string>& secret);
  // The user's TOTP secret and the time step of the last code accepted (none when the user does
  // not exist; a null secret when 2FA is off).
  struct Totp {
    std::optional<std::string> secret;
    std::optional<int64_t> last_counter;
  };
  StatusOr<std::optional<Totp>> TotpOf(int64_t id);
  // Sets both (enabling 2FA with the step of the code that confirmed it; nulls disable it).
  Status SetTotp(int64_t id, const std::optional<std::string>& secret,
                 std::optional<int64_t> last_counter);
  // Records `counter` as the last step used, only when newer than the one recorded: false when
  // it is not (a replayed code). Atomic, so one code opens one session.
  StatusOr<bool> AdvanceTotpCounter(int64_t id, int64_t counter);

 private:
  SqlConnection& c_;
};

// res_users_apikeys.
class ApiKeys {
 public:
  explicit ApiKeys(SqlConnection& c) : c_(c) {}
  // Odoo's RPC lookup, minus the hash check: rows with this index whose user is active, whose
  // scope is NULL, 'rpc' or 'rpc:...' (when rpc_only) and which are not expired at `now_utc`.
  StatusOr<std::vector<ApiKeyRecord>> FindUsable(const std::string& index, bool rpc_only,
                                                 const std::string& now_utc);
  // The key `id` when FindUsable (rpc_only) would return it at `now_utc`: what keeps a session
  // opened with the key alive.
  StatusOr<std::optional<ApiKeyRecord>> FindUsableById(int64_t id, const std::string& now_utc);
  // Every row with this index, whatever its state (for diagnosis).
  StatusOr<std::vector<ApiKeyRecord>> FindByIndex(const std::string& index);
  StatusOr<std::optional<ApiKeyRecord>> FindById(int64_t id);
  // Keys of people (one user's, or everyone's): not the gateway's forwarding credentials.
  StatusOr<std::vector<ApiKeyRecord>> ListForUser(std::optional<int64_t> user_id);
  StatusOr<int64_t> Create(const NewApiKey& key);
  // Deletes the row (Odoo's revocation); returns false when there was none.
  StatusOr<bool> Delete(int64_t id);
  // Sets the key's expiration date (a rotation's grace).
  Status SetExpiration(int64_t id, const std::string& expiration_utc);
  // Deletes the keys whose expiration date is before `now_utc`; returns how many.
  StatusOr<int64_t> DeleteExpired(const std::string& now_utc);
  // Whether any row, in any state, has this index (a wrong key with a known index).
  StatusOr<bool> IndexInUse(const std::string& index);

 private:
  SqlConnection& c_;
};

// ir_config_parameter.
class ConfigParameters {
 public:
  explicit ConfigParameters(SqlConnection& c) : c_(c) {}
  StatusOr<std::optional<std::string>> Get(const std::string& key);
  // The parameters among `keys` that are set, in one statement.
  StatusOr<std::vector<std::pair<std::string, std::string>>> GetMany(
      const std::vector<std::string>& keys);
  Status Set(const std::string& key, const std::string& value);
  // Deletes the parameter; false when it was not set.
  StatusOr<bool> Unset(const std::string& key);
  // Every parameter set, by key.
  StatusOr<std::vector<std::pair<std::string, std::string>>> List();

 private:
  SqlConnection& c_;
};

// res_users_log: successful logins through authenticate/login, as Odoo records them.
Status RecordLogin(SqlConnection& c, int64_t uid);

// The auth generation: a counter that database triggers bump whenever something a cached
// credential depends on changes (a key deleted, a user archived or re-passworded, groups...).
// Reading it is one indexed row; a cached grant is trusted only while it is unchanged.
// On a database keygate is attached to (store/postgres/pg_attach.h) keygate_auth_generation is
// a view: a fingerprint of Odoo's users, keys, groups, access rights and rules (recomputed at most
// once a second per connection) combined with a counter of keygate's own writes.
StatusOr<int64_t> AuthGeneration(SqlConnection& c);

// Whether the connection's database is an Odoo database keygate is attached to: Odoo's own
// access rights and rules apply there, keygate's shipped ones are never loaded, and only the
// models of users, partners, companies and groups are served.
StatusOr<bool> IsAttachedOdooDatabase(SqlConnection& c);

}  // namespace keygate::store
