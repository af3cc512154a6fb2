-- Odoo 19 (`keygate db attach` on an Odoo 19 database): Odoo 19 replaced res_groups.category_id
-- with privilege_id, a res_groups_privilege that belongs to a category. The privilege is what
-- Odoo 19 names a group by ("Contact / Creation") and what its AccessError texts list, where
-- Odoo 17 and 18 used the category; the views map one to the other, so that keygate reads the
-- same shape from every version. The views are those of 0005_company_name.sql otherwise.
CREATE OR REPLACE FUNCTION keygate.keygate_build_views() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  DROP VIEW IF EXISTS keygate.keygate_auth_generation, keygate.res_company,
    keygate.res_partner, keygate.res_users, keygate.ir_module_category, keygate.res_groups,
    keygate.res_users_apikeys, keygate.res_users_log, keygate.ir_config_parameter,
    keygate.ir_model, keygate.ir_model_access, keygate.ir_rule, keygate.res_groups_users_rel;
  PERFORM keygate.keygate_compat_view('res_company', ARRAY[
    'id', 'name', 'partner_id', 'email', 'phone', 'active:TRUE', 'create_date', 'write_date']);
  PERFORM keygate.keygate_compat_view('res_partner', ARRAY[
    'id', 'name', 'complete_name:t.name::text', 'email', 'phone', 'mobile', 'street', 'street2',
    'city', 'zip', 'website', 'vat', 'ref', 'company_name', 'lang', 'tz', 'comment', 'function',
    'is_company:FALSE', 'active:TRUE', 'type', 'parent_id', 'company_id', 'customer_rank:0',
    'supplier_rank:0', 'credit_limit:NULL::double precision', 'create_uid', 'write_uid',
    'create_date', 'write_date']);
  PERFORM keygate.keygate_compat_view('res_users', ARRAY[
    'id', 'login', 'password', 'partner_id', 'company_id', 'active', 'share:FALSE', 'signature',
    'totp_secret',
    'totp_last_counter:(SELECT c.totp_last_counter FROM keygate.keygate_totp_counter c '
      'WHERE c.user_id = t.id)',
    'create_uid', 'write_uid', 'create_date', 'write_date']);
  IF keygate.keygate_odoo_column_type('res_groups', 'privilege_id') IS NULL THEN
    PERFORM keygate.keygate_compat_view('ir_module_category', ARRAY['id', 'name', 'sequence']);
    PERFORM keygate.keygate_compat_view('res_groups', ARRAY[
      'id', 'name', 'category_id', 'comment', 'share:FALSE',
      'api_key_duration:0::double precision', 'create_date', 'write_date',
      'full_name:COALESCE((SELECT keygate.keygate_tr(c.name) FROM public.ir_module_category c '
        'WHERE c.id = t.category_id) || '' / '', '''') || keygate.keygate_tr(t.name)']);
  ELSE
    -- Odoo 19: a group's privilege names it where its category did in Odoo 17 and 18 (full
    -- names such as "Contact / Creation", the groups an AccessError lists): keygate's
    -- category_id is the privilege, and ir_module_category the privileges, read-only.
    CREATE VIEW keygate.ir_module_category AS
      SELECT p.id, keygate.keygate_tr(p.name) AS name, p.sequence
      FROM public.res_groups_privilege p;
    PERFORM keygate.keygate_compat_view('res_groups', ARRAY[
      'id', 'name', 'category_id:t.privilege_id', 'comment', 'share:FALSE',
      'api_key_duration:0::double precision', 'create_date', 'write_date',
      'full_name:COALESCE((SELECT keygate.keygate_tr(c.name) FROM public.res_groups_privilege c '
        'WHERE c.id = t.privilege_id) || '' / '', '''') || keygate.keygate_tr(t.name)']);
  END IF;
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

SELECT keygate.keygate_build_views();
