// ir_model, ir_model_data, ir_model_access, ir_rule and rule_group_rel (see access_rules.h).
#include "store/access_rules.h"

namespace keygate::store {

namespace {

SqlValue Flag(bool b) { return SqlValue(int64_t{b ? 1 : 0}); }

SqlValue OptionalId(const std::optional<int64_t>& id) {
  return id ? SqlValue(*id) : SqlValue(std::monostate{});
}

StatusOr<int64_t> ReturnedId(StatusOr<ResultSet> rows) {
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return InternalError("insert returned no id");
  return AsInt(rows->rows()[0][0]);
}

Permissions PermissionsAt(const std::vector<SqlValue>& row, size_t first) {
  Permissions p{};
  for (size_t i = 0; i < p.size(); ++i) p[i] = AsBool(row[first + i]);
  return p;
}

}  // namespace

StatusOr<int64_t> UpsertModel(SqlConnection& c, const std::string& model, const std::string& name) {
  KG_RETURN_IF_ERROR(c.Exec("INSERT INTO ir_model (model, name) VALUES (?, ?) "
                            "ON CONFLICT (model) DO UPDATE SET name = excluded.name",
                            {model, name})
                         .status());
  KG_ASSIGN_OR_RETURN(auto rows, c.Query("SELECT id FROM ir_model WHERE model = ?", {model}));
  if (rows.empty()) return InternalError("ir_model row not written");
  return AsInt(rows.rows()[0][0]);
}

StatusOr<std::optional<int64_t>> FindXmlId(SqlConnection& c, const std::string& module,
                                           const std::string& name, const std::string& model) {
  KG_ASSIGN_OR_RETURN(auto rows,
                      c.Query("SELECT res_id FROM ir_model_data WHERE module = ? AND name = ? "
                              "AND model = ?",
                              {module, name, model}));
  if (rows.empty()) return std::optional<int64_t>();
  return std::optional<int64_t>(AsInt(rows.rows()[0][0]));
}

Status SetXmlId(SqlConnection& c, const std::string& module, const std::string& name,
                const std::string& model, int64_t res_id) {
  return c
      .Exec(
          "INSERT INTO ir_model_data (module, name, model, res_id) VALUES (?, ?, ?, ?) "
          "ON CONFLICT (module, name) DO UPDATE SET model = excluded.model, "
          "res_id = excluded.res_id",
          {module, name, model, res_id})
      .status();
}

StatusOr<std::vector<XmlIdRow>> XmlIdsOf(SqlConnection& c, const std::string& module,
                                         const std::string& model) {
  KG_ASSIGN_OR_RETURN(auto rows,
                      c.Query("SELECT id, name, res_id FROM ir_model_data WHERE module = ? AND "
                              "model = ? ORDER BY id",
                              {module, model}));
  std::vector<XmlIdRow> out;
  out.reserve(rows.size());
  for (const auto& r : rows.rows()) out.push_back({AsInt(r[0]), AsText(r[1]), AsInt(r[2])});
  return out;
}

Status DeleteXmlId(SqlConnection& c, int64_t id) {
  return c.Exec("DELETE FROM ir_model_data WHERE id = ?", {id}).status();
}

StatusOr<bool> AccessRightExists(SqlConnection& c, int64_t id) {
  KG_ASSIGN_OR_RETURN(auto rows, c.Query("SELECT id FROM ir_model_access WHERE id = ?", {id}));
  return !rows.empty();
}

StatusOr<int64_t> InsertAccessRight(SqlConnection& c, const AccessRightValues& v) {
  return ReturnedId(
      c.Query("INSERT INTO ir_model_access (name, model_id, group_id, perm_read, perm_write, "
              "perm_create, perm_unlink) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
              {v.name, v.model_id, OptionalId(v.group_id), Flag(v.perm[0]), Flag(v.perm[1]),
               Flag(v.perm[2]), Flag(v.perm[3])}));
}

Status UpdateAccessRight(SqlConnection& c, int64_t id, const AccessRightValues& v) {
  return c
      .Exec(
          "UPDATE ir_model_access SET name = ?, model_id = ?, group_id = ?, perm_read = ?, "
          "perm_write = ?, perm_create = ?, perm_unlink = ? WHERE id = ?",
          {v.name, v.model_id, OptionalId(v.group_id), Flag(v.perm[0]), Flag(v.perm[1]),
           Flag(v.perm[2]), Flag(v.perm[3]), id})
      .status();
}

Status DeleteAccessRight(SqlConnection& c, int64_t id) {
  return c.Exec("DELETE FROM ir_model_access WHERE id = ?", {id}).status();
}

StatusOr<bool> RuleExists(SqlConnection& c, int64_t id) {
  KG_ASSIGN_OR_RETURN(auto rows, c.Query("SELECT id FROM ir_rule WHERE id = ?", {id}));
  return !rows.empty();
}

StatusOr<int64_t> InsertRule(SqlConnection& c, const RuleValues& v) {
  return ReturnedId(c.Query(
      "INSERT INTO ir_rule (name, model_id, domain_force, perm_read, perm_write, perm_create, "
      "perm_unlink) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
      {v.name, v.model_id, v.domain_force, Flag(v.perm[0]), Flag(v.perm[1]), Flag(v.perm[2]),
       Flag(v.perm[3])}));
}

Status UpdateRule(SqlConnection& c, int64_t id, const RuleValues& v) {
  return c
      .Exec(
          "UPDATE ir_rule SET name = ?, model_id = ?, domain_force = ?, perm_read = ?, "
          "perm_write = ?, perm_create = ?, perm_unlink = ? WHERE id = ?",
          {v.name, v.model_id, v.domain_force, Flag(v.perm[0]), Flag(v.perm[1]), Flag(v.perm[2]),
           Flag(v.perm[3]), id})
      .status();
}

Status SetRuleGroups(SqlConnection& c, int64_t rule_id, const std::vector<int64_t>& group_ids) {
  KG_RETURN_IF_ERROR(
      c.Exec("DELETE FROM rule_group_rel WHERE rule_group_id = ?", {rule_id}).status());
  for (int64_t g : group_ids) {
    KG_RETURN_IF_ERROR(
        c.Exec("INSERT INTO rule_group_rel (rule_group_id, group_id) VALUES (?, ?)", {rule_id, g})
            .status());
  }
  return Status::Ok();
}

Status DeleteRule(SqlConnection& c, int64_t id) {
  return c.Exec("DELETE FROM ir_rule WHERE id = ?", {id}).status();
}

StatusOr<std::vector<AccessRightRow>> ActiveAccessRightsOf(SqlConnection& c,
                                                           const std::string& model) {
  KG_ASSIGN_OR_RETURN(
      auto rows,
      c.Query("SELECT a.id, a.name, a.group_id, a.perm_read, a.perm_write, a.perm_create, "
              "a.perm_unlink, c.name, g.name, d.module, d.name "
              "FROM ir_model_access a JOIN ir_model m ON m.id = a.model_id "
              "LEFT JOIN res_groups g ON g.id = a.group_id "
              "LEFT JOIN ir_module_category c ON c.id = g.category_id "
              "LEFT JOIN ir_model_data d ON d.model = 'ir.model.access' AND d.res_id = a.id "
              "WHERE m.model = ? AND a.active != 0 "
              "ORDER BY c.name IS NULL, c.name, g.name, a.id",
              {model}));
  std::vector<AccessRightRow> out;
  out.reserve(rows.size());
  for (const auto& r : rows.rows()) {
    AccessRightRow a;
    a.id = AsInt(r[0]);
    a.name = AsText(r[1]);
    if (!IsNull(r[2])) a.group_id = AsInt(r[2]);
    a.perm = PermissionsAt(r, 3);
    a.group_category = AsOptionalText(r[7]);
    a.group_name = AsText(r[8]);
    if (!IsNull(r[9])) a.xml_id = AsText(r[9]) + "." + AsText(r[10]);
    out.push_back(std::move(a));
  }
  return out;
}

StatusOr<std::vector<RuleRow>> ActiveRulesOf(SqlConnection& c, const std::string& model) {
  KG_ASSIGN_OR_RETURN(
      auto rows,
      c.Query("SELECT r.id, r.name, r.domain_force, r.perm_read, r.perm_write, r.perm_create, "
              "r.perm_unlink, rg.group_id FROM ir_rule r JOIN ir_model m ON m.id = r.model_id "
              "LEFT JOIN rule_group_rel rg ON rg.rule_group_id = r.id "
              "WHERE m.model = ? AND r.active != 0 ORDER BY r.id, rg.group_id",
              {model}));
  std::vector<RuleRow> out;
  for (const auto& r : rows.rows()) {
    const int64_t id = AsInt(r[0]);
    if (out.empty() || out.back().id != id) {
      RuleRow rule;
      rule.id = id;
      rule.name = AsText(r[1]);
      rule.domain_force = AsText(r[2]);
      rule.perm = PermissionsAt(r, 3);
      out.push_back(std::move(rule));
    }
    if (!IsNull(r[7])) out.back().group_ids.push_back(AsInt(r[7]));
  }
  return out;
}

}  // namespace keygate::store
