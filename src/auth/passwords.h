// User passwords as Odoo keeps them: passlib pbkdf2-sha512 with 600000 rounds; a legacy
// plaintext value in res_users.password is accepted once and replaced by its hash.
// Thread-safety: stateless.
#pragma once

#include <string>

#include "common/status.h"
#include "store/records.h"
#include "store/sql.h"

namespace keygate::auth {

std::string HashPassword(const std::string& plaintext);

// True when `secret` is the user's password. Rehashes a legacy plaintext password on success. The
// hash runs at a lower CPU priority (common/low_priority.h).
StatusOr<bool> VerifyUserPassword(store::SqlConnection& c, const store::UserRecord& user,
                                  const std::string& secret);

}  // namespace keygate::auth
