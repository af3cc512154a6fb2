// keygate_key_restriction, keygate_key_meta and keygate_key_tombstone (see key_metadata.h).
#include "store/key_metadata.h"

#include <utility>

namespace keygate::store {

namespace {

SqlValue TextOrNull(const std::optional<std::string>& s) { return s ? SqlValue(*s) : SqlValue(); }

std::optional<int64_t> OptInt(const SqlValue& v) {
  if (IsNull(v)) return std::nullopt;
  return AsInt(v);
}

KeyRestrictionRow RestrictionFrom(const std::vector<SqlValue>& r, size_t first) {
  return {AsOptionalText(r[first]), AsOptionalText(r[first + 1])};
}

}  // namespace

Status UpsertKeyRestriction(SqlConnection& c, int64_t key_id, const KeyRestrictionRow& row) {
  return c
      .Exec(
          "INSERT INTO keygate_key_restriction (key_id, allowed_networks, rate_limit) "
          "VALUES (?, ?, ?) ON CONFLICT (key_id) DO UPDATE SET "
          "allowed_networks = excluded.allowed_networks, rate_limit = excluded.rate_limit",
          {key_id, TextOrNull(row.allowed_networks), TextOrNull(row.rate_limit)})
      .status();
}

StatusOr<std::optional<KeyRestrictionRow>> FindKeyRestriction(SqlConnection& c, int64_t key_id) {
  KG_ASSIGN_OR_RETURN(auto rs, c.Query("SELECT allowed_networks, rate_limit FROM "
                                       "keygate_key_restriction WHERE key_id = ?",
                                       {key_id}));
  if (rs.empty()) return std::optional<KeyRestrictionRow>();
  return std::optional<KeyRestrictionRow>(RestrictionFrom(rs.rows()[0], 0));
}

StatusOr<std::map<int64_t, KeyRestrictionRow>> AllKeyRestrictions(SqlConnection& c) {
  KG_ASSIGN_OR_RETURN(
      auto rs, c.Query("SELECT key_id, allowed_networks, rate_limit FROM keygate_key_restriction"));
  std::map<int64_t, KeyRestrictionRow> out;
  for (const auto& r : rs.rows()) out[AsInt(r[0])] = RestrictionFrom(r, 1);
  return out;
}

const char* KeyRetirementName(KeyRetirement r) {
  switch (r) {
    case KeyRetirement::kRevoked:
      return "revoked";
    case KeyRetirement::kRotated:
      return "rotated";
    case KeyRetirement::kExpired:
      return "expired";
  }
  return "revoked";
}

std::optional<KeyRetirement> ParseKeyRetirement(std::string_view name) {
  for (KeyRetirement r :
       {KeyRetirement::kRevoked, KeyRetirement::kRotated, KeyRetirement::kExpired}) {
    if (name == KeyRetirementName(r)) return r;
  }
  return std::nullopt;
}

StatusOr<std::optional<int64_t>> RotationSuccessor(SqlConnection& c, int64_t key_id) {
  KG_ASSIGN_OR_RETURN(auto rs, c.Query("SELECT rotated_to FROM keygate_key_meta WHERE key_id = ? "
                                       "AND retire_reason = ?",
                                       {key_id, KeyRetirementName(KeyRetirement::kRotated)}));
  if (rs.empty()) return std::optional<int64_t>();
  return OptInt(rs.rows()[0][0]);
}

Status LinkRotation(SqlConnection& c, int64_t old_key, int64_t successor) {
  KG_RETURN_IF_ERROR(
      c.Exec("INSERT INTO keygate_key_meta (key_id, rotated_from) VALUES (?, ?) "
             "ON CONFLICT (key_id) DO UPDATE SET rotated_from = excluded.rotated_from",
             {successor, old_key})
          .status());
  return c
      .Exec(
          "INSERT INTO keygate_key_meta (key_id, rotated_to, retire_reason) "
          "VALUES (?, ?, ?) ON CONFLICT (key_id) DO UPDATE SET "
          "rotated_to = excluded.rotated_to, retire_reason = excluded.retire_reason",
          {old_key, successor, KeyRetirementName(KeyRetirement::kRotated)})
      .status();
}

StatusOr<std::map<int64_t, KeyMetaRow>> AllKeyMeta(SqlConnection& c) {
  KG_ASSIGN_OR_RETURN(auto rows, c.Query("SELECT key_id, last_used_at, last_used_ip, "
                                         "last_used_channel, use_count, rotated_from, rotated_to "
                                         "FROM keygate_key_meta"));
  std::map<int64_t, KeyMetaRow> out;
  for (const auto& r : rows.rows()) {
    KeyMetaRow m;
    m.last_used_at = AsText(r[1]);
    m.last_used_ip = AsText(r[2]);
    m.last_used_channel = AsText(r[3]);
    m.use_count = AsInt(r[4]);
    m.rotated_from = OptInt(r[5]);
    m.rotated_to = OptInt(r[6]);
    out[AsInt(r[0])] = std::move(m);
  }
  return out;
}

StatusOr<std::vector<RetiredKeyRow>> ExpiredKeysWithIndex(SqlConnection& c,
                                                          const std::string& index,
                                                          const std::string& now_utc) {
  KG_ASSIGN_OR_RETURN(
      auto rs,
      c.Query("SELECT k.id, k.user_id, k.key, k.expiration_date, m.retire_reason, m.rotated_to "
              "FROM res_users_apikeys k LEFT JOIN keygate_key_meta m ON m.key_id = k.id "
              "WHERE k.\"index\" = ? AND k.expiration_date < ?",
              {index, now_utc}));
  std::vector<RetiredKeyRow> out;
  out.reserve(rs.size());
  for (const auto& r : rs.rows()) {
    RetiredKeyRow k;
    k.key_id = AsInt(r[0]);
    k.user_id = AsInt(r[1]);
    k.key_hash = AsText(r[2]);
    k.retired_at = AsText(r[3]);
    // Past its expiry: rotated out when a rotation retired it, else simply expired.
    k.reason = ParseKeyRetirement(AsText(r[4])) == KeyRetirement::kRotated
                   ? KeyRetirement::kRotated
                   : KeyRetirement::kExpired;
    k.rotated_to = OptInt(r[5]);
    out.push_back(std::move(k));
  }
  return out;
}

StatusOr<std::vector<RetiredKeyRow>> TombstonesWithIndex(SqlConnection& c,
                                                         const std::string& index) {
  KG_ASSIGN_OR_RETURN(auto rs, c.Query("SELECT key_id, user_id, key, reason, rotated_to, "
                                       "retired_at FROM keygate_key_tombstone WHERE \"index\" = ? "
                                       "ORDER BY id DESC",
                                       {index}));
  std::vector<RetiredKeyRow> out;
  out.reserve(rs.size());
  for (const auto& r : rs.rows()) {
    RetiredKeyRow k;
    k.key_id = AsInt(r[0]);
    k.user_id = AsInt(r[1]);
    k.key_hash = AsText(r[2]);
    // The table's CHECK admits only the three names; a row deleted for no recorded reason was
    // revoked, which is what the trigger writes by default.
    k.reason = ParseKeyRetirement(AsText(r[3])).value_or(KeyRetirement::kRevoked);
    k.rotated_to = OptInt(r[4]);
    k.retired_at = AsText(r[5]);
    out.push_back(std::move(k));
  }
  return out;
}

}  // namespace keygate::store
