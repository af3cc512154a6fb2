// keygate_session: the rows of web sessions, keyed by the SHA-256 of the cookie's secret. What
// opens, ends and keeps a session alive (fingerprints, idle and absolute limits) is
// auth/sessions.h's; this is only their storage.
// Thread-safety: stateless; the connection is the caller's.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "common/status.h"
#include "store/sql.h"

namespace keygate::store {

struct NewSessionRow {
  std::string sid_hash;
  std::optional<int64_t> uid;
  std::optional<int64_t> pending_uid;
  std::string fingerprint;
  std::string client_ip;
  std::string user_agent;
  std::string create_date;  // also its first last_seen
  std::optional<int64_t> key_id;
};
Status InsertSession(SqlConnection& c, const NewSessionRow& row);

// A session with what of its user ends it when changed (the user of uid, else of pending_uid).
struct SessionRow {
  int64_t id = 0;
  std::optional<int64_t> uid;
  std::optional<int64_t> pending_uid;
  std::optional<int64_t> key_id;
  std::string fingerprint;
  std::string create_date;
  std::string last_seen;
  std::string login;
  std::string password;
  bool active = false;
  std::string totp_secret;  // "" when none
};
// The session with this hash; none when there is none (or its user is gone).
StatusOr<std::optional<SessionRow>> FindSessionByHash(SqlConnection& c,
                                                      const std::string& sid_hash);

Status TouchSession(SqlConnection& c, const std::string& sid_hash, const std::string& now_utc);
// The second factor was given: the pending user becomes the session's user.
Status PromotePendingSession(SqlConnection& c, int64_t id);
Status DeleteSessionByHash(SqlConnection& c, const std::string& sid_hash);
// Deletes the sessions idle since before `idle_before` or created before `created_before`;
// returns how many.
StatusOr<int64_t> DeleteEndedSessions(SqlConnection& c, const std::string& idle_before,
                                      const std::string& created_before);

}  // namespace keygate::store
