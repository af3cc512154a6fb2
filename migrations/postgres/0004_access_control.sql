-- Authorization with Odoo 18's tables; mirrors migrations/sqlite/0004_access_control.sql (types
-- as explained in 0001_core.sql). The rows of ir_model, ir_model_access and ir_rule come from
-- the model registry and schema/access/*.csv, loaded by models/access_data.cc.

CREATE TABLE ir_model (
  id SERIAL PRIMARY KEY,
  model TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  create_date TEXT NOT NULL DEFAULT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS'),
  write_date TEXT NOT NULL DEFAULT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS')
);

-- group_id NULL: the row applies to everybody.
CREATE TABLE ir_model_access (
  id SERIAL PRIMARY KEY,
  name TEXT NOT NULL,
  model_id INTEGER NOT NULL REFERENCES ir_model(id) ON DELETE CASCADE,
  group_id INTEGER REFERENCES res_groups(id) ON DELETE CASCADE,
  perm_read BOOLEAN NOT NULL DEFAULT FALSE,
  perm_write BOOLEAN NOT NULL DEFAULT FALSE,
  perm_create BOOLEAN NOT NULL DEFAULT FALSE,
  perm_unlink BOOLEAN NOT NULL DEFAULT FALSE,
  active BOOLEAN NOT NULL DEFAULT TRUE,
  create_date TEXT NOT NULL DEFAULT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS'),
  write_date TEXT NOT NULL DEFAULT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS')
);
CREATE INDEX ir_model_access_model_id_idx ON ir_model_access(model_id);
CREATE INDEX ir_model_access_group_id_idx ON ir_model_access(group_id);

-- "global" is Odoo's computed field: true when the rule has no group (kept by the triggers
-- on rule_group_rel below).
CREATE TABLE ir_rule (
  id SERIAL PRIMARY KEY,
  name TEXT,
  model_id INTEGER NOT NULL REFERENCES ir_model(id) ON DELETE CASCADE,
  domain_force TEXT,
  perm_read BOOLEAN NOT NULL DEFAULT TRUE,
  perm_write BOOLEAN NOT NULL DEFAULT TRUE,
  perm_create BOOLEAN NOT NULL DEFAULT TRUE,
  perm_unlink BOOLEAN NOT NULL DEFAULT TRUE,
  active BOOLEAN NOT NULL DEFAULT TRUE,
  "global" BOOLEAN NOT NULL DEFAULT TRUE,
  create_date TEXT NOT NULL DEFAULT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS'),
  write_date TEXT NOT NULL DEFAULT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS'),
  CHECK (perm_read OR perm_write OR perm_create OR perm_unlink)
);
CREATE INDEX ir_rule_model_id_idx ON ir_rule(model_id);

-- Odoo: ondelete='restrict' on the group, so that deleting a group never turns a group rule
-- into a global one.
CREATE TABLE rule_group_rel (
  rule_group_id INTEGER NOT NULL REFERENCES ir_rule(id) ON DELETE CASCADE,
  group_id INTEGER NOT NULL REFERENCES res_groups(id) ON DELETE RESTRICT,
  PRIMARY KEY (rule_group_id, group_id)
);
CREATE INDEX rule_group_rel_group_id_idx ON rule_group_rel(group_id);

CREATE FUNCTION keygate_ir_rule_global_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE ir_rule SET "global" = FALSE WHERE id = NEW.rule_group_id;
  RETURN NULL;
END;
$$;
CREATE FUNCTION keygate_ir_rule_global_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE ir_rule SET "global" = NOT EXISTS (
    SELECT 1 FROM rule_group_rel WHERE rule_group_id = OLD.rule_group_id)
  WHERE id = OLD.rule_group_id;
  RETURN NULL;
END;
$$;
CREATE TRIGGER ir_rule_global_insert AFTER INSERT ON rule_group_rel
  FOR EACH ROW EXECUTE FUNCTION keygate_ir_rule_global_insert();
CREATE TRIGGER ir_rule_global_delete AFTER DELETE ON rule_group_rel
  FOR EACH ROW EXECUTE FUNCTION keygate_ir_rule_global_delete();

-- Access rights and record rules are part of what a cached grant stands for: any change
-- bumps the auth generation, so the next call of every client sees it.
CREATE TRIGGER keygate_gen_access_insert AFTER INSERT ON ir_model_access
  FOR EACH ROW EXECUTE FUNCTION keygate_bump_auth_generation();
CREATE TRIGGER keygate_gen_access_update AFTER UPDATE ON ir_model_access
  FOR EACH ROW EXECUTE FUNCTION keygate_bump_auth_generation();
CREATE TRIGGER keygate_gen_access_delete AFTER DELETE ON ir_model_access
  FOR EACH ROW EXECUTE FUNCTION keygate_bump_auth_generation();
CREATE TRIGGER keygate_gen_rule_insert AFTER INSERT ON ir_rule
  FOR EACH ROW EXECUTE FUNCTION keygate_bump_auth_generation();
CREATE TRIGGER keygate_gen_rule_update AFTER UPDATE ON ir_rule
  FOR EACH ROW EXECUTE FUNCTION keygate_bump_auth_generation();
CREATE TRIGGER keygate_gen_rule_delete AFTER DELETE ON ir_rule
  FOR EACH ROW EXECUTE FUNCTION keygate_bump_auth_generation();
CREATE TRIGGER keygate_gen_rule_groups_insert AFTER INSERT ON rule_group_rel
  FOR EACH ROW EXECUTE FUNCTION keygate_bump_auth_generation();
CREATE TRIGGER keygate_gen_rule_groups_delete AFTER DELETE ON rule_group_rel
  FOR EACH ROW EXECUTE FUNCTION keygate_bump_auth_generation();

-- Application categories, with Odoo's external ids.
WITH c AS (INSERT INTO ir_module_category (name, sequence) VALUES ('Sales', 5) RETURNING id)
INSERT INTO ir_model_data (module, name, model, res_id)
  SELECT 'base', 'module_category_sales_sales', 'ir.module.category', id FROM c;
WITH c AS (INSERT INTO ir_module_category (name, sequence) VALUES ('Accounting', 15) RETURNING id)
INSERT INTO ir_model_data (module, name, model, res_id)
  SELECT 'base', 'module_category_accounting_accounting', 'ir.module.category', id FROM c;
WITH c AS (INSERT INTO ir_module_category (name, sequence) VALUES ('Inventory', 25) RETURNING id)
INSERT INTO ir_model_data (module, name, model, res_id)
  SELECT 'base', 'module_category_inventory_inventory', 'ir.module.category', id FROM c;
INSERT INTO ir_model_data (module, name, model, res_id)
  VALUES ('base', 'module_category_user_type', 'ir.module.category', 1),
         ('base', 'module_category_administration_administration', 'ir.module.category', 2);

-- Application groups (Odoo 18's names and external ids).
WITH g AS (
  INSERT INTO res_groups (name, category_id, share, api_key_duration)
  SELECT 'User: Own Documents Only', res_id, FALSE, 0 FROM ir_model_data
  WHERE module = 'base' AND name = 'module_category_sales_sales' RETURNING id)
INSERT INTO ir_model_data (module, name, model, res_id)
  SELECT 'sales_team', 'group_sale_salesman', 'res.groups', id FROM g;
WITH g AS (
  INSERT INTO res_groups (name, category_id, share, api_key_duration)
  SELECT 'User: All Documents', res_id, FALSE, 0 FROM ir_model_data
  WHERE module = 'base' AND name = 'module_category_sales_sales' RETURNING id)
INSERT INTO ir_model_data (module, name, model, res_id)
  SELECT 'sales_team', 'group_sale_salesman_all_leads', 'res.groups', id FROM g;
WITH g AS (
  INSERT INTO res_groups (name, category_id, share, api_key_duration)
  SELECT 'Administrator', res_id, FALSE, 0 FROM ir_model_data
  WHERE module = 'base' AND name = 'module_category_sales_sales' RETURNING id)
INSERT INTO ir_model_data (module, name, model, res_id)
  SELECT 'sales_team', 'group_sale_manager', 'res.groups', id FROM g;
WITH g AS (
  INSERT INTO res_groups (name, category_id, share, api_key_duration)
  SELECT 'Invoicing', res_id, FALSE, 0 FROM ir_model_data
  WHERE module = 'base' AND name = 'module_category_accounting_accounting' RETURNING id)
INSERT INTO ir_model_data (module, name, model, res_id)
  SELECT 'account', 'group_account_invoice', 'res.groups', id FROM g;
WITH g AS (
  INSERT INTO res_groups (name, category_id, share, api_key_duration)
  SELECT 'Administrator', res_id, FALSE, 0 FROM ir_model_data
  WHERE module = 'base' AND name = 'module_category_accounting_accounting' RETURNING id)
INSERT INTO ir_model_data (module, name, model, res_id)
  SELECT 'account', 'group_account_manager', 'res.groups', id FROM g;
WITH g AS (
  INSERT INTO res_groups (name, category_id, share, api_key_duration)
  SELECT 'User', res_id, FALSE, 0 FROM ir_model_data
  WHERE module = 'base' AND name = 'module_category_inventory_inventory' RETURNING id)
INSERT INTO ir_model_data (module, name, model, res_id)
  SELECT 'stock', 'group_stock_user', 'res.groups', id FROM g;
WITH g AS (
  INSERT INTO res_groups (name, category_id, share, api_key_duration)
  SELECT 'Administrator', res_id, FALSE, 0 FROM ir_model_data
  WHERE module = 'base' AND name = 'module_category_inventory_inventory' RETURNING id)
INSERT INTO ir_model_data (module, name, model, res_id)
  SELECT 'stock', 'group_stock_manager', 'res.groups', id FROM g;

-- Implications as in Odoo: each application's user group implies Internal User, and each
-- administrator implies the level below it.
INSERT INTO res_groups_implied_rel (gid, hid)
  SELECT g.res_id, h.res_id FROM ir_model_data g, ir_model_data h
  WHERE g.model = 'res.groups' AND h.model = 'res.groups' AND (
    (g.module = 'sales_team' AND g.name = 'group_sale_salesman'
       AND h.module = 'base' AND h.name = 'group_user') OR
    (g.module = 'sales_team' AND g.name = 'group_sale_salesman_all_leads'
       AND h.module = 'sales_team' AND h.name = 'group_sale_salesman') OR
    (g.module = 'sales_team' AND g.name = 'group_sale_manager'
       AND h.module = 'sales_team' AND h.name = 'group_sale_salesman_all_leads') OR
    (g.module = 'account' AND g.name = 'group_account_invoice'
       AND h.module = 'base' AND h.name = 'group_user') OR
    (g.module = 'account' AND g.name = 'group_account_manager'
       AND h.module = 'account' AND h.name = 'group_account_invoice') OR
    (g.module = 'stock' AND g.name = 'group_stock_user'
       AND h.module = 'base' AND h.name = 'group_user') OR
    (g.module = 'stock' AND g.name = 'group_stock_manager'
       AND h.module = 'stock' AND h.name = 'group_stock_user'));
