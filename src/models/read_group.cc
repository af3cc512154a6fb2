// read_group: one GROUP BY query, then Odoo's output shape.
#include "models/read_group.h"

#include "common/strings.h"
#include "models/calendar_weeks.h"
#include "models/py_repr.h"
#include "models/search.h"
#include "models/sql_builder.h"

namespace keygate::models {
namespace {

struct GroupSpec {
  std::string key;  // as sent: "date_order:month"
  const FieldDef* field = nullptr;
  std::string granularity;  // "", "day", "week", "month", "quarter", "year"
  std::string expr;         // SQL value of the group
  std::string name_expr;    // many2one: the comodel's display name
};

struct Aggregate {
  std::string alias;
  const FieldDef* field = nullptr;
  std::string function;  // sum, avg, min, max, count, count_distinct
};

bool IsNumeric(FieldType t) {
  return t == FieldType::kInteger || t == FieldType::kFloat || t == FieldType::kMonetary;
}

bool IsFalsy(const Value& v) { return v.is_nil() || (v.is_bool() && !v.as_bool()); }

Status InvalidField(const ModelDef& model, const std::string& name) {
  return ValueError("Invalid field " + PyRepr(Value(name)) + " on model " +
                    PyRepr(Value(model.name)));
}

// Odoo's normalize_domain: explicit '&' for the implicit conjunctions.
Value::Array Normalize(const Value& domain) {
  Value::Array out;
  if (!domain.is_array() || domain.as_array().empty()) return out;
  int expected = 1;
  for (const Value& token : domain.as_array()) {
    if (expected == 0) {
      out.insert(out.begin(), Value("&"));
      expected = 1;
    }
    if (token.is_array()) {
      --expected;
    } else if (token.is_string() && token.as_string() == "!") {
      // arity 1: expected unchanged
    } else if (token.is_string() && (token.as_string() == "&" || token.as_string() == "|")) {
      ++expected;
    } else {
      --expected;
    }
    out.push_back(token);
  }
  return out;
}

const char* kMonths[] = {"January", "February", "March",     "April",   "May",      "June",
                         "July",    "August",   "September", "October", "November", "December"};

// The label Odoo gives a date group ("January 2024", "05 Jan 2024", "W2 2024", "Q1 2024",
// "2024") and its range. A quarter's bucket is "2024-1", a week's its Sunday "2024-01-07".
void DateGroup(const std::string& bucket, const std::string& granularity, bool datetime,
               Value& label, std::string& from, std::string& to) {
  int year = std::stoi(bucket.substr(0, 4));
  int month =
      granularity == "year" || granularity == "quarter" ? 1 : std::stoi(bucket.substr(5, 2));
  char buf[32];
  if (granularity == "week") {
    from = bucket.substr(0, 10);
    label = Value(EnUsWeekLabel(from));
    to = AddDays(from, 7);
  } else if (granularity == "quarter") {
    const int quarter = std::stoi(bucket.substr(5));
    label = Value("Q" + std::to_string(quarter) + " " + bucket.substr(0, 4));
    std::snprintf(buf, sizeof buf, "%04d-%02d-01", year, 3 * quarter - 2);
    from = buf;
    std::snprintf(buf, sizeof buf, "%04d-%02d-01", quarter == 4 ? year + 1 : year,
                  quarter == 4 ? 1 : 3 * quarter + 1);
    to = buf;
  } else if (granularity == "year") {
    label = Value(bucket.substr(0, 4));
    std::snprintf(buf, sizeof buf, "%04d-01-01", year);
    from = buf;
    std::snprintf(buf, sizeof buf, "%04d-01-01", year + 1);
    to = buf;
  } else if (granularity == "month") {
    label = Value(std::string(kMonths[month - 1]) + " " + bucket.substr(0, 4));
    std::snprintf(buf, sizeof buf, "%04d-%02d-01", year, month);
    from = buf;
    std::snprintf(buf, sizeof buf, "%04d-%02d-01", month == 12 ? year + 1 : year,
                  month == 12 ? 1 : month + 1);
    to = buf;
  } else {  // day
    int day = std::stoi(bucket.substr(8, 2));
    label = Value(bucket.substr(8, 2) + " " + std::string(kMonths[month - 1]).substr(0, 3) + " " +
                  bucket.substr(0, 4));
    from = bucket.substr(0, 10);
    static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    int days = kDays[month - 1] + (month == 2 && leap ? 1 : 0);
    if (day < days) {
      std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day + 1);
    } else if (month < 12) {
      std::snprintf(buf, sizeof buf, "%04d-%02d-01", year, month + 1);
    } else {
      std::snprintf(buf, sizeof buf, "%04d-01-01", year + 1);
    }
    to = buf;
  }
  if (datetime) {
    from += " 00:00:00";
    to += " 00:00:00";
  }
}

StatusOr<std::vector<std::string>> StringList(const Value& v, const char* what) {
  std::vector<std::string> out;
  if (IsFalsy(v)) return out;
  if (v.is_string()) {
    out.push_back(v.as_string());
    return out;
  }
  if (!v.is_array()) {
    return ValidationError(std::string(what) + " must be a list of strings, not " + v.TypeName());
  }
  for (const Value& item : v.as_array()) {
    if (!item.is_string()) {
      return ValidationError(std::string(what) + " must be a list of strings, got " + PyRepr(item));
    }
    out.push_back(item.as_string());
  }
  return out;
}

StatusOr<GroupSpec> ParseGroupBy(const MethodContext& ctx, SqlBuilder& b, const std::string& spec,
                                 const std::string& alias) {
  GroupSpec g;
  g.key = spec;
  std::string name = spec;
  if (size_t colon = spec.find(':'); colon != std::string::npos) {
    name = spec.substr(0, colon);
    g.granularity = spec.substr(colon + 1);
  }
  g.field = ctx.model.Find(name);
  if (!g.field || IsX2Many(g.field->type) || g.field->is_display_name()) {
    return InvalidField(ctx.model, name);
  }
  bool dated = g.field->type == FieldType::kDate || g.field->type == FieldType::kDatetime;
  if (!g.granularity.empty() && !dated) return InvalidField(ctx.model, spec);
  if (dated && g.granularity.empty()) g.granularity = "month";  // Odoo's default
  if (dated && g.granularity != "day" && g.granularity != "week" && g.granularity != "month" &&
      g.granularity != "quarter" && g.granularity != "year") {
    return ValidationError("Invalid date/time grouping " + PyRepr(Value(spec)) +
                           " (day, week, month, quarter or year)");
  }
  KG_ASSIGN_OR_RETURN(g.expr, b.FieldExpr(ctx.model, *g.field, alias));
  if (dated && g.granularity == "quarter") {
    // "2024-1": the year and the quarter of the month (the same SQL on SQLite and PostgreSQL).
    const std::string text = "CAST(" + g.expr + " AS TEXT)";
    g.expr = "(substr(" + text + ", 1, 4) || '-' || CAST((CAST(substr(" + text +
             ", 6, 2) AS INTEGER) + 2) / 3 AS TEXT))";
  } else if (dated && g.granularity == "week") {
    // The week's Sunday (Odoo 18 shifts date_trunc's Monday weeks to the language's first day,
    // Sunday for en_US).
    g.expr = b.dialect().WeekStart("substr(CAST(" + g.expr + " AS TEXT), 1, 10)");
  } else if (dated) {
    int len = g.granularity == "day" ? 10 : g.granularity == "month" ? 7 : 4;
    g.expr = "substr(CAST(" + g.expr + " AS TEXT), 1, " + std::to_string(len) + ")";
  }
  if (g.field->type == FieldType::kMany2one) {
    const ModelDef* target = ctx.registry.Find(g.field->relation);
    std::string sub = b.NewAlias();
    KG_ASSIGN_OR_RETURN(std::string name_sql, b.DisplayNameExpr(*target, sub));
    g.name_expr = "(SELECT " + name_sql + " FROM " + b.From(*target, sub) + " WHERE " + sub +
                  ".\"id\" = " + g.expr + ")";
  }
  return g;
}

StatusOr<std::vector<Aggregate>> ParseFields(const MethodContext& ctx, const Value& fields,
                                             const std::vector<GroupSpec>& groups) {
  KG_ASSIGN_OR_RETURN(std::vector<std::string> specs, StringList(fields, "fields"));
  std::vector<Aggregate> out;
  auto grouped = [&](const FieldDef* f) {
    for (const GroupSpec& g : groups) {
      if (g.field == f) return true;
    }
    return false;
  };
  if (specs.empty()) {
    for (const FieldDef& f : ctx.model.fields) {
      if (f.store && IsNumeric(f.type) && f.name != "id" && !grouped(&f)) {
        out.push_back(Aggregate{f.name, &f, "sum"});
      }
    }
    return out;
  }
  for (const std::string& spec : specs) {
    if (spec == "__count") continue;
    // "field", "field:agg" or "alias:agg(field)".
    std::string alias = spec, name = spec, function;
    if (size_t colon = spec.find(':'); colon != std::string::npos) {
      alias = name = spec.substr(0, colon);
      function = spec.substr(colon + 1);
      if (size_t open = function.find('('); open != std::string::npos) {
        if (function.back() != ')') return InvalidField(ctx.model, spec);
        name = function.substr(open + 1, function.size() - open - 2);
        function = function.substr(0, open);
      }
    }
    const FieldDef* f = ctx.model.Find(name);
    if (!f) return InvalidField(ctx.model, name);
    if (function.empty()) {
      if (!f->store || !IsNumeric(f->type) || f->name == "id" || grouped(f)) continue;
      function = "sum";
    }
    if (function != "sum" && function != "avg" && function != "min" && function != "max" &&
        function != "count" && function != "count_distinct") {
      return ValidationError("Invalid aggregation function " + PyRepr(Value(function)) + ".");
    }
    if (IsX2Many(f->type) || f->is_display_name()) return InvalidField(ctx.model, name);
    if ((function == "sum" || function == "avg") && !IsNumeric(f->type)) {
      return ValidationError("Invalid aggregation function " + PyRepr(Value(function)) +
                             " for field " + PyRepr(Value(name)) + ".");
    }
    out.push_back(Aggregate{alias, f, function});
  }
  return out;
}

Value CellValue(const FieldDef& f, const store::SqlValue& cell) {
  if (store::IsNull(cell)) return f.type == FieldType::kBoolean ? Value(false) : False();
  switch (f.type) {
    case FieldType::kInteger:
      return Value(store::AsInt(cell));
    case FieldType::kFloat:
    case FieldType::kMonetary:
      return Value(store::AsDouble(cell));
    case FieldType::kBoolean:
      return Value(store::AsBool(cell));
    default:
      return Value(store::AsText(cell));
  }
}

}  // namespace

