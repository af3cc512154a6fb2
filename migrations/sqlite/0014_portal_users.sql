-- Portal users as Odoo 18 has them. Their access rights and record rules are data
-- (schema/access/); what they need in the tables is here:
-- Odoo's res.partner.company_name: the company a contact without a parent company says it works
-- for ("YourCompany, Joel Willis"); its commercial partner stays the contact itself.
ALTER TABLE res_partner ADD COLUMN company_name TEXT;
-- res.users.share as Odoo computes it: every user who is not an internal user (base.group_user,
-- directly or by implication) is a portal or public user. Users made before were all stored as
-- internal ones.
UPDATE res_users SET share = CASE WHEN id IN (
    WITH RECURSIVE eff(uid, gid) AS (
      SELECT uid, gid FROM res_groups_users_rel
      UNION SELECT eff.uid, r.hid FROM res_groups_implied_rel r JOIN eff ON r.gid = eff.gid)
    SELECT eff.uid FROM eff JOIN ir_model_data d ON d.res_id = eff.gid AND d.model = 'res.groups'
    WHERE d.module = 'base' AND d.name = 'group_user')
  THEN 0 ELSE 1 END;
