// Following a call into other models (see nested_reach.h).
#include "gateway/nested_reach.h"

#include <algorithm>

namespace keygate::gateway {

namespace {

using models::Operation;

// Where a method takes what is inspected: the index of each positional argument (-1: none).
struct Positions {
  std::string_view method;
  int domain = -1;
  int vals = -1;  // a vals dict, or create's list of them
  int order = -1;
  int groupby = -1;
  int specification = -1;
};

constexpr Positions kPositions[] = {
    {"create", -1, 0},
    {"write", -1, 1},
    {"copy", -1, 1},
    {"web_save", -1, 1, -1, -1, 2},
    {"search", 0, -1, 3},
    {"search_fetch", 0, -1, 4},
    {"search_read", 0, -1, 4},
    {"search_count", 0},
    {"read_group", 0, -1, 5, 2},
    {"web_read_group", 0, -1, 5, 2},
    {"web_search_read", 0, -1, 4, -1, 1},
    {"web_read", -1, -1, -1, -1, 1},
    {"name_search", 1},
};

// Commands and domains deeper than this are refused, as keygate's writer refuses them.
constexpr int kMaxDepth = 32;

class Walker {
 public:
  explicit Walker(const FieldCatalogue& catalogue) : catalogue_(catalogue) {}

  NestedReach TakeResult() { return std::move(result_); }

  Status Vals(const std::string& model, const Value& vals) {
    if (vals.is_array()) {  // create's list of dicts
      for (const Value& one : vals.as_array()) KG_RETURN_IF_ERROR(Vals(model, one));
      return Status::Ok();
    }
    if (!vals.is_struct()) return Status::Ok();
    KG_RETURN_IF_ERROR(Enter());
    for (const auto& [name, value] : vals.as_struct()) {
      const CatalogueField* field = Field(model, name);
      if (field == nullptr) continue;
      if (field->kind == FieldKind::kOne2many || field->kind == FieldKind::kMany2many) {
        KG_RETURN_IF_ERROR(Commands(*field, value));
      }
    }
    --depth_;
    return Status::Ok();
  }

  Status Domain(const std::string& model, const Value& domain) {
    if (!domain.is_array()) return Status::Ok();
    KG_RETURN_IF_ERROR(Enter());
    for (const Value& term : domain.as_array()) {
      if (!term.is_array() || term.as_array().size() != 3) continue;
      const Value::Array& t = term.as_array();
      if (!t[0].is_string()) continue;
      const std::string op = t[1].is_string() ? t[1].as_string() : "";
      KG_RETURN_IF_ERROR(DomainPath(model, t[0].as_string(), op, t[2]));
    }
    --depth_;
    return Status::Ok();
  }

  // "name desc, parent_id.name" (order) or "parent_id.country_id:count" (groupby): dotted hops.
  void Paths(const std::string& model, const Value& paths) {
    std::vector<std::string> terms;
    if (paths.is_string()) {
      std::string_view text = paths.as_string();
      while (!text.empty()) {
        const size_t comma = text.find(',');
        terms.emplace_back(text.substr(0, comma));
        text = comma == std::string_view::npos ? std::string_view() : text.substr(comma + 1);
      }
    } else if (paths.is_array()) {
      for (const Value& p : paths.as_array()) {
        if (p.is_string()) terms.push_back(p.as_string());
      }
    }
    for (std::string& term : terms) {
      const size_t start = term.find_first_not_of(" \t\n");
      if (start == std::string::npos) continue;
      term.erase(0, start);
      term = term.substr(0, term.find_first_of(" \t\n:"));
      std::vector<std::string> parts = Split(term);
      std::string current = model;
      for (size_t i = 0; i + 1 < parts.size(); ++i) {
        const CatalogueField* field = Field(current, parts[i]);
        if (field == nullptr || field->kind == FieldKind::kPlain) break;
        // Odoo's "x_id.id" orders by the stored id: no hop.
        if (i + 2 == parts.size() && parts[i + 1] == "id") break;
        Reach(field->comodel, Operation::kRead);
        current = field->comodel;
      }
    }
  }

  // web_read / web_search_read / web_save's specification: {"field": {"fields": {...}}}.
  Status Specification(const std::string& model, const Value& spec) {
    if (!spec.is_struct()) return Status::Ok();
    KG_RETURN_IF_ERROR(Enter());
    for (const auto& [name, sub] : spec.as_struct()) {
      const CatalogueField* field = Field(model, name);
      if (field == nullptr || field->kind == FieldKind::kPlain || !sub.is_struct()) continue;
      const Value* fields = sub.Find("fields");
      if (fields == nullptr || !fields->is_struct()) continue;
      Reach(field->comodel, Operation::kRead);
      KG_RETURN_IF_ERROR(Specification(field->comodel, *fields));
    }
    --depth_;
    return Status::Ok();
  }

 private:
  static std::vector<std::string> Split(std::string_view path) {
    std::vector<std::string> parts;
    while (true) {
      const size_t dot = path.find('.');
      parts.emplace_back(path.substr(0, dot));
      if (dot == std::string_view::npos) return parts;
      path = path.substr(dot + 1);
    }
  }

  Status Enter() {
    if (++depth_ > kMaxDepth) return ValidationError("x2many commands are nested too deeply");
    return Status::Ok();
  }

  const CatalogueField* Field(const std::string& model, std::string_view name) {
    const CatalogueField* field = catalogue_.Find(model, name);
    if (field == nullptr) result_.unknown = true;
    return field;
  }

  void Reach(const std::string& model, Operation op) {
    ModelReach reach{model, op};
    if (std::find(result_.reached.begin(), result_.reached.end(), reach) == result_.reached.end()) {
      result_.reached.push_back(std::move(reach));
    }
  }

