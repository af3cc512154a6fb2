// Rotation and retired-key lookup.
#include "auth/key_lifecycle.h"

#include <algorithm>
#include <cstdlib>

#include "crypto/passlib_pbkdf2.h"
#include "store/repositories.h"

namespace keygate::auth {

namespace {

std::vector<std::string> SplitNetworks(const std::string& csv) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= csv.size()) {
    size_t comma = csv.find(',', start);
    std::string part =
        csv.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    if (!part.empty()) out.push_back(part);
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return out;
}

}  // namespace

StatusOr<int64_t> ParseDuration(const std::string& text) {
  if (text.empty()) return InvalidRequest("empty duration");
  char* end = nullptr;
  double n = std::strtod(text.c_str(), &end);
  std::string unit(end);
  int64_t mult = 0;
  if (unit.empty() || unit == "s") {
    mult = 1;
  } else if (unit == "m" || unit == "min") {
    mult = 60;
  } else if (unit == "h") {
    mult = 3600;
  } else if (unit == "d") {
    mult = 86400;
  }
  if (end == text.c_str() || mult == 0 || n < 0 || n > 3650.0 * 86400) {
    return InvalidRequest("invalid duration '" + text + "': use e.g. 90s, 30m, 24h or 7d");
  }
  return static_cast<int64_t>(n * static_cast<double>(mult));
}

StatusOr<RotatedKey> RotateApiKey(store::SqlConnection& c, int64_t key_id, int64_t grace_seconds,
                                  const Clock& clock, crypto::RandomSource& random) {
  store::ApiKeys keys(c);
  KG_ASSIGN_OR_RETURN(auto old, keys.FindById(key_id));
  if (!old) return MissingError("No API key with id " + std::to_string(key_id));
  KG_ASSIGN_OR_RETURN(auto meta, c.Query("SELECT rotated_to FROM keygate_key_meta WHERE key_id = ? "
                                         "AND retire_reason = 'rotated'",
                                         {key_id}));
  if (!meta.empty()) {
    return UserError("API key " + std::to_string(key_id) + " was already rotated (successor " +
                     store::AsText(meta.rows()[0][0]) + ")");
  }
  const int64_t now = clock.NowUnix();

  KeyRequest req;
  req.user_id = old->user_id;
  req.name = old->name;
  req.scope = old->scope;
  req.sudo = true;  // an administrator's act: the successor keeps the old key's lifetime
  if (old->expiration_date) {
    auto created = ParseUtc(old->create_date);
    auto expires = ParseUtc(*old->expiration_date);
    if (created && expires)
      req.expiration_date = FormatUtc(now + std::max<int64_t>(0, *expires - *created));
  }
  KG_ASSIGN_OR_RETURN(auto restriction,
                      c.Query("SELECT allowed_networks, rate_limit FROM keygate_key_restriction "
                              "WHERE key_id = ?",
                              {key_id}));
  if (!restriction.empty()) {
    req.allowed_networks = SplitNetworks(store::AsText(restriction.rows()[0][0]));
    req.rate_limit = store::AsText(restriction.rows()[0][1]);
  }
  KG_ASSIGN_OR_RETURN(CreatedKey successor, CreateApiKey(c, req, random, clock));

  KG_RETURN_IF_ERROR(
      c.Exec("INSERT INTO keygate_key_meta (key_id, rotated_from) VALUES (?, ?) "
             "ON CONFLICT (key_id) DO UPDATE SET rotated_from = excluded.rotated_from",
             {successor.id, key_id})
          .status());
  KG_RETURN_IF_ERROR(c.Exec("INSERT INTO keygate_key_meta (key_id, rotated_to, retire_reason) "
                            "VALUES (?, ?, 'rotated') ON CONFLICT (key_id) DO UPDATE SET "
                            "rotated_to = excluded.rotated_to, retire_reason = 'rotated'",
                            {key_id, successor.id})
                         .status());
  RotatedKey out;
  out.successor = successor;
  out.old_key_id = key_id;
  if (grace_seconds <= 0) {
    out.old_key_valid_until = FormatUtc(now);
    KG_RETURN_IF_ERROR(keys.Delete(key_id).status());  // the tombstone says "rotated"
    return out;
  }
  int64_t until = now + grace_seconds;
  if (old->expiration_date) {
    if (auto e = ParseUtc(*old->expiration_date)) until = std::min(until, *e);
  }
  out.old_key_valid_until = FormatUtc(until);
  KG_RETURN_IF_ERROR(c.Exec("UPDATE res_users_apikeys SET expiration_date = ? WHERE id = ?",
                            {out.old_key_valid_until, key_id})
                         .status());
  return out;
}

