-- Key lifecycle beyond Odoo: rotation links and grace periods, last use, and tombstones that
-- remember why a key stopped working (revoked, rotated, expired) after its row is gone, so a
-- late caller is told the exact cause. A tombstone keeps the key's hash, never the key.

CREATE TABLE keygate_key_meta (
  key_id INTEGER PRIMARY KEY REFERENCES res_users_apikeys(id) ON DELETE CASCADE,
  rotated_from INTEGER,   -- the key this one replaced
  rotated_to INTEGER,     -- the successor, once rotated
  retire_reason TEXT,     -- 'rotated' while a grace period runs
  last_used_at TEXT,
  last_used_ip TEXT,
  last_used_channel TEXT,
  use_count INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE keygate_key_tombstone (
  id INTEGER PRIMARY KEY,
  key_id INTEGER NOT NULL,
  user_id INTEGER NOT NULL,
  name TEXT,
  "index" TEXT NOT NULL,
  key TEXT NOT NULL,
  scope TEXT,
  reason TEXT NOT NULL CHECK (reason IN ('revoked', 'rotated', 'expired')),
  rotated_to INTEGER,
  create_date TEXT,
  retired_at TEXT NOT NULL
);
CREATE INDEX keygate_key_tombstone_index_idx ON keygate_key_tombstone("index");

CREATE TRIGGER keygate_key_tombstone_on_delete BEFORE DELETE ON res_users_apikeys
BEGIN
  INSERT INTO keygate_key_tombstone (key_id, user_id, name, "index", key, scope, reason,
                                     rotated_to, create_date, retired_at)
  VALUES (OLD.id, OLD.user_id, OLD.name, OLD."index", OLD.key, OLD.scope,
          COALESCE((SELECT retire_reason FROM keygate_key_meta WHERE key_id = OLD.id),
                   CASE WHEN OLD.expiration_date IS NOT NULL
                             AND OLD.expiration_date < strftime('%Y-%m-%d %H:%M:%S', 'now')
                        THEN 'expired' ELSE 'revoked' END),
          (SELECT rotated_to FROM keygate_key_meta WHERE key_id = OLD.id),
          OLD.create_date, strftime('%Y-%m-%d %H:%M:%S', 'now'));
END;

-- What each key was used for recently (model and operation), so the audit can tell a key whose
-- scope is wider than its use. Written in batches with last use; gone with the key.
CREATE TABLE keygate_key_usage (
  key_id INTEGER NOT NULL REFERENCES res_users_apikeys(id) ON DELETE CASCADE,
  model TEXT NOT NULL,
  operation TEXT NOT NULL CHECK (operation IN ('read', 'write', 'create', 'unlink')),
  last_used_at TEXT NOT NULL,
  use_count INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (key_id, model, operation)
);
