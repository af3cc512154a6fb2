-- keygate inside an Odoo 17 or 18 database it is attached to (`keygate db attach`): everything
-- here lives in the schema "keygate"; nothing of Odoo's (schema public) is created, altered or
-- given a trigger. Runs with search_path = keygate, public, so keygate's portable SQL finds:
-- - keygate's own tables (keygate_*), as migrations/postgres creates them, minus the foreign
--   keys to Odoo's tables (a foreign key would put triggers on them): rows of a key or a user
--   that Odoo deleted are left behind and ignored;
-- - compatibility views named like Odoo's tables (res_users, res_groups, res_users_apikeys, ...)
--   with the column shapes of keygate's own schema: timestamps as UTC text
--   'YYYY-MM-DD HH:MM:SS', translated names (jsonb {"en_US": ...} since Odoo 16) as their
--   English text, columns a version lacks (expiration_date on 17) as NULL. They shadow Odoo's
--   tables; INSTEAD OF triggers on the views write keygate's changes into Odoo's tables with
--   Odoo's types;
-- - keygate_auth_generation as a view: a fingerprint of what cached grants depend on (users,
--   keys, group membership, access rights, rules), since Odoo's own changes bump no counter.
-- Odoo's link tables (res_groups_implied_rel, res_company_users_rel, rule_group_rel) and
-- ir_model_data already have keygate's shape and are used as they are; res_groups_users_rel has
-- a view too, so that a grant through keygate is seen at once by keygate and Odoo.

-- "active = 1", "active != 0": comparisons written for SQLite's 0/1 booleans (as in
-- migrations/postgres/0001_core.sql), in schema keygate where only keygate's sessions see them.
CREATE FUNCTION keygate.keygate_bool_eq_int(boolean, integer) RETURNS boolean
  LANGUAGE sql IMMUTABLE AS 'SELECT $1 = ($2 <> 0)';
CREATE FUNCTION keygate.keygate_bool_ne_int(boolean, integer) RETURNS boolean
  LANGUAGE sql IMMUTABLE AS 'SELECT $1 <> ($2 <> 0)';
CREATE FUNCTION keygate.keygate_int_eq_bool(integer, boolean) RETURNS boolean
  LANGUAGE sql IMMUTABLE AS 'SELECT ($1 <> 0) = $2';
CREATE FUNCTION keygate.keygate_int_ne_bool(integer, boolean) RETURNS boolean
  LANGUAGE sql IMMUTABLE AS 'SELECT ($1 <> 0) <> $2';
CREATE OPERATOR keygate.= (LEFTARG = boolean, RIGHTARG = integer,
                           FUNCTION = keygate.keygate_bool_eq_int, COMMUTATOR = =, NEGATOR = <>);
CREATE OPERATOR keygate.<> (LEFTARG = boolean, RIGHTARG = integer,
                            FUNCTION = keygate.keygate_bool_ne_int, COMMUTATOR = <>, NEGATOR = =);
CREATE OPERATOR keygate.= (LEFTARG = integer, RIGHTARG = boolean,
                           FUNCTION = keygate.keygate_int_eq_bool, COMMUTATOR = =, NEGATOR = <>);
CREATE OPERATOR keygate.<> (LEFTARG = integer, RIGHTARG = boolean,
                            FUNCTION = keygate.keygate_int_ne_bool, COMMUTATOR = <>, NEGATOR = =);

-- ---- keygate's own tables (migrations/postgres 0002, 0005 to 0009) ----
-- A keygate_* table added to migrations/postgres must be added here too (a new file of this
-- directory once attached databases exist), or keygate fails on attached databases.

CREATE TABLE keygate.keygate_session (
  id SERIAL PRIMARY KEY,
  sid_hash TEXT NOT NULL UNIQUE,
  uid INTEGER,
  pending_uid INTEGER,
  fingerprint TEXT NOT NULL,
  client_ip TEXT,
  user_agent TEXT,
  create_date TEXT NOT NULL,
  last_seen TEXT NOT NULL
);
CREATE INDEX keygate_session_uid_idx ON keygate.keygate_session(uid);

