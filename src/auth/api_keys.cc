// API key creation and revocation.
#include "auth/api_keys.h"

#include <charconv>
#include <cmath>

#include "auth/key_restrictions.h"
#include "crypto/passlib_pbkdf2.h"
#include "store/groups.h"
#include "store/repositories.h"

namespace keygate::auth {

std::string PythonFloatText(double value) {
  char buf[64];
  auto res = std::to_chars(buf, buf + sizeof buf, value);
  std::string out(buf, res.ptr);
  if (std::isfinite(value) && out.find_first_of(".e") == std::string::npos) out += ".0";
  return out;
}

StatusOr<std::optional<double>> MaxKeyDurationDays(store::SqlConnection& c, int64_t user_id) {
  KG_ASSIGN_OR_RETURN(bool is_system, store::HasGroup(c, user_id, "base.group_system"));
  if (is_system) return std::optional<double>();
  KG_ASSIGN_OR_RETURN(double max_duration, store::LongestKeyDurationDays(c, user_id));
  if (max_duration <= 0) max_duration = 1.0;  // Odoo: max(...) or 1.0
  return std::optional<double>(max_duration);
}

std::string DaysText(double days) {
  std::string text = PythonFloatText(days);
  if (text.size() > 2 && text.compare(text.size() - 2, 2, ".0") == 0) text.resize(text.size() - 2);
  return text;
}

Status CheckKeyExpiryPolicy(store::SqlConnection& c, int64_t user_id,
                            const std::optional<std::string>& expiration_date, int64_t now) {
  KG_ASSIGN_OR_RETURN(std::optional<double> max_duration, MaxKeyDurationDays(c, user_id));
  if (!max_duration) return Status::Ok();
  if (!expiration_date) return ValidationError("The API key must have an expiration date");
  auto expires = ParseUtc(*expiration_date);
  if (!expires) return ValidationError("Invalid expiration date '" + *expiration_date + "'");
  if (static_cast<double>(*expires) > static_cast<double>(now) + *max_duration * 86400.0) {
    return ValidationError("You cannot exceed " + PythonFloatText(*max_duration) + " days.");
  }
  return Status::Ok();
}

StatusOr<CreatedKey> CreateApiKey(store::SqlConnection& c, const KeyRequest& request,
                                  crypto::RandomSource& random, const Clock& clock) {
  if (request.name.empty()) return UserError("The API key must have a description (name).");
  store::Users users(c);
  KG_ASSIGN_OR_RETURN(auto user, users.FindById(request.user_id));
  if (!user) return MissingError("No user with id " + std::to_string(request.user_id));
  if (user->share) return AccessError("Only internal users can create API keys");
  if (!request.sudo) {
    KG_RETURN_IF_ERROR(
        CheckKeyExpiryPolicy(c, request.user_id, request.expiration_date, clock.NowUnix()));
  }
  // Validate the restrictions before the key exists, so a typo creates nothing.
  for (const auto& text : request.allowed_networks) {
    KG_RETURN_IF_ERROR(ParseIpNetworkList(text).status());
  }
  if (!request.rate_limit.empty()) KG_RETURN_IF_ERROR(ParseRate(request.rate_limit).status());

  CreatedKey created;
  created.plaintext = crypto::NewApiKey(random);
  store::NewApiKey row;
  row.name = request.name;
  row.user_id = request.user_id;
  row.scope = request.scope;
  // A key keygate restricts must never work with Odoo's full power when Odoo is called directly
  // (gateway mode, README "Gateway mode"): Odoo accepts only NULL and 'rpc', so such a key is
  // stored as 'rpc:*:all', which means the same to keygate and nothing to Odoo.
  const bool restricted = !request.allowed_networks.empty() || !request.rate_limit.empty();
  if (restricted && (!row.scope || *row.scope == "rpc")) row.scope = "rpc:*:all";
  row.expiration_date = request.expiration_date;
  row.index = created.plaintext.substr(0, 8);
  row.key_hash = crypto::HashPbkdf2Sha512(created.plaintext, crypto::kApiKeyRounds);
  store::ApiKeys keys(c);
  store::Transaction tx(c);
  KG_RETURN_IF_ERROR(tx.Begin());
  KG_ASSIGN_OR_RETURN(created.id, keys.Create(row));
  KG_RETURN_IF_ERROR(
      SaveKeyRestriction(c, created.id, request.allowed_networks, request.rate_limit));
  KG_RETURN_IF_ERROR(tx.Commit());
  return created;
}

Status RevokeApiKey(store::SqlConnection& c, int64_t key_id) {
  store::ApiKeys keys(c);
  KG_ASSIGN_OR_RETURN(bool deleted, keys.Delete(key_id));
  if (!deleted) return MissingError("No API key with id " + std::to_string(key_id));
  return Status::Ok();
}

}  // namespace keygate::auth
