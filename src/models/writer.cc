// RecordWriter: create/write/unlink over declared models.
#include "models/writer.h"

#include <algorithm>
#include <optional>
#include <set>
#include <utility>

#include "models/contact_names.h"
#include "models/domain.h"
#include "models/field_values.h"
#include "models/operation_check.h"
#include "models/py_repr.h"
#include "models/search.h"
#include "models/sql_builder.h"
#include "models/user_types.h"
#include "store/group_members.h"

namespace keygate::models {
namespace {

// Bounds the nesting of x2many commands and of cascades, whatever a request or a schema holds.
constexpr int kMaxDepth = 8;
constexpr size_t kChunk = 500;

std::string RecordsRepr(const ModelDef& model, const std::vector<int64_t>& ids) {
  std::string out = model.name + "(";
  for (size_t i = 0; i < ids.size(); ++i) {
    if (i) out += ", ";
    out += std::to_string(ids[i]);
  }
  return out + (ids.size() == 1 ? ",)" : ")");
}

std::vector<int64_t> Unique(const std::vector<int64_t>& ids) {
  std::set<int64_t> s(ids.begin(), ids.end());
  return {s.begin(), s.end()};
}

// Runs `sql_prefix IN (...) sql_suffix` over `ids` in chunks; `before` are parameters that come
// before the id list.
Status ExecChunked(store::SqlConnection& conn, const std::string& sql_prefix,
                   const std::vector<int64_t>& ids, const store::SqlParams& before = {},
                   const std::string& sql_suffix = "") {
  for (size_t start = 0; start < ids.size(); start += kChunk) {
    size_t n = std::min(kChunk, ids.size() - start);
    store::SqlParams params = before;
    params.insert(params.end(), ids.begin() + start, ids.begin() + start + n);
    KG_RETURN_IF_ERROR(
        conn.Exec(sql_prefix + " IN (" + ParameterMarkers(n) + ")" + sql_suffix, params).status());
  }
  return Status::Ok();
}

StatusOr<std::vector<int64_t>> QueryIds(store::SqlConnection& conn, const std::string& sql_prefix,
                                        const std::vector<int64_t>& ids,
                                        const std::string& sql_suffix = "",
                                        bool repeat_ids = false) {
  std::vector<int64_t> out;
  for (size_t start = 0; start < ids.size(); start += kChunk) {
    size_t n = std::min(kChunk, ids.size() - start);
    store::SqlParams params(ids.begin() + start, ids.begin() + start + n);
    if (repeat_ids) params.insert(params.end(), ids.begin() + start, ids.begin() + start + n);
    std::string sql = sql_prefix + " IN (" + ParameterMarkers(n) + ")" + sql_suffix;
    if (repeat_ids) sql += " IN (" + ParameterMarkers(n) + ")";
    KG_ASSIGN_OR_RETURN(store::ResultSet rs, conn.Query(sql, params));
    for (const auto& row : rs.rows()) out.push_back(store::AsInt(row[0]));
  }
  return out;
}

Status ReadonlyField(const ModelDef& model, const FieldDef& field) {
  return ValidationError("Field " + PyRepr(Value(field.name)) + " on model " +
                         PyRepr(Value(model.name)) + " is read-only and cannot be written");
}

bool IsLogAccessField(std::string_view name) {
  return name == "create_uid" || name == "create_date" || name == "write_uid" ||
         name == "write_date";
}

bool IsFalsy(const Value& v) { return v.is_nil() || (v.is_bool() && !v.as_bool()); }

// The access right (and the key's scope) of `op` on `model`, then the read-only models.
Status CheckModelAccess(const MethodContext& ctx, const ModelDef& model, Operation op) {
  if (ctx.env.access == nullptr) return InternalError("no access policy");
  return CheckOperation(*ctx.env.access, model, op);
}

}  // namespace

struct RecordWriter::Split {
  std::vector<std::pair<const FieldDef*, store::SqlValue>> columns;
  std::vector<std::pair<const FieldDef*, Value>> related;
  std::vector<std::pair<const FieldDef*, Value>> x2many;

