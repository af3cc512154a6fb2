-- The API key a web session was opened with (option apikey_session_login), NULL for a password.
-- Such a session keeps the key's limits: its scope, allowed networks and rate limit apply to
-- every call, and the session ends when the key is revoked, rotated out or expires.
ALTER TABLE keygate_session ADD COLUMN key_id INTEGER;
