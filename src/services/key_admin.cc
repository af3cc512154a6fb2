// API key management shared by the CLI and the console.
#include "services/key_admin.h"

#include <algorithm>

#include "auth/api_keys.h"
#include "models/key_scope.h"
#include "store/auth_event_log.h"
#include "store/model_catalog.h"
#include "store/repositories.h"

namespace keygate::services {

namespace {

using auth::DaysText;

// Odoo 18's expiry policy (auth/api_keys.h) in the front end's words: the field and the maximum.
Status CheckExpiry(store::SqlConnection& c, const store::UserRecord& user,
                   const std::optional<double>& expires_days, const std::string& field) {
  if (expires_days && *expires_days <= 0) {
    return InvalidRequest(field +
                          " must be more than 0 (days from now until the key expires), got " +
                          DaysText(*expires_days));
  }
  KG_ASSIGN_OR_RETURN(std::optional<double> max_days, auth::MaxKeyDurationDays(c, user.id));
  if (!max_days) return Status::Ok();
  const std::string most = DaysText(*max_days);
  const std::string why = " (the longest api_key_duration of the user's groups, Odoo 18's rule)";
  if (!expires_days) {
    return InvalidRequest("\"" + user.login +
                          "\" is not an administrator, so the key must expire: add " + field +
                          " N with N at most " + most + why);
  }
  if (*expires_days > *max_days) {
    return InvalidRequest(field + " " + DaysText(*expires_days) + " is over the maximum of " +
                          most + (most == "1" ? " day" : " days") + " for \"" + user.login + "\"" +
                          why);
  }
  return Status::Ok();
}

StatusOr<std::map<int64_t, KeyLastAction>> LoadLastActions(store::SqlConnection& c) {
  KG_ASSIGN_OR_RETURN(auto rows, store::AllKeyUsage(c));
  std::map<int64_t, KeyLastAction> last;
  for (const auto& u : rows) {
    KeyLastAction a{u.model, u.operation, u.last_used_at};
    auto [it, inserted] = last.emplace(u.key_id, a);
    if (!inserted && a.at > it->second.at) it->second = a;
  }
  return last;
}

}  // namespace

StatusOr<std::vector<std::string>> KnownModelNames(store::SqlConnection& c,
                                                   const models::Registry& registry) {
  std::vector<std::string> names = registry.ModelNames();
  KG_ASSIGN_OR_RETURN(auto catalogue, store::CatalogueModelNames(c));
  names.insert(names.end(), catalogue.begin(), catalogue.end());
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  return names;
}

Status ValidateKeyScope(store::SqlConnection& c, const models::Registry& registry,
                        const std::string& scope) {
  KG_ASSIGN_OR_RETURN(auto known, KnownModelNames(c, registry));
  return models::KeyScope::ValidateForKey(scope, known);
}

StatusOr<NewKeyResult> CreateKeyFor(store::SqlConnection& c, const store::UserRecord& owner,
                                    const NewKeyInput& input, const std::string& expires_field,
                                    const Clock& clock) {
  if (!owner.active) return InvalidRequest("user \"" + owner.login + "\" is archived");
  KG_RETURN_IF_ERROR(CheckExpiry(c, owner, input.expires_days, expires_field));
  auth::KeyRequest req;
  req.user_id = owner.id;
  req.name = input.name;
  if (!input.scope.empty()) req.scope = input.scope;
  req.allowed_networks = input.allowed_networks;
  req.rate_limit = input.rate_limit;
  if (input.expires_days) {
    auto seconds = static_cast<int64_t>(*input.expires_days * 86400);
    req.expiration_date = FormatUtc(clock.NowUnix() + seconds);
  }
  KG_ASSIGN_OR_RETURN(auth::CreatedKey key,
                      auth::CreateApiKey(c, req, crypto::DefaultRandom(), clock));
  return NewKeyResult{key.id, std::move(key.plaintext), req.expiration_date};
}

StatusOr<std::vector<KeyOverview>> ListKeyOverviews(store::SqlConnection& c,
                                                    std::optional<int64_t> user_id) {
  KG_ASSIGN_OR_RETURN(auto keys, store::ApiKeys(c).ListForUser(user_id));
  KG_ASSIGN_OR_RETURN(auto users, store::Users(c).List(true));
  KG_ASSIGN_OR_RETURN(auto restrictions, auth::LoadAllKeyRestrictions(c));
  KG_ASSIGN_OR_RETURN(auto metas, auth::LoadKeyMeta(c));
  KG_ASSIGN_OR_RETURN(auto actions, LoadLastActions(c));
  std::map<int64_t, std::string> logins;
  for (const auto& u : users) logins[u.id] = u.login;
  std::vector<KeyOverview> out;
  out.reserve(keys.size());
  for (auto& k : keys) {
    KeyOverview o;
    auto login = logins.find(k.user_id);
    o.owner_login = login == logins.end() ? "?" : login->second;
    if (auto r = restrictions.find(k.id); r != restrictions.end()) o.restriction = r->second;
    if (auto m = metas.find(k.id); m != metas.end()) o.meta = m->second;
    if (auto a = actions.find(k.id); a != actions.end()) o.last_action = a->second;
    o.key = std::move(k);
    out.push_back(std::move(o));
  }
  return out;
}

Status RevokeKey(store::SqlConnection& c, int64_t key_id) { return auth::RevokeApiKey(c, key_id); }

StatusOr<auth::RotatedKey> RotateKey(store::SqlConnection& c, int64_t key_id,
                                     const std::string& grace, const Clock& clock) {
  KG_ASSIGN_OR_RETURN(int64_t grace_seconds, auth::ParseDuration(grace));
  store::Transaction tx(c);
  KG_RETURN_IF_ERROR(tx.Begin());
  KG_ASSIGN_OR_RETURN(auto rotated, auth::RotateApiKey(c, key_id, grace_seconds, clock));
  KG_RETURN_IF_ERROR(tx.Commit());
  return rotated;
}

}  // namespace keygate::services
