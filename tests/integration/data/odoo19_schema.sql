-- A reduced Odoo 19.0 database for tests/integration/test_odoo_attach.py: the tables keygate
-- reads and writes when attached, as odoo18_schema.sql, with what Odoo 19.0 changed in them
-- (read from the database of ../shared/odoo19, Odoo 19.0's own): res_groups has no category_id
-- but a privilege_id (res_groups_privilege, which belongs to a category) and a sequence; the base
-- groups are named "Role / User", "Role / Administrator", "Role / Portal", "Role / Public", and
-- Contact Creation is "Creation" of privilege "Contact"; res_partner has no mobile column; the
-- groups' share and api_key_duration are NULL where Odoo 19 leaves them unset.
-- ORM conventions: Char -> varchar, Text/Html -> text, translated fields -> jsonb
-- {"en_US": ...} (Odoo 16 and later), Datetime -> timestamp without time zone, Boolean ->
-- boolean, Float -> double precision, Many2one -> integer with a foreign key, Many2many ->
-- a link table with a composite primary key. Only the columns of installed-by-default modules
-- that keygate touches, and a little seed data: the company, OdooBot, the administrator (login
-- admin, password admin), an internal user (jdoe), Odoo's base groups with their implications,
-- the access rights and one record rule of base. Passwords use 1000 PBKDF2 rounds (Odoo uses
-- 600000) to keep the tests fast; verification reads the rounds from the hash.

CREATE TABLE res_partner (
  id serial PRIMARY KEY,
  name varchar,
  complete_name varchar,
  company_id integer,
  parent_id integer REFERENCES res_partner(id) ON DELETE SET NULL,
  commercial_partner_id integer REFERENCES res_partner(id) ON DELETE SET NULL,
  ref varchar,
  lang varchar,
  tz varchar,
  vat varchar,
  website varchar,
  comment text,
  function varchar,
  type varchar,
  street varchar,
  street2 varchar,
  zip varchar,
  city varchar,
  email varchar,
  phone varchar,
  is_company boolean,
  active boolean,
  partner_share boolean,
  create_uid integer,
  create_date timestamp without time zone,
  write_uid integer,
  write_date timestamp without time zone
);
CREATE INDEX res_partner__name_index ON res_partner (name);
CREATE INDEX res_partner__email_index ON res_partner (email);

CREATE TABLE res_company (
  id serial PRIMARY KEY,
  name varchar NOT NULL,
  partner_id integer NOT NULL REFERENCES res_partner(id) ON DELETE RESTRICT,
  parent_id integer REFERENCES res_company(id) ON DELETE RESTRICT,
  sequence integer,
  email varchar,
  phone varchar,
  active boolean,
  create_uid integer,
  create_date timestamp without time zone,
  write_uid integer,
  write_date timestamp without time zone,
  CONSTRAINT res_company_name_uniq UNIQUE (name)
);
ALTER TABLE res_partner ADD FOREIGN KEY (company_id) REFERENCES res_company(id) ON DELETE SET NULL;

CREATE TABLE res_users (
  id serial PRIMARY KEY,
  company_id integer NOT NULL REFERENCES res_company(id) ON DELETE RESTRICT,
  partner_id integer NOT NULL REFERENCES res_partner(id) ON DELETE RESTRICT,
  active boolean DEFAULT true,
  login varchar NOT NULL,
  password varchar,
  action_id integer,
  signature text,
  share boolean,
  totp_secret varchar,
  create_uid integer,
  create_date timestamp without time zone,
  write_uid integer,
  write_date timestamp without time zone,
  CONSTRAINT res_users_login_key UNIQUE (login)
);
CREATE INDEX res_users__partner_id_index ON res_users (partner_id);

CREATE TABLE res_company_users_rel (
  cid integer NOT NULL REFERENCES res_company(id) ON DELETE CASCADE,
  user_id integer NOT NULL REFERENCES res_users(id) ON DELETE CASCADE,
  PRIMARY KEY (cid, user_id)
);
CREATE INDEX ON res_company_users_rel (user_id, cid);

CREATE TABLE ir_module_category (
  id serial PRIMARY KEY,
  name jsonb NOT NULL,
  parent_id integer REFERENCES ir_module_category(id) ON DELETE SET NULL,
  sequence integer,
  description jsonb,
  visible boolean,
  exclusive boolean,
  create_uid integer,
  create_date timestamp without time zone,
  write_uid integer,
  write_date timestamp without time zone
);

CREATE TABLE ir_module_module (
  id serial PRIMARY KEY,
  name varchar NOT NULL,
  category_id integer REFERENCES ir_module_category(id) ON DELETE SET NULL,
  shortdesc jsonb,
  state varchar,
  latest_version varchar,
  author varchar,
  license varchar,
  application boolean,
  create_uid integer,
  create_date timestamp without time zone,
  write_uid integer,
  write_date timestamp without time zone,
  CONSTRAINT ir_module_module_name_uniq UNIQUE (name)
);

CREATE TABLE res_groups_privilege (
  id serial PRIMARY KEY,
  name jsonb NOT NULL,
  description jsonb,
  placeholder jsonb,
  sequence integer,
  category_id integer REFERENCES ir_module_category(id) ON DELETE SET NULL,
  create_uid integer,
  create_date timestamp without time zone,
  write_uid integer,
  write_date timestamp without time zone
);

CREATE TABLE res_groups (
  id serial PRIMARY KEY,
  name jsonb NOT NULL,
  sequence integer,
  comment jsonb,
  share boolean,
  api_key_duration double precision,
  privilege_id integer REFERENCES res_groups_privilege(id) ON DELETE SET NULL,
  create_uid integer,
  create_date timestamp without time zone,
  write_uid integer,
  write_date timestamp without time zone,
  CONSTRAINT res_groups__name_uniq UNIQUE (privilege_id, name)
);

CREATE TABLE res_groups_users_rel (
  gid integer NOT NULL REFERENCES res_groups(id) ON DELETE CASCADE,
  uid integer NOT NULL REFERENCES res_users(id) ON DELETE CASCADE,
  PRIMARY KEY (gid, uid)
);
CREATE INDEX ON res_groups_users_rel (uid, gid);

CREATE TABLE res_groups_implied_rel (
  gid integer NOT NULL REFERENCES res_groups(id) ON DELETE CASCADE,
  hid integer NOT NULL REFERENCES res_groups(id) ON DELETE CASCADE,
  PRIMARY KEY (gid, hid)
);
CREATE INDEX ON res_groups_implied_rel (hid, gid);

CREATE TABLE ir_model (
  id serial PRIMARY KEY,
  model varchar NOT NULL,
  name jsonb NOT NULL,
  "order" varchar NOT NULL DEFAULT 'id',
  info text,
  state varchar NOT NULL DEFAULT 'manual',
  transient boolean,
  create_uid integer,
  create_date timestamp without time zone,
  write_uid integer,
  write_date timestamp without time zone,
  CONSTRAINT ir_model_obj_name_uniq UNIQUE (model)
);

CREATE TABLE ir_model_data (
  id serial PRIMARY KEY,
  res_id integer,
  name varchar NOT NULL,
  module varchar NOT NULL,
  model varchar NOT NULL,
  noupdate boolean DEFAULT false,
  create_uid integer,
  create_date timestamp without time zone DEFAULT (now() at time zone 'UTC'),
  write_uid integer,
  write_date timestamp without time zone DEFAULT (now() at time zone 'UTC'),
  CONSTRAINT ir_model_data_name_nospaces CHECK (name NOT LIKE '% %')
);
CREATE UNIQUE INDEX ir_model_data_module_name_uniq_index ON ir_model_data (module, name);
CREATE INDEX ir_model_data_model_res_id_index ON ir_model_data (model, res_id);

CREATE TABLE ir_model_access (
  id serial PRIMARY KEY,
  name varchar NOT NULL,
  active boolean,
  model_id integer NOT NULL REFERENCES ir_model(id) ON DELETE CASCADE,
  group_id integer REFERENCES res_groups(id) ON DELETE RESTRICT,
  perm_read boolean,
  perm_write boolean,
  perm_create boolean,
  perm_unlink boolean,
  create_uid integer,
  create_date timestamp without time zone,
  write_uid integer,
  write_date timestamp without time zone
);
CREATE INDEX ir_model_access__model_id_index ON ir_model_access (model_id);
CREATE INDEX ir_model_access__group_id_index ON ir_model_access (group_id);

CREATE TABLE ir_rule (
  id serial PRIMARY KEY,
  name varchar,
  active boolean,
  model_id integer NOT NULL REFERENCES ir_model(id) ON DELETE CASCADE,
  domain_force text,
  perm_read boolean,
  perm_write boolean,
  perm_create boolean,
  perm_unlink boolean,
  global boolean,
  create_uid integer,
  create_date timestamp without time zone,
  write_uid integer,
  write_date timestamp without time zone,
  CONSTRAINT ir_rule_no_access_rights
    CHECK (perm_read!=False or perm_write!=False or perm_create!=False or perm_unlink!=False)
);
CREATE INDEX ir_rule__model_id_index ON ir_rule (model_id);

CREATE TABLE rule_group_rel (
  rule_group_id integer NOT NULL REFERENCES ir_rule(id) ON DELETE CASCADE,
  group_id integer NOT NULL REFERENCES res_groups(id) ON DELETE RESTRICT,
  PRIMARY KEY (rule_group_id, group_id)
);
CREATE INDEX ON rule_group_rel (group_id, rule_group_id);

CREATE TABLE ir_config_parameter (
  id serial PRIMARY KEY,
  key varchar NOT NULL,
  value text NOT NULL,
  create_uid integer,
  create_date timestamp without time zone,
  write_uid integer,
  write_date timestamp without time zone,
  CONSTRAINT ir_config_parameter_key_uniq UNIQUE (key)
);

CREATE TABLE res_users_log (
  id serial PRIMARY KEY,
  create_uid integer REFERENCES res_users(id) ON DELETE SET NULL,
  create_date timestamp without time zone,
  write_uid integer REFERENCES res_users(id) ON DELETE SET NULL,
  write_date timestamp without time zone
);
CREATE INDEX res_users_log__create_uid_index ON res_users_log (create_uid);

-- res.users.apikeys is _auto = False: Odoo 18's init() creates it with this exact SQL.
CREATE TABLE IF NOT EXISTS res_users_apikeys (
  id serial primary key,
  name varchar not null,
  user_id integer not null REFERENCES res_users(id) ON DELETE CASCADE,
  scope varchar,
  expiration_date timestamp without time zone,
  index varchar(8) not null CHECK (char_length(index) = 8),
  key varchar not null,
  create_date timestamp without time zone DEFAULT (now() at time zone 'utc')
);
CREATE INDEX IF NOT EXISTS res_users_apikeys_user_id_index_idx ON res_users_apikeys (user_id, index);

-- Cache invalidation between Odoo's worker processes (odoo/modules/registry.py,
-- Registry.setup_signaling): one sequence for the registry, one per ormcache.
CREATE SEQUENCE base_registry_signaling INCREMENT BY 1 START WITH 1;
CREATE SEQUENCE base_cache_signaling_default INCREMENT BY 1 START WITH 1;
CREATE SEQUENCE base_cache_signaling_assets INCREMENT BY 1 START WITH 1;
CREATE SEQUENCE base_cache_signaling_templates INCREMENT BY 1 START WITH 1;
CREATE SEQUENCE base_cache_signaling_routing INCREMENT BY 1 START WITH 1;
SELECT nextval('base_registry_signaling'), nextval('base_cache_signaling_default');

