// API key creation and revocation.
#include "auth/api_keys.h"

#include "crypto/passlib_pbkdf2.h"
#include "store/repositories.h"

namespace keygate::auth {

StatusOr<CreatedKey> CreateApiKey(store::SqlConnection& c, const KeyRequest& request,
                                  crypto::RandomSource& random) {
  if (request.name.empty()) return UserError("The API key must have a description (name).");
  store::Users users(c);
  KG_ASSIGN_OR_RETURN(auto user, users.FindById(request.user_id));
  if (!user) return MissingError("No user with id " + std::to_string(request.user_id));
  if (user->share) return AccessError("Only internal users can create API keys");

  CreatedKey created;
  created.plaintext = crypto::NewApiKey(random);
  store::NewApiKey row;
  row.name = request.name;
  row.user_id = request.user_id;
  row.scope = request.scope;
  row.expiration_date = request.expiration_date;
  row.index = created.plaintext.substr(0, 8);
  row.key_hash = crypto::HashPbkdf2Sha512(created.plaintext, crypto::kApiKeyRounds);
  store::ApiKeys keys(c);
  KG_ASSIGN_OR_RETURN(created.id, keys.Create(row));
  return created;
}

Status RevokeApiKey(store::SqlConnection& c, int64_t key_id) {
  store::ApiKeys keys(c);
  KG_ASSIGN_OR_RETURN(bool deleted, keys.Delete(key_id));
  if (!deleted) return MissingError("No API key with id " + std::to_string(key_id));
  return Status::Ok();
}

}  // namespace keygate::auth
