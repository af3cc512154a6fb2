// Parsing of the shipped access CSVs and their idempotent loading into ir_model,
// ir_model_access, ir_rule and rule_group_rel.
#include "models/access_data.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <map>
#include <mutex>
#include <set>

#include "common/embedded.h"
#include "common/log.h"
#include "models/py_literal.h"
#include "store/access_rules.h"
#include "store/repositories.h"

namespace keygate {
const std::vector<EmbeddedFile>& EmbeddedAccessFiles();
}  // namespace keygate

namespace keygate::models {

namespace {

constexpr const char* kModule = "keygate";  // module of the external ids the CSVs define
constexpr const char* kFingerprintKey = "keygate.access_data_fingerprint";
constexpr const char* kLoaderVersion = "access-data-loader-1";

// "module.name" -> (module, name); a bare name belongs to `default_module`.
std::pair<std::string, std::string> SplitXmlId(const std::string& ref,
                                               const std::string& default_module) {
  size_t dot = ref.find('.');
  if (dot == std::string::npos) return {default_module, ref};
  return {ref.substr(0, dot), ref.substr(dot + 1)};
}

StatusOr<bool> ParseFlag(const std::string& v, const std::string& where) {
  if (v == "1" || v == "True" || v == "true") return true;
  if (v == "0" || v == "False" || v == "false" || v.empty()) return false;
  return ValidationError(where + ": '" + v + "' is not a permission flag (0 or 1)");
}

Status CheckHeader(const std::vector<std::string>& got, const std::vector<std::string>& want,
                   const std::string& file) {
  if (got != want) {
    std::string w;
    for (const auto& c : want) w += (w.empty() ? "" : ",") + c;
    return ValidationError(file + ": the header must be " + w);
  }
  return Status::Ok();
}

// FNV-1a, 64 bits: stable across builds and platforms, enough to notice a change.
void Mix(uint64_t& h, std::string_view s) {
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  h ^= 0xff;
  h *= 1099511628211ULL;
}

std::string Fingerprint(const Registry& registry) {
  uint64_t h = 1469598103934665603ULL;
  Mix(h, kLoaderVersion);
  for (const auto& f : EmbeddedAccessFiles()) {
    Mix(h, f.name);
    Mix(h, f.content);
  }
  for (const auto& name : registry.ModelNames()) {
    Mix(h, name);
    Mix(h, registry.Find(name)->description);
  }
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

// Whether the external id names an existing row of its table, and which.
using RowExists = StatusOr<bool> (*)(store::SqlConnection&, int64_t);
StatusOr<std::optional<int64_t>> ExistingRow(store::SqlConnection& c, RowExists exists,
                                             const std::string& module, const std::string& name,
                                             const std::string& model) {
  KG_ASSIGN_OR_RETURN(auto id, store::FindXmlId(c, module, name, model));
  if (!id) return id;
  KG_ASSIGN_OR_RETURN(bool found, exists(c, *id));
  if (!found) return std::optional<int64_t>();
  return id;
}

// Deletes the rows loaded from an earlier version of the CSV whose ids are gone.
using RowDelete = Status (*)(store::SqlConnection&, int64_t);
Status DeleteStale(store::SqlConnection& c, RowDelete remove, const std::string& model,
                   const std::set<std::string>& kept) {
  KG_ASSIGN_OR_RETURN(auto ids, store::XmlIdsOf(c, kModule, model));
  for (const store::XmlIdRow& x : ids) {
    if (kept.count(x.name)) continue;
    KG_RETURN_IF_ERROR(remove(c, x.res_id));
    KG_RETURN_IF_ERROR(store::DeleteXmlId(c, x.id));
  }
  return Status::Ok();
}

StatusOr<std::optional<int64_t>> GroupId(store::SqlConnection& c, const std::string& ref) {
  auto [module, name] = SplitXmlId(ref, kModule);
  return store::FindXmlId(c, module, name, "res.groups");
}

}  // namespace

StatusOr<std::vector<std::vector<std::string>>> ParseCsv(std::string_view text) {
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> row;
  std::string field;
  bool quoted = false, field_started = false;
  size_t i = 0;
  auto end_field = [&] {
    row.push_back(std::move(field));
    field.clear();
    field_started = false;
  };
  auto end_row = [&] {
    end_field();
    if (!(row.size() == 1 && row[0].empty())) rows.push_back(std::move(row));
    row.clear();
  };
  while (i < text.size()) {
    char c = text[i];
    if (quoted) {
      if (c == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') {
          field.push_back('"');
          i += 2;
          continue;
        }
        quoted = false;
      } else {
        field.push_back(c);
      }
      ++i;
      continue;
    }
    if (c == '"' && !field_started) {
      quoted = true;
      field_started = true;
    } else if (c == ',') {
      end_field();
    } else if (c == '\r') {
      // CRLF line ends: the '\n' ends the row.
    } else if (c == '\n') {
      end_row();
    } else {
      field.push_back(c);
      field_started = true;
    }
    ++i;
  }
  if (quoted) return ValidationError("unterminated quoted field");
  if (field_started || !row.empty()) end_row();
  return rows;
}

StatusOr<AccessData> ParseAccessData(std::string_view access_csv, std::string_view rules_csv) {
  AccessData data;
  const std::string kAccessFile = "ir.model.access.csv";
  const std::string kRuleFile = "ir_rule.csv";
  auto access_rows = ParseCsv(access_csv);
  if (!access_rows.ok()) {
    return ValidationError(kAccessFile + ": " + access_rows.status().message());
  }
  if (access_rows->empty()) return ValidationError(kAccessFile + ": no header");
  KG_RETURN_IF_ERROR(CheckHeader((*access_rows)[0],
                                 {"id", "name", "model_id:id", "group_id:id", "perm_read",
                                  "perm_write", "perm_create", "perm_unlink"},
                                 kAccessFile));
  for (size_t i = 1; i < access_rows->size(); ++i) {
    const auto& r = (*access_rows)[i];
    std::string where = kAccessFile + " line " + std::to_string(i + 1);
    if (r.size() != 8) return ValidationError(where + ": expected 8 columns");
    if (r[0].empty() || r[2].empty())
      return ValidationError(where + ": id and model_id:id are required");
    AccessRow a;
    a.id = r[0];
    a.name = r[1];
    a.model_ref = r[2];
    a.group_ref = r[3];
    KG_ASSIGN_OR_RETURN(a.perm_read, ParseFlag(r[4], where));
    KG_ASSIGN_OR_RETURN(a.perm_write, ParseFlag(r[5], where));
    KG_ASSIGN_OR_RETURN(a.perm_create, ParseFlag(r[6], where));
    KG_ASSIGN_OR_RETURN(a.perm_unlink, ParseFlag(r[7], where));
    data.access.push_back(std::move(a));
  }
  auto rule_rows = ParseCsv(rules_csv);
  if (!rule_rows.ok()) return ValidationError(kRuleFile + ": " + rule_rows.status().message());
  if (rule_rows->empty()) return ValidationError(kRuleFile + ": no header");
  KG_RETURN_IF_ERROR(CheckHeader((*rule_rows)[0],
                                 {"id", "name", "model_id:id", "groups", "domain_force",
                                  "perm_read", "perm_write", "perm_create", "perm_unlink"},
                                 kRuleFile));
  for (size_t i = 1; i < rule_rows->size(); ++i) {
    const auto& r = (*rule_rows)[i];
    std::string where = kRuleFile + " line " + std::to_string(i + 1);
    if (r.size() != 9) return ValidationError(where + ": expected 9 columns");
    if (r[0].empty() || r[2].empty())
      return ValidationError(where + ": id and model_id:id are required");
    RuleRow rule;
    rule.id = r[0];
    rule.name = r[1];
    rule.model_ref = r[2];
    size_t start = 0;
    const std::string& groups = r[3];
    while (start < groups.size()) {
      size_t sp = groups.find(' ', start);
      if (sp == std::string::npos) sp = groups.size();
      if (sp > start) rule.group_refs.push_back(groups.substr(start, sp - start));
      start = sp + 1;
    }
    rule.domain_force = r[4];
    KG_ASSIGN_OR_RETURN(rule.perm_read, ParseFlag(r[5], where));
    KG_ASSIGN_OR_RETURN(rule.perm_write, ParseFlag(r[6], where));
    KG_ASSIGN_OR_RETURN(rule.perm_create, ParseFlag(r[7], where));
    KG_ASSIGN_OR_RETURN(rule.perm_unlink, ParseFlag(r[8], where));
    if (!(rule.perm_read || rule.perm_write || rule.perm_create || rule.perm_unlink)) {
      return ValidationError(where + ": Rule must have at least one checked access right!");
    }
    // The domain must parse with the names a rule may use (values do not matter here).
    auto parsed = ParsePyLiteral(rule.domain_force.empty() ? "[]" : rule.domain_force,
                                 RuleEvalNames(1, 1, 1, {1}));
    if (!parsed.ok()) return ValidationError(where + ": " + parsed.status().message());
    data.rules.push_back(std::move(rule));
  }
  return data;
}

StatusOr<AccessData> EmbeddedAccessData() {
  std::string_view access, rules;
  for (const auto& f : EmbeddedAccessFiles()) {
    if (f.name == "ir.model.access.csv") access = f.content;
    if (f.name == "ir_rule.csv") rules = f.content;
  }
  return ParseAccessData(access, rules);
}

std::string ModelXmlName(std::string_view model) {
  std::string out = "model_";
  for (char ch : model) out.push_back(ch == '.' ? '_' : ch);
  return out;
}

Status LoadAccessData(store::SqlConnection& c, const Registry& registry, const AccessData& data) {
  // ir_model: one row per declared model, named by its description.
  std::map<std::string, int64_t> model_ids;  // xml name ("model_sale_order") -> ir_model id
  for (const auto& name : registry.ModelNames()) {
    const ModelDef* m = registry.Find(name);
    KG_ASSIGN_OR_RETURN(
        int64_t id, store::UpsertModel(c, name, m->description.empty() ? name : m->description));
    model_ids[ModelXmlName(name)] = id;
    KG_RETURN_IF_ERROR(store::SetXmlId(c, "base", ModelXmlName(name), "ir.model", id));
  }
  auto model_id = [&](const std::string& ref) -> std::optional<int64_t> {
    std::string name = SplitXmlId(ref, kModule).second;
    auto it = model_ids.find(name);
    if (it == model_ids.end()) return std::nullopt;
    return it->second;
  };

  std::set<std::string> kept;
  for (const auto& a : data.access) {
    auto mid = model_id(a.model_ref);
    if (!mid) {
      Log(LogLevel::kError, "access",
          "ir.model.access.csv: " + a.id + " names unknown model " + a.model_ref + "; skipped");
      continue;
    }
    std::optional<int64_t> gid;
    if (!a.group_ref.empty()) {
      KG_ASSIGN_OR_RETURN(gid, GroupId(c, a.group_ref));
      if (!gid) {
        Log(LogLevel::kInfo, "access",
            "ir.model.access.csv: " + a.id + " names group " + a.group_ref +
                ", which this database does not have; skipped");
        continue;
      }
    }
    auto [module, name] = SplitXmlId(a.id, kModule);
    const store::AccessRightValues values{
        a.name, *mid, gid, {a.perm_read, a.perm_write, a.perm_create, a.perm_unlink}};
    KG_ASSIGN_OR_RETURN(auto existing,
                        ExistingRow(c, store::AccessRightExists, module, name, "ir.model.access"));
    int64_t id = 0;
    if (existing) {
      id = *existing;
      KG_RETURN_IF_ERROR(store::UpdateAccessRight(c, id, values));
    } else {
      KG_ASSIGN_OR_RETURN(id, store::InsertAccessRight(c, values));
    }
    KG_RETURN_IF_ERROR(store::SetXmlId(c, module, name, "ir.model.access", id));
    if (module == kModule) kept.insert(name);
  }
  KG_RETURN_IF_ERROR(DeleteStale(c, store::DeleteAccessRight, "ir.model.access", kept));

  kept.clear();
  for (const auto& rule : data.rules) {
    auto mid = model_id(rule.model_ref);
    if (!mid) {
      Log(LogLevel::kError, "access",
          "ir_rule.csv: " + rule.id + " names unknown model " + rule.model_ref + "; skipped");
      continue;
    }
    // A group that is gone (`keygate group delete`) has no members, so the rule no longer applies
    // to it; a group rule left without any group applies to nobody and is not loaded. It never
    // becomes a global rule, which would apply to everybody.
    std::vector<int64_t> gids;
    for (const auto& ref : rule.group_refs) {
      KG_ASSIGN_OR_RETURN(auto g, GroupId(c, ref));
      if (g) gids.push_back(*g);
    }
    if (!rule.group_refs.empty() && gids.empty()) {
      Log(LogLevel::kInfo, "access",
          "ir_rule.csv: " + rule.id + " names only groups this database does not have; skipped");
      continue;
    }
    auto [module, name] = SplitXmlId(rule.id, kModule);
    const store::RuleValues values{
        rule.name,
        *mid,
        rule.domain_force,
        {rule.perm_read, rule.perm_write, rule.perm_create, rule.perm_unlink}};
    KG_ASSIGN_OR_RETURN(auto existing, ExistingRow(c, store::RuleExists, module, name, "ir.rule"));
    int64_t id = 0;
    if (existing) {
      id = *existing;
      KG_RETURN_IF_ERROR(store::UpdateRule(c, id, values));
    } else {
      KG_ASSIGN_OR_RETURN(id, store::InsertRule(c, values));
    }
    KG_RETURN_IF_ERROR(store::SetRuleGroups(c, id, gids));
    KG_RETURN_IF_ERROR(store::SetXmlId(c, module, name, "ir.rule", id));
    if (module == kModule) kept.insert(name);
  }
  return DeleteStale(c, store::DeleteRule, "ir.rule", kept);
}

Status EnsureAccessData(store::SqlConnection& c, const Registry& registry) {
  // An attached Odoo database has Odoo's own access rights and rules.
  KG_ASSIGN_OR_RETURN(bool attached, store::IsAttachedOdooDatabase(c));
  if (attached) return Status::Ok();
  const std::string fingerprint = Fingerprint(registry);
  store::ConfigParameters params(c);
  auto current = [&]() -> StatusOr<bool> {
    KG_ASSIGN_OR_RETURN(auto recorded, params.Get(kFingerprintKey));
    return recorded == fingerprint;
  };
  KG_ASSIGN_OR_RETURN(bool up_to_date, current());
  if (up_to_date) return Status::Ok();
  KG_ASSIGN_OR_RETURN(AccessData data, EmbeddedAccessData());
  store::Transaction tx(c);
  KG_RETURN_IF_ERROR(tx.Begin());
  // Another process may have loaded it while this one waited for the write lock.
  KG_ASSIGN_OR_RETURN(up_to_date, current());
  if (up_to_date) return Status::Ok();
  KG_RETURN_IF_ERROR(LoadAccessData(c, registry, data));
  KG_RETURN_IF_ERROR(params.Set(kFingerprintKey, fingerprint));
  KG_RETURN_IF_ERROR(tx.Commit());
  Log(LogLevel::kInfo, "access",
      "loaded the access rules and record rules (" + std::to_string(data.access.size()) +
          " access rights, " + std::to_string(data.rules.size()) + " rules)");
  return Status::Ok();
}

Status EnsureAccessDataOnce(const std::shared_ptr<store::Database>& db, store::SqlConnection& c,
                            const Registry& registry) {
  static std::mutex mu;
  static std::vector<std::weak_ptr<store::Database>> done;  // guarded by mu
  auto same = [&](const std::weak_ptr<store::Database>& w) {
    return !w.expired() && !w.owner_before(db) && !db.owner_before(w);
  };
  {
    std::lock_guard<std::mutex> lock(mu);
    done.erase(std::remove_if(done.begin(), done.end(), [](const auto& w) { return w.expired(); }),
               done.end());
    if (std::any_of(done.begin(), done.end(), same)) return Status::Ok();
  }
  KG_RETURN_IF_ERROR(EnsureAccessData(c, registry));
  std::lock_guard<std::mutex> lock(mu);
  if (!std::any_of(done.begin(), done.end(), same)) done.push_back(db);
  return Status::Ok();
}

}  // namespace keygate::models
