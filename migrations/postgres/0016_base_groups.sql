-- The rest of Odoo 18's base groups, with their external ids, categories and implications, so
-- that a keygate database has the groups an Odoo database has (README, "Groups"): Technical
-- Features (implied by Internal User), Multi Companies, Multi Currencies, Access to export
-- feature (given to every internal user Odoo makes, by its default user template) and Bypass
-- HTML Field Sanitize (implied by Settings). keygate grants nothing more through them.
WITH c AS (INSERT INTO ir_module_category (name, sequence) VALUES ('Technical', 60) RETURNING id)
INSERT INTO ir_model_data (module, name, model, res_id)
  SELECT 'base', 'module_category_hidden', 'ir.module.category', id FROM c;

WITH g AS (
  INSERT INTO res_groups (name, category_id, share, api_key_duration)
  VALUES ('Bypass HTML Field Sanitize', NULL, FALSE, 0) RETURNING id)
INSERT INTO ir_model_data (module, name, model, res_id)
  SELECT 'base', 'group_sanitize_override', 'res.groups', id FROM g;
WITH g AS (
  INSERT INTO res_groups (name, category_id, share, api_key_duration)
  SELECT 'Multi Companies', res_id, FALSE, 0 FROM ir_model_data
  WHERE module = 'base' AND name = 'module_category_usability' RETURNING id)
INSERT INTO ir_model_data (module, name, model, res_id)
  SELECT 'base', 'group_multi_company', 'res.groups', id FROM g;
WITH g AS (
  INSERT INTO res_groups (name, category_id, share, api_key_duration)
  SELECT 'Multi Currencies', res_id, FALSE, 0 FROM ir_model_data
  WHERE module = 'base' AND name = 'module_category_usability' RETURNING id)
INSERT INTO ir_model_data (module, name, model, res_id)
  SELECT 'base', 'group_multi_currency', 'res.groups', id FROM g;
WITH g AS (
  INSERT INTO res_groups (name, category_id, share, api_key_duration)
  SELECT 'Technical Features', res_id, FALSE, 0 FROM ir_model_data
  WHERE module = 'base' AND name = 'module_category_usability' RETURNING id)
INSERT INTO ir_model_data (module, name, model, res_id)
  SELECT 'base', 'group_no_one', 'res.groups', id FROM g;
WITH g AS (
  INSERT INTO res_groups (name, category_id, share, api_key_duration)
  SELECT 'Access to export feature', res_id, FALSE, 0 FROM ir_model_data
  WHERE module = 'base' AND name = 'module_category_hidden' RETURNING id)
INSERT INTO ir_model_data (module, name, model, res_id)
  SELECT 'base', 'group_allow_export', 'res.groups', id FROM g;

INSERT INTO res_groups_implied_rel (gid, hid)
  SELECT g.res_id, h.res_id FROM ir_model_data g, ir_model_data h
  WHERE g.model = 'res.groups' AND h.model = 'res.groups' AND g.module = 'base'
    AND h.module = 'base' AND ((g.name = 'group_system' AND h.name = 'group_sanitize_override')
                            OR (g.name = 'group_user' AND h.name = 'group_no_one'));
-- The internal users of databases made before: they were made as Odoo makes them.
INSERT INTO res_groups_users_rel (gid, uid)
  SELECT m.res_id, r.uid FROM ir_model_data m, res_groups_users_rel r, ir_model_data u
  WHERE m.module = 'base' AND m.name = 'group_allow_export'
    AND u.module = 'base' AND u.name = 'group_user' AND r.gid = u.res_id;

-- `keygate group delete` removes a group: whatever it stood for leaves the cached policies.
CREATE TRIGGER keygate_gen_groups_delete AFTER DELETE ON res_groups
  FOR EACH ROW EXECUTE FUNCTION keygate_bump_auth_generation();