-- ---- seed data ----

INSERT INTO res_partner (id, name, complete_name, is_company, active, partner_share, type, lang,
                         create_date, write_date) VALUES
  (1, 'My Company', 'My Company', true, true, false, 'contact', 'en_US',
   '2025-01-02 10:00:00.123456', '2025-01-02 10:00:00.123456'),
  (2, 'OdooBot', 'OdooBot', false, false, false, 'contact', 'en_US',
   '2025-01-02 10:00:00', '2025-01-02 10:00:00'),
  (3, 'Mitchell Admin', 'Mitchell Admin', false, true, false, 'contact', 'en_US',
   '2025-01-02 10:00:00', '2025-01-02 10:00:00'),
  (4, 'John Doe', 'John Doe', false, true, false, 'contact', 'en_US',
   '2025-01-02 10:00:00', '2025-01-02 10:00:00');
UPDATE res_partner SET email = 'admin@yourcompany.example.com' WHERE id = 3;
UPDATE res_partner SET email = 'jdoe@yourcompany.example.com' WHERE id = 4;
INSERT INTO res_company (id, name, partner_id, sequence, active, create_date, write_date)
  VALUES (1, 'My Company', 1, 0, true, '2025-01-02 10:00:00', '2025-01-02 10:00:00');
UPDATE res_partner SET company_id = 1;