CREATE TABLE keygate.keygate_auth_event (
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
CREATE INDEX keygate_auth_event_create_date_idx ON keygate.keygate_auth_event(create_date);
CREATE INDEX keygate_auth_event_client_ip_idx ON keygate.keygate_auth_event(client_ip);
CREATE INDEX keygate_auth_event_login_idx ON keygate.keygate_auth_event(login);

CREATE TABLE keygate.keygate_login_failure (
  kind TEXT NOT NULL CHECK (kind IN ('ip', 'login')),
  value TEXT NOT NULL,
  failures INTEGER NOT NULL,
  last_failure BIGINT NOT NULL,
  PRIMARY KEY (kind, value)
);

CREATE TABLE keygate.keygate_key_restriction (
  key_id INTEGER PRIMARY KEY,
  allowed_networks TEXT,
  rate_limit TEXT
);

-- keygate's replay guard for TOTP codes and its code-check log, apart from Odoo's auth_totp
-- tables (Odoo keeps its own rate-limit log; keygate never writes to it).
CREATE TABLE keygate.keygate_totp_counter (
  user_id INTEGER PRIMARY KEY,
  totp_last_counter BIGINT
);
CREATE TABLE keygate.auth_totp_rate_limit_log (
  id SERIAL PRIMARY KEY,
  user_id INTEGER NOT NULL,
  ip TEXT,
  limit_type TEXT NOT NULL,
  create_date TEXT NOT NULL
);
CREATE INDEX auth_totp_rate_limit_log_user_type_date_idx
  ON keygate.auth_totp_rate_limit_log(user_id, limit_type, create_date);

CREATE TABLE keygate.keygate_key_meta (
  key_id INTEGER PRIMARY KEY,
  rotated_from INTEGER,
  rotated_to INTEGER,
  retire_reason TEXT,
  last_used_at TEXT,
  last_used_ip TEXT,
  last_used_channel TEXT,
  use_count BIGINT NOT NULL DEFAULT 0
);

CREATE TABLE keygate.keygate_key_tombstone (
  id SERIAL PRIMARY KEY,
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
CREATE INDEX keygate_key_tombstone_index_idx ON keygate.keygate_key_tombstone("index");

CREATE TABLE keygate.keygate_key_usage (
  key_id INTEGER NOT NULL,
  model TEXT NOT NULL,
  operation TEXT NOT NULL CHECK (operation IN ('read', 'write', 'create', 'unlink')),
  last_used_at TEXT NOT NULL,
  use_count BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (key_id, model, operation)
);

-- migrations/postgres/0008_alerts.sql: alerts and the networks each key was used from.
CREATE TABLE keygate.keygate_alert (
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
CREATE UNIQUE INDEX keygate_alert_dedup_idx ON keygate.keygate_alert(kind, subject, first_seen);
CREATE INDEX keygate_alert_create_date_idx ON keygate.keygate_alert(create_date);
CREATE TABLE keygate.keygate_key_network (
  key_id INTEGER NOT NULL,
  network TEXT NOT NULL,
  first_seen TEXT NOT NULL,
  last_seen TEXT NOT NULL,
  PRIMARY KEY (key_id, network)
);
CREATE INDEX keygate_auth_event_key_id_idx ON keygate.keygate_auth_event(key_id);

-- migrations/postgres/0009_multi_instance.sql: per-key rate-limit buckets shared by instances.
-- (Its NOTIFY of generation changes has no counterpart here: Odoo's changes notify nobody, so
-- the generation of an attached database is read, not listened to.)
CREATE TABLE keygate.keygate_rate_bucket (
  key_id INTEGER PRIMARY KEY,
  tat_us BIGINT NOT NULL,
  allowed BOOLEAN NOT NULL
);
CREATE INDEX keygate_rate_bucket_tat_idx ON keygate.keygate_rate_bucket(tat_us);

-- The expiry keygate gives a key on Odoo 17, whose res_users_apikeys has no expiration_date:
-- keygate enforces it (Odoo 17 itself has no key expiry and accepts the key until revoked).
CREATE TABLE keygate.keygate_key_expiry (
  key_id INTEGER PRIMARY KEY,
  expiration_date TEXT NOT NULL
);

-- Bumped by every write keygate makes through the views below, so that keygate's own changes
-- (a key revoked with `keygate key revoke`) invalidate cached grants at once.
CREATE TABLE keygate.keygate_auth_counter (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  value BIGINT NOT NULL
);
INSERT INTO keygate.keygate_auth_counter (id, value) VALUES (1, 1);

CREATE FUNCTION keygate.keygate_bump_auth_counter() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE keygate.keygate_auth_counter SET value = value + 1 WHERE id = 1;
  RETURN NULL;
END;
$$;
CREATE TRIGGER keygate_gen_key_restriction AFTER INSERT OR UPDATE OR DELETE
  ON keygate.keygate_key_restriction
  FOR EACH ROW EXECUTE FUNCTION keygate.keygate_bump_auth_counter();
CREATE TRIGGER keygate_gen_totp_counter AFTER INSERT OR UPDATE OR DELETE
  ON keygate.keygate_totp_counter
  FOR EACH ROW EXECUTE FUNCTION keygate.keygate_bump_auth_counter();

-- ---- compatibility views over Odoo's tables ----

-- A translated name's English text (Odoo stores {"en_US": ..., "fr_FR": ...}), else any.
CREATE FUNCTION keygate.keygate_tr(jsonb) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT COALESCE($1 ->> 'en_US', (SELECT e.value FROM jsonb_each_text($1) e ORDER BY e.key
                                    LIMIT 1))
$$;

-- The type of public.<tbl>.<col> (format_type), or NULL when Odoo's table has no such column.
CREATE FUNCTION keygate.keygate_odoo_column_type(tbl text, col text) RETURNS text
  LANGUAGE sql STABLE AS $$
  SELECT format_type(a.atttypid, a.atttypmod) FROM pg_attribute a
  WHERE a.attrelid = to_regclass('public.' || quote_ident(tbl)) AND a.attname = col
    AND a.attnum > 0 AND NOT a.attisdropped
$$;

-- Creates keygate.<tbl> over public.<tbl>. Each spec is "column" or "column:expression", the
-- expression (over the row "t") standing in when Odoo's table lacks the column.
CREATE FUNCTION keygate.keygate_compat_view(tbl text, specs text[]) RETURNS void
  LANGUAGE plpgsql AS $$
DECLARE
  spec text;
  col text;
  fallback text;
  typ text;
  exprs text[] := '{}';
BEGIN
  FOREACH spec IN ARRAY specs LOOP
    col := split_part(spec, ':', 1);
    fallback := NULLIF(substr(spec, length(col) + 2), '');
    typ := keygate.keygate_odoo_column_type(tbl, col);
    IF typ IS NULL THEN
      exprs := exprs || format('%s AS %I', COALESCE(fallback, 'NULL::text'), col);
    ELSIF typ LIKE 'timestamp%' THEN
      exprs := exprs || format('to_char(t.%1$I, ''YYYY-MM-DD HH24:MI:SS'') AS %1$I', col);
    ELSIF typ = 'date' THEN
      exprs := exprs || format('to_char(t.%1$I, ''YYYY-MM-DD'') AS %1$I', col);
    ELSIF typ = 'jsonb' THEN
      exprs := exprs || format('keygate.keygate_tr(t.%1$I) AS %1$I', col);
    ELSIF typ LIKE 'character%' THEN
      exprs := exprs || format('t.%1$I::text AS %1$I', col);
    ELSE
      exprs := exprs || format('t.%1$I', col);
    END IF;
  END LOOP;
  EXECUTE format('CREATE VIEW keygate.%I AS SELECT %s FROM public.%I t', tbl,
                 array_to_string(exprs, ', '), tbl);
  EXECUTE format('CREATE TRIGGER keygate_write INSTEAD OF INSERT OR UPDATE OR DELETE ON '
                 'keygate.%I FOR EACH ROW EXECUTE FUNCTION keygate.keygate_view_write()', tbl);
END;
$$;

-- Tells Odoo's worker processes to drop their caches, as Odoo's own registry.clear_cache() does at
-- the end of a request: Odoo remembers verified (uid, key) pairs and users' groups in per-process
-- caches that it empties when the signaling sequence (base_cache_signaling_default since Odoo 17,
-- created by Odoo's Registry.setup_signaling) moves. Without it a key revoked through keygate
-- would keep working in Odoo's workers that checked it before.
CREATE FUNCTION keygate.keygate_signal_odoo_caches() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  PERFORM nextval(c.oid::regclass) FROM pg_class c
    WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'S'
      AND c.relname IN ('base_cache_signaling_default', 'base_cache_signaling');
END;
$$;

-- Writes through a compatibility view into Odoo's table: only the columns Odoo's table has,
-- converted by jsonb_populate_record to Odoo's types (text timestamps to timestamp, English text
-- of a translated column merged into its jsonb), then bumps keygate's counter.
CREATE FUNCTION keygate.keygate_view_write() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  tbl text := TG_TABLE_NAME;
  newj jsonb;
  oldj jsonb;
  k text;
  v jsonb;
  typ text;
  cols text[] := '{}';
  sets text[] := '{}';
  new_id integer;
  n integer;
  now_text text := to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS');
BEGIN
  UPDATE keygate.keygate_auth_counter SET value = value + 1 WHERE id = 1;
  IF TG_OP = 'DELETE' THEN
    IF tbl = 'res_users_apikeys' THEN
      -- Odoo's table has no trigger of keygate's: the tombstone of a key keygate revokes is
      -- written here (a key deleted by Odoo leaves none).
      INSERT INTO keygate.keygate_key_tombstone (key_id, user_id, name, "index", key, scope,
                                                 reason, rotated_to, create_date, retired_at)
      VALUES (OLD.id, OLD.user_id, OLD.name, OLD."index", OLD.key, OLD.scope,
              COALESCE((SELECT retire_reason FROM keygate.keygate_key_meta WHERE key_id = OLD.id),
                       CASE WHEN OLD.expiration_date IS NOT NULL AND OLD.expiration_date < now_text
                            THEN 'expired' ELSE 'revoked' END),
              (SELECT rotated_to FROM keygate.keygate_key_meta WHERE key_id = OLD.id),
              OLD.create_date, now_text);
      DELETE FROM keygate.keygate_key_meta WHERE key_id = OLD.id;
      DELETE FROM keygate.keygate_key_restriction WHERE key_id = OLD.id;
      DELETE FROM keygate.keygate_key_usage WHERE key_id = OLD.id;
      DELETE FROM keygate.keygate_key_expiry WHERE key_id = OLD.id;
    END IF;
    EXECUTE format('DELETE FROM public.%I WHERE id = $1', tbl) USING OLD.id;
    GET DIAGNOSTICS n = ROW_COUNT;
    IF n = 0 THEN RETURN NULL; END IF;
    PERFORM keygate.keygate_signal_odoo_caches();
    RETURN OLD;
  END IF;
  IF TG_OP = 'INSERT' AND tbl = 'res_users' THEN
    RAISE EXCEPTION 'keygate does not create users in an attached Odoo database: create them in Odoo'
      USING ERRCODE = 'KG001';  -- a user error (store/postgres/pg_connection.cc)
  END IF;
  newj := to_jsonb(NEW);
  IF TG_OP = 'UPDATE' THEN
    oldj := to_jsonb(OLD);
  END IF;
  FOR k, v IN SELECT e.key, e.value FROM jsonb_each(newj) e LOOP
    typ := keygate.keygate_odoo_column_type(tbl, k);
    IF typ IS NULL AND tbl = 'res_users' AND k = 'totp_secret' AND v <> 'null'::jsonb THEN
      RAISE EXCEPTION 'two-factor authentication needs Odoo''s auth_totp module, which is not '
                      'installed in this database' USING ERRCODE = 'KG002';
    END IF;
    CONTINUE WHEN typ IS NULL OR k = 'id';
    IF TG_OP = 'INSERT' THEN
      CONTINUE WHEN v = 'null'::jsonb;  -- Odoo's default, if any
      IF typ = 'jsonb' AND jsonb_typeof(v) = 'string' THEN
        newj := jsonb_set(newj, ARRAY[k], jsonb_build_object('en_US', v));
      END IF;
      cols := cols || quote_ident(k);
    ELSE
      CONTINUE WHEN (oldj -> k) IS NOT DISTINCT FROM v;
      IF typ = 'jsonb' AND jsonb_typeof(v) = 'string' THEN
        sets := sets || format('%1$I = COALESCE(o.%1$I, ''{}''::jsonb) || '
                               'jsonb_build_object(''en_US'', $1 ->> %2$L)', k, k);
      ELSE
        sets := sets || format('%1$I = r.%1$I', k);
      END IF;
    END IF;
  END LOOP;
  IF TG_OP = 'INSERT' THEN
    IF cardinality(cols) = 0 THEN
      EXECUTE format('INSERT INTO public.%I DEFAULT VALUES RETURNING id', tbl) INTO new_id;
    ELSE
      EXECUTE format('INSERT INTO public.%1$I (%2$s) SELECT %2$s FROM '
                     'jsonb_populate_record(NULL::public.%1$I, $1) RETURNING id',
                     tbl, array_to_string(cols, ', '))
        USING newj INTO new_id;
    END IF;
    NEW.id := new_id;
    -- (newj, not NEW: NEW has no such field on the other views.)
    IF tbl = 'res_users_apikeys' AND (newj ->> 'expiration_date') IS NOT NULL
       AND keygate.keygate_odoo_column_type(tbl, 'expiration_date') IS NULL THEN
      INSERT INTO keygate.keygate_key_expiry (key_id, expiration_date)
        VALUES (new_id, newj ->> 'expiration_date');
    END IF;
    RETURN NEW;
  END IF;
  IF cardinality(sets) > 0 THEN
    EXECUTE format('UPDATE public.%1$I o SET %2$s FROM jsonb_populate_record(NULL::public.%1$I, $1) r '
                   'WHERE o.id = $2', tbl, array_to_string(sets, ', '))
      USING newj, OLD.id;
    GET DIAGNOSTICS n = ROW_COUNT;
    IF n = 0 THEN RETURN NULL; END IF;
    IF tbl IN ('res_users', 'res_groups', 'ir_model_access', 'ir_rule') THEN
      PERFORM keygate.keygate_signal_odoo_caches();
    END IF;
  END IF;
  IF tbl = 'res_users'
     AND (oldj -> 'totp_last_counter') IS DISTINCT FROM (newj -> 'totp_last_counter') THEN
    INSERT INTO keygate.keygate_totp_counter (user_id, totp_last_counter)
      VALUES (OLD.id, (newj ->> 'totp_last_counter')::bigint)
      ON CONFLICT (user_id) DO UPDATE SET totp_last_counter = excluded.totp_last_counter;
  END IF;
  RETURN NEW;
END;
$$;

-- Group membership granted or revoked through keygate (`keygate group grant|revoke`): the link
-- table has keygate's shape already; the view is there so that the change bumps keygate's counter
-- and tells Odoo's workers, whose caches hold users' groups.
CREATE FUNCTION keygate.keygate_groups_users_write() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE keygate.keygate_auth_counter SET value = value + 1 WHERE id = 1;
  IF TG_OP = 'INSERT' THEN
    INSERT INTO public.res_groups_users_rel (gid, uid) VALUES (NEW.gid, NEW.uid);
    PERFORM keygate.keygate_signal_odoo_caches();
    RETURN NEW;
  ELSIF TG_OP = 'DELETE' THEN
    DELETE FROM public.res_groups_users_rel WHERE gid = OLD.gid AND uid = OLD.uid;
    IF NOT FOUND THEN
      RETURN NULL;
    END IF;
    PERFORM keygate.keygate_signal_odoo_caches();
    RETURN OLD;
  END IF;
  RETURN NULL;
END;
$$;

-- The auth generation's inputs from Odoo's side: a digest of every column and row a cached
-- grant depends on. Computed over the views, so columns a version lacks read as NULL.
-- PL/pgSQL rather than SQL: its body names the views, created after it.
CREATE FUNCTION keygate.keygate_odoo_fingerprint() RETURNS text LANGUAGE plpgsql STABLE AS $$
BEGIN
  RETURN md5(concat_ws('|',
    (SELECT md5(string_agg(concat_ws(',', id, login, password, active, share, totp_secret),
                           ';' ORDER BY id)) FROM keygate.res_users),
    (SELECT md5(string_agg(concat_ws(',', id, user_id, scope, expiration_date, "index", key),
                           ';' ORDER BY id)) FROM keygate.res_users_apikeys),
    (SELECT md5(string_agg(gid || ',' || uid, ';' ORDER BY gid, uid))
       FROM public.res_groups_users_rel),
    (SELECT md5(string_agg(gid || ',' || hid, ';' ORDER BY gid, hid))
       FROM public.res_groups_implied_rel),
    (SELECT md5(string_agg(concat_ws(',', id, model_id, group_id, perm_read, perm_write,
                                     perm_create, perm_unlink, active), ';' ORDER BY id))
       FROM keygate.ir_model_access),
    (SELECT md5(string_agg(concat_ws(',', id, model_id, md5(COALESCE(domain_force, '')),
                                     perm_read, perm_write, perm_create, perm_unlink, active,
                                     "global"), ';' ORDER BY id))
       FROM keygate.ir_rule),
    (SELECT md5(string_agg(rule_group_id || ',' || group_id, ';' ORDER BY rule_group_id, group_id))
       FROM public.rule_group_rel),
    (SELECT md5(string_agg(concat_ws(',', key_id, allowed_networks, rate_limit), ';'
                           ORDER BY key_id)) FROM keygate.keygate_key_restriction)));
END;
$$;

-- The generation keygate compares: Odoo's fingerprint, recomputed at most once a second per
-- connection (kept in session settings), combined with keygate's own counter, read every time.
CREATE FUNCTION keygate.keygate_generation() RETURNS bigint LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  now_ms bigint := (extract(epoch FROM clock_timestamp()) * 1000)::bigint;
  at_text text := current_setting('keygate.fingerprint_at', true);
  fp text := current_setting('keygate.fingerprint', true);
BEGIN
  IF at_text IS NULL OR at_text = '' OR fp IS NULL OR fp = ''
     OR now_ms - at_text::bigint >= 1000 OR now_ms < at_text::bigint THEN
    fp := keygate.keygate_odoo_fingerprint();
    PERFORM set_config('keygate.fingerprint', fp, false);
    PERFORM set_config('keygate.fingerprint_at', now_ms::text, false);
  END IF;
  RETURN ('x' || substr(md5(fp || ':' || (SELECT value FROM keygate.keygate_auth_counter
                                              WHERE id = 1)), 1, 15))::bit(60)::bigint;
END;
$$;

-- create_date and write_date of rows inserted through view <tbl> default to now (UTC text).
CREATE FUNCTION keygate.keygate_view_timestamp_defaults(tbl text) RETURNS void
  LANGUAGE plpgsql AS $$
DECLARE
  col text;
BEGIN
  FOREACH col IN ARRAY ARRAY['create_date', 'write_date'] LOOP
    IF EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = to_regclass('keygate.' || tbl)
               AND attname = col AND NOT attisdropped) THEN
      EXECUTE format('ALTER VIEW keygate.%I ALTER COLUMN %I SET DEFAULT '
                     'to_char(now() AT TIME ZONE ''UTC'', ''YYYY-MM-DD HH24:MI:SS'')', tbl, col);
    END IF;
  END LOOP;
END;
$$;

-- (Re)creates the views: at attach, and again by a later `keygate db attach` (after Odoo
-- modules were installed or upgraded, so that new columns are seen). Column lists are those of
-- migrations/postgres for the same tables.
CREATE FUNCTION keygate.keygate_build_views() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  DROP VIEW IF EXISTS keygate.keygate_auth_generation, keygate.res_company,
    keygate.res_partner, keygate.res_users, keygate.ir_module_category, keygate.res_groups,
    keygate.res_users_apikeys, keygate.res_users_log, keygate.ir_config_parameter,
    keygate.ir_model, keygate.ir_model_access, keygate.ir_rule, keygate.res_groups_users_rel;
  PERFORM keygate.keygate_compat_view('res_company', ARRAY[
    'id', 'name', 'partner_id', 'email', 'phone', 'active:TRUE', 'create_date', 'write_date']);
  PERFORM keygate.keygate_compat_view('res_partner', ARRAY[
    'id', 'name', 'complete_name:t.name::text', 'email', 'phone', 'mobile', 'street', 'street2',
    'city', 'zip', 'website', 'vat', 'ref', 'lang', 'tz', 'comment', 'function',
    'is_company:FALSE', 'active:TRUE', 'type', 'parent_id', 'company_id', 'customer_rank:0',
    'supplier_rank:0', 'credit_limit:NULL::double precision', 'create_uid', 'write_uid',
    'create_date', 'write_date']);
  PERFORM keygate.keygate_compat_view('res_users', ARRAY[
    'id', 'login', 'password', 'partner_id', 'company_id', 'active', 'share:FALSE', 'signature',
    'totp_secret',
    'totp_last_counter:(SELECT c.totp_last_counter FROM keygate.keygate_totp_counter c '
      'WHERE c.user_id = t.id)',
    'create_uid', 'write_uid', 'create_date', 'write_date']);
  PERFORM keygate.keygate_compat_view('ir_module_category', ARRAY['id', 'name', 'sequence']);
  PERFORM keygate.keygate_compat_view('res_groups', ARRAY[
    'id', 'name', 'category_id', 'comment', 'share:FALSE',
    'api_key_duration:0::double precision', 'create_date', 'write_date',
    'full_name:COALESCE((SELECT keygate.keygate_tr(c.name) FROM public.ir_module_category c '
      'WHERE c.id = t.category_id) || '' / '', '''') || keygate.keygate_tr(t.name)']);
  PERFORM keygate.keygate_compat_view('res_users_apikeys', ARRAY[
    'id', 'name', 'user_id', 'scope',
    'expiration_date:(SELECT e.expiration_date FROM keygate.keygate_key_expiry e '
      'WHERE e.key_id = t.id)',
    'index', 'key', 'create_date']);
  PERFORM keygate.keygate_compat_view('res_users_log', ARRAY[
    'id', 'create_uid', 'create_date', 'write_uid', 'write_date']);
  PERFORM keygate.keygate_compat_view('ir_config_parameter', ARRAY[
    'id', 'key', 'value', 'create_date', 'write_date']);
  PERFORM keygate.keygate_compat_view('ir_model', ARRAY[
    'id', 'model', 'name', 'create_date', 'write_date']);
  PERFORM keygate.keygate_compat_view('ir_model_access', ARRAY[
    'id', 'name', 'model_id', 'group_id', 'perm_read', 'perm_write', 'perm_create',
    'perm_unlink', 'active:TRUE', 'create_date', 'write_date']);
  PERFORM keygate.keygate_compat_view('ir_rule', ARRAY[
    'id', 'name', 'model_id', 'domain_force', 'perm_read', 'perm_write', 'perm_create',
    'perm_unlink', 'active:TRUE',
    'global:NOT EXISTS (SELECT 1 FROM public.rule_group_rel r WHERE r.rule_group_id = t.id)',
    'create_date', 'write_date']);
  -- Odoo's defaults live in its ORM, not in its tables: rows keygate inserts get keygate's
  -- (view column defaults apply before the INSTEAD OF trigger).
  ALTER VIEW keygate.res_partner ALTER COLUMN active SET DEFAULT TRUE;
  ALTER VIEW keygate.res_partner ALTER COLUMN is_company SET DEFAULT FALSE;
  ALTER VIEW keygate.res_partner ALTER COLUMN type SET DEFAULT 'contact';
  ALTER VIEW keygate.res_partner ALTER COLUMN lang SET DEFAULT 'en_US';
  ALTER VIEW keygate.res_partner ALTER COLUMN customer_rank SET DEFAULT 0;
  ALTER VIEW keygate.res_partner ALTER COLUMN supplier_rank SET DEFAULT 0;
  ALTER VIEW keygate.res_company ALTER COLUMN active SET DEFAULT TRUE;
  ALTER VIEW keygate.res_users ALTER COLUMN active SET DEFAULT TRUE;
  ALTER VIEW keygate.res_users ALTER COLUMN share SET DEFAULT FALSE;
  ALTER VIEW keygate.res_groups ALTER COLUMN share SET DEFAULT FALSE;
  ALTER VIEW keygate.ir_model_access ALTER COLUMN active SET DEFAULT TRUE;
  ALTER VIEW keygate.ir_rule ALTER COLUMN active SET DEFAULT TRUE;
  PERFORM keygate.keygate_view_timestamp_defaults(v) FROM unnest(ARRAY[
    'res_company', 'res_partner', 'res_users', 'res_groups', 'res_users_apikeys',
    'res_users_log', 'ir_config_parameter', 'ir_model', 'ir_model_access', 'ir_rule']) v;
  CREATE VIEW keygate.res_groups_users_rel AS SELECT gid, uid FROM public.res_groups_users_rel;
  CREATE TRIGGER keygate_write INSTEAD OF INSERT OR UPDATE OR DELETE ON keygate.res_groups_users_rel
    FOR EACH ROW EXECUTE FUNCTION keygate.keygate_groups_users_write();
  CREATE VIEW keygate.keygate_auth_generation AS
    SELECT 1 AS id, keygate.keygate_generation() AS value;
END;
$$;

-- On Odoo 19 (res_groups.privilege_id) the views are built by 0008_odoo19.sql.
SELECT keygate.keygate_build_views()
  WHERE keygate.keygate_odoo_column_type('res_groups', 'privilege_id') IS NULL;
