-- Web sessions (/web/session/authenticate); mirrors migrations/sqlite/0002_sessions.sql.
-- The session id itself is never stored: only its SHA-256 (hex). `fingerprint` digests the
-- user's login, password hash, active flag and 2FA secret when the session was made.
CREATE TABLE keygate_session (
  id SERIAL PRIMARY KEY,
  sid_hash TEXT NOT NULL UNIQUE,
  uid INTEGER REFERENCES res_users(id) ON DELETE CASCADE,
  pending_uid INTEGER REFERENCES res_users(id) ON DELETE CASCADE,
  fingerprint TEXT NOT NULL,
  client_ip TEXT,
  user_agent TEXT,
  create_date TEXT NOT NULL,
  last_seen TEXT NOT NULL
);
CREATE INDEX keygate_session_uid_idx ON keygate_session(uid);