INSERT INTO res_users (id, login, password, partner_id, company_id, active, share,
                       create_date, write_date) VALUES
  (1, '__system__', NULL, 2, 1, false, false, '2025-01-02 10:00:00', '2025-01-02 10:00:00'),
  (2, 'admin',
   '$pbkdf2-sha512$1000$Z2wtZey9V4rxXosRghDCWA$JFbiB9.z/y.3iXdQIuhZFjD/3yPixGIe/u3NUcZlm2zSaayri1TSUTlGurfCrJofJPYPk2yrKoLMZHucxaV8TQ',
   3, 1, true, false, '2025-01-02 10:00:00', '2025-01-02 10:00:00'),
  (6, 'jdoe',
   '$pbkdf2-sha512$1000$d65VCqFUCmHsHaN0TillzA$xVGmfniy7H9IirF3bQnvpsvK3Y7VMhcomlc/cp3loI/HU32k19TtzDqactshyad3bvyUjOfKKB0fgIlA338.4A',
   4, 1, true, false, '2025-01-02 10:00:00', '2025-01-02 10:00:00');
INSERT INTO res_company_users_rel (cid, user_id) VALUES (1, 1), (1, 2), (1, 6);

INSERT INTO ir_module_category (id, name, sequence, visible) VALUES
  (1, '{"en_US": "Master Data"}', 1, true),
  (2, '{"en_US": "Administration", "fr_FR": "Administration"}', 100, true);
