// Rows of keygate.keygate_forwarding_credential and their keys in Odoo's table.
#include "store/forwarding_credentials.h"

#include "store/repositories.h"

namespace keygate::store {

Status RecordForwardingCredential(SqlConnection& c, int64_t key_id, int64_t user_id,
                                  const std::string& created_at, const std::string& expires_at) {
  return c
      .Exec(
          "INSERT INTO keygate.keygate_forwarding_credential (key_id, user_id, created_at, "
          "expires_at) VALUES (?, ?, ?, ?)",
          {SqlValue(key_id), SqlValue(user_id), SqlValue(created_at), SqlValue(expires_at)})
      .status();
}

StatusOr<int64_t> DeleteForwardingCredentials(SqlConnection& c, std::optional<int64_t> key_id) {
  Transaction tx(c);
  KG_RETURN_IF_ERROR(tx.Begin());
  int64_t deleted = 0;
  if (key_id) {
    KG_ASSIGN_OR_RETURN(deleted,
                        c.Exec("DELETE FROM public.res_users_apikeys WHERE id = ? AND id IN "
                               "(SELECT key_id FROM keygate.keygate_forwarding_credential)",
                               {SqlValue(*key_id)}));
    KG_RETURN_IF_ERROR(c.Exec("DELETE FROM keygate.keygate_forwarding_credential WHERE key_id = ?",
                              {SqlValue(*key_id)})
                           .status());
  } else {
    KG_ASSIGN_OR_RETURN(deleted,
                        c.Exec("DELETE FROM public.res_users_apikeys WHERE id IN "
                               "(SELECT key_id FROM keygate.keygate_forwarding_credential)",
                               {}));
    KG_RETURN_IF_ERROR(c.Exec("DELETE FROM keygate.keygate_forwarding_credential", {}).status());
  }
  if (deleted > 0) {
    // Odoo's workers remember verified (uid, key) pairs until told to drop their caches.
    KG_RETURN_IF_ERROR(c.Query("SELECT keygate.keygate_signal_odoo_caches()", {}).status());
  }
  KG_RETURN_IF_ERROR(tx.Commit());
  return deleted;
}

StatusOr<bool> IsForwardingCredential(SqlConnection& c, int64_t key_id) {
  KG_ASSIGN_OR_RETURN(
      ResultSet rs, c.Query("SELECT 1 FROM keygate.keygate_forwarding_credential WHERE key_id = ?",
                            {SqlValue(key_id)}));
  return !rs.empty();
}

StatusOr<std::string> ExceptForwardingCredentials(SqlConnection& c, std::string_view id_column) {
  KG_ASSIGN_OR_RETURN(bool attached, IsAttachedOdooDatabase(c));
  if (!attached) return std::string();
  return " AND " + std::string(id_column) +
         " NOT IN (SELECT key_id FROM keygate.keygate_forwarding_credential)";
}

}  // namespace keygate::store
