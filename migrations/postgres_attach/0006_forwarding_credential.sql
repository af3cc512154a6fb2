-- Gateway mode (src/gateway/forwarding_credentials.h): the API keys keygate creates in Odoo's
-- res_users_apikeys to forward the calls of keys it has narrowed. Listing them here is what
-- identifies them: a keygate that starts deletes the ones an earlier run left, whatever their
-- name, and no other key is ever deleted that way. Their plaintext exists only in the memory of
-- the keygate process that made them.
CREATE TABLE keygate.keygate_forwarding_credential (
  key_id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL
);
