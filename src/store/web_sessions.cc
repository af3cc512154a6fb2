// keygate_session (see web_sessions.h).
#include "store/web_sessions.h"

namespace keygate::store {

namespace {
SqlValue OptionalId(const std::optional<int64_t>& id) {
  return id ? SqlValue(*id) : SqlValue(std::monostate{});
}
std::optional<int64_t> OptionalInt(const SqlValue& v) {
  return IsNull(v) ? std::nullopt : std::optional<int64_t>(AsInt(v));
}
}  // namespace

Status InsertSession(SqlConnection& c, const NewSessionRow& row) {
  return c
      .Exec(
          "INSERT INTO keygate_session (sid_hash, uid, pending_uid, fingerprint, client_ip, "
          "user_agent, create_date, last_seen, key_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
          {row.sid_hash, OptionalId(row.uid), OptionalId(row.pending_uid), row.fingerprint,
           row.client_ip, row.user_agent, row.create_date, row.create_date, OptionalId(row.key_id)})
      .status();
}

StatusOr<std::optional<SessionRow>> FindSessionByHash(SqlConnection& c,
                                                      const std::string& sid_hash) {
  KG_ASSIGN_OR_RETURN(
      auto rows,
      c.Query("SELECT s.id, s.uid, s.pending_uid, s.fingerprint, s.create_date, s.last_seen, "
              "u.login, u.password, u.active, u.totp_secret, s.key_id FROM keygate_session s "
              "JOIN res_users u ON u.id = COALESCE(s.uid, s.pending_uid) WHERE s.sid_hash = ?",
              {sid_hash}));
  if (rows.empty()) return std::optional<SessionRow>();
  const auto& r = rows.rows()[0];
  SessionRow s;
  s.id = AsInt(r[0]);
  s.uid = OptionalInt(r[1]);
  s.pending_uid = OptionalInt(r[2]);
  s.fingerprint = AsText(r[3]);
  s.create_date = AsText(r[4]);
  s.last_seen = AsText(r[5]);
  s.login = AsText(r[6]);
  s.password = AsText(r[7]);
  s.active = AsBool(r[8]);
  s.totp_secret = AsText(r[9]);
  s.key_id = OptionalInt(r[10]);
  return std::optional<SessionRow>(std::move(s));
}

Status TouchSession(SqlConnection& c, const std::string& sid_hash, const std::string& now_utc) {
  return c.Exec("UPDATE keygate_session SET last_seen = ? WHERE sid_hash = ?", {now_utc, sid_hash})
      .status();
}

Status PromotePendingSession(SqlConnection& c, int64_t id) {
  return c
      .Exec("UPDATE keygate_session SET uid = pending_uid, pending_uid = NULL WHERE id = ?", {id})
      .status();
}

Status DeleteSessionByHash(SqlConnection& c, const std::string& sid_hash) {
  return c.Exec("DELETE FROM keygate_session WHERE sid_hash = ?", {sid_hash}).status();
}

StatusOr<int64_t> DeleteEndedSessions(SqlConnection& c, const std::string& idle_before,
                                      const std::string& created_before) {
  return c.Exec("DELETE FROM keygate_session WHERE last_seen < ? OR create_date < ?",
                {idle_before, created_before});
}

}  // namespace keygate::store
