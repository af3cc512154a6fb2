-- keygate core schema for PostgreSQL, mirroring migrations/sqlite/0001_core.sql with Odoo 18's
-- table and column names. The same SQL text runs on both engines, which fixes the column types:
-- - ids are serial; rows inserted here with explicit ids are followed by setval() so that later
--   inserts continue after them;
-- - booleans are boolean (Odoo's type): keygate binds them as the integers 0/1, which PostgreSQL
--   reads as false/true, and compares them with integer literals through the boolean = integer
--   operators defined below;
-- - timestamps are UTC text 'YYYY-MM-DD HH:MM:SS' (auth events add milliseconds), as on SQLite,
--   so that they compare, sort and read back exactly as written;
-- - SQLite's 64-bit INTEGER is integer where Odoo uses integer, bigint for counters and unix
--   times; REAL is double precision.

-- "active = 1", "active != 0": comparisons written for SQLite's 0/1 booleans.
CREATE FUNCTION keygate_bool_eq_int(boolean, integer) RETURNS boolean
  LANGUAGE sql IMMUTABLE AS 'SELECT $1 = ($2 <> 0)';
CREATE FUNCTION keygate_bool_ne_int(boolean, integer) RETURNS boolean
  LANGUAGE sql IMMUTABLE AS 'SELECT $1 <> ($2 <> 0)';
CREATE FUNCTION keygate_int_eq_bool(integer, boolean) RETURNS boolean
  LANGUAGE sql IMMUTABLE AS 'SELECT ($1 <> 0) = $2';
CREATE FUNCTION keygate_int_ne_bool(integer, boolean) RETURNS boolean
  LANGUAGE sql IMMUTABLE AS 'SELECT ($1 <> 0) <> $2';
CREATE OPERATOR = (LEFTARG = boolean, RIGHTARG = integer, FUNCTION = keygate_bool_eq_int,
                   COMMUTATOR = =, NEGATOR = <>);
CREATE OPERATOR <> (LEFTARG = boolean, RIGHTARG = integer, FUNCTION = keygate_bool_ne_int,
                    COMMUTATOR = <>, NEGATOR = =);
CREATE OPERATOR = (LEFTARG = integer, RIGHTARG = boolean, FUNCTION = keygate_int_eq_bool,
                   COMMUTATOR = =, NEGATOR = <>);
CREATE OPERATOR <> (LEFTARG = integer, RIGHTARG = boolean, FUNCTION = keygate_int_ne_bool,
                    COMMUTATOR = <>, NEGATOR = =);

CREATE TABLE res_company (
  id SERIAL PRIMARY KEY,
  name TEXT NOT NULL,
  partner_id INTEGER,
  email TEXT,
  phone TEXT,
  active BOOLEAN NOT NULL DEFAULT TRUE,
  create_date TEXT NOT NULL DEFAULT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS'),
  write_date TEXT NOT NULL DEFAULT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS')
);

CREATE TABLE res_partner (
  id SERIAL PRIMARY KEY,
  name TEXT,
  complete_name TEXT,
  email TEXT,
  phone TEXT,
  mobile TEXT,
  street TEXT,
  street2 TEXT,
  city TEXT,
  zip TEXT,
  website TEXT,
  vat TEXT,
  ref TEXT,
  lang TEXT DEFAULT 'en_US',
  tz TEXT,
  comment TEXT,
  function TEXT,
  is_company BOOLEAN NOT NULL DEFAULT FALSE,
  active BOOLEAN NOT NULL DEFAULT TRUE,
  type TEXT DEFAULT 'contact',
  parent_id INTEGER REFERENCES res_partner(id) ON DELETE SET NULL,
  company_id INTEGER REFERENCES res_company(id) ON DELETE SET NULL,
  customer_rank INTEGER NOT NULL DEFAULT 0,
  supplier_rank INTEGER NOT NULL DEFAULT 0,
  credit_limit DOUBLE PRECISION,
  create_uid INTEGER,
  write_uid INTEGER,
  create_date TEXT NOT NULL DEFAULT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS'),
  write_date TEXT NOT NULL DEFAULT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS')
);
CREATE INDEX res_partner_parent_id_index ON res_partner(parent_id);
CREATE INDEX res_partner_email_index ON res_partner(email);

CREATE TABLE res_users (
  id SERIAL PRIMARY KEY,
  login TEXT NOT NULL UNIQUE,
  password TEXT,
  partner_id INTEGER NOT NULL REFERENCES res_partner(id),
  company_id INTEGER NOT NULL DEFAULT 1 REFERENCES res_company(id),
  active BOOLEAN NOT NULL DEFAULT TRUE,
  share BOOLEAN NOT NULL DEFAULT FALSE,
  signature TEXT,
  totp_secret TEXT,
  create_uid INTEGER,
  write_uid INTEGER,
  create_date TEXT NOT NULL DEFAULT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS'),
  write_date TEXT NOT NULL DEFAULT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS')
);

CREATE TABLE res_company_users_rel (
  cid INTEGER NOT NULL REFERENCES res_company(id) ON DELETE CASCADE,
  user_id INTEGER NOT NULL REFERENCES res_users(id) ON DELETE CASCADE,
  PRIMARY KEY (cid, user_id)
);

CREATE TABLE ir_module_category (
  id SERIAL PRIMARY KEY,
  name TEXT NOT NULL,
  sequence INTEGER NOT NULL DEFAULT 10
);

CREATE TABLE res_groups (
  id SERIAL PRIMARY KEY,
  name TEXT NOT NULL,
  category_id INTEGER REFERENCES ir_module_category(id) ON DELETE SET NULL,
  comment TEXT,
  share BOOLEAN NOT NULL DEFAULT FALSE,
  api_key_duration DOUBLE PRECISION NOT NULL DEFAULT 0,
  create_date TEXT NOT NULL DEFAULT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS'),
  write_date TEXT NOT NULL DEFAULT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS')
);

CREATE TABLE res_groups_users_rel (
  gid INTEGER NOT NULL REFERENCES res_groups(id) ON DELETE CASCADE,
  uid INTEGER NOT NULL REFERENCES res_users(id) ON DELETE CASCADE,
  PRIMARY KEY (gid, uid)
);
CREATE INDEX res_groups_users_rel_uid_idx ON res_groups_users_rel(uid);

CREATE TABLE res_groups_implied_rel (
  gid INTEGER NOT NULL REFERENCES res_groups(id) ON DELETE CASCADE,
  hid INTEGER NOT NULL REFERENCES res_groups(id) ON DELETE CASCADE,
  PRIMARY KEY (gid, hid)
);

-- External identifiers (module.name -> record), as Odoo's ir_model_data.
CREATE TABLE ir_model_data (
  id SERIAL PRIMARY KEY,
  module TEXT NOT NULL,
  name TEXT NOT NULL,
  model TEXT NOT NULL,
  res_id INTEGER NOT NULL,
  UNIQUE (module, name)
);

CREATE TABLE res_users_apikeys (
  id SERIAL PRIMARY KEY,
  name TEXT NOT NULL,
  user_id INTEGER NOT NULL REFERENCES res_users(id) ON DELETE CASCADE,
  scope TEXT,
  expiration_date TEXT,
  "index" TEXT NOT NULL CHECK (length("index") = 8),
  key TEXT NOT NULL,
  create_date TEXT NOT NULL DEFAULT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS')
);
CREATE INDEX res_users_apikeys_user_id_index_idx ON res_users_apikeys(user_id, "index");
CREATE INDEX res_users_apikeys_index_idx ON res_users_apikeys("index");

CREATE TABLE res_users_log (
  id SERIAL PRIMARY KEY,
  create_uid INTEGER,
  create_date TEXT NOT NULL DEFAULT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS'),
  write_uid INTEGER,
  write_date TEXT NOT NULL DEFAULT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS')
);

CREATE TABLE ir_config_parameter (
  id SERIAL PRIMARY KEY,
  key TEXT NOT NULL UNIQUE,
  value TEXT NOT NULL,
  create_date TEXT NOT NULL DEFAULT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS'),
  write_date TEXT NOT NULL DEFAULT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS')
);

-- The auth generation: bumped by the triggers below whenever something that a cached
-- credential grant depends on changes, whichever process made the change.
CREATE TABLE keygate_auth_generation (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  value BIGINT NOT NULL
);
INSERT INTO keygate_auth_generation (id, value) VALUES (1, 1);

CREATE FUNCTION keygate_bump_auth_generation() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE keygate_auth_generation SET value = value + 1 WHERE id = 1;
  RETURN NULL;
END;
$$;

CREATE TRIGGER keygate_gen_users_update AFTER UPDATE OF login, password, active, totp_secret, share
  ON res_users FOR EACH ROW EXECUTE FUNCTION keygate_bump_auth_generation();
CREATE TRIGGER keygate_gen_users_delete AFTER DELETE ON res_users
  FOR EACH ROW EXECUTE FUNCTION keygate_bump_auth_generation();
CREATE TRIGGER keygate_gen_keys_update AFTER UPDATE ON res_users_apikeys
  FOR EACH ROW EXECUTE FUNCTION keygate_bump_auth_generation();
CREATE TRIGGER keygate_gen_keys_delete AFTER DELETE ON res_users_apikeys
  FOR EACH ROW EXECUTE FUNCTION keygate_bump_auth_generation();
CREATE TRIGGER keygate_gen_groups_users_insert AFTER INSERT ON res_groups_users_rel
  FOR EACH ROW EXECUTE FUNCTION keygate_bump_auth_generation();
CREATE TRIGGER keygate_gen_groups_users_delete AFTER DELETE ON res_groups_users_rel
  FOR EACH ROW EXECUTE FUNCTION keygate_bump_auth_generation();
CREATE TRIGGER keygate_gen_implied_insert AFTER INSERT ON res_groups_implied_rel
  FOR EACH ROW EXECUTE FUNCTION keygate_bump_auth_generation();
CREATE TRIGGER keygate_gen_implied_delete AFTER DELETE ON res_groups_implied_rel
  FOR EACH ROW EXECUTE FUNCTION keygate_bump_auth_generation();

-- Base data every database starts with, as a fresh Odoo: the company, its partner, the
-- superuser (OdooBot, id 1, archived as in Odoo) and the groups of issue 2's scope.
INSERT INTO res_partner (id, name, complete_name, is_company, active)
  VALUES (1, 'My Company', 'My Company', TRUE, TRUE);
INSERT INTO res_company (id, name, partner_id) VALUES (1, 'My Company', 1);
UPDATE res_partner SET company_id = 1 WHERE id = 1;
INSERT INTO res_partner (id, name, complete_name, active, company_id)
  VALUES (2, 'OdooBot', 'OdooBot', FALSE, 1);
INSERT INTO res_users (id, login, password, partner_id, company_id, active, share)
  VALUES (1, '__system__', NULL, 2, 1, FALSE, FALSE);
INSERT INTO res_company_users_rel (cid, user_id) VALUES (1, 1);

INSERT INTO ir_module_category (id, name, sequence) VALUES
  (1, 'User types', 1), (2, 'Administration', 100);
INSERT INTO res_groups (id, name, category_id, share, api_key_duration) VALUES
  (1, 'Internal User', 1, FALSE, 90),
  (2, 'Access Rights', 2, FALSE, 0),
  (3, 'Settings', 2, FALSE, 0),
  (4, 'Portal', 1, TRUE, 0),
  (5, 'Public', 1, TRUE, 0);
INSERT INTO res_groups_implied_rel (gid, hid) VALUES (2, 1), (3, 2);
INSERT INTO ir_model_data (module, name, model, res_id) VALUES
  ('base', 'group_user', 'res.groups', 1),
  ('base', 'group_erp_manager', 'res.groups', 2),
  ('base', 'group_system', 'res.groups', 3),
  ('base', 'group_portal', 'res.groups', 4),
  ('base', 'group_public', 'res.groups', 5),
  ('base', 'main_company', 'res.company', 1),
  ('base', 'main_partner', 'res.partner', 1),
  ('base', 'user_root', 'res.users', 1),
  ('base', 'partner_root', 'res.partner', 2);
INSERT INTO res_groups_users_rel (gid, uid) VALUES (3, 1);

-- The rows above took their ids explicitly: move the sequences past them.
SELECT setval(pg_get_serial_sequence('res_partner', 'id'), (SELECT max(id) FROM res_partner));
SELECT setval(pg_get_serial_sequence('res_company', 'id'), (SELECT max(id) FROM res_company));
SELECT setval(pg_get_serial_sequence('res_users', 'id'), (SELECT max(id) FROM res_users));
SELECT setval(pg_get_serial_sequence('ir_module_category', 'id'),
              (SELECT max(id) FROM ir_module_category));
SELECT setval(pg_get_serial_sequence('res_groups', 'id'), (SELECT max(id) FROM res_groups));

INSERT INTO ir_config_parameter (key, value) VALUES
  ('database.uuid', replace(gen_random_uuid()::text, '-', '')),
  ('database.create_date', to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS'));
