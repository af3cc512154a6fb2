-- Defences of issue 4: the auth event log, the shared login cooldown counters and per-key
-- restrictions; mirrors migrations/sqlite/0005_auth_defences.sql (types as explained in
-- 0001_core.sql).

-- Every authentication attempt on every channel. Never a secret: at most the 8-character index
-- of a key, and only when a key with that index exists. create_date is UTC with milliseconds.
CREATE TABLE keygate_auth_event (
  id SERIAL PRIMARY KEY,
  create_date TEXT NOT NULL,
  db TEXT,
  channel TEXT NOT NULL,
  login TEXT,
  uid INTEGER,
  key_id INTEGER,
  key_index TEXT CHECK (key_index IS NULL OR length(key_index) = 8),
  client_ip TEXT,
  peer_address TEXT,
  user_agent TEXT,
  outcome TEXT NOT NULL CHECK (outcome IN ('success', 'failure')),
  reason TEXT NOT NULL
);
CREATE INDEX keygate_auth_event_create_date_idx ON keygate_auth_event(create_date);
CREATE INDEX keygate_auth_event_client_ip_idx ON keygate_auth_event(client_ip);
CREATE INDEX keygate_auth_event_login_idx ON keygate_auth_event(login);

-- Login cooldown counters, shared by every instance serving the database: one row per client
-- address (kind 'ip') and one per login (kind 'login'); a success deletes both.
-- last_failure is unix seconds.
CREATE TABLE keygate_login_failure (
  kind TEXT NOT NULL CHECK (kind IN ('ip', 'login')),
  value TEXT NOT NULL,
  failures INTEGER NOT NULL,
  last_failure BIGINT NOT NULL,
  PRIMARY KEY (kind, value)
);

-- Restrictions of one API key: networks it may be used from (comma-separated CIDRs, NULL = any)
-- and a rate limit ("10/s", "600/min", NULL = none). Gone with the key.
CREATE TABLE keygate_key_restriction (
  key_id INTEGER PRIMARY KEY REFERENCES res_users_apikeys(id) ON DELETE CASCADE,
  allowed_networks TEXT,
  rate_limit TEXT
);

-- Cached grants carry their key's restrictions: any change must invalidate them.
CREATE TRIGGER keygate_gen_key_restriction_insert AFTER INSERT ON keygate_key_restriction
  FOR EACH ROW EXECUTE FUNCTION keygate_bump_auth_generation();
CREATE TRIGGER keygate_gen_key_restriction_update AFTER UPDATE ON keygate_key_restriction
  FOR EACH ROW EXECUTE FUNCTION keygate_bump_auth_generation();
CREATE TRIGGER keygate_gen_key_restriction_delete AFTER DELETE ON keygate_key_restriction
  FOR EACH ROW EXECUTE FUNCTION keygate_bump_auth_generation();
