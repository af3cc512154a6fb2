// Plain rows of the Odoo-shaped tables that auth and the CLI work with.
// Thread-safety: value types.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace keygate::store {

struct UserRecord {
  int64_t id = 0;
  std::string login;
  bool active = true;
  std::string password;  // passlib hash (or, legacy, a plaintext to be rehashed); "" = none
  int64_t partner_id = 0;
  int64_t company_id = 1;
  bool share = false;                      // Odoo: true for portal/public users
  std::optional<std::string> totp_secret;  // base32; set when 2FA is on
  std::string name;                        // from res_partner
  std::string email;                       // from res_partner
  std::string create_date;
};

struct ApiKeyRecord {
  int64_t id = 0;
  std::string name;
  int64_t user_id = 0;
  std::optional<std::string> scope;            // NULL = global
  std::optional<std::string> expiration_date;  // "YYYY-MM-DD HH:MM:SS" UTC
  std::string index;                           // first 8 hex chars of the key
  std::string key;                             // passlib pbkdf2-sha512 hash
  std::string create_date;
};

// A new key row; the plaintext never reaches store/.
struct NewApiKey {
  std::string name;
  int64_t user_id = 0;
  std::optional<std::string> scope;
  std::optional<std::string> expiration_date;
  std::string index;
  std::string key_hash;
};

struct NewUser {
  std::string login;
  std::string name;
  std::string email;
  std::string password_hash;  // "" for none
  bool share = false;
};

}  // namespace keygate::store