Value AndDomains(const std::vector<Value>& domains) {
  // Odoo's expression.AND: one '&' per extra non-empty domain, then the domains in order.
  Value::Array terms;
  size_t count = 0;
  for (const Value& d : domains) {
    Value::Array normalized = Normalize(d);
    if (normalized.empty()) continue;
    ++count;
    terms.insert(terms.end(), normalized.begin(), normalized.end());
  }
  Value::Array out;
  for (size_t i = 1; i < count; ++i) out.emplace_back("&");
  out.insert(out.end(), terms.begin(), terms.end());
  return Value(std::move(out));
}

Value AndDomains(const Value& a, const Value& b) { return AndDomains(std::vector<Value>{a, b}); }

StatusOr<Value> MethodReadGroup(const MethodContext& ctx, const BoundArguments& args) {
  const Value& domain = args.Get("domain");
  KG_ASSIGN_OR_RETURN(std::vector<std::string> groupby, StringList(args.Get("groupby"), "groupby"));
  KG_ASSIGN_OR_RETURN(int64_t offset, OffsetArg(args.Get("offset"), "offset"));
  KG_ASSIGN_OR_RETURN(std::optional<int64_t> limit, LimitArg(args.Get("limit")));
  const bool lazy = args.Get("lazy").Truthy();
  SqlBuilder b(ctx.registry, ctx.conn.dialect());
  const std::string alias = "t0";
  std::vector<GroupSpec> groups;
  for (size_t i = 0; i < groupby.size(); ++i) {
    KG_ASSIGN_OR_RETURN(GroupSpec g, ParseGroupBy(ctx, b, groupby[i], alias));
    if (!lazy || i == 0) groups.push_back(std::move(g));
  }
  KG_ASSIGN_OR_RETURN(std::vector<Aggregate> aggregates,
                      ParseFields(ctx, args.Get("fields"), groups));
  KG_ASSIGN_OR_RETURN(SqlFragment where, BuildWhere(ctx, b, Operation::kRead, domain, alias));

  std::string select, group_by, order_by;
  for (const GroupSpec& g : groups) {
    if (!select.empty()) select += ", ";
    select += g.expr;
    if (!g.name_expr.empty()) select += ", " + g.name_expr;
    if (!group_by.empty()) group_by += ", ";
    group_by += g.expr;
  }
  select += std::string(select.empty() ? "" : ", ") + "COUNT(*)";
  for (const Aggregate& a : aggregates) {
    KG_ASSIGN_OR_RETURN(std::string expr, b.FieldExpr(ctx.model, *a.field, alias));
    if (a.function == "count_distinct") {
      select += ", COUNT(DISTINCT " + expr + ")";
    } else {
      std::string fn = a.function == "sum"   ? "SUM"
                       : a.function == "avg" ? "AVG"
                       : a.function == "min" ? "MIN"
                       : a.function == "max" ? "MAX"
                                             : "COUNT";
      select += ", " + fn + "(" + expr + ")";
    }
  }
  // orderby: "field [asc|desc], ..." over group-bys, aggregates and __count.
  const Value& orderby = args.Get("orderby");
  if (orderby.is_string() && !orderby.as_string().empty()) {
    std::string text = orderby.as_string();
    size_t pos = 0;
    while (pos <= text.size()) {
      size_t comma = text.find(',', pos);
      std::string term =
          text.substr(pos, comma == std::string::npos ? std::string::npos : comma - pos);
      pos = comma == std::string::npos ? text.size() + 1 : comma + 1;
      std::vector<std::string> words;
      size_t i = 0;
      while (i < term.size()) {
        while (i < term.size() && term[i] == ' ') ++i;
        size_t start = i;
        while (i < term.size() && term[i] != ' ') ++i;
        if (i > start) words.push_back(term.substr(start, i - start));
      }
      if (words.empty()) continue;
      std::string dir = " ASC";
      if (words.size() == 2) {
        const std::string d = Lower(words[1]);
        if (d != "asc" && d != "desc") {
          return ValidationError("Invalid \"order\" specified (" + PyRepr(orderby) + ")");
        }
        dir = d == "desc" ? " DESC" : " ASC";
      } else if (words.size() > 2) {
        return ValidationError("Invalid \"order\" specified (" + PyRepr(orderby) + ")");
      }
      std::string expr;
      if (words[0] == "__count" ||
          (!groups.empty() && words[0] == groups[0].field->name + "_count")) {
        expr = "COUNT(*)";
      }
      for (const GroupSpec& g : groups) {
        if (expr.empty() && (words[0] == g.key || words[0] == g.field->name)) {
          expr = g.name_expr.empty() ? g.expr : g.name_expr;
        }
      }
      for (size_t k = 0; k < aggregates.size() && expr.empty(); ++k) {
        if (words[0] == aggregates[k].alias)
          expr = std::to_string(k + 1);  // an aggregate's index, resolved below
      }
      if (expr.empty()) return InvalidField(ctx.model, words[0]);
      if (expr.find_first_not_of("0123456789") == std::string::npos) {
        // An aggregate: order by its expression again (portable, unlike output-column aliases).
        const Aggregate& a = aggregates[std::stoul(expr) - 1];
        KG_ASSIGN_OR_RETURN(std::string fexpr, b.FieldExpr(ctx.model, *a.field, alias));
        std::string fn = a.function == "count_distinct" ? "COUNT(DISTINCT " : "";
        if (fn.empty()) {
          fn = (a.function == "sum"   ? "SUM("
                : a.function == "avg" ? "AVG("
                : a.function == "min" ? "MIN("
                : a.function == "max" ? "MAX("
                                      : "COUNT(");
        }
        expr = fn + fexpr + ")";
      }
      if (!order_by.empty()) order_by += ", ";
      order_by += expr + dir + (dir == " DESC" ? " NULLS FIRST" : " NULLS LAST");
    }
  } else if (!orderby.is_nil() && !IsFalsy(orderby) && !orderby.is_string()) {
    return ValidationError("Invalid \"order\" specified (" + PyRepr(orderby) + ")");
  }
  if (order_by.empty()) {
    for (const GroupSpec& g : groups) {
      if (!order_by.empty()) order_by += ", ";
      order_by += (g.name_expr.empty() ? g.expr : g.name_expr) + " ASC NULLS LAST";
    }
  }
  SqlFragment sql;
  sql.Append("SELECT " + select + " FROM " + b.From(ctx.model, alias) + " WHERE ");
  sql.Append(where);
  if (!group_by.empty()) sql.Append(" GROUP BY " + group_by);
  if (!order_by.empty()) sql.Append(" ORDER BY " + order_by);
  sql.Append(" LIMIT ? OFFSET ?");
  sql.params.emplace_back(limit && *limit > 0 ? *limit : INT64_MAX);
  sql.params.emplace_back(offset);
  KG_ASSIGN_OR_RETURN(store::ResultSet rs, ctx.conn.Query(sql.sql, sql.params));

  const std::string count_key =
      lazy && !groups.empty() ? groups[0].field->name + "_count" : std::string("__count");
  Value::Array out;
  for (const auto& row : rs.rows()) {
    Value::Struct group;
    std::vector<Value> group_domain{domain};  // the call's domain, then one per group
    Value::Struct ranges;
    size_t col = 0;
    for (const GroupSpec& g : groups) {
      const store::SqlValue& cell = row[col++];
      Value value;
      Value leaf_value;
      if (g.field->type == FieldType::kMany2one) {
        const store::SqlValue& name = row[col++];
        if (store::IsNull(cell)) {
          value = leaf_value = False();
        } else {
          value = Value(Value::Array{Value(store::AsInt(cell)),
                                     store::IsNull(name) ? False() : Value(store::AsText(name))});
          leaf_value = Value(store::AsInt(cell));
        }
        group_domain.emplace_back(
            Value::Array{Value(Value::Array{Value(g.field->name), Value("="), leaf_value})});
      } else if (!g.granularity.empty()) {
        if (store::IsNull(cell)) {
          value = False();
          group_domain.emplace_back(
              Value::Array{Value(Value::Array{Value(g.field->name), "=", False()})});
        } else {
          std::string from, to;
          DateGroup(store::AsText(cell), g.granularity, g.field->type == FieldType::kDatetime,
                    value, from, to);
          group_domain.emplace_back(
              Value::Array{"&", Value(Value::Array{Value(g.field->name), ">=", Value(from)}),
                           Value(Value::Array{Value(g.field->name), "<", Value(to)})});
          ranges.emplace_back(g.key,
                              Value(Value::Struct{{"from", Value(from)}, {"to", Value(to)}}));
        }
      } else {
        value = CellValue(*g.field, cell);
        group_domain.emplace_back(
            Value::Array{Value(Value::Array{Value(g.field->name), "=", value})});
      }
      group.emplace_back(g.key, std::move(value));
    }
    group.emplace_back(count_key, Value(store::AsInt(row[col++])));
    for (const Aggregate& a : aggregates) {
      const store::SqlValue& cell = row[col++];
      if (a.function == "count" || a.function == "count_distinct") {
        group.emplace_back(a.alias, Value(store::AsInt(cell)));
      } else if (a.field->type == FieldType::kInteger && a.function != "avg") {
        group.emplace_back(a.alias, Value(store::AsInt(cell)));
      } else if (IsNumeric(a.field->type)) {
        group.emplace_back(a.alias, Value(store::AsDouble(cell)));
      } else {
        group.emplace_back(a.alias, CellValue(*a.field, cell));
      }
    }
    group.emplace_back("__domain", AndDomains(group_domain));
    if (!ranges.empty()) group.emplace_back("__range", Value(std::move(ranges)));
    if (lazy && groupby.size() > 1) {
      Value::Array rest;
      for (size_t i = 1; i < groupby.size(); ++i) rest.emplace_back(groupby[i]);
      group.emplace_back("__context", Value(Value::Struct{{"group_by", Value(std::move(rest))}}));
    }
    out.emplace_back(std::move(group));
  }
  return Value(std::move(out));
}

}  // namespace keygate::models
