-- Failed-authentication detection (src/detect): mirrors migrations/sqlite/0008_alerts.sql (types
-- as explained in 0001_core.sql). The alerts it raised and, per API key, the
-- networks the key was used from, so that a key seen from a new network can be told apart.

-- One row per alert. The unique key (kind, subject, first_seen) makes recording idempotent:
-- several servers (or a server and `keygate watch`) that detect the same window record it once,
-- and only the one whose insert went through sends it on (log line, webhook).
-- Times are UTC text: create_date 'YYYY-MM-DD HH:MM:SS', first/last_seen with milliseconds.
CREATE TABLE keygate_alert (
  id SERIAL PRIMARY KEY,
  create_date TEXT NOT NULL,
  kind TEXT NOT NULL,
  severity TEXT NOT NULL CHECK (severity IN ('info', 'warning', 'critical')),
  subject TEXT NOT NULL,
  login TEXT,
  client_ip TEXT,
  key_id INTEGER,
  count INTEGER NOT NULL,
  first_seen TEXT NOT NULL,
  last_seen TEXT NOT NULL,
  message TEXT NOT NULL,
  recommendation TEXT NOT NULL
);
CREATE UNIQUE INDEX keygate_alert_dedup_idx ON keygate_alert(kind, subject, first_seen);
CREATE INDEX keygate_alert_create_date_idx ON keygate_alert(create_date);

-- Networks (/24 for IPv4, /64 for IPv6) each key was used from successfully. No foreign key:
-- the history outlives a revoked key like the event log does.
CREATE TABLE keygate_key_network (
  key_id INTEGER NOT NULL,
  network TEXT NOT NULL,
  first_seen TEXT NOT NULL,
  last_seen TEXT NOT NULL,
  PRIMARY KEY (key_id, network)
);

-- A key's history is read from the event log when the table above knows nothing of it yet.
CREATE INDEX keygate_auth_event_key_id_idx ON keygate_auth_event(key_id);
