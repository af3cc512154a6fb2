-- Several instances on one database; mirrors migrations/sqlite/0009_multi_instance.sql (types as
-- explained in 0001_core.sql), plus cross-instance invalidation of cached credentials.

-- Every bump of the auth generation is announced on channel keygate_auth with the new value as
-- payload, so that each keygate process (store/postgres/pg_auth_listener.h) learns of it at once
-- and need not read the generation on every call. Replacing the function re-arms every trigger
-- that already calls it (0001, 0004, 0005). Notifications are sent at commit, only if it commits.
CREATE OR REPLACE FUNCTION keygate_bump_auth_generation() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  generation BIGINT;
BEGIN
  UPDATE keygate_auth_generation SET value = value + 1 WHERE id = 1 RETURNING value INTO generation;
  PERFORM pg_notify('keygate_auth', generation::text);
  RETURN NULL;
END;
$$;

-- Token buckets of per-key rate limits, shared by every instance (see the SQLite twin).
CREATE TABLE keygate_rate_bucket (
  key_id INTEGER PRIMARY KEY,
  tat_us BIGINT NOT NULL,
  allowed BOOLEAN NOT NULL
);
CREATE INDEX keygate_rate_bucket_tat_idx ON keygate_rate_bucket(tat_us);