  // Cutting or setting a one2many's lines: Odoo writes their inverse, or deletes them.
  void RelinkLines(const CatalogueField& field) {
    Reach(field.comodel, Operation::kWrite);
    if (field.lines_die_unlinked) Reach(field.comodel, Operation::kUnlink);
  }

  Status Commands(const CatalogueField& field, const Value& value) {
    const bool o2m = field.kind == FieldKind::kOne2many;
    if (!value.is_array()) {  // False / None: a clear, (5,)
      if (o2m) RelinkLines(field);
      return Status::Ok();
    }
    for (const Value& command : value.as_array()) {
      if (command.is_struct()) {  // a dict: a new line, as (0, 0, dict)
        Reach(field.comodel, Operation::kCreate);
        KG_RETURN_IF_ERROR(Vals(field.comodel, command));
        continue;
      }
      if (!command.is_array() || command.as_array().empty() || !command.as_array()[0].is_int()) {
        if (o2m) RelinkLines(field);  // a plain id of a list of ids: a set, (6, 0, ids)
        continue;
      }
      const Value::Array& c = command.as_array();
      switch (c[0].as_int()) {
        case 0:
          Reach(field.comodel, Operation::kCreate);
          if (c.size() >= 3) KG_RETURN_IF_ERROR(Vals(field.comodel, c[2]));
          break;
        case 1:
          Reach(field.comodel, Operation::kWrite);
          if (c.size() >= 3) KG_RETURN_IF_ERROR(Vals(field.comodel, c[2]));
          break;
        case 2:
          Reach(field.comodel, Operation::kUnlink);
          break;
        case 4:  // linking a line sets its inverse: a read, then a write
          if (o2m) Reach(field.comodel, Operation::kRead);
          if (o2m) Reach(field.comodel, Operation::kWrite);
          break;
        case 5:
          // Odoo finds the lines by a search of the comodel before cutting them.
          if (o2m) Reach(field.comodel, Operation::kRead);
          if (o2m) RelinkLines(field);
          break;
        default:  // 3 and 6, and codes Odoo refuses itself
          if (o2m) RelinkLines(field);
          break;
      }
    }
    return Status::Ok();
  }

  Status DomainPath(const std::string& model, const std::string& path, const std::string& op,
                    const Value& value) {
    std::vector<std::string> parts = Split(path);
    std::string current = model;
    for (size_t i = 0; i < parts.size(); ++i) {
      const CatalogueField* field = Field(current, parts[i]);
      if (field == nullptr || field->kind == FieldKind::kPlain) return Status::Ok();
      const bool last = i + 1 == parts.size();
      if (!last) {
        if (i + 2 == parts.size() && parts[i + 1] == "id") return Status::Ok();
        Reach(field->comodel, Operation::kRead);
        current = field->comodel;
        continue;
      }
      if (op == "any" || op == "not any") {
        Reach(field->comodel, Operation::kRead);
        return Domain(field->comodel, value);
      }
      if (field->kind != FieldKind::kMany2one || ComparedByName(value)) {
        Reach(field->comodel, Operation::kRead);
      }
    }
    return Status::Ok();
  }

  // ('parent_id', 'ilike', 'Acme'): Odoo searches the comodel by name.
  static bool ComparedByName(const Value& value) {
    if (value.is_string()) return true;
    if (!value.is_array()) return false;
    return std::any_of(value.as_array().begin(), value.as_array().end(),
                       [](const Value& v) { return v.is_string(); });
  }

  const FieldCatalogue& catalogue_;
  NestedReach result_;
  int depth_ = 0;
};

const Value* Kwarg(const Value& kwargs, std::string_view name) {
  return kwargs.is_struct() ? kwargs.Find(name) : nullptr;
}

const Value* Positional(const Value::Array& args, int index) {
  return index >= 0 && static_cast<size_t>(index) < args.size() ? &args[index] : nullptr;
}

}  // namespace

StatusOr<NestedReach> NestedReachOf(const FieldCatalogue& catalogue, std::string_view model,
                                    std::string_view method, const Value::Array& args,
                                    const Value& kwargs) {
  Positions at{method};
  for (const Positions& p : kPositions) {
    if (p.method == method) at = p;
  }
  const std::string m(model);
  Walker walker(catalogue);
  // Positional arguments, then the keyword arguments Odoo's methods name.
  for (const Value* v : {Positional(args, at.domain), Kwarg(kwargs, "domain")}) {
    if (v != nullptr) KG_RETURN_IF_ERROR(walker.Domain(m, *v));
  }
  if (method == "name_search") {
    if (const Value* v = Kwarg(kwargs, "args")) KG_RETURN_IF_ERROR(walker.Domain(m, *v));
  }
  for (const Value* v : {Positional(args, at.vals), Kwarg(kwargs, "vals"),
                         Kwarg(kwargs, "vals_list"), Kwarg(kwargs, "default")}) {
    if (v != nullptr) KG_RETURN_IF_ERROR(walker.Vals(m, *v));
  }
  for (const Value* v :
       {Positional(args, at.order), Positional(args, at.groupby), Kwarg(kwargs, "order"),
        Kwarg(kwargs, "orderby"), Kwarg(kwargs, "groupby")}) {
    if (v != nullptr) walker.Paths(m, *v);
  }
  for (const Value* v : {Positional(args, at.specification), Kwarg(kwargs, "specification")}) {
    if (v != nullptr) KG_RETURN_IF_ERROR(walker.Specification(m, *v));
  }
  return walker.TakeResult();
}

}  // namespace keygate::gateway
