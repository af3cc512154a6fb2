-- Two-factor authentication as Odoo's auth_totp; mirrors migrations/sqlite/0006_totp.sql: the
-- last accepted step counter (a code is accepted once) and the code-check rate-limit log.
ALTER TABLE res_users ADD COLUMN totp_last_counter BIGINT;

CREATE TABLE auth_totp_rate_limit_log (
  id SERIAL PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES res_users(id) ON DELETE CASCADE,
  ip TEXT,
  limit_type TEXT NOT NULL,
  create_date TEXT NOT NULL
);
CREATE INDEX auth_totp_rate_limit_log_user_type_date_idx
  ON auth_totp_rate_limit_log(user_id, limit_type, create_date);
