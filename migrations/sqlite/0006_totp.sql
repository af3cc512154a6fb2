-- Two-factor authentication as Odoo's auth_totp: the last accepted step counter (a code is
-- accepted once) and the code-check rate-limit log (5 checks per hour per user).
ALTER TABLE res_users ADD COLUMN totp_last_counter INTEGER;

CREATE TABLE auth_totp_rate_limit_log (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES res_users(id) ON DELETE CASCADE,
  ip TEXT,
  limit_type TEXT NOT NULL,
  create_date TEXT NOT NULL
);
CREATE INDEX auth_totp_rate_limit_log_user_type_date_idx
  ON auth_totp_rate_limit_log(user_id, limit_type, create_date);