INSERT INTO res_groups_privilege (id, name, sequence, category_id) VALUES
  (1, '{"en_US": "Export"}', 100, 1),
  (2, '{"en_US": "Contact", "fr_FR": "Contact"}', 100, 1);

INSERT INTO ir_module_module (id, name, state, latest_version, application, shortdesc) VALUES
  (1, 'base', 'installed', '19.0.1.3', false, '{"en_US": "Base"}'),
  (2, 'web', 'installed', '19.0.1.0', false, '{"en_US": "Web"}'),
  (3, 'auth_totp', 'installed', '19.0.1.0', false, '{"en_US": "Two-Factor Authentication (TOTP)"}');

INSERT INTO res_groups (id, name, privilege_id, share, api_key_duration, comment) VALUES
  (1, '{"en_US": "Role / User", "fr_FR": "Rôle / Utilisateur"}', NULL, NULL, 90, NULL),
  (2, '{"en_US": "Access Rights"}', NULL, NULL, NULL, NULL),
  (3, '{"en_US": "Role / Administrator", "fr_FR": "Rôle / Administrateur"}', NULL, NULL, NULL,
   NULL),
  (9, '{"en_US": "Role / Portal"}', NULL, NULL, NULL, NULL),
  (10, '{"en_US": "Role / Public"}', NULL, NULL, NULL, NULL),
  (7, '{"en_US": "Creation", "fr_FR": "Création"}', 2, NULL, NULL, NULL);
-- Odoo: group_erp_manager implies group_user, group_system implies group_erp_manager.
INSERT INTO res_groups_implied_rel (gid, hid) VALUES (2, 1), (3, 2);
INSERT INTO res_groups_users_rel (gid, uid) VALUES
  (3, 1), (1, 2), (2, 2), (3, 2), (7, 2), (1, 6);

INSERT INTO ir_model (id, model, name, info, state, transient) VALUES
  (1, 'res.partner', '{"en_US": "Contact", "fr_FR": "Contact"}', NULL, 'base', false),
  (2, 'res.users', '{"en_US": "User"}', NULL, 'base', false),
  (3, 'res.groups', '{"en_US": "Access Groups"}', NULL, 'base', false),
  (4, 'res.company', '{"en_US": "Companies"}', NULL, 'base', false),
  (5, 'res.users.apikeys', '{"en_US": "Users API Keys"}', NULL, 'base', false),
  (6, 'ir.module.category', '{"en_US": "Application"}', NULL, 'base', false);

INSERT INTO ir_model_data (module, name, model, res_id, noupdate) VALUES
  ('base', 'main_partner', 'res.partner', 1, true),
  ('base', 'partner_root', 'res.partner', 2, true),
  ('base', 'partner_admin', 'res.partner', 3, true),
  ('base', 'main_company', 'res.company', 1, true),
  ('base', 'user_root', 'res.users', 1, true),
  ('base', 'user_admin', 'res.users', 2, true),
  ('base', 'module_category_master_data', 'ir.module.category', 1, false),
  ('base', 'module_category_administration_administration', 'ir.module.category', 2, false),
  ('base', 'res_groups_privilege_export', 'res.groups.privilege', 1, false),
  ('base', 'res_groups_privilege_contact', 'res.groups.privilege', 2, false),
  ('base', 'group_user', 'res.groups', 1, false),
  ('base', 'group_erp_manager', 'res.groups', 2, false),
  ('base', 'group_system', 'res.groups', 3, false),
  ('base', 'group_portal', 'res.groups', 9, false),
  ('base', 'group_public', 'res.groups', 10, false),
  ('base', 'group_partner_manager', 'res.groups', 7, false),
  ('base', 'model_res_partner', 'ir.model', 1, false),
  ('base', 'model_res_users', 'ir.model', 2, false),
  ('base', 'model_res_groups', 'ir.model', 3, false),
  ('base', 'model_res_company', 'ir.model', 4, false),
  ('base', 'model_res_users_apikeys', 'ir.model', 5, false),
  ('base', 'model_ir_module_category', 'ir.model', 6, false);

