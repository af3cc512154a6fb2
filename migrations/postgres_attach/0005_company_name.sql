-- res.partner's company_name (Odoo's "Company Name", the company a contact without a parent
-- company names, as in "YourCompany, Joel Willis"): the view of res_partner shows Odoo's column.
-- The views are those of 0001_attach.sql with that one column more.
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
