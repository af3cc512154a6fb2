// Bulk record reading and Odoo's read() output conventions.
#include "models/reader.h"

#include <cstddef>
#include <set>

#include "models/field_values.h"
#include "models/py_repr.h"
#include "models/search.h"
#include "models/sql_builder.h"

namespace keygate::models {
namespace {

// Chunk size for "id IN (...)" lists: well under every engine's parameter limit.
constexpr size_t kChunk = 500;

Value CellToValue(const FieldDef& f, store::SqlValue& cell) {
  switch (f.type) {
    case FieldType::kInteger:
      return Value(store::AsInt(cell));  // Odoo reads a NULL integer as 0
    case FieldType::kFloat:
    case FieldType::kMonetary:
      return Value(store::AsDouble(cell));
    case FieldType::kBoolean:
      return Value(store::AsBool(cell));
    case FieldType::kDate:
    case FieldType::kDatetime: {
      if (store::IsNull(cell)) return False();
      std::string s = store::TakeText(cell);
      if (s.size() > 10 && s[10] == 'T') s[10] = ' ';
      s = s.substr(0, f.type == FieldType::kDate ? 10 : 19);
      return Value(std::move(s));
    }
    default:
      if (store::IsNull(cell)) return False();
      return Value(store::TakeText(cell));
  }
}

// Comodel ids of one x2many field for each of `ids`, in the comodel's order.
Status FetchX2Many(const MethodContext& ctx, const FieldDef& field, const std::vector<int64_t>& ids,
                   std::map<int64_t, Value::Array>& out) {
  const ModelDef* target = ctx.registry.Find(field.relation);
  SqlBuilder b(ctx.registry, ctx.conn.dialect());
  std::string x = "t0";
  KG_ASSIGN_OR_RETURN(std::vector<OrderTerm> terms, ParseOrder(*target, target->order));
  KG_ASSIGN_OR_RETURN(std::string order_by, b.OrderBy(*target, terms, x));
  std::string owner;
  std::string from;
  if (field.type == FieldType::kOne2many) {
    const FieldDef* inverse = target->Find(field.inverse_name);
    owner = x + "." + QuoteIdent(inverse->column);
    from = b.From(*target, x);
  } else {
    std::string r = b.NewAlias();
    owner = r + "." + QuoteIdent(field.column1);
    from = QuoteIdent(field.relation_table) + " AS " + r + " JOIN " + b.From(*target, x) + " ON " +
           x + ".\"id\" = " + r + "." + QuoteIdent(field.column2);
  }
  std::string active_sql;
  const FieldDef* active = target->active_field();
  if (ctx.active_test() && active && active->store) {
    active_sql = " AND " + x + "." + QuoteIdent(active->column) + " = ?";
  }
  for (size_t start = 0; start < ids.size(); start += kChunk) {
    size_t n = std::min(kChunk, ids.size() - start);
    const auto first = ids.begin() + static_cast<std::ptrdiff_t>(start);
    store::SqlParams params(first, first + static_cast<std::ptrdiff_t>(n));
    if (!active_sql.empty()) params.emplace_back(int64_t{1});
    std::string sql = "SELECT " + owner + ", " + x + ".\"id\" FROM " + from + " WHERE " + owner +
                      " IN (" + ParameterMarkers(n) + ")" + active_sql + " ORDER BY " + order_by;
    KG_ASSIGN_OR_RETURN(store::ResultSet rs, ctx.conn.Query(sql, params));
    for (const auto& row : rs.rows()) {
      out[store::AsInt(row[0])].emplace_back(store::AsInt(row[1]));
    }
  }
  return Status::Ok();
}

std::string RecordsRepr(const ModelDef& model, const std::vector<int64_t>& ids) {
  // Python's repr of a recordset: res.partner(999,) or res.partner(1, 2)
  std::string out = model.name + "(";
  for (size_t i = 0; i < ids.size(); ++i) {
    if (i) out += ", ";
    out += std::to_string(ids[i]);
  }
  return out + (ids.size() == 1 ? ",)" : ")");
}

}  // namespace

StatusOr<std::vector<const FieldDef*>> ResolveFields(const ModelDef& model, const Value& fields) {
  std::vector<const FieldDef*> out;
  if (!fields.Truthy()) {
    for (const FieldDef& f : model.fields) out.push_back(&f);
    return out;
  }
  Value::Array names;
  if (fields.is_string()) {
    // Python iterates a str: its characters are the field names ('n' for "name").
    const std::string& s = fields.as_string();
    for (size_t i = 0; i < s.size();) {
      size_t n = 1;
      while (i + n < s.size() && (static_cast<unsigned char>(s[i + n]) & 0xC0) == 0x80) ++n;
      names.emplace_back(s.substr(i, n));
      i += n;
    }
  } else if (fields.is_array()) {
    names = fields.as_array();
  } else {
    return ValidationError("Invalid fields " + PyRepr(fields) + " on model " +
                           PyRepr(Value(model.name)));
  }
  std::set<std::string_view> seen;
  for (const Value& name : names) {
    const FieldDef* f = name.is_string() ? model.Find(name.as_string()) : nullptr;
    if (!f) {
      return ValueError("Invalid field " + PyRepr(name) + " on model " + PyRepr(Value(model.name)));
    }
    if (seen.insert(f->name).second) out.push_back(f);
  }
  return out;
}

StatusOr<std::vector<int64_t>> ParseIds(const Value& ids) {
  std::vector<int64_t> out;
  if (ids.is_int()) {
    out.push_back(ids.as_int());
    return out;
  }
  if (ids.is_nil() || (ids.is_bool() && !ids.as_bool())) return out;
  if (ids.is_string()) KG_RETURN_IF_ERROR(CheckIntegerText(ids.as_string()));
  if (!ids.is_array())
    return InvalidRequest("ids must be a list of integers, not " + std::string(ids.TypeName()));
  for (const Value& v : ids.as_array()) {
    // Odoo puts the ids in its SQL: a text PostgreSQL cannot read as an integer is its error.
    if (v.is_string()) KG_RETURN_IF_ERROR(CheckIntegerText(v.as_string()));
    if (!v.is_int()) return InvalidRequest("ids must be a list of integers, got " + PyRepr(v));
    out.push_back(v.as_int());
  }
  return out;
}

namespace {

// The SELECT list of a read, for the row aliased `alias`: its id, then one column per scalar
// field and, for a many2one read the classic way, its display name as a sub-select.
StatusOr<std::string> ReadColumns(const MethodContext& ctx, SqlBuilder& b,
                                  const std::vector<const FieldDef*>& fields,
                                  const ReadOptions& options, const std::string& alias) {
  std::string columns = alias + ".\"id\"";
  for (const FieldDef* f : fields) {
    if (IsX2Many(f->type) || f->name == "id") continue;
    KG_ASSIGN_OR_RETURN(std::string expr, b.FieldExpr(ctx.model, *f, alias));
    columns += ", " + expr;
    if (f->type == FieldType::kMany2one && options.classic) {
      const ModelDef* target = ctx.registry.Find(f->relation);
      std::string sub = b.NewAlias();
      KG_ASSIGN_OR_RETURN(std::string name, b.DisplayNameExpr(*target, sub));
      columns += ", (SELECT " + name + " FROM " + b.From(*target, sub) + " WHERE " + sub +
                 ".\"id\" = " + expr + ")";
    }
  }
  return columns;
}

// One row of ReadColumns' SELECT as a record; x2many fields are left empty (FillX2Many).
Value DecodeRecord(std::vector<store::SqlValue>& row, const std::vector<const FieldDef*>& fields,
                   const ReadOptions& options) {
  Value::Struct rec;
  rec.reserve(fields.size() + 1);
  rec.emplace_back("id", Value(store::AsInt(row[0])));
  size_t col = 1;
  for (const FieldDef* f : fields) {
    if (f->name == "id") continue;
    if (IsX2Many(f->type)) {
      rec.emplace_back(f->name, Value(Value::Array{}));
      continue;
    }
    if (f->type == FieldType::kMany2one) {
      const store::SqlValue& link = row[col++];
      if (store::IsNull(link)) {
        rec.emplace_back(f->name, False());
        if (options.classic) ++col;
      } else if (options.classic) {
        store::SqlValue& name = row[col++];
        Value display = store::IsNull(name) ? False() : Value(store::TakeText(name));
        rec.emplace_back(f->name, Value(Value::Array{Value(store::AsInt(link)), display}));
      } else {
        rec.emplace_back(f->name, Value(store::AsInt(link)));
      }
      continue;
    }
    rec.emplace_back(f->name, CellToValue(*f, row[col++]));
  }
  return Value(std::move(rec));
}

// Fills the x2many fields of `records` (id -> record): one query per field, for all at once.
Status FillX2Many(const MethodContext& ctx, const std::vector<const FieldDef*>& fields,
                  const std::map<int64_t, Value*>& records) {
  if (records.empty()) return Status::Ok();
  std::vector<int64_t> found;
  found.reserve(records.size());
  for (const auto& [id, rec] : records) found.push_back(id);
  for (const FieldDef* f : fields) {
    if (!IsX2Many(f->type)) continue;
    std::map<int64_t, Value::Array> values;
    KG_RETURN_IF_ERROR(FetchX2Many(ctx, *f, found, values));
    for (auto& [id, list] : values) {
      auto it = records.find(id);
      if (it != records.end()) it->second->Set(f->name, Value(std::move(list)));
    }
  }
  return Status::Ok();
}

}  // namespace

StatusOr<std::map<int64_t, Value>> FetchRecords(const MethodContext& ctx,
                                                const std::vector<int64_t>& ids,
                                                const std::vector<const FieldDef*>& fields,
                                                const ReadOptions& options) {
  std::map<int64_t, Value> records;
  const std::set<int64_t> id_set(ids.begin(), ids.end());
  const std::vector<int64_t> unique(id_set.begin(), id_set.end());
  if (unique.empty()) return records;
  SqlBuilder b(ctx.registry, ctx.conn.dialect());
  const std::string alias = "t0";
  KG_ASSIGN_OR_RETURN(std::string columns, ReadColumns(ctx, b, fields, options, alias));
  for (size_t start = 0; start < unique.size(); start += kChunk) {
    size_t n = std::min(kChunk, unique.size() - start);
    const auto first = unique.begin() + static_cast<std::ptrdiff_t>(start);
    store::SqlParams params(first, first + static_cast<std::ptrdiff_t>(n));
    std::string sql = "SELECT " + columns + " FROM " + b.From(ctx.model, alias) + " WHERE " +
                      alias + ".\"id\" IN (" + ParameterMarkers(n) + ")";
    KG_ASSIGN_OR_RETURN(store::ResultSet rs, ctx.conn.Query(sql, params));
    for (auto& row : rs.mutable_rows()) {
      records.emplace(store::AsInt(row[0]), DecodeRecord(row, fields, options));
    }
  }
  std::map<int64_t, Value*> by_id;
  for (auto& [id, rec] : records) by_id.emplace(id, &rec);
  KG_RETURN_IF_ERROR(FillX2Many(ctx, fields, by_id));
  return records;
}

StatusOr<Value> SearchRead(const MethodContext& ctx, const SearchQuery& query,
                           const std::vector<const FieldDef*>& fields, const ReadOptions& options) {
  SqlBuilder b(ctx.registry, ctx.conn.dialect());
  const std::string alias = "t0";
  KG_ASSIGN_OR_RETURN(std::string columns, ReadColumns(ctx, b, fields, options, alias));
  KG_ASSIGN_OR_RETURN(SqlFragment sql,
                      SearchSelect(ctx, b, Operation::kRead, query, columns, alias));
  KG_ASSIGN_OR_RETURN(store::ResultSet rs, ctx.conn.Query(sql.sql, sql.params));
  Value::Array out;
  out.reserve(rs.size());
  for (auto& row : rs.mutable_rows()) out.push_back(DecodeRecord(row, fields, options));
  std::map<int64_t, Value*> by_id;
  for (Value& rec : out) by_id.emplace(rec.as_struct().front().second.as_int(), &rec);
  KG_RETURN_IF_ERROR(FillX2Many(ctx, fields, by_id));
  return Value(std::move(out));
}

StatusOr<Value> ReadInOrder(const MethodContext& ctx, const std::vector<int64_t>& ids,
                            const std::vector<const FieldDef*>& fields, const ReadOptions& options,
                            GivenIds given) {
  KG_ASSIGN_OR_RETURN(auto records, FetchRecords(ctx, ids, fields, options));
  if (given != GivenIds::kFound) {
    std::vector<int64_t> missing;
    for (int64_t id : ids) {
      if (!records.count(id)) missing.push_back(id);
    }
    if (given == GivenIds::kRequireAll && !missing.empty()) {
      return MissingError("Record does not exist or has been deleted.\n(Record: " +
                          RecordsRepr(ctx.model, {missing.front()}) +
                          ", User: " + std::to_string(ctx.env.uid) + ")");
    }
    // Record rules: every requested record must match the read rule.
    if (ctx.env.access == nullptr) return InternalError("no access policy");
    KG_ASSIGN_OR_RETURN(std::optional<Value> rule,
                        ctx.env.access->RuleDomain(ctx.model, Operation::kRead));
    if (rule && !records.empty()) {
      Value::Array id_values;
      for (const auto& [id, rec] : records) id_values.emplace_back(id);
      Value domain(Value::Array{Value(Value::Array{"id", "in", Value(std::move(id_values))})});
      SearchQuery q{domain, 0, std::nullopt, std::nullopt};
      // The active filter must not hide archived records that were asked for by id.
      MethodContext unfiltered{ctx.registry, ctx.conn, ctx.env, ctx.model, ctx.context};
      unfiltered.context.Set("active_test", false);
      KG_ASSIGN_OR_RETURN(std::vector<int64_t> allowed, SearchIds(unfiltered, Operation::kRead, q));
      std::set<int64_t> ok(allowed.begin(), allowed.end());
      std::vector<int64_t> forbidden;
      for (const auto& [id, rec] : records) {
        if (!ok.count(id)) forbidden.push_back(id);
      }
      // Odoo 18's fetch(): the record rule's error (ir.rule _make_access_error).
      if (!forbidden.empty())
        return ctx.env.access->RuleViolation(ctx.model, Operation::kRead, forbidden);
    }
  }
  Value::Array out;
  out.reserve(ids.size());
  for (int64_t id : ids) {
    auto it = records.find(id);
    if (it != records.end()) out.push_back(it->second);
  }
  return Value(std::move(out));
}

}  // namespace keygate::models
