// Database-backed web sessions.
#include "auth/sessions.h"

#include "crypto/digest.h"
#include "crypto/random.h"

namespace keygate::auth {

namespace {

constexpr size_t kSecretHexSize = 64;
constexpr int64_t kTouchEverySeconds = 60;  // avoid a write on every request

std::string SidHash(const std::string& secret) { return crypto::HexEncode(crypto::Sha256(secret)); }

std::string Fingerprint(const std::string& login, const std::string& password, bool active,
                        const std::string& totp) {
  std::string m = std::to_string(login.size()) + ":" + login + ":" +
                  std::to_string(password.size()) + ":" + password + ":" + (active ? "1" : "0") +
                  ":" + totp;
  return crypto::HexEncode(crypto::Sha256(m));
}

}  // namespace

std::optional<SessionCookie> ParseSessionCookie(const std::string& value) {
  if (value.size() <= kSecretHexSize) return std::nullopt;
  SessionCookie c;
  c.secret = value.substr(0, kSecretHexSize);
  c.db = value.substr(kSecretHexSize);
  if (c.secret.find_first_not_of("0123456789abcdef") != std::string::npos) return std::nullopt;
  if (!store::IsValidDatabaseName(c.db)) return std::nullopt;
  return c;
}

std::string CredentialFingerprint(const store::UserRecord& user) {
  return Fingerprint(user.login, user.password, user.active, user.totp_secret.value_or(""));
}

StatusOr<std::string> CreateSession(store::SqlConnection& c, const std::string& db,
                                    std::optional<int64_t> uid, std::optional<int64_t> pending_uid,
                                    const std::string& fingerprint, const std::string& client_ip,
                                    const std::string& user_agent, const Clock& clock,
                                    std::optional<int64_t> key_id) {
  std::string secret = crypto::NewToken(kSecretHexSize / 2);
  std::string now = FormatUtc(clock.NowUnix());
  store::SqlParams params{SidHash(secret),
                          std::monostate{},
                          std::monostate{},
                          fingerprint,
                          client_ip,
                          user_agent,
                          now,
                          now,
                          std::monostate{}};
  if (uid) params[1] = *uid;
  if (pending_uid) params[2] = *pending_uid;
  if (key_id) params[8] = *key_id;
  KG_RETURN_IF_ERROR(
      c.Exec("INSERT INTO keygate_session (sid_hash, uid, pending_uid, fingerprint, client_ip, "
             "user_agent, create_date, last_seen, key_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
             params)
          .status());
  return secret + db;
}

StatusOr<std::optional<Session>> FindSession(store::SqlConnection& c, const std::string& secret,
                                             const SessionLimits& limits, const Clock& clock) {
  std::string hash = SidHash(secret);
  KG_ASSIGN_OR_RETURN(
      auto rows,
      c.Query("SELECT s.id, s.uid, s.pending_uid, s.fingerprint, s.create_date, s.last_seen, "
              "u.login, u.password, u.active, u.totp_secret, s.key_id FROM keygate_session s "
              "JOIN res_users u ON u.id = COALESCE(s.uid, s.pending_uid) WHERE s.sid_hash = ?",
              {hash}));
  if (rows.empty()) return std::optional<Session>();
  const auto& r = rows.rows()[0];
  int64_t now = clock.NowUnix();
  auto created = ParseUtc(store::AsText(r[4])).value_or(0);
  auto last_seen = ParseUtc(store::AsText(r[5])).value_or(0);
  std::string current = Fingerprint(store::AsText(r[6]), store::AsText(r[7]), store::AsBool(r[8]),
                                    store::AsText(r[9]));
  bool ended = now - last_seen > limits.idle_seconds || now - created > limits.absolute_seconds ||
               !crypto::ConstantTimeEquals(current, store::AsText(r[3])) || !store::AsBool(r[8]);
  if (ended) {
    KG_RETURN_IF_ERROR(c.Exec("DELETE FROM keygate_session WHERE sid_hash = ?", {hash}).status());
    return std::optional<Session>();
  }
  if (now - last_seen >= kTouchEverySeconds) {
    KG_RETURN_IF_ERROR(c.Exec("UPDATE keygate_session SET last_seen = ? WHERE sid_hash = ?",
                              {FormatUtc(now), hash})
                           .status());
  }
  Session s;
  s.id = store::AsInt(r[0]);
  if (!store::IsNull(r[1])) s.uid = store::AsInt(r[1]);
  if (!store::IsNull(r[2])) s.pending_uid = store::AsInt(r[2]);
  if (!store::IsNull(r[10])) s.key_id = store::AsInt(r[10]);
  return std::optional<Session>(s);
}

Status DeleteSession(store::SqlConnection& c, const std::string& secret) {
  return c.Exec("DELETE FROM keygate_session WHERE sid_hash = ?", {SidHash(secret)}).status();
}

}  // namespace keygate::auth
