// Web sessions as Odoo's: an opaque id in the `session_id` cookie, ended by logout, by idle or
// absolute expiry, or when the user's login, password, active flag or 2FA secret changes. Rows
// live in the database (keygate_session), keyed by the SHA-256 of the id, so a leaked database
// does not leak live sessions and several instances share them.
// The cookie value is 64 hex characters of randomness followed by the database name, so that a
// request names its database without a lookup in every database.
// Thread-safety: stateless functions; the connection is the caller's.
#pragma once

#include <optional>
#include <string>

#include "common/clock.h"
#include "common/status.h"
#include "store/records.h"
#include "store/sql.h"

namespace keygate::auth {

struct SessionLimits {
  int64_t idle_seconds = int64_t{7} * 24 * 3600;  // Odoo's SESSION_LIFETIME
  int64_t absolute_seconds = int64_t{90} * 24 * 3600;
};

struct SessionCookie {
  std::string secret;  // 64 hex
  std::string db;
};

struct Session {
  int64_t id = 0;
  std::optional<int64_t> uid;          // set once fully logged in
  std::optional<int64_t> pending_uid;  // password checked, second factor awaited
  std::optional<int64_t> key_id;       // opened with this API key (apikey_session_login)
};

// Splits a cookie value; none when it is not of keygate's shape.
std::optional<SessionCookie> ParseSessionCookie(const std::string& value);

// Digest of what ends a session when it changes.
std::string CredentialFingerprint(const store::UserRecord& user);

// Creates a session; returns the cookie value (shown once, to the client). `key_id`: the API key
// it was opened with, whose limits it keeps (nullopt for a password).
StatusOr<std::string> CreateSession(store::SqlConnection& c, const std::string& db,
                                    std::optional<int64_t> uid, std::optional<int64_t> pending_uid,
                                    const std::string& fingerprint, const std::string& client_ip,
                                    const std::string& user_agent, const Clock& clock,
                                    std::optional<int64_t> key_id = std::nullopt);

// The live session for a cookie secret, touching its last use; none when unknown, expired or
// ended by a credential change (such rows are deleted).
StatusOr<std::optional<Session>> FindSession(store::SqlConnection& c, const std::string& secret,
                                             const SessionLimits& limits, const Clock& clock);

Status DeleteSession(store::SqlConnection& c, const std::string& secret);

}  // namespace keygate::auth
