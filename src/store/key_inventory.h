// Every API key with its owner and last use, for reports (`keygate audit`): res_users_apikeys
// joined with res_users and keygate_key_meta. The keys themselves are repositories.h's ApiKeys;
// their metadata key_metadata.h's.
// Thread-safety: stateless; the connection is the caller's.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "store/sql.h"

namespace keygate::store {

struct KeyInventoryRow {
  int64_t id = 0;
  std::string name;
  std::optional<std::string> scope;  // none: global
  std::string create_date;
  std::string expiration_date;  // "" = never
  std::string last_used_at;     // "" = never
  std::string last_used_ip;
  int64_t user_id = 0;
  std::string login;
  bool user_active = true;
  bool user_2fa = false;
};
// Every key, by owner's login, then id.
StatusOr<std::vector<KeyInventoryRow>> KeyInventory(SqlConnection& c);

}  // namespace keygate::store
