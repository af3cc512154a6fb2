// Database-backed web sessions.
#include "auth/sessions.h"

#include "crypto/digest.h"
#include "crypto/random.h"
#include "store/web_sessions.h"

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
  store::NewSessionRow row;
  row.sid_hash = SidHash(secret);
  row.uid = uid;
  row.pending_uid = pending_uid;
  row.fingerprint = fingerprint;
  row.client_ip = client_ip;
  row.user_agent = user_agent;
  row.create_date = FormatUtc(clock.NowUnix());
  row.key_id = key_id;
  KG_RETURN_IF_ERROR(store::InsertSession(c, row));
  return secret + db;
}

StatusOr<std::optional<Session>> FindSession(store::SqlConnection& c, const std::string& secret,
                                             const SessionLimits& limits, const Clock& clock) {
  std::string hash = SidHash(secret);
  KG_ASSIGN_OR_RETURN(auto row, store::FindSessionByHash(c, hash));
  if (!row) return std::optional<Session>();
  int64_t now = clock.NowUnix();
  auto created = ParseUtc(row->create_date).value_or(0);
  auto last_seen = ParseUtc(row->last_seen).value_or(0);
  std::string current = Fingerprint(row->login, row->password, row->active, row->totp_secret);
  bool ended = now - last_seen > limits.idle_seconds || now - created > limits.absolute_seconds ||
               !crypto::ConstantTimeEquals(current, row->fingerprint) || !row->active;
  if (ended) {
    KG_RETURN_IF_ERROR(store::DeleteSessionByHash(c, hash));
    return std::optional<Session>();
  }
  if (now - last_seen >= kTouchEverySeconds) {
    KG_RETURN_IF_ERROR(store::TouchSession(c, hash, FormatUtc(now)));
  }
  Session s;
  s.id = row->id;
  s.uid = row->uid;
  s.pending_uid = row->pending_uid;
  s.key_id = row->key_id;
  return std::optional<Session>(s);
}

Status DeleteSession(store::SqlConnection& c, const std::string& secret) {
  return store::DeleteSessionByHash(c, SidHash(secret));
}

}  // namespace keygate::auth
