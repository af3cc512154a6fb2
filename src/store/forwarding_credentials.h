// The forwarding credentials of gateway mode (gateway/forwarding_credentials.h) as rows: the key
// itself is a row of Odoo's res_users_apikeys (made through auth::CreateApiKey), and
// keygate.keygate_forwarding_credential lists which keys are keygate's. Deleting one removes the
// key from Odoo's table directly, not through keygate's view, so that it leaves no tombstone (it
// was never a key anyone used). Attached Odoo databases only.
// Thread-safety: stateless; the connection is the caller's.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/status.h"
#include "store/sql.h"

namespace keygate::store {

Status RecordForwardingCredential(SqlConnection& c, int64_t key_id, int64_t user_id,
                                  const std::string& created_at, const std::string& expires_at);

// Deletes the listed key `key_id` (or, with nullopt, every listed key) from Odoo's table and
// from the list, and tells Odoo's workers to drop their caches (they remember verified keys);
// returns how many keys were deleted.
StatusOr<int64_t> DeleteForwardingCredentials(SqlConnection& c, std::optional<int64_t> key_id);

// Whether `key_id` is a forwarding credential.
StatusOr<bool> IsForwardingCredential(SqlConnection& c, int64_t key_id);

// A condition to AND into a query of keys (`id_column` names the key's id) that leaves the
// forwarding credentials out: they are keygate's own, made and replaced by the gateway, so lists
// of people's keys (key list, user show, the console, the audit) do not show them, and nobody
// revokes one by mistake. Empty on a database keygate is not attached to (there are none).
StatusOr<std::string> ExceptForwardingCredentials(SqlConnection& c, std::string_view id_column);

}  // namespace keygate::store
