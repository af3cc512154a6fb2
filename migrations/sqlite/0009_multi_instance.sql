-- Several instances on one database. The token buckets of per-key rate limits
-- (keygate_key_restriction.rate_limit) live here instead of in each process, so every instance
-- (and every process on the same SQLite file) enforces one limit together.
-- The auth generation needs nothing new on SQLite: each call reads it (a local file read);
-- migrations/postgres/0009_multi_instance.sql adds LISTEN/NOTIFY there.

-- One row per rate-limited key that was used lately, kept as the generic cell rate algorithm's
-- "theoretical arrival time" (microseconds since the epoch): a call is allowed when
-- max(tat_us, now) + interval - now <= burst, and then moves tat_us there. allowed records the
-- last decision (RETURNING needs it). A row whose tat_us has passed is a full bucket and may be
-- deleted (maintenance does). No foreign key: a key revoked between the check and the update
-- must not fail the call; its row goes with the next purge.
CREATE TABLE keygate_rate_bucket (
  key_id INTEGER PRIMARY KEY,
  tat_us INTEGER NOT NULL,
  allowed INTEGER NOT NULL
);
CREATE INDEX keygate_rate_bucket_tat_idx ON keygate_rate_bucket(tat_us);