  const store::SqlValue* Column(std::string_view name) const {
    for (const auto& [f, v] : columns) {
      if (f->name == name) return &v;
    }
    return nullptr;
  }
  bool Has(std::string_view name) const {
    if (Column(name)) return true;
    for (const auto& [f, v] : related) {
      if (f->name == name) return true;
    }
    for (const auto& [f, v] : x2many) {
      if (f->name == name) return true;
    }
    return false;
  }
};

RecordWriter::RecordWriter(const MethodContext& ctx) : ctx_(ctx), now_(NowUtcText()) {}

MethodContext RecordWriter::ForModel(const ModelDef& model) const {
  MethodContext c{ctx_.registry, ctx_.conn, ctx_.env, model, ctx_.context};
  c.context.Set("active_test", false);
  return c;
}

StatusOr<RecordWriter::Split> RecordWriter::SplitVals(const ModelDef& model, const Value& vals,
                                                      bool creating) {
  if (!vals.is_struct()) {
    return ValidationError("Invalid values " + PyRepr(vals) + " for model " +
                           PyRepr(Value(model.name)) + ": a dict of field values is expected");
  }
  Split split;
  MethodContext mctx = ForModel(model);
  for (const auto& [name, value] : vals.as_struct()) {
    const FieldDef* f = model.Find(name);
    if (!f) {
      return ValueError("Invalid field " + PyRepr(Value(name)) + " on model " +
                        PyRepr(Value(model.name)));
    }
    // Odoo 18 drops these from the values, whatever they say: the log-access fields (it sets
    // them itself) and the computed display_name (it has no inverse).
    if (f->is_display_name() || IsLogAccessField(f->name)) continue;
    if (f->name == "id" || f->readonly || f->is_computed()) return ReadonlyField(model, *f);
    // A later duplicate key wins, as in a Python dict.
    auto drop = [&](auto& list) {
      list.erase(std::remove_if(list.begin(), list.end(),
                                [&](const auto& entry) { return entry.first == f; }),
                 list.end());
    };
    if (f->is_related()) {
      if (std::count(f->related.begin(), f->related.end(), '.') != 1) {
        return ReadonlyField(model, *f);
      }
      drop(split.related);
      split.related.emplace_back(f, value);
    } else if (IsX2Many(f->type)) {
      drop(split.x2many);
      split.x2many.emplace_back(f, value);
    } else {
      KG_ASSIGN_OR_RETURN(store::SqlValue v, ToColumnValue(mctx, model, *f, value));
      if (!creating && f->required && IsUnset(*f, v)) return MandatoryFieldError(model, *f);
      drop(split.columns);
      split.columns.emplace_back(f, std::move(v));
    }
  }
  return split;
}

StatusOr<int64_t> RecordWriter::UserCompany() {
  KG_ASSIGN_OR_RETURN(
      store::ResultSet rs,
      ctx_.conn.Query("SELECT company_id FROM res_users WHERE id = ?", {ctx_.env.uid}));
  if (rs.empty() || store::IsNull(rs.rows()[0][0])) return int64_t{0};
  return store::AsInt(rs.rows()[0][0]);
}

StatusOr<std::string> RecordWriter::NextSequence(const ModelDef& model, const FieldDef& field) {
  KG_ASSIGN_OR_RETURN(
      store::ResultSet rs,
      ctx_.conn.Query("SELECT number_next, padding FROM ir_sequence WHERE code = ?", {model.name}));
  int64_t number = 1;
  int64_t padding = 5;
  if (rs.empty()) {
    KG_RETURN_IF_ERROR(ctx_.conn
                           .Exec("INSERT INTO ir_sequence (name, code, prefix, padding, "
                                 "number_next) VALUES (?, ?, ?, 5, 1)",
                                 {model.description, model.name, field.sequence})
                           .status());
  } else {
    number = store::AsInt(rs.rows()[0][0]);
    padding = std::clamp<int64_t>(store::AsInt(rs.rows()[0][1]), 1, 18);
  }
  KG_RETURN_IF_ERROR(
      ctx_.conn
          .Exec("UPDATE ir_sequence SET number_next = number_next + 1 WHERE code = ?", {model.name})
          .status());
  std::string digits = std::to_string(number);
  if (static_cast<int64_t>(digits.size()) < padding) {
    digits.insert(0, static_cast<size_t>(padding) - digits.size(), '0');
  }
  return field.sequence + digits;
}

StatusOr<int64_t> RecordWriter::CreateAsCaller(const ModelDef& model, const Value& vals) {
  KG_RETURN_IF_ERROR(CheckModelAccess(ctx_, model, Operation::kCreate));
  KG_ASSIGN_OR_RETURN(int64_t id, Create(model, vals));
  KG_RETURN_IF_ERROR(CheckRule(model, Operation::kCreate, {id}));
  return id;
}

Status RecordWriter::WriteAsCaller(const ModelDef& model, const std::vector<int64_t>& ids,
                                   const Value& vals) {
  KG_RETURN_IF_ERROR(CheckModelAccess(ctx_, model, Operation::kWrite));
  KG_RETURN_IF_ERROR(CheckExist(model, ids));
  KG_RETURN_IF_ERROR(CheckRule(model, Operation::kWrite, ids));
  return Write(model, ids, vals);
}

Status RecordWriter::UnlinkAsCaller(const ModelDef& model, const std::vector<int64_t>& ids) {
  KG_RETURN_IF_ERROR(CheckModelAccess(ctx_, model, Operation::kUnlink));
  KG_RETURN_IF_ERROR(CheckExist(model, ids));
  KG_RETURN_IF_ERROR(CheckRule(model, Operation::kUnlink, ids));
  return Unlink(model, ids);
}

Status RecordWriter::CheckChildWrite(const ModelDef& comodel, const std::vector<int64_t>& ids,
                                     bool reading) {
  KG_RETURN_IF_ERROR(CheckExist(comodel, ids));
  if (reading) {
    KG_RETURN_IF_ERROR(CheckModelAccess(ctx_, comodel, Operation::kRead));
    KG_RETURN_IF_ERROR(CheckRule(comodel, Operation::kRead, ids));
  }
  KG_RETURN_IF_ERROR(CheckModelAccess(ctx_, comodel, Operation::kWrite));
  return CheckRule(comodel, Operation::kWrite, ids);
}

StatusOr<std::vector<int64_t>> RecordWriter::Visible(const ModelDef& model,
                                                     const std::vector<int64_t>& raw_ids) {
  std::vector<int64_t> ids = Unique(raw_ids);
  if (ids.empty()) return ids;
  if (ctx_.env.access == nullptr) return InternalError("no access policy");
  KG_ASSIGN_OR_RETURN(std::optional<Value> rule,
                      ctx_.env.access->RuleDomain(model, Operation::kRead));
  if (!rule) return ids;
  Value::Array id_values(ids.begin(), ids.end());
  SearchQuery q{Value(Value::Array{Value(Value::Array{"id", "in", Value(std::move(id_values))})}),
                0, std::nullopt, std::string("id")};
  return SearchIds(ForModel(model), Operation::kRead, q);
}

StatusOr<int64_t> RecordWriter::Create(const ModelDef& model, const Value& vals) {
  if (depth_ > kMaxDepth) return ValidationError("x2many commands are nested too deeply");
  KG_ASSIGN_OR_RETURN(Split split, SplitVals(model, vals, /*creating=*/true));
  if (model.name == "res.users") KG_RETURN_IF_ERROR(CheckUserCreatable(ctx_.conn));
  KG_RETURN_IF_ERROR(CheckUnique(model, split, {}));
  KG_RETURN_IF_ERROR(CreateInheritedParents(model, split));
  MethodContext mctx = ForModel(model);
  std::optional<int64_t> company;
  for (const FieldDef& f : model.fields) {
    if (!f.store || f.is_computed() || f.name == "id") continue;
    const store::SqlValue* given = split.Column(f.name);
    if (!f.sequence.empty()) {
      // Odoo's sale.order: a name of "New" (or "/", or none) takes the next number.
      bool placeholder = !given || store::IsNull(*given) || store::AsText(*given) == "New" ||
                         store::AsText(*given) == "/";
      if (!placeholder) continue;
      KG_ASSIGN_OR_RETURN(std::string name, NextSequence(model, f));
      if (given) {
        for (auto& [cf, v] : split.columns) {
          if (cf == &f) v = name;
        }
      } else {
        split.columns.emplace_back(&f, store::SqlValue(name));
      }
      continue;
    }
    if (given) continue;
    store::SqlValue v;
    bool set = true;
    if ((f.name == "create_uid" || f.name == "write_uid") && f.type == FieldType::kMany2one) {
      v = ctx_.env.uid;
    } else if ((f.name == "create_date" || f.name == "write_date") &&
               f.type == FieldType::kDatetime) {
      v = now_;
    } else if (f.default_user) {
      v = ctx_.env.uid;
    } else if (f.default_company) {
      if (!company) {
        KG_ASSIGN_OR_RETURN(int64_t c, UserCompany());
        company = c;
      }
      if (*company > 0) v = *company;
    } else if (f.default_value) {
      const Value& d = *f.default_value;
      if (f.type == FieldType::kDatetime && d.is_string() && d.as_string() == "now") {
        v = now_;
      } else if (f.type == FieldType::kDate && d.is_string() && d.as_string() == "today") {
        v = now_.substr(0, 10);
      } else {
        KG_ASSIGN_OR_RETURN(v, ToColumnValue(mctx, model, f, d));
      }
    } else {
      set = false;
    }
    if (set) split.columns.emplace_back(&f, std::move(v));
  }
  for (const FieldDef& f : model.fields) {
    if (!f.required || f.is_computed()) continue;
    if (f.store) {
      const store::SqlValue* v = split.Column(f.name);
      if (!v || IsUnset(f, *v)) return MandatoryFieldError(model, f);
    } else if (f.is_related()) {
      bool set = false;
      for (const auto& [rf, value] : split.related) {
        if (rf == &f && !IsFalsy(value)) set = true;
      }
      if (!set) return MandatoryFieldError(model, f);
    }
  }
  std::string sql;
  store::SqlParams params;
  if (split.columns.empty()) {
    sql = "INSERT INTO " + QuoteIdent(model.table) + " DEFAULT VALUES RETURNING \"id\"";
  } else {
    std::string cols;
    for (const auto& [f, v] : split.columns) {
      if (!cols.empty()) cols += ", ";
      cols += QuoteIdent(f->column);
      params.push_back(v);
    }
    sql = "INSERT INTO " + QuoteIdent(model.table) + " (" + cols + ") VALUES (" +
          ParameterMarkers(params.size()) + ") RETURNING \"id\"";
  }
  KG_ASSIGN_OR_RETURN(store::ResultSet rs, ctx_.conn.Query(sql, params));
  if (rs.empty()) return InternalError("insert returned no id");
  int64_t id = store::AsInt(rs.rows()[0][0]);
  KG_RETURN_IF_ERROR(ApplyRelated(model, {id}, split));
  for (const auto& [f, commands] : split.x2many) {
    KG_RETURN_IF_ERROR(ApplyX2Many(model, id, *f, commands));
  }
  if (model.name == "res.users") {
    KG_RETURN_IF_ERROR(
        AfterUserCreated(ctx_.conn, id, split.Has("groups_id"), split.Has("company_ids")));
  }
  if (!model.address_fields.empty() && split.Column(model.parent_name)) {
    KG_RETURN_IF_ERROR(SyncAddresses(model, {id}, /*parent_changed=*/true, {}));
  }
  KG_RETURN_IF_ERROR(Recompute(model, {id}));
  KG_RETURN_IF_ERROR(CheckRecords(model, {id}));
  return id;
}

Status RecordWriter::SyncAddresses(const ModelDef& model, const std::vector<int64_t>& ids,
                                   bool parent_changed, const std::vector<std::string>& written) {
  const std::string table = QuoteIdent(model.table);
  const std::string parent = QuoteIdent(model.Find(model.parent_name)->column);
  const std::string type = QuoteIdent(model.Find("type")->column);
  if (parent_changed) {
    // onchange_parent_id: `if any(parent[key] for key in address_fields)`, all of them copied.
    std::string sets;
    std::string any;
    for (const std::string& name : model.address_fields) {
      const std::string column = QuoteIdent(model.Find(name)->column);
      if (!sets.empty()) sets += ", ";
      sets += column + " = (SELECT kg_p." + column + " FROM " + table +
              " AS kg_p WHERE kg_p.\"id\" = " + table + "." + parent + ")";
      if (!any.empty()) any += " OR ";
      any += "(kg_p." + column + " IS NOT NULL AND CAST(kg_p." + column + " AS TEXT) != '')";
    }
    KG_RETURN_IF_ERROR(ExecChunked(ctx_.conn,
                                   "UPDATE " + table + " SET " + sets + " WHERE " + type +
                                       " = 'contact' AND EXISTS (SELECT 1 FROM " + table +
                                       " AS kg_p WHERE kg_p.\"id\" = " + table + "." + parent +
                                       " AND (" + any + ")) AND \"id\"",
                                   ids));
  }
  // _children_sync: the written address fields reach the contacts of these records.
  std::string sets;
  for (const std::string& name : written) {
    const std::string column = QuoteIdent(model.Find(name)->column);
    if (!sets.empty()) sets += ", ";
    sets += column + " = (SELECT kg_p." + column + " FROM " + table +
            " AS kg_p WHERE kg_p.\"id\" = " + table + "." + parent + ")";
  }
  if (sets.empty()) return Status::Ok();
  // Odoo's update_address is a write of the contacts as the caller: their record rules apply, and
  // a contact the caller may not write refuses the whole call.
  std::vector<int64_t> contacts;
  for (size_t start = 0; start < ids.size(); start += 500) {
    const size_t n = std::min<size_t>(500, ids.size() - start);
    store::SqlParams params(ids.begin() + start, ids.begin() + start + n);
    KG_ASSIGN_OR_RETURN(
        store::ResultSet rs,
        ctx_.conn.Query("SELECT \"id\" FROM " + table + " WHERE " + type + " = 'contact' AND " +
                            parent + " IN (" + ParameterMarkers(n) + ")",
                        params));
    for (const auto& row : rs.rows()) contacts.push_back(store::AsInt(row[0]));
  }
  KG_RETURN_IF_ERROR(CheckRule(model, Operation::kWrite, contacts));
  return ExecChunked(
      ctx_.conn,
      "UPDATE " + table + " SET " + sets + " WHERE " + type + " = 'contact' AND " + parent, ids);
}

Status RecordWriter::Write(const ModelDef& model, const std::vector<int64_t>& raw_ids,
                           const Value& vals) {
  if (depth_ > kMaxDepth) return ValidationError("x2many commands are nested too deeply");
  std::vector<int64_t> ids = Unique(raw_ids);
  KG_ASSIGN_OR_RETURN(Split split, SplitVals(model, vals, /*creating=*/false));
  if (ids.empty()) return Status::Ok();
  KG_RETURN_IF_ERROR(CheckUnique(model, split, ids));
  // Totals of the records these belong to now, before a many2one moves them elsewhere.
  KG_ASSIGN_OR_RETURN(auto old_parents, SumParents(model, ids));
  if (!split.columns.empty()) {
    for (const FieldDef& f : model.fields) {
      if (split.Column(f.name) || !f.store) continue;
      if (f.name == "write_uid" && f.type == FieldType::kMany2one) {
        split.columns.emplace_back(&f, store::SqlValue(ctx_.env.uid));
      } else if (f.name == "write_date" && f.type == FieldType::kDatetime) {
        split.columns.emplace_back(&f, store::SqlValue(now_));
      }
    }
    std::string sets;
    store::SqlParams params;
    for (const auto& [f, v] : split.columns) {
      if (!sets.empty()) sets += ", ";
      sets += QuoteIdent(f->column) + " = ?";
      params.push_back(v);
    }
    KG_RETURN_IF_ERROR(ExecChunked(
        ctx_.conn, "UPDATE " + QuoteIdent(model.table) + " SET " + sets + " WHERE \"id\"", ids,
        params));
  }
  KG_RETURN_IF_ERROR(ApplyRelated(model, ids, split));
  const FieldDef* groups_field = nullptr;
  const Value* group_commands = nullptr;
  std::vector<UserGroupsBefore> groups_before;
  for (const auto& [f, commands] : split.x2many) {
    if (model.name == "res.users" && f->name == "groups_id") {
      groups_field = f;
      group_commands = &commands;
      KG_ASSIGN_OR_RETURN(groups_before, UserGroupsBeforeWrite(ctx_.conn, ids));
    }
  }
  for (const auto& [f, commands] : split.x2many) {
    for (int64_t id : ids) KG_RETURN_IF_ERROR(ApplyX2Many(model, id, *f, commands));
  }
  if (groups_field != nullptr) {
    KG_RETURN_IF_ERROR(RestrictDemotedUsers(model, *groups_field, *group_commands, groups_before));
  }
  KG_RETURN_IF_ERROR(AfterGroupsChanged(model, ids, split));
  if (!model.parent_name.empty() && split.Column(model.parent_name)) {
    KG_RETURN_IF_ERROR(CheckNoCycle(model, ids));
  }
  if (!model.address_fields.empty()) {
    std::vector<std::string> written;
    for (const std::string& name : model.address_fields) {
      if (split.Column(name)) written.push_back(name);
    }
    const store::SqlValue* type = split.Column("type");
    const bool to_contact = type != nullptr && *type == store::SqlValue(std::string("contact"));
    KG_RETURN_IF_ERROR(
        SyncAddresses(model, ids, split.Column(model.parent_name) || to_contact, written));
  }
  if (!split.columns.empty()) KG_RETURN_IF_ERROR(CheckRecords(model, ids));
  KG_RETURN_IF_ERROR(Recompute(model, ids));
  return RecomputeParents(old_parents, 0);
}

Status RecordWriter::CheckUnique(const ModelDef& model, const Split& split,
                                 const std::vector<int64_t>& ids) {
  for (const auto& [f, v] : split.columns) {
    if (f->unique.empty() || store::IsNull(v)) continue;
    Status taken = ValidationError("The operation cannot be completed: " + f->unique);
    if (ids.size() > 1) return taken;  // one value for several records
    std::string sql =
        "SELECT 1 FROM " + QuoteIdent(model.table) + " WHERE " + QuoteIdent(f->column) + " = ?";
    store::SqlParams params{v};
    if (!ids.empty()) {
      sql += " AND \"id\" <> ?";
      params.emplace_back(ids.front());
    }
    KG_ASSIGN_OR_RETURN(store::ResultSet rs, ctx_.conn.Query(sql + " LIMIT 1", params));
    if (!rs.empty()) return taken;
  }
  return Status::Ok();
}

Status RecordWriter::CreateInheritedParents(const ModelDef& model, Split& split) {
  for (const auto& [parent_name, link_name] : model.inherits) {
    const store::SqlValue* given = split.Column(link_name);
    if (given != nullptr && !store::IsNull(*given)) continue;
    const ModelDef* parent = ctx_.registry.Find(parent_name);
    const FieldDef* link = model.Find(link_name);
    if (parent == nullptr || link == nullptr) return InternalError("inherits: unknown parent");
    // The values of the fields delegated to this parent ("partner_id.name" -> name); they are
    // written to it again after the insert, as for a parent that was given.
    Value vals{Value::Struct{}};
    const std::string prefix = link_name + ".";
    for (const auto& [f, value] : split.related) {
      if (f->related.compare(0, prefix.size(), prefix) == 0) {
        vals.Set(f->related.substr(prefix.size()), value);
      }
    }
    ++depth_;
    StatusOr<int64_t> parent_id = CreateAsCaller(*parent, vals);
    --depth_;
    KG_RETURN_IF_ERROR(parent_id.status());
    if (given != nullptr) {
      for (auto& [f, v] : split.columns) {
        if (f == link) v = *parent_id;
      }
    } else {
      split.columns.emplace_back(link, store::SqlValue(*parent_id));
    }
  }
  return Status::Ok();
}

Status RecordWriter::RestrictDemotedUsers(const ModelDef& model, const FieldDef& groups_field,
                                          const Value& commands,
                                          const std::vector<UserGroupsBefore>& before) {
  KG_ASSIGN_OR_RETURN(int64_t internal_user, InternalUserGroupId(ctx_.conn));
  std::vector<int64_t> demoted;
  std::optional<std::vector<int64_t>> caller_groups;
  for (const UserGroupsBefore& b : before) {
    std::vector<int64_t> after = GroupsAfterCommands(b.groups, commands);
    if (b.internal && !std::binary_search(after.begin(), after.end(), internal_user)) {
      demoted.push_back(b.uid);
    }
    if (b.uid == ctx_.env.uid) caller_groups = std::move(after);
  }
  if (demoted.empty()) return Status::Ok();
  // The second write is the caller's: with the groups it has now if it wrote its own.
  if (caller_groups) {
    if (ctx_.env.access == nullptr) return InternalError("no access policy");
    KG_RETURN_IF_ERROR(
        ctx_.env.access->CheckModelWithGroups(model, Operation::kWrite, *caller_groups));
  }
  for (int64_t uid : demoted) {
    KG_RETURN_IF_ERROR(store::ClearDirectGroups(ctx_.conn, uid));
    KG_RETURN_IF_ERROR(ApplyX2Many(model, uid, groups_field, commands));
  }
  return Status::Ok();
}

Status RecordWriter::AfterGroupsChanged(const ModelDef& model, const std::vector<int64_t>& ids,
                                        const Split& split) {
  if (model.name != "res.users") return Status::Ok();
  for (const auto& [f, commands] : split.x2many) {
    if (f->name != "groups_id") continue;
    for (int64_t id : ids) KG_RETURN_IF_ERROR(AfterUserGroupsChanged(ctx_.conn, id));
  }
  return Status::Ok();
}

Status RecordWriter::ApplyRelated(const ModelDef& model, const std::vector<int64_t>& ids,
                                  const Split& split) {
  for (const auto& [f, value] : split.related) {
    // "partner_id.name": write through the many2one (the registry checked the path).
    size_t dot = f->related.find('.');
    const FieldDef* link = model.Find(std::string_view(f->related).substr(0, dot));
    const ModelDef* target = ctx_.registry.Find(link->relation);
    const FieldDef* tf = target->Find(std::string_view(f->related).substr(dot + 1));
    if (!tf || !tf->store || tf->readonly || tf->is_computed()) return ReadonlyField(model, *f);
    KG_ASSIGN_OR_RETURN(store::SqlValue v, ToColumnValue(ForModel(*target), *target, *tf, value));
    if (tf->required && IsUnset(*tf, v)) return MandatoryFieldError(*target, *tf);
    KG_ASSIGN_OR_RETURN(std::vector<int64_t> targets,
                        QueryIds(ctx_.conn,
                                 "SELECT " + QuoteIdent(link->column) + " FROM " +
                                     QuoteIdent(model.table) + " WHERE \"id\"",
                                 ids, " AND " + QuoteIdent(link->column) + " IS NOT NULL"));
    targets = Unique(targets);
    KG_RETURN_IF_ERROR(ExecChunked(ctx_.conn,
                                   "UPDATE " + QuoteIdent(target->table) + " SET " +
                                       QuoteIdent(tf->column) + " = ? WHERE \"id\"",
                                   targets, {v}));
  }
  return Status::Ok();
}

StatusOr<std::vector<int64_t>> RecordWriter::CurrentChildren(const FieldDef& field, int64_t id) {
  const ModelDef* comodel = ctx_.registry.Find(field.relation);
  if (field.type == FieldType::kOne2many) {
    const FieldDef* inverse = comodel->Find(field.inverse_name);
    return QueryIds(ctx_.conn,
                    "SELECT \"id\" FROM " + QuoteIdent(comodel->table) + " WHERE " +
                        QuoteIdent(inverse->column),
                    {id});
  }
  return QueryIds(ctx_.conn,
                  "SELECT " + QuoteIdent(field.column2) + " FROM " +
                      QuoteIdent(field.relation_table) + " WHERE " + QuoteIdent(field.column1),
                  {id});
}

StatusOr<std::vector<int64_t>> RecordWriter::VisibleChildren(const FieldDef& field, int64_t id) {
  const ModelDef& comodel = *ctx_.registry.Find(field.relation);
  // A one2many's lines are found by a search as the caller (Odoo's comodel.search): its read
  // right and the key's scope are needed. A many2many's relation is read under the comodel's
  // rules only, as Odoo reads it.
  if (field.type == FieldType::kOne2many) {
    KG_RETURN_IF_ERROR(CheckModelAccess(ctx_, comodel, Operation::kRead));
  }
  KG_ASSIGN_OR_RETURN(std::vector<int64_t> current, CurrentChildren(field, id));
  return Visible(comodel, current);
}

Status RecordWriter::LinkOne2Many(const ModelDef& model, const FieldDef& field, int64_t id,
                                  const std::vector<int64_t>& children, bool reading) {
  (void)model;
  const ModelDef* comodel = ctx_.registry.Find(field.relation);
  const FieldDef* inverse = comodel->Find(field.inverse_name);
  // Odoo's `lines[inverse] = record`: a write of the children (read first for a link).
  KG_RETURN_IF_ERROR(CheckChildWrite(*comodel, children, reading));
  KG_ASSIGN_OR_RETURN(auto old_parents, SumParents(*comodel, children));
  KG_RETURN_IF_ERROR(ExecChunked(ctx_.conn,
                                 "UPDATE " + QuoteIdent(comodel->table) + " SET " +
                                     QuoteIdent(inverse->column) + " = ? WHERE \"id\"",
                                 Unique(children), {id}));
  return RecomputeParents(old_parents, 0);
}

Status RecordWriter::ReleaseOne2Many(const ModelDef& model, const FieldDef& field,
                                     const std::vector<int64_t>& children) {
  (void)model;
  if (children.empty()) return Status::Ok();
  const ModelDef* comodel = ctx_.registry.Find(field.relation);
  const FieldDef* inverse = comodel->Find(field.inverse_name);
  // A child that cannot live without its parent goes with the link (Odoo's (3, id) on a
  // one2many whose inverse is required).
  if (inverse->required || inverse->ondelete == "cascade") {
    return UnlinkAsCaller(*comodel, Unique(children));
  }
  KG_RETURN_IF_ERROR(CheckChildWrite(*comodel, children, /*reading=*/false));
  KG_ASSIGN_OR_RETURN(auto old_parents, SumParents(*comodel, children));
  KG_RETURN_IF_ERROR(ExecChunked(ctx_.conn,
                                 "UPDATE " + QuoteIdent(comodel->table) + " SET " +
                                     QuoteIdent(inverse->column) + " = NULL WHERE \"id\"",
                                 Unique(children)));
  return RecomputeParents(old_parents, 0);
}

Status RecordWriter::ApplyX2Many(const ModelDef& model, int64_t id, const FieldDef& field,
                                 const Value& commands) {
  const ModelDef* comodel = ctx_.registry.Find(field.relation);
  const bool o2m = field.type == FieldType::kOne2many;
  auto bad = [&]() { return WrongValue(model, field, commands); };
  std::vector<Value> list;
  if (IsFalsy(commands)) {
    list.emplace_back(Value::Array{Value(5)});
  } else if (!commands.is_array()) {
    return bad();
  } else if (!commands.as_array().empty() &&
             std::all_of(commands.as_array().begin(), commands.as_array().end(),
                         [](const Value& v) { return v.is_int(); })) {
    // A plain list of ids replaces the set, as (6, 0, ids).
    list.emplace_back(Value::Array{Value(6), Value(0), commands});
  } else {
    list = commands.as_array();
  }
  const std::string rel = QuoteIdent(field.relation_table);
  const std::string c1 = QuoteIdent(field.column1);
  const std::string c2 = QuoteIdent(field.column2);
  auto link_m2m = [&](int64_t child) -> Status {
    KG_ASSIGN_OR_RETURN(
        store::ResultSet exists,
        ctx_.conn.Query("SELECT 1 FROM " + QuoteIdent(comodel->table) + " WHERE \"id\" = ?",
                        {child}));
    if (exists.empty()) return WrongValue(model, field, commands);
    return ctx_.conn
        .Exec("INSERT INTO " + rel + " (" + c1 + ", " + c2 + ") SELECT ?, ? WHERE NOT EXISTS " +
                  "(SELECT 1 FROM " + rel + " WHERE " + c1 + " = ? AND " + c2 + " = ?)",
              {id, child, id, child})
        .status();
  };
  auto unlink_m2m = [&](const std::vector<int64_t>& children) -> Status {
    if (children.empty()) return Status::Ok();
    return ExecChunked(ctx_.conn, "DELETE FROM " + rel + " WHERE " + c1 + " = ? AND " + c2,
                       children, {id});
  };
  ++depth_;
  struct DepthGuard {
    int& d;
    ~DepthGuard() { --d; }
  } guard{depth_};
  for (const Value& cmd : list) {
    if (!cmd.is_array() || cmd.as_array().empty() || !cmd.as_array()[0].is_int()) return bad();
    const Value::Array& a = cmd.as_array();
    const int64_t code = a[0].as_int();
    const bool has_id = a.size() >= 2 && a[1].is_int();
    const int64_t target = has_id ? a[1].as_int() : 0;
    switch (code) {
      case 0: {  // (0, 0, vals): create a new record and link it
        if (a.size() < 3 || !a[2].is_struct()) return bad();
        Value vals = a[2];
        if (o2m) vals.Set(field.inverse_name, Value(id));
        KG_ASSIGN_OR_RETURN(int64_t child, CreateAsCaller(*comodel, vals));
        if (!o2m) KG_RETURN_IF_ERROR(link_m2m(child));
        break;
      }
      case 1: {  // (1, id, vals): update a linked record
        if (!has_id || a.size() < 3 || !a[2].is_struct()) return bad();
        KG_RETURN_IF_ERROR(WriteAsCaller(*comodel, {target}, a[2]));
        break;
      }
      case 2: {  // (2, id): delete the record
        if (!has_id) return bad();
        KG_RETURN_IF_ERROR(UnlinkAsCaller(*comodel, {target}));
        break;
      }
      case 3: {  // (3, id): cut the link, keep the record (unless it cannot live alone)
        if (!has_id) return bad();
        if (o2m) {
          // As Odoo: the record's inverse is cleared (or the record deleted) as the caller.
          KG_RETURN_IF_ERROR(ReleaseOne2Many(model, field, {target}));
        } else {
          KG_RETURN_IF_ERROR(
              ctx_.conn
                  .Exec("DELETE FROM " + rel + " WHERE " + c1 + " = ? AND " + c2 + " = ?",
                        {id, target})
                  .status());
        }
        break;
      }
      case 4: {  // (4, id): link an existing record
        if (!has_id) return bad();
        if (o2m) {
          KG_RETURN_IF_ERROR(LinkOne2Many(model, field, id, {target}, /*reading=*/true));
        } else {
          KG_RETURN_IF_ERROR(link_m2m(target));
        }
        break;
      }
      case 5: {  // (5,): cut every link the caller can see
        KG_ASSIGN_OR_RETURN(std::vector<int64_t> current, VisibleChildren(field, id));
        if (o2m) {
          KG_RETURN_IF_ERROR(ReleaseOne2Many(model, field, current));
        } else {
          KG_RETURN_IF_ERROR(unlink_m2m(current));
        }
        break;
      }
      case 6: {  // (6, 0, ids): replace the links
        if (a.size() < 3 || !(a[2].is_array() || IsFalsy(a[2]))) return bad();
        std::vector<int64_t> wanted;
        if (a[2].is_array()) {
          for (const Value& v : a[2].as_array()) {
            if (!v.is_int()) return bad();
            wanted.push_back(v.as_int());
          }
        }
        wanted = Unique(wanted);
        // Links to records the caller cannot see stay, as in Odoo.
        KG_ASSIGN_OR_RETURN(std::vector<int64_t> current, VisibleChildren(field, id));
        std::vector<int64_t> dropped;
        for (int64_t c : current) {
          if (!std::binary_search(wanted.begin(), wanted.end(), c)) dropped.push_back(c);
        }
        if (o2m) {
          KG_RETURN_IF_ERROR(ReleaseOne2Many(model, field, dropped));
          if (!wanted.empty()) {
            KG_RETURN_IF_ERROR(LinkOne2Many(model, field, id, wanted, /*reading=*/false));
          }
        } else {
          KG_RETURN_IF_ERROR(unlink_m2m(dropped));
          for (int64_t child : wanted) KG_RETURN_IF_ERROR(link_m2m(child));
        }
        break;
      }
      default:
        return bad();
    }
  }
  return Status::Ok();
}

Status RecordWriter::CheckExist(const ModelDef& model, const std::vector<int64_t>& raw_ids) {
  std::vector<int64_t> ids = Unique(raw_ids);
  KG_ASSIGN_OR_RETURN(
      std::vector<int64_t> found,
      QueryIds(ctx_.conn, "SELECT \"id\" FROM " + QuoteIdent(model.table) + " WHERE \"id\"", ids));
  std::set<int64_t> present(found.begin(), found.end());
  std::vector<int64_t> missing;
  for (int64_t id : raw_ids) {
    if (!present.count(id) && std::find(missing.begin(), missing.end(), id) == missing.end()) {
      missing.push_back(id);
    }
  }
  if (missing.empty()) return Status::Ok();
  // Odoo 18 names the first record it fails to read (fields.py __get__), one record.
  return MissingError("Record does not exist or has been deleted.\n(Record: " +
                      RecordsRepr(model, {missing.front()}) +
                      ", User: " + std::to_string(ctx_.env.uid) + ")");
}

Status RecordWriter::CheckNoCycle(const ModelDef& model, const std::vector<int64_t>& ids) {
  const FieldDef* parent = model.Find(model.parent_name);
  const std::string sql = "SELECT " + QuoteIdent(parent->column) + " FROM " +
                          QuoteIdent(model.table) + " WHERE \"id\" = ?";
  for (int64_t start : ids) {
    std::set<int64_t> seen{start};
    int64_t current = start;
    while (true) {
      KG_ASSIGN_OR_RETURN(store::ResultSet rs, ctx_.conn.Query(sql, {current}));
      if (rs.empty() || store::IsNull(rs.rows()[0][0])) break;
      current = store::AsInt(rs.rows()[0][0]);
      if (!seen.insert(current).second) return ValidationError(model.recursion_error);
    }
  }
  return Status::Ok();
}

Status RecordWriter::CheckRecords(const ModelDef& model, const std::vector<int64_t>& ids) {
  for (const RecordCheck& check : model.checks) {
    KG_ASSIGN_OR_RETURN(Domain domain, Domain::Parse(check.domain));
    for (size_t start = 0; start < ids.size(); start += 500) {
      const size_t n = std::min<size_t>(500, ids.size() - start);
      SqlBuilder builder(ctx_.registry, ctx_.conn.dialect());
      const std::string alias = builder.NewAlias();
      // As a SQL CHECK, evaluated on the rows as stored, whoever writes them.
      KG_ASSIGN_OR_RETURN(SqlFragment holds, CompileDomain(builder, model, domain, alias,
                                                           CompileOptions{false, nullptr}));
      SqlFragment sql;
      sql.Append("SELECT 1 FROM " + builder.From(model, alias) + " WHERE " + alias +
                 ".\"id\" IN (" + ParameterMarkers(n) + ") AND CASE WHEN ");
      sql.params.insert(sql.params.end(), ids.begin() + start, ids.begin() + start + n);
      sql.Append(holds);
      // A record the domain does not match (false or NULL, as in a search) breaks the check.
      sql.Append(" THEN 0 ELSE 1 END = 1");
      KG_ASSIGN_OR_RETURN(store::ResultSet rs, ctx_.conn.Query(sql.sql, sql.params));
      if (!rs.empty()) {
        return ValidationError("The operation cannot be completed: " + check.message);
      }
    }
  }
  return Status::Ok();
}

Status RecordWriter::CheckRule(const ModelDef& model, Operation op,
                               const std::vector<int64_t>& raw_ids) {
  std::vector<int64_t> ids = Unique(raw_ids);
  if (ids.empty()) return Status::Ok();
  if (ctx_.env.access == nullptr) return InternalError("no access policy");
  KG_ASSIGN_OR_RETURN(std::optional<Value> rule, ctx_.env.access->RuleDomain(model, op));
  if (!rule) return Status::Ok();
  Value::Array id_values(ids.begin(), ids.end());
  SearchQuery q{Value(Value::Array{Value(Value::Array{"id", "in", Value(std::move(id_values))})}),
                0, std::nullopt, std::string("id")};
  KG_ASSIGN_OR_RETURN(std::vector<int64_t> allowed, SearchIds(ForModel(model), op, q));
  std::set<int64_t> ok(allowed.begin(), allowed.end());
  std::vector<int64_t> forbidden;
  for (int64_t id : ids) {
    if (!ok.count(id)) forbidden.push_back(id);
  }
  if (forbidden.empty()) return Status::Ok();
  return ctx_.env.access->RuleViolation(model, op, forbidden);
}

Status RecordWriter::Unlink(const ModelDef& model, const std::vector<int64_t>& ids) {
  KG_RETURN_IF_ERROR(CheckExist(model, ids));
  return UnlinkRecursive(model, Unique(ids), 0);
}

Status RecordWriter::UnlinkRecursive(const ModelDef& model, const std::vector<int64_t>& ids,
                                     int depth) {
  if (ids.empty()) return Status::Ok();
  if (depth > kMaxDepth) return ValidationError("deletion cascades too deeply");
  KG_ASSIGN_OR_RETURN(auto parents, SumParents(model, ids));
  // References from every model: cascade, refuse, or clear them, as each many2one declares.
  for (const std::string& name : ctx_.registry.ModelNames()) {
    const ModelDef* other = ctx_.registry.Find(name);
    for (const FieldDef& f : other->fields) {
      if (f.type == FieldType::kMany2many && f.relation == model.name && !f.is_related()) {
        KG_RETURN_IF_ERROR(ExecChunked(
            ctx_.conn,
            "DELETE FROM " + QuoteIdent(f.relation_table) + " WHERE " + QuoteIdent(f.column2),
            ids));
      }
      if (f.type == FieldType::kMany2many && other == &model && !f.is_related()) {
        KG_RETURN_IF_ERROR(ExecChunked(
            ctx_.conn,
            "DELETE FROM " + QuoteIdent(f.relation_table) + " WHERE " + QuoteIdent(f.column1),
            ids));
      }
      if (f.type != FieldType::kMany2one || !f.store || f.relation != model.name) continue;
      std::string col = QuoteIdent(f.column);
      std::string suffix;
      if (other == &model) suffix = " AND \"id\" NOT";
      KG_ASSIGN_OR_RETURN(
          std::vector<int64_t> refs,
          QueryIds(ctx_.conn, "SELECT \"id\" FROM " + QuoteIdent(other->table) + " WHERE " + col,
                   ids, suffix, /*repeat_ids=*/other == &model));
      if (refs.empty()) continue;
      if (f.ondelete == "cascade") {
        KG_RETURN_IF_ERROR(UnlinkRecursive(*other, Unique(refs), depth + 1));
      } else if (f.required || f.ondelete == "restrict") {
        return ForeignKeyError(*other, f);
      } else {
        KG_RETURN_IF_ERROR(ExecChunked(
            ctx_.conn,
            "UPDATE " + QuoteIdent(other->table) + " SET " + col + " = NULL WHERE " + col, ids));
      }
    }
  }
  KG_RETURN_IF_ERROR(
      ExecChunked(ctx_.conn, "DELETE FROM " + QuoteIdent(model.table) + " WHERE \"id\"", ids));
  return RecomputeParents(parents, depth);
}

StatusOr<std::vector<std::pair<const ModelDef*, std::vector<int64_t>>>> RecordWriter::SumParents(
    const ModelDef& model, const std::vector<int64_t>& ids) {
  std::vector<std::pair<const ModelDef*, std::vector<int64_t>>> out;
  if (ids.empty()) return out;
  for (const FieldDef& f : model.fields) {
    if (f.type != FieldType::kMany2one || !f.store) continue;
    const ModelDef* parent = ctx_.registry.Find(f.relation);
    bool sums_back = false;
    for (const FieldDef& pf : parent->fields) {
      if (pf.compute.kind != FieldDef::Compute::Kind::kSum) continue;
      const FieldDef* o2m = parent->Find(pf.compute.operands[0]);
      if (o2m && o2m->relation == model.name && o2m->inverse_name == f.name) sums_back = true;
    }
    if (!sums_back) continue;
    KG_ASSIGN_OR_RETURN(std::vector<int64_t> pids,
                        QueryIds(ctx_.conn,
                                 "SELECT " + QuoteIdent(f.column) + " FROM " +
                                     QuoteIdent(model.table) + " WHERE \"id\"",
                                 ids, " AND " + QuoteIdent(f.column) + " IS NOT NULL"));
    if (!pids.empty()) out.emplace_back(parent, Unique(pids));
  }
  return out;
}

Status RecordWriter::RecomputeParents(
    const std::vector<std::pair<const ModelDef*, std::vector<int64_t>>>& parents, int depth) {
  for (const auto& [parent, pids] : parents) {
    KG_RETURN_IF_ERROR(Recompute(*parent, pids, depth + 1));
  }
  return Status::Ok();
}

Status RecordWriter::Recompute(const ModelDef& model, const std::vector<int64_t>& ids, int depth) {
  if (ids.empty()) return Status::Ok();
  if (depth > kMaxDepth) return ValidationError("computed fields depend on each other too deeply");
  const std::string table = QuoteIdent(model.table);
  for (const FieldDef& f : model.fields) {
    std::string expr;
    switch (f.compute.kind) {
      case FieldDef::Compute::Kind::kNone:
        continue;
      case FieldDef::Compute::Kind::kMultiply:
      case FieldDef::Compute::Kind::kAdd: {
        const FieldDef* a = model.Find(f.compute.operands[0]);
        const FieldDef* b = model.Find(f.compute.operands[1]);
        const char* op = f.compute.kind == FieldDef::Compute::Kind::kAdd ? " + " : " * ";
        expr = "COALESCE(" + QuoteIdent(a->column) + ", 0)" + op + "COALESCE(" +
               QuoteIdent(b->column) + ", 0)";
        break;
      }
      case FieldDef::Compute::Kind::kSum: {
        const FieldDef* o2m = model.Find(f.compute.operands[0]);
        const ModelDef* comodel = ctx_.registry.Find(o2m->relation);
        const FieldDef* inverse = comodel->Find(o2m->inverse_name);
        const FieldDef* summed = comodel->Find(f.compute.operands[1]);
        expr = "COALESCE((SELECT SUM(kg_c." + QuoteIdent(summed->column) + ") FROM " +
               QuoteIdent(comodel->table) + " AS kg_c WHERE kg_c." + QuoteIdent(inverse->column) +
               " = " + table + ".\"id\"), 0)";
        break;
      }
      case FieldDef::Compute::Kind::kContactName:
        KG_RETURN_IF_ERROR(RecomputeContactNames(ctx_.conn, model, f, ids));
        continue;
    }
    KG_RETURN_IF_ERROR(ExecChunked(
        ctx_.conn,
        "UPDATE " + table + " SET " + QuoteIdent(f.column) + " = " + expr + " WHERE \"id\"", ids));
  }
  KG_ASSIGN_OR_RETURN(auto parents, SumParents(model, ids));
  return RecomputeParents(parents, depth);
}

}  // namespace keygate::models
