-- The access policy each serving thread keeps in memory (src/models/policy_cache.h) also stands
-- for the record-rule variables of each user: their partner, their company and the companies they
-- may use. Odoo's side of the auth generation now covers them too, so a change made in Odoo
-- reaches keygate's next call as any other credential change does.
CREATE OR REPLACE FUNCTION keygate.keygate_odoo_fingerprint() RETURNS text LANGUAGE plpgsql STABLE AS $$
BEGIN
  RETURN md5(concat_ws('|',
    (SELECT md5(string_agg(concat_ws(',', id, login, password, active, share, totp_secret,
                                     partner_id, company_id),
                           ';' ORDER BY id)) FROM keygate.res_users),
    (SELECT md5(string_agg(concat_ws(',', id, user_id, scope, expiration_date, "index", key),
                           ';' ORDER BY id)) FROM keygate.res_users_apikeys),
    (SELECT md5(string_agg(gid || ',' || uid, ';' ORDER BY gid, uid))
       FROM public.res_groups_users_rel),
    (SELECT md5(string_agg(gid || ',' || hid, ';' ORDER BY gid, hid))
       FROM public.res_groups_implied_rel),
    (SELECT md5(string_agg(cid || ',' || user_id, ';' ORDER BY cid, user_id))
       FROM public.res_company_users_rel),
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
