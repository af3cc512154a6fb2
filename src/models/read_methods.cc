// search / search_read / read / search_count / fields_get / context_get.
#include "models/read_methods.h"

#include <algorithm>
#include <set>

#include "models/field_values.h"
#include "models/py_repr.h"
#include "models/reader.h"
#include "models/search.h"
#include "models/sql_builder.h"

namespace keygate::models {
namespace {

StatusOr<SearchQuery> SearchArgs(const BoundArguments& args) {
  SearchQuery q;
  q.domain = args.Get("domain");
  KG_ASSIGN_OR_RETURN(q.offset, OffsetArg(args.Get("offset"), "offset"));
  KG_ASSIGN_OR_RETURN(q.limit, LimitArg(args.Get("limit")));
  KG_ASSIGN_OR_RETURN(q.order, OrderArg(args.Get("order")));
  return q;
}

Value IdsToValue(const std::vector<int64_t>& ids) {
  Value::Array out;
  out.reserve(ids.size());
  for (int64_t id : ids) out.emplace_back(id);
  return Value(std::move(out));
}

bool WantsAttribute(const Value& attributes, std::string_view name) {
  if (!attributes.is_array() || attributes.as_array().empty()) return true;
  for (const Value& a : attributes.as_array()) {
    if (a.is_string() && a.as_string() == name) return true;
  }
  return false;
}

Value DescribeField(const FieldDef& f, const Value& attributes) {
  Value::Struct d;
  auto put = [&](const char* key, Value v) {
    if (WantsAttribute(attributes, key)) d.emplace_back(key, std::move(v));
  };
  put("type", Value(std::string(FieldTypeName(f.type))));
  put("string", Value(f.string));
  if (!f.help.empty()) put("help", Value(f.help));
  put("required", Value(f.required));
  put("readonly", Value(f.readonly || f.is_display_name()));
  put("store", Value(f.store));
  put("sortable", Value(f.sortable));
  put("searchable", Value(f.searchable));
  if (!f.relation.empty()) {
    put("relation", Value(f.relation));
    put("context", Value(Value::Struct{}));
    put("domain", Value(Value::Array{}));
  }
  if (f.type == FieldType::kOne2many) put("relation_field", Value(f.inverse_name));
  if (f.type == FieldType::kSelection) {
    Value::Array sel;
    for (const auto& [value, label] : f.selection) {
      sel.emplace_back(Value::Array{Value(value), Value(label)});
    }
    put("selection", Value(std::move(sel)));
  }
  if (f.type == FieldType::kHtml) {
    // fields.Html's defaults, which keygate applies (html_sanitize.h).
    put("sanitize", Value(true));
    put("sanitize_attributes", Value(true));
    put("sanitize_style", Value(false));
    put("sanitize_tags", Value(true));
    put("strip_classes", Value(false));
    put("strip_style", Value(false));
  }
  if (f.is_related()) put("related", Value(f.related));
  put("name", Value(f.name));
  return Value(std::move(d));
}

}  // namespace

StatusOr<Value> MethodSearch(const MethodContext& ctx, const BoundArguments& args) {
  KG_ASSIGN_OR_RETURN(SearchQuery q, SearchArgs(args));
  KG_ASSIGN_OR_RETURN(std::vector<int64_t> ids, SearchIds(ctx, Operation::kRead, q));
  return IdsToValue(ids);
}

StatusOr<Value> MethodSearchRead(const MethodContext& ctx, const BoundArguments& args) {
  // Validate `fields` before searching so a bad field name fails even on an empty result.
  KG_ASSIGN_OR_RETURN(auto fields, ResolveFields(ctx.model, args.Get("fields")));
  KG_ASSIGN_OR_RETURN(SearchQuery q, SearchArgs(args));
  return SearchRead(ctx, q, fields, ReadOptions{true});
}

StatusOr<Value> MethodRead(const MethodContext& ctx, const BoundArguments& args) {
  KG_ASSIGN_OR_RETURN(std::vector<int64_t> ids, ParseIds(args.ids()));
  KG_ASSIGN_OR_RETURN(auto fields, ResolveFields(ctx.model, args.Get("fields")));
  const Value& load = args.Get("load");
  ReadOptions options{load.is_string() && load.as_string() == "_classic_read"};
  return ReadInOrder(ctx, ids, fields, options, GivenIds::kSkipMissing);
}

StatusOr<Value> MethodSearchCount(const MethodContext& ctx, const BoundArguments& args) {
  KG_ASSIGN_OR_RETURN(std::optional<int64_t> limit, LimitArg(args.Get("limit")));
  KG_ASSIGN_OR_RETURN(int64_t count, SearchCount(ctx, args.Get("domain"), limit));
  return Value(count);
}

StatusOr<Value> MethodFieldsGet(const MethodContext& ctx, const BoundArguments& args) {
  const Value& allfields = args.Get("allfields");
  const Value& attributes = args.Get("attributes");
  if (!(allfields.is_nil() || allfields.is_array() ||
        (allfields.is_bool() && !allfields.as_bool()))) {
    return InvalidRequest("allfields must be a list of field names, not " +
                          std::string(allfields.TypeName()));
  }
  if (!(attributes.is_nil() || attributes.is_array() ||
        (attributes.is_bool() && !attributes.as_bool()))) {
    return InvalidRequest("attributes must be a list of attribute names, not " +
                          std::string(attributes.TypeName()));
  }
  bool filter = allfields.is_array() && !allfields.as_array().empty();
  Value::Struct out;
  for (const FieldDef& f : ctx.model.fields) {
    if (filter) {
      bool wanted = false;
      for (const Value& n : allfields.as_array()) {
        if (n.is_string() && n.as_string() == f.name) wanted = true;
      }
      if (!wanted) continue;
    }
    out.emplace_back(f.name, DescribeField(f, attributes));
  }
  return Value(std::move(out));
}

StatusOr<Value> MethodContextGet(const MethodContext& ctx, const BoundArguments&) {
  Value::Struct out;
  std::vector<const FieldDef*> fields;
  for (const char* name : {"lang", "tz"}) {
    if (const FieldDef* f = ctx.model.Find(name)) fields.push_back(f);
  }
  KG_ASSIGN_OR_RETURN(auto records, FetchRecords(ctx, {ctx.env.uid}, fields, ReadOptions{false}));
  Value lang = Value("en_US");
  Value tz = False();
  if (auto it = records.find(ctx.env.uid); it != records.end()) {
    if (const Value* l = it->second.Find("lang"); l && l->Truthy()) lang = *l;
    if (const Value* t = it->second.Find("tz"); t && t->Truthy()) tz = *t;
  }
  out.emplace_back("lang", std::move(lang));
  out.emplace_back("tz", std::move(tz));
  out.emplace_back("uid", Value(ctx.env.uid));
  return Value(std::move(out));
}

StatusOr<Value> MethodExists(const MethodContext& ctx, const BoundArguments& args) {
  KG_ASSIGN_OR_RETURN(std::vector<int64_t> ids, ParseIds(args.ids()));
  std::set<int64_t> present;
  for (size_t start = 0; start < ids.size(); start += 500) {
    const size_t n = std::min<size_t>(500, ids.size() - start);
    store::SqlParams params(ids.begin() + start, ids.begin() + start + n);
    KG_ASSIGN_OR_RETURN(store::ResultSet rs,
                        ctx.conn.Query("SELECT \"id\" FROM " + QuoteIdent(ctx.model.table) +
                                           " WHERE \"id\" IN (" + ParameterMarkers(n) + ")",
                                       params));
    for (const auto& row : rs.rows()) present.insert(store::AsInt(row[0]));
  }
  Value::Array out;
  for (int64_t id : ids) {
    if (present.count(id)) out.emplace_back(id);
  }
  return Value(std::move(out));
}

StatusOr<Value> MethodDefaultGet(const MethodContext& ctx, const BoundArguments& args) {
  const Value& names = args.Get("fields_list");
  Value::Struct out;
  if (!names.is_array()) return Value(std::move(out));
  for (const Value& name : names.as_array()) {
    const FieldDef* f = name.is_string() ? ctx.model.Find(name.as_string()) : nullptr;
    if (f == nullptr) continue;
    if (f->default_user) {
      out.emplace_back(f->name, Value(ctx.env.uid));
    } else if (f->default_value) {
      const Value& d = *f->default_value;
      const bool clock = d.is_string() && ((f->type == FieldType::kDatetime && d == Value("now")) ||
                                           (f->type == FieldType::kDate && d == Value("today")));
      // "now" and "today" are computed at each create; the other defaults are constants.
      if (clock) {
        const std::string now = NowUtcText();
        out.emplace_back(f->name, Value(f->type == FieldType::kDate ? now.substr(0, 10) : now));
      } else {
        out.emplace_back(f->name, d);
      }
    }
  }
  return Value(std::move(out));
}

}  // namespace keygate::models
