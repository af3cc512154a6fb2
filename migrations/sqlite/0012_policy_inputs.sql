-- The access policy each serving thread keeps in memory (src/models/policy_cache.h) also stands
-- for the record-rule variables of each user: their partner, their company and the companies they
-- may use. A change of any of them bumps the auth generation, so the very next call sees it.
CREATE TRIGGER keygate_gen_users_company_update AFTER UPDATE OF partner_id, company_id
  ON res_users BEGIN UPDATE keygate_auth_generation SET value = value + 1 WHERE id = 1; END;
CREATE TRIGGER keygate_gen_company_users_insert AFTER INSERT ON res_company_users_rel
  BEGIN UPDATE keygate_auth_generation SET value = value + 1 WHERE id = 1; END;
CREATE TRIGGER keygate_gen_company_users_delete AFTER DELETE ON res_company_users_rel
  BEGIN UPDATE keygate_auth_generation SET value = value + 1 WHERE id = 1; END;
