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
  KG_ASSIGN_OR_RETURN(auto successor_of_old, store::RotationSuccessor(c, key_id));
  if (successor_of_old) {
    return UserError("API key " + std::to_string(key_id) + " was already rotated (successor " +
                     std::to_string(*successor_of_old) + ")");
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
  KG_ASSIGN_OR_RETURN(auto restriction, store::FindKeyRestriction(c, key_id));
  if (restriction) {
    req.allowed_networks = SplitNetworks(restriction->allowed_networks.value_or(""));
    req.rate_limit = restriction->rate_limit.value_or("");
  }
  KG_ASSIGN_OR_RETURN(CreatedKey successor, CreateApiKey(c, req, random, clock));

  KG_RETURN_IF_ERROR(store::LinkRotation(c, key_id, successor.id));
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
  KG_RETURN_IF_ERROR(keys.SetExpiration(key_id, out.old_key_valid_until));
  return out;
}

StatusOr<std::optional<RetiredKey>> FindRetiredKey(store::SqlConnection& c,
                                                   const std::string& secret,
                                                   const std::string& now_utc) {
  if (secret.size() < 8) return std::optional<RetiredKey>();
  const std::string index = secret.substr(0, 8);
  // A live row past its expiry (rotated with a grace that ended, or simply expired), else a
  // tombstone.
  auto matching = [&secret](const std::vector<store::RetiredKeyRow>& rows) {
    for (const store::RetiredKeyRow& r : rows) {
      if (!crypto::VerifyPbkdf2Sha512(secret, r.key_hash)) continue;
      return std::optional<RetiredKey>(
          RetiredKey{r.key_id, r.user_id, r.reason, r.rotated_to, r.retired_at});
    }
    return std::optional<RetiredKey>();
  };
  KG_ASSIGN_OR_RETURN(auto live, store::ExpiredKeysWithIndex(c, index, now_utc));
  if (auto found = matching(live)) return found;
  KG_ASSIGN_OR_RETURN(auto dead, store::TombstonesWithIndex(c, index));
  return matching(dead);
}

AuthReason RefusalOfRetiredKey(store::KeyRetirement reason) {
  switch (reason) {
    case store::KeyRetirement::kRotated:
      return AuthReason::kKeyRotated;
    case store::KeyRetirement::kRevoked:
      return AuthReason::kKeyRevoked;
    case store::KeyRetirement::kExpired:
      return AuthReason::kKeyExpired;
  }
  return AuthReason::kKeyExpired;
}

}  // namespace keygate::auth