StatusOr<std::map<int64_t, KeyMeta>> LoadKeyMeta(store::SqlConnection& c) {
  KG_ASSIGN_OR_RETURN(auto rows, c.Query("SELECT key_id, last_used_at, last_used_ip, "
                                         "last_used_channel, use_count, rotated_from, rotated_to "
                                         "FROM keygate_key_meta",
                                         {}));
  std::map<int64_t, KeyMeta> out;
  for (const auto& r : rows.rows()) {
    KeyMeta m;
    m.last_used_at = store::AsText(r[1]);
    m.last_used_ip = store::AsText(r[2]);
    m.last_used_channel = store::AsText(r[3]);
    m.use_count = store::AsInt(r[4]);
    if (!store::IsNull(r[5])) m.rotated_from = store::AsInt(r[5]);
    if (!store::IsNull(r[6])) m.rotated_to = store::AsInt(r[6]);
    out[store::AsInt(r[0])] = m;
  }
  return out;
}

StatusOr<std::optional<RetiredKey>> FindRetiredKey(store::SqlConnection& c,
                                                   const std::string& secret,
                                                   const std::string& now_utc) {
  if (secret.size() < 8) return std::optional<RetiredKey>();
  const std::string index = secret.substr(0, 8);
  // A live row past its expiry (rotated with a grace that ended, or simply expired).
  KG_ASSIGN_OR_RETURN(
      auto live,
      c.Query("SELECT k.id, k.user_id, k.key, k.expiration_date, m.retire_reason, m.rotated_to "
              "FROM res_users_apikeys k LEFT JOIN keygate_key_meta m ON m.key_id = k.id "
              "WHERE k.\"index\" = ? AND k.expiration_date < ?",
              {index, now_utc}));
  for (const auto& r : live.rows()) {
    if (!crypto::VerifyPbkdf2Sha512(secret, store::AsText(r[2]))) continue;
    RetiredKey k;
    k.key_id = store::AsInt(r[0]);
    k.user_id = store::AsInt(r[1]);
    k.reason = store::AsText(r[4]) == "rotated" ? "rotated" : "expired";
    if (!store::IsNull(r[5])) k.rotated_to = store::AsInt(r[5]);
    k.retired_at = store::AsText(r[3]);
    return std::optional<RetiredKey>(k);
  }
  KG_ASSIGN_OR_RETURN(auto dead,
                      c.Query("SELECT key_id, user_id, key, reason, rotated_to, "
                              "retired_at FROM keygate_key_tombstone WHERE \"index\" = ? "
                              "ORDER BY id DESC",
                              {index}));
  for (const auto& r : dead.rows()) {
    if (!crypto::VerifyPbkdf2Sha512(secret, store::AsText(r[2]))) continue;
    RetiredKey k;
    k.key_id = store::AsInt(r[0]);
    k.user_id = store::AsInt(r[1]);
    k.reason = store::AsText(r[3]);
    if (!store::IsNull(r[4])) k.rotated_to = store::AsInt(r[4]);
    k.retired_at = store::AsText(r[5]);
    return std::optional<RetiredKey>(k);
  }
  return std::optional<RetiredKey>();
}

}  // namespace keygate::auth
