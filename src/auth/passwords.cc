// Password hashing and verification (with legacy plaintext upgrade).
#include "auth/passwords.h"

#include "common/low_priority.h"
#include "crypto/digest.h"
#include "crypto/passlib_pbkdf2.h"
#include "store/repositories.h"

namespace keygate::auth {

std::string HashPassword(const std::string& plaintext) {
  return crypto::HashPbkdf2Sha512(plaintext, crypto::kPasswordRounds);
}

StatusOr<bool> VerifyUserPassword(store::SqlConnection& c, const store::UserRecord& user,
                                  const std::string& secret) {
  if (user.password.empty() || secret.empty()) return false;
  if (crypto::IsPbkdf2Sha512Hash(user.password)) {
    // A client may ask for this hash at will: it yields the CPU to cheaper calls.
    return RunAtLowPriority([&]() { return crypto::VerifyPbkdf2Sha512(secret, user.password); });
  }
  if (!crypto::ConstantTimeEquals(secret, user.password)) return false;
  store::Users users(c);
  KG_RETURN_IF_ERROR(users.SetPassword(user.id, HashPassword(secret)));
  return true;
}

}  // namespace keygate::auth
