-- Authorization with Odoo 18's tables: the models known to access control (ir_model), access
-- rights per model and group (ir_model_access), record rules (ir_rule with rule_group_rel), and
-- the application groups Odoo users know (Sales, Accounting, Inventory) with Odoo's external ids
-- and implications. The rows of ir_model, ir_model_access and ir_rule come from the model
-- registry and schema/access/*.csv, loaded by models/access_data.cc (keyed by ir_model_data).

CREATE TABLE ir_model (
  id INTEGER PRIMARY KEY,
  model TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  create_date TEXT NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%S','now')),
  write_date TEXT NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%S','now'))
);

-- group_id NULL: the row applies to everybody.
CREATE TABLE ir_model_access (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  model_id INTEGER NOT NULL REFERENCES ir_model(id) ON DELETE CASCADE,
  group_id INTEGER REFERENCES res_groups(id) ON DELETE CASCADE,
  perm_read INTEGER NOT NULL DEFAULT 0,
  perm_write INTEGER NOT NULL DEFAULT 0,
  perm_create INTEGER NOT NULL DEFAULT 0,
  perm_unlink INTEGER NOT NULL DEFAULT 0,
  active INTEGER NOT NULL DEFAULT 1,
  create_date TEXT NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%S','now')),
  write_date TEXT NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%S','now'))
);
CREATE INDEX ir_model_access_model_id_idx ON ir_model_access(model_id);
CREATE INDEX ir_model_access_group_id_idx ON ir_model_access(group_id);

-- "global" is Odoo's computed field: true when the rule has no group (kept by the triggers
-- on rule_group_rel below).
CREATE TABLE ir_rule (
  id INTEGER PRIMARY KEY,
  name TEXT,
  model_id INTEGER NOT NULL REFERENCES ir_model(id) ON DELETE CASCADE,
  domain_force TEXT,
  perm_read INTEGER NOT NULL DEFAULT 1,
  perm_write INTEGER NOT NULL DEFAULT 1,
  perm_create INTEGER NOT NULL DEFAULT 1,
  perm_unlink INTEGER NOT NULL DEFAULT 1,
  active INTEGER NOT NULL DEFAULT 1,
  "global" INTEGER NOT NULL DEFAULT 1,
  create_date TEXT NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%S','now')),
  write_date TEXT NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%S','now')),
  CHECK (perm_read != 0 OR perm_write != 0 OR perm_create != 0 OR perm_unlink != 0)
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

CREATE TRIGGER ir_rule_global_insert AFTER INSERT ON rule_group_rel
  BEGIN UPDATE ir_rule SET "global" = 0 WHERE id = NEW.rule_group_id; END;
CREATE TRIGGER ir_rule_global_delete AFTER DELETE ON rule_group_rel
  BEGIN
    UPDATE ir_rule SET "global" = NOT EXISTS (
      SELECT 1 FROM rule_group_rel WHERE rule_group_id = OLD.rule_group_id)
    WHERE id = OLD.rule_group_id;
  END;

-- Access rights and record rules are part of what a cached grant stands for: any change
-- bumps the auth generation, so the next call of every client sees it.
CREATE TRIGGER keygate_gen_access_insert AFTER INSERT ON ir_model_access
  BEGIN UPDATE keygate_auth_generation SET value = value + 1 WHERE id = 1; END;
CREATE TRIGGER keygate_gen_access_update AFTER UPDATE ON ir_model_access
  BEGIN UPDATE keygate_auth_generation SET value = value + 1 WHERE id = 1; END;
CREATE TRIGGER keygate_gen_access_delete AFTER DELETE ON ir_model_access
  BEGIN UPDATE keygate_auth_generation SET value = value + 1 WHERE id = 1; END;
CREATE TRIGGER keygate_gen_rule_insert AFTER INSERT ON ir_rule
  BEGIN UPDATE keygate_auth_generation SET value = value + 1 WHERE id = 1; END;
CREATE TRIGGER keygate_gen_rule_update AFTER UPDATE ON ir_rule
  BEGIN UPDATE keygate_auth_generation SET value = value + 1 WHERE id = 1; END;
CREATE TRIGGER keygate_gen_rule_delete AFTER DELETE ON ir_rule
  BEGIN UPDATE keygate_auth_generation SET value = value + 1 WHERE id = 1; END;
CREATE TRIGGER keygate_gen_rule_groups_insert AFTER INSERT ON rule_group_rel
  BEGIN UPDATE keygate_auth_generation SET value = value + 1 WHERE id = 1; END;
CREATE TRIGGER keygate_gen_rule_groups_delete AFTER DELETE ON rule_group_rel
  BEGIN UPDATE keygate_auth_generation SET value = value + 1 WHERE id = 1; END;

-- Application categories, with Odoo's external ids.
INSERT INTO ir_module_category (name, sequence) VALUES ('Sales', 5);
INSERT INTO ir_model_data (module, name, model, res_id)
  VALUES ('base', 'module_category_sales_sales', 'ir.module.category', last_insert_rowid());
INSERT INTO ir_module_category (name, sequence) VALUES ('Accounting', 15);
INSERT INTO ir_model_data (module, name, model, res_id)
  VALUES ('base', 'module_category_accounting_accounting', 'ir.module.category',
          last_insert_rowid());
INSERT INTO ir_module_category (name, sequence) VALUES ('Inventory', 25);
INSERT INTO ir_model_data (module, name, model, res_id)
  VALUES ('base', 'module_category_inventory_inventory', 'ir.module.category',
          last_insert_rowid());
INSERT INTO ir_model_data (module, name, model, res_id)
  VALUES ('base', 'module_category_user_type', 'ir.module.category', 1),
         ('base', 'module_category_administration_administration', 'ir.module.category', 2);

-- Application groups (Odoo 18's names and external ids).
INSERT INTO res_groups (name, category_id, share, api_key_duration)
  SELECT 'User: Own Documents Only', res_id, 0, 0 FROM ir_model_data
  WHERE module = 'base' AND name = 'module_category_sales_sales';
INSERT INTO ir_model_data (module, name, model, res_id)
  VALUES ('sales_team', 'group_sale_salesman', 'res.groups', last_insert_rowid());
INSERT INTO res_groups (name, category_id, share, api_key_duration)
  SELECT 'User: All Documents', res_id, 0, 0 FROM ir_model_data
  WHERE module = 'base' AND name = 'module_category_sales_sales';
INSERT INTO ir_model_data (module, name, model, res_id)
  VALUES ('sales_team', 'group_sale_salesman_all_leads', 'res.groups', last_insert_rowid());
INSERT INTO res_groups (name, category_id, share, api_key_duration)
  SELECT 'Administrator', res_id, 0, 0 FROM ir_model_data
  WHERE module = 'base' AND name = 'module_category_sales_sales';
INSERT INTO ir_model_data (module, name, model, res_id)
  VALUES ('sales_team', 'group_sale_manager', 'res.groups', last_insert_rowid());
INSERT INTO res_groups (name, category_id, share, api_key_duration)
  SELECT 'Invoicing', res_id, 0, 0 FROM ir_model_data
  WHERE module = 'base' AND name = 'module_category_accounting_accounting';
INSERT INTO ir_model_data (module, name, model, res_id)
  VALUES ('account', 'group_account_invoice', 'res.groups', last_insert_rowid());
INSERT INTO res_groups (name, category_id, share, api_key_duration)
  SELECT 'Administrator', res_id, 0, 0 FROM ir_model_data
  WHERE module = 'base' AND name = 'module_category_accounting_accounting';
INSERT INTO ir_model_data (module, name, model, res_id)
  VALUES ('account', 'group_account_manager', 'res.groups', last_insert_rowid());
INSERT INTO res_groups (name, category_id, share, api_key_duration)
  SELECT 'User', res_id, 0, 0 FROM ir_model_data
  WHERE module = 'base' AND name = 'module_category_inventory_inventory';
INSERT INTO ir_model_data (module, name, model, res_id)
  VALUES ('stock', 'group_stock_user', 'res.groups', last_insert_rowid());
INSERT INTO res_groups (name, category_id, share, api_key_duration)
  SELECT 'Administrator', res_id, 0, 0 FROM ir_model_data
  WHERE module = 'base' AND name = 'module_category_inventory_inventory';
INSERT INTO ir_model_data (module, name, model, res_id)
  VALUES ('stock', 'group_stock_manager', 'res.groups', last_insert_rowid());

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
