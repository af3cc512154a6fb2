-- Odoo 18's "Extra Rights / Contact Creation" (base.group_partner_manager): Odoo gives it to the
-- administrator and to every internal user it makes (the default user template), and it grants
-- creating, changing and deleting contacts (schema/access/ir.model.access.csv).
WITH c AS (INSERT INTO ir_module_category (name, sequence) VALUES ('Extra Rights', 40) RETURNING id)
INSERT INTO ir_model_data (module, name, model, res_id)
  SELECT 'base', 'module_category_usability', 'ir.module.category', id FROM c;
WITH g AS (
  INSERT INTO res_groups (name, category_id, share, api_key_duration)
  SELECT 'Contact Creation', res_id, FALSE, 0 FROM ir_model_data
  WHERE module = 'base' AND name = 'module_category_usability' RETURNING id)
INSERT INTO ir_model_data (module, name, model, res_id)
  SELECT 'base', 'group_partner_manager', 'res.groups', id FROM g;
-- The internal users of databases made before: they were made as Odoo makes them.
INSERT INTO res_groups_users_rel (gid, uid)
  SELECT m.res_id, r.uid FROM ir_model_data m, res_groups_users_rel r, ir_model_data u
  WHERE m.module = 'base' AND m.name = 'group_partner_manager'
    AND u.module = 'base' AND u.name = 'group_user' AND r.gid = u.res_id;