-- From odoo/addons/base/security/ir.model.access.csv (the rows of these models).
INSERT INTO ir_model_access (id, name, active, model_id, group_id, perm_read, perm_write,
                             perm_create, perm_unlink) VALUES
  (1, 'res_partner group_partner_manager', true, 1, 7, true, true, true, true),
  (2, 'res_partner group_user', true, 1, 1, true, false, false, false),
  (3, 'res_users group_erp_manager', true, 2, 2, true, true, true, true),
  (4, 'res_users all', true, 2, NULL, true, false, false, false),
  (5, 'res_groups group_erp_manager', true, 3, 2, true, true, true, true),
  (6, 'res_groups group_user', true, 3, 1, true, false, false, false),
  (7, 'res_company group_erp_manager', true, 4, 2, true, true, true, true),
  (8, 'res_company group_user', true, 4, 1, true, false, false, false),
  (9, 'ir_module_category group_user', true, 6, 1, true, false, false, false);
INSERT INTO ir_model_data (module, name, model, res_id) VALUES
  ('base', 'access_res_partner_group_partner_manager', 'ir.model.access', 1),
  ('base', 'access_res_partner_group_user', 'ir.model.access', 2),
  ('base', 'access_res_users_group_erp_manager', 'ir.model.access', 3),
  ('base', 'access_res_users_all', 'ir.model.access', 4),
  ('base', 'access_res_groups_group_erp_manager', 'ir.model.access', 5),
  ('base', 'access_res_groups_group_user', 'ir.model.access', 6),
  ('base', 'access_res_company_group_erp_manager', 'ir.model.access', 7),
  ('base', 'access_res_company_group_user', 'ir.model.access', 8),
  ('base', 'access_ir_module_category_group_user', 'ir.model.access', 9);

-- From odoo/addons/base/security/base_security.xml: employees see their companies only.
INSERT INTO ir_rule (id, name, active, model_id, domain_force, perm_read, perm_write,
                     perm_create, perm_unlink, global) VALUES
  (1, 'company rule employee', true, 4, '[(''id'', ''in'', company_ids)]', true, true, true,
   true, false);
INSERT INTO rule_group_rel (rule_group_id, group_id) VALUES (1, 1);
INSERT INTO ir_model_data (module, name, model, res_id) VALUES
  ('base', 'res_company_rule_employee', 'ir.rule', 1);

INSERT INTO ir_config_parameter (key, value, create_date, write_date) VALUES
  ('database.uuid', '6c2b9a5e-8f1d-11ef-9c4e-0242ac120002', '2025-01-02 10:00:00', '2025-01-02 10:00:00'),
  ('database.create_date', '2025-01-02 10:00:00', '2025-01-02 10:00:00', '2025-01-02 10:00:00'),
  ('database.secret', 'fixture-not-a-real-secret', '2025-01-02 10:00:00', '2025-01-02 10:00:00'),
  ('web.base.url', 'http://localhost:8069', '2025-01-02 10:00:00', '2025-01-02 10:00:00');

SELECT setval(pg_get_serial_sequence('res_partner', 'id'), 10);
SELECT setval(pg_get_serial_sequence('res_company', 'id'), 1);
SELECT setval(pg_get_serial_sequence('res_users', 'id'), 6);
SELECT setval(pg_get_serial_sequence('ir_module_category', 'id'), 2);
SELECT setval(pg_get_serial_sequence('res_groups_privilege', 'id'), 2);
SELECT setval(pg_get_serial_sequence('ir_module_module', 'id'), 3);
SELECT setval(pg_get_serial_sequence('res_groups', 'id'), 10);
SELECT setval(pg_get_serial_sequence('ir_model', 'id'), 6);
SELECT setval(pg_get_serial_sequence('ir_model_access', 'id'), 9);
SELECT setval(pg_get_serial_sequence('ir_rule', 'id'), 1);
