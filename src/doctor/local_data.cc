// Local diagnosis over keygate's tables (res_users, res_users_apikeys, keygate_auth_event).
#include "doctor/local_data.h"

#include <algorithm>
#include <cctype>
#include <optional>

#include "auth/api_keys.h"
#include "auth/auth_reason.h"
#include "common/clock.h"
#include "common/strings.h"
#include "crypto/passlib_pbkdf2.h"
#include "store/auth_event_log.h"
#include "store/key_metadata.h"
#include "store/repositories.h"

namespace keygate::doctor {

namespace {

// A `keygate key new` command that works as printed: a name, and for a user who is not an
// administrator the longest expiry the user's groups allow (Odoo 18's rule, auth/api_keys.h).
std::string NewKeyCommand(store::SqlConnection& c, const std::string& db,
                          const std::optional<store::UserRecord>& user, const std::string& login) {
  std::string command = "keygate key new --db " + db + " " + login + " --name \"replacement key\"";
  if (!user) return command;
  auto max_days = auth::MaxKeyDurationDays(c, user->id);
  if (!max_days.ok() || !*max_days) return command;
  return command + " --expires-days " + auth::DaysText(**max_days);
}

bool ScopeAllowsRpc(const std::optional<std::string>& scope) {
  return !scope || scope->empty() || *scope == "rpc" || scope->rfind("rpc:", 0) == 0;
}

bool PasswordMatches(const std::string& secret, const std::string& stored) {
  if (stored.empty()) return false;
  if (crypto::IsPbkdf2Sha512Hash(stored)) return crypto::VerifyPbkdf2Sha512(secret, stored);
  return stored == secret;  // legacy plaintext, accepted once by the server
}

// What an event reason means, for the events step.
const char* ExplainReason(auth::AuthReason reason) {
  using auth::AuthReason;
  switch (reason) {
    case AuthReason::kOk:
      return "the attempt succeeded";
    case AuthReason::kEmptySecret:
      return "no password or key was sent";
    case AuthReason::kUnknownLogin:
      return "no user has this login";
    case AuthReason::kUnknownUid:
      return "the uid sent belongs to no user";
    case AuthReason::kUserArchived:
      return "the user is archived";
    case AuthReason::kWrongPassword:
      return "wrong password (or a key that matches no row)";
    case AuthReason::kUnknownKey:
      return "an API key that matches no key row: revoked, never issued or mistyped";
    case AuthReason::kKeyExpired:
      return "the API key has expired";
    case AuthReason::kKeyRevoked:
      return "the API key was revoked";
    case AuthReason::kKeyRotated:
      return "the API key was replaced by a new one and its grace period is over";
    case AuthReason::kKeyScope:
      return "the API key's scope is neither global nor 'rpc'";
    case AuthReason::kKeyOtherUser:
      return "the API key belongs to another user than the uid sent";
    case AuthReason::kPasswordRefused2fa:
      return "a password of a user with two-factor authentication, over RPC";
    case AuthReason::kKeyRefusedInteractive:
      return "an API key used for a web session login";
    case AuthReason::kCooldown:
      return "refused by the login cooldown after repeated failures";
    case AuthReason::kAddressNotAllowed:
      return "the key was used from outside its allowed networks";
    case AuthReason::kRateLimited:
      return "the key went over its rate limit";
    case AuthReason::kPasswordCheckBusy:
      return "refused unchecked: as many password checks as allowed were already running "
             "(max_password_checks)";
    case AuthReason::kKeyOutsideIntegrationCalls:
      return "refused unchecked: an API key sent to the gateway on a path it passes through to "
             "Odoo (keys are accepted only by integration calls)";
    case AuthReason::kUnknownDatabase:
      return "the database named does not exist";
  }
  return "";
}

std::string ExplainReason(const std::string& reason) {
  if (reason == auth::kAccessErrorReason) return "an AccessError answered to an authenticated call";
  const std::optional<auth::AuthReason> parsed = auth::ParseReason(reason);
  return parsed ? ExplainReason(*parsed) : reason;
}

// Whether some auth event recorded a key with this index: a key that existed once.
std::optional<std::string> LastUseOfIndex(store::SqlConnection& c, const std::string& index) {
  auto last = store::LastEventWithKeyIndex(c, index);
  if (!last.ok() || last->empty()) return std::nullopt;
  return *last;
}

// A retired key (keygate_key_tombstone, when the table exists) whose hash matches the secret.
struct Tombstone {
  int64_t key_id = 0;
  store::KeyRetirement reason = store::KeyRetirement::kRevoked;
  std::optional<int64_t> rotated_to;
  std::string retired_at;
};
std::optional<Tombstone> FindTombstone(store::SqlConnection& c, const std::string& secret) {
  auto rows = store::TombstonesWithIndex(c, secret.substr(0, 8));
  if (!rows.ok()) return std::nullopt;
  for (const store::RetiredKeyRow& r : *rows) {
    if (!crypto::VerifyPbkdf2Sha512(secret, r.key_hash)) continue;
    Tombstone t;
    t.key_id = r.key_id;
    t.reason = r.reason;
    t.rotated_to = r.rotated_to;
    t.retired_at = r.retired_at;
    return t;
  }
  return std::nullopt;
}

Step UserStep(store::SqlConnection& c, const std::string& db, const std::string& login,
              const std::optional<store::UserRecord>& user, LocalDiagnosis& d) {
  const std::string name = "local: user";
  if (user) {
    std::string detail =
        "'" + login + "' is uid " + std::to_string(user->id) +
        (user->active ? ", active" : ", archived") +
        (user->totp_secret ? ", two-factor authentication on" : ", two-factor authentication off");
    if (!user->active) {
      d.cause = "user archived: archived users never authenticate, by password or by key";
      d.fix = "unarchive the user (keygate user unarchive --db " + db + " " + login +
              "; Odoo: Settings > Users > Unarchive)";
      return Fail(name, detail, d.cause, d.fix);
    }
    return Pass(name, detail);
  }
  // Unknown login: look for the user the caller probably meant.
  std::vector<std::string> meant;
  auto users = store::Users(c).List(/*include_archived=*/true);
  if (users.ok()) {
    for (const auto& u : *users) {
      if (Lower(u.email) == Lower(login) || Lower(u.login) == Lower(login))
        meant.push_back(u.login);
    }
    if (meant.empty()) {
      std::vector<std::string> logins;
      for (const auto& u : *users) logins.push_back(u.login);
      meant = CloseMatches(login, logins);
    }
  }
  std::string detail = "no user has the login '" + login + "' in database '" + db + "'";
  if (!meant.empty()) {
    d.cause = "the login is not '" + login +
              "': the login is the user's login, often but not "
              "always their e-mail; the user you mean logs in as '" +
              meant[0] + "'";
    d.fix = "use --login " + meant[0] + " (and the same login in the client)";
  } else {
    d.cause = "unknown login: no user has this login (logins are exact, case included)";
    d.fix = "use the user's login as shown by `keygate user list --db " + db +
            "` (Odoo: Settings > Users > Login)";
  }
  return Fail(name, detail, d.cause, d.fix);
}

Step SecretStep(store::SqlConnection& c, const std::string& db, const std::string& login,
                const std::string& raw_secret, const std::optional<store::UserRecord>& user,
                int64_t now_unix, LocalDiagnosis& d) {
  const std::string name = "local: secret";
  const std::string secret(Trim(raw_secret));  // diagnose what the user meant to send
  const bool key_shaped = ClassifySecret(secret) == SecretShape::kApiKey;
  // The first cause found wins (an archived user or an unknown login comes before the key),
  // except that a key of another user names the login to use.
  std::string sc;  // this step's own cause and fix
  std::string sf;
  auto set = [&](const std::string& cause, const std::string& fix, bool strong = false) {
    sc = cause;
    sf = fix;
    if (d.cause.empty() || strong) {
      d.cause = cause;
      d.fix = fix;
    }
  };
  if (secret.size() >= 8) {
    const std::string index = secret.substr(0, 8);
    auto rows = store::ApiKeys(c).FindByIndex(index);
    if (!rows.ok()) return Skip(name, "cannot read res_users_apikeys: " + rows.status().message());
    for (const auto& k : *rows) {
      if (!crypto::VerifyPbkdf2Sha512(secret, k.key)) continue;
      std::string what = "the secret is API key " + std::to_string(k.id) + " ('" + k.name + "')";
      auto owner = store::Users(c).FindById(k.user_id);
      std::string owner_login = owner.ok() && *owner ? (*owner)->login : "?";
      if (!user || user->id != k.user_id) {
        set("the key belongs to the user '" + owner_login + "', not to '" + login + "'",
            "use --login " + owner_login + " with this key, or a key of '" + login + "'",
            /*strong=*/!user || user->active);
        return Fail(name, what + " of '" + owner_login + "'", sc, sf);
      }
      if (k.expiration_date) {
        auto expires = ParseUtc(*k.expiration_date);
        if (expires && *expires <= now_unix) {
          set("key expired on " + *k.expiration_date +
                  " UTC: an expired key fails exactly like a wrong one",
              "create a new key (" + NewKeyCommand(c, db, user, login) +
                  ") and revoke the old one");
          return Fail(name, what + ", expired on " + *k.expiration_date + " UTC", sc, sf);
        }
      }
      if (!ScopeAllowsRpc(k.scope)) {
        set("key scope '" + *k.scope +
                "': only global keys (no scope) and 'rpc' keys "
                "authenticate RPC",
            "create a key without a scope for the integration (" +
                NewKeyCommand(c, db, user, login) + ")");
        return Fail(name, what + " with scope '" + *k.scope + "'", sc, sf);
      }
      std::string detail =
          what + " of '" + owner_login + "', valid" +
          (k.expiration_date ? " until " + *k.expiration_date + " UTC" : ", no expiry");
      if (k.scope && !k.scope->empty()) detail += ", scope '" + *k.scope + "'";
      auto successor = store::RotationSuccessor(c, k.id);
      if (successor.ok() && successor->has_value()) {
        detail += "; rotated: its successor is key " + std::to_string(**successor) +
                  ", switch to it before this one stops working";
      }
      auto r = store::FindKeyRestriction(c, k.id);
      if (r.ok() && r->has_value()) {
        const store::KeyRestrictionRow& restriction = **r;
        if (restriction.allowed_networks) detail += "; only from " + *restriction.allowed_networks;
        if (restriction.rate_limit) detail += "; at most " + *restriction.rate_limit;
      }
      return Pass(name, detail);
    }
    if (!rows->empty()) {
      set("a key with the prefix " + index.substr(0, 4) +
              "... exists but the rest differs: the key is mistyped or truncated",
          "copy the whole key again; if it is lost, revoke it and create a new one (a key is "
          "shown only once)");
      return Fail(name, "a key with that prefix exists but the rest differs", sc, sf);
    }
  }
  if (user && PasswordMatches(secret, user->password)) {
    if (user->totp_secret) {
      set("2FA user trying a password over RPC: the secret is the password of '" + login +
              "', who has two-factor authentication; RPC refuses passwords of 2FA users",
          "create an API key for this user (" + NewKeyCommand(c, db, user, login) +
              ") and use it in place of the password");
      return Fail(name, "the secret is the user's password, and 2FA is on", sc, sf);
    }
    return Pass(name, "the secret is the password of '" + login +
                          "' (accepted over RPC while 2FA is off; an API key is better)");
  }
  if (key_shaped) {
    if (auto t = FindTombstone(c, secret)) {
      std::string when = t->retired_at + " UTC";
      std::string key = "key " + std::to_string(t->key_id);
      switch (t->reason) {
        case store::KeyRetirement::kRotated:
          set("key rotated: " + key + " was replaced by " +
                  (t->rotated_to ? "key " + std::to_string(*t->rotated_to) : "a successor") +
                  " and its grace period ended on " + when,
              "put the successor key in the client (it was printed once by `keygate key "
              "rotate`); rotate again if it was lost");
          break;
        case store::KeyRetirement::kExpired:
          set("key expired: " + key + " expired and was deleted on " + when,
              "create a new key (" + NewKeyCommand(c, db, user, login) +
                  ") and put it in the client");
          break;
        case store::KeyRetirement::kRevoked:
          set("key revoked: " + key + " was revoked on " + when +
                  "; a revoked key never works "
                  "again",
              "create a new key (" + NewKeyCommand(c, db, user, login) +
                  ") and put it in the client");
          break;
      }
      return Fail(
          name, "the secret is " + key + ", " + store::KeyRetirementName(t->reason) + " on " + when,
          sc, sf);
    }
    auto last = LastUseOfIndex(c, secret.substr(0, 8));
    if (last) {
      set("key revoked: a key with this prefix was used until " + *last +
              " UTC and no longer exists (revoked, or deleted after it expired)",
          "create a new key and put it in the client; revoked keys never come back");
      return Fail(name, "no key row matches; a key with this prefix was last used " + *last, sc,
                  sf);
    }
    set("key revoked or never issued here: no key in database '" + db +
            "' starts with this prefix (revoked, or made in another database or server)",
        "create a key in this database (" + NewKeyCommand(c, db, user, login) +
            ") and check the client uses it");
    return Fail(name, "no API key in '" + db + "' has this key's prefix", sc, sf);
  }
  set("wrong secret: neither an API key of this database nor the password of '" + login + "'",
      "use an API key of this user (or their current password)");
  return Fail(name, "the secret is neither an API key nor the user's password", sc, sf);
}

Step EventsStep(store::SqlConnection& c, const std::string& login, LocalDiagnosis& d) {
  const std::string name = "local: recent events";
  // Read from the table (not through auth/) so that a database without it is simply skipped.
  store::EventFilter recent;
  recent.login = login;
  recent.limit = 5;
  auto listed = store::ListAuthEvents(c, recent);
  if (!listed.ok()) return Skip(name, "no auth event log in this database");
  const std::vector<store::AuthEvent>& events = *listed;
  if (events.empty()) return Pass(name, "no authentication attempt recorded for this login");
  std::string detail;
  for (const auto& e : events) {
    detail += "\n" + e.create_date + " " + e.channel + " " + (e.success ? "success" : "failure") +
              (e.success ? "" : " (" + e.reason + ")") + " from " + e.client_ip;
  }
  const auto& last = events.front();
  if (last.success) return Pass(name, "last attempts, newest first:" + detail);
  std::string cause = "the server's verdict on the last attempt: " + ExplainReason(last.reason);
  if (d.cause.empty() && (last.reason == "cooldown" || last.reason == "address_not_allowed" ||
                          last.reason == "rate_limited")) {
    d.cause = cause;
    d.fix = last.reason == "cooldown"
                ? "wait for the cooldown to end and fix the client that keeps failing; behind a "
                  "proxy set proxy_mode and trusted_proxies"
                : "use the key from an allowed network / within its rate limit (keygate key "
                  "list shows the restrictions)";
  }
  return Warn(name, "last attempts, newest first:" + detail, cause,
              d.fix.empty() ? "see the steps above" : d.fix);
}

}  // namespace

LocalDiagnosis DiagnoseLocally(store::SqlConnection& c, const std::string& db,
                               const std::string& login, const std::string& secret,
                               int64_t now_unix) {
  LocalDiagnosis d;
  auto found = store::Users(c).FindByLogin(login);
  if (!found.ok()) {
    d.steps.push_back(Skip("local: user", "cannot read res_users: " + found.status().message()));
    return d;
  }
  const std::optional<store::UserRecord>& user = *found;
  d.steps.push_back(UserStep(c, db, login, user, d));
  d.steps.push_back(SecretStep(c, db, login, secret, user, now_unix, d));
  d.secret_refused =
      d.steps[0].status == StepStatus::kFail || d.steps[1].status == StepStatus::kFail;
  d.steps.push_back(EventsStep(c, login, d));
  return d;
}

}  // namespace keygate::doctor
