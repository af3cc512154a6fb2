-- Business models served through the `object` service; mirrors
-- migrations/sqlite/0003_business_models.sql (types as explained in 0001_core.sql).

-- res.groups' full name ("Category / Name"), kept up to date by triggers so that it can be
-- searched, sorted and read like any stored column (Odoo computes it on the fly).
ALTER TABLE res_groups ADD COLUMN full_name TEXT;
UPDATE res_groups SET full_name = CASE
  WHEN category_id IS NULL THEN name
  ELSE (SELECT c.name FROM ir_module_category c WHERE c.id = res_groups.category_id) || ' / ' || name
END;
CREATE FUNCTION keygate_groups_full_name() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.full_name := CASE
    WHEN NEW.category_id IS NULL THEN NEW.name
    ELSE COALESCE((SELECT c.name FROM ir_module_category c WHERE c.id = NEW.category_id) || ' / ',
                  '') || NEW.name
  END;
  RETURN NEW;
END;
$$;
CREATE TRIGGER keygate_groups_full_name_insert BEFORE INSERT ON res_groups
  FOR EACH ROW EXECUTE FUNCTION keygate_groups_full_name();
CREATE TRIGGER keygate_groups_full_name_update BEFORE UPDATE OF name, category_id ON res_groups
  FOR EACH ROW EXECUTE FUNCTION keygate_groups_full_name();
CREATE FUNCTION keygate_category_name_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE res_groups SET full_name = NEW.name || ' / ' || name WHERE category_id = NEW.id;
  RETURN NULL;
END;
$$;
CREATE TRIGGER keygate_category_name_update AFTER UPDATE OF name ON ir_module_category
  FOR EACH ROW EXECUTE FUNCTION keygate_category_name_update();

-- Odoo's ir_sequence, reduced to what record names need: one counter per model.
CREATE TABLE ir_sequence (
  id SERIAL PRIMARY KEY,
  name TEXT NOT NULL,
  code TEXT NOT NULL UNIQUE,
  prefix TEXT,
  padding INTEGER NOT NULL DEFAULT 5,
  number_next BIGINT NOT NULL DEFAULT 1
);

CREATE TABLE product_product (
  id SERIAL PRIMARY KEY,
  name TEXT NOT NULL,
  default_code TEXT,
  barcode TEXT UNIQUE,
  list_price DOUBLE PRECISION,
  standard_price DOUBLE PRECISION,
  type TEXT NOT NULL DEFAULT 'consu',
  active BOOLEAN NOT NULL DEFAULT TRUE,
  company_id INTEGER REFERENCES res_company(id) ON DELETE SET NULL,
  create_uid INTEGER,
  write_uid INTEGER,
  create_date TEXT NOT NULL DEFAULT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS'),
  write_date TEXT NOT NULL DEFAULT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS')
);
CREATE INDEX product_product_default_code_index ON product_product(default_code);

CREATE TABLE sale_order (
  id SERIAL PRIMARY KEY,
  name TEXT NOT NULL,
  partner_id INTEGER NOT NULL REFERENCES res_partner(id),
  date_order TEXT NOT NULL,
  state TEXT DEFAULT 'draft',
  user_id INTEGER REFERENCES res_users(id) ON DELETE SET NULL,
  company_id INTEGER NOT NULL REFERENCES res_company(id),
  client_order_ref TEXT,
  note TEXT,
  amount_untaxed DOUBLE PRECISION,
  amount_tax DOUBLE PRECISION,
  amount_total DOUBLE PRECISION,
  create_uid INTEGER,
  write_uid INTEGER,
  create_date TEXT NOT NULL DEFAULT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS'),
  write_date TEXT NOT NULL DEFAULT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS')
);
CREATE INDEX sale_order_partner_id_index ON sale_order(partner_id);
CREATE INDEX sale_order_user_id_index ON sale_order(user_id);
CREATE INDEX sale_order_date_order_id_idx ON sale_order(date_order DESC, id DESC);

CREATE TABLE sale_order_line (
  id SERIAL PRIMARY KEY,
  order_id INTEGER NOT NULL REFERENCES sale_order(id) ON DELETE CASCADE,
  sequence INTEGER DEFAULT 10,
  product_id INTEGER REFERENCES product_product(id),
  name TEXT,
  product_uom_qty DOUBLE PRECISION,
  price_unit DOUBLE PRECISION,
  price_subtotal DOUBLE PRECISION,
  create_uid INTEGER,
  write_uid INTEGER,
  create_date TEXT NOT NULL DEFAULT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS'),
  write_date TEXT NOT NULL DEFAULT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS')
);
CREATE INDEX sale_order_line_order_id_index ON sale_order_line(order_id);

CREATE TABLE account_move (
  id SERIAL PRIMARY KEY,
  name TEXT,
  ref TEXT,
  move_type TEXT NOT NULL DEFAULT 'entry',
  state TEXT NOT NULL DEFAULT 'draft',
  partner_id INTEGER REFERENCES res_partner(id),
  invoice_date TEXT,
  invoice_origin TEXT,
  amount_total DOUBLE PRECISION,
  company_id INTEGER NOT NULL REFERENCES res_company(id),
  create_uid INTEGER,
  write_uid INTEGER,
  create_date TEXT NOT NULL DEFAULT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS'),
  write_date TEXT NOT NULL DEFAULT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS')
);
CREATE INDEX account_move_partner_id_index ON account_move(partner_id);

CREATE TABLE stock_picking (
  id SERIAL PRIMARY KEY,
  name TEXT,
  origin TEXT,
  partner_id INTEGER REFERENCES res_partner(id),
  state TEXT DEFAULT 'draft',
  scheduled_date TEXT NOT NULL,
  picking_type_code TEXT,
  company_id INTEGER REFERENCES res_company(id),
  user_id INTEGER REFERENCES res_users(id) ON DELETE SET NULL,
  create_uid INTEGER,
  write_uid INTEGER,
  create_date TEXT NOT NULL DEFAULT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS'),
  write_date TEXT NOT NULL DEFAULT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS')
);
CREATE INDEX stock_picking_partner_id_index ON stock_picking(partner_id);
