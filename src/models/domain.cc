// Domain parsing (prefix notation -> tree, negation collapsed, AND/OR chains flattened so that
// long client-built chains stay shallow) and compilation to SQL with Odoo's semantics.
#include "models/domain.h"

#include <algorithm>
#include <cerrno>
#include <cstdlib>

#include "common/strings.h"
#include "models/domain_operator.h"
#include "models/field_values.h"
#include "models/py_repr.h"

namespace keygate::models {
namespace {

constexpr size_t kMaxTerms = 10000;
constexpr int kMaxDepth = 64;
// A dotted path becomes one nested sub-select per hop, compiled recursively: bounded so that no
// path can exhaust the stack. Real paths have two to four hops.
constexpr size_t kMaxPathFields = 8;
constexpr size_t kMaxPathBytes = 1024;

// How deeply the compiled condition may nest, in units of one AND/OR group. SQLite's parser
// (a fixed stack of 100 entries) overflows at about 30 nested AND/OR groups or 10 nested
// sub-selects, a sub-select costing about three groups; the statements around the condition
// (counting, record rules) take a few more. A domain past the budget is refused with a clear
// message instead of failing in the database. PostgreSQL allows far more.
constexpr int kMaxNesting = 22;
constexpr int kSubSelect = 3;

Status BadTerm(const Value& term) { return ValidationError("Invalid domain term " + PyRepr(term)); }

// Python's str() of a leaf as a tuple ("('x', '=', 1)"), its left side replaced by `left`.
std::string LeafRepr(const Value& left, const Value& leaf) {
  const Value::Array& t = leaf.as_array();
  std::string out = "(" + PyRepr(left);
  for (size_t i = 1; i < t.size(); ++i) out += ", " + PyRepr(t[i]);
  return out + ")";
}

// Odoo's check_leaf: a term whose operator is none of the domain operators.
Status InvalidLeaf(const Value& leaf) {
  return ValueError("Invalid leaf " + LeafRepr(leaf.as_array()[0], leaf));
}

struct Entry {
  DomainNode node;
  int depth;
};

Entry Combine(DomainNode::Kind kind, Entry a, Entry b) {
  Entry out{DomainNode{}, 0};
  out.node.kind = kind;
  for (Entry* e : {&a, &b}) {
    if (e->node.kind == kind) {
      for (auto& c : e->node.children) out.node.children.push_back(std::move(c));
      out.depth = std::max(out.depth, e->depth);
    } else {
      out.node.children.push_back(std::move(e->node));
      out.depth = std::max(out.depth, e->depth + 1);
    }
  }
  return out;
}

StatusOr<DomainNode> ParseLeaf(const Value& item) {
  const Value::Array& t = item.as_array();
  // Odoo unpacks every term: `left, operator, right = tuple(item)`.
  if (t.size() < 3) {
    return ValueError("not enough values to unpack (expected 3, got " + std::to_string(t.size()) +
                      ")");
  }
  if (t.size() > 3) return ValueError("too many values to unpack (expected 3)");
  if (!t[1].is_string()) return InvalidLeaf(item);
  const std::optional<DomainOperator> op = ParseOperator(Lower(t[1].as_string()));
  DomainNode n;
  // Odoo's TRUE_LEAF (1, '=', 1) and FALSE_LEAF (0, '=', 1).
  if (t[0].is_int() && op == DomainOperator::kEq && t[2].is_int() && t[2].as_int() == 1 &&
      (t[0].as_int() == 1 || t[0].as_int() == 0)) {
    n.kind = t[0].as_int() == 1 ? DomainNode::Kind::kTrue : DomainNode::Kind::kFalse;
    return n;
  }
  if (!t[0].is_string()) return BadTerm(item);
  if (!op) return InvalidLeaf(item);
  const std::string& path = t[0].as_string();
  if (path.size() > kMaxPathBytes ||
      static_cast<size_t>(std::count(path.begin(), path.end(), '.')) >= kMaxPathFields) {
    return ValidationError("Invalid domain: the path of a term may name at most " +
                           std::to_string(kMaxPathFields) + " fields (" +
                           std::to_string(kMaxPathBytes) + " bytes)");
  }
  n.kind = DomainNode::Kind::kLeaf;
  n.path = path;
  n.op = *op;
  n.value = t[2];
  n.original = item;
  return n;
}

bool Mentions(const DomainNode& n, std::string_view field) {
  if (n.kind == DomainNode::Kind::kLeaf) return n.path == field;
  for (const auto& c : n.children) {
    if (Mentions(c, field)) return true;
  }
  return false;
}

// XML-RPC dateTime ("20240131T10:00:00") -> the stored text form ("2024-01-31 10:00:00").
std::string NormalizeDateTime(const std::string& iso) {
  if (iso.size() >= 17 && iso[8] == 'T' && iso[4] != '-') {
    return iso.substr(0, 4) + "-" + iso.substr(4, 2) + "-" + iso.substr(6, 2) + " " +
           iso.substr(9, 8);
  }
  std::string out = iso;
  if (out.size() > 10 && out[10] == 'T') out[10] = ' ';
  return out;
}

class Compiler {
 public:
  Compiler(SqlBuilder& b, const CompileOptions& o) : b_(b), options_(o) {}

  StatusOr<SqlFragment> Node(const ModelDef& m, const DomainNode& n, std::string_view alias,
                             bool negate) {
    using K = DomainNode::Kind;
    switch (n.kind) {
      case K::kTrue:
        return Const(!negate);
      case K::kFalse:
        return Const(negate);
      case K::kNot:
        return Node(m, n.children[0], alias, !negate);
      case K::kAnd:
      case K::kOr: {
        bool is_and = (n.kind == K::kAnd) != negate;
        KG_RETURN_IF_ERROR(Fits(1));
        Nested nested(nesting_, 1);
        SqlFragment out;
        out.Append("(");
        for (size_t i = 0; i < n.children.size(); ++i) {
          if (i) out.Append(is_and ? " AND " : " OR ");
          KG_ASSIGN_OR_RETURN(SqlFragment c, Node(m, n.children[i], alias, negate));
          out.Append(c);
        }
        out.Append(")");
        return out;
      }
      case K::kLeaf:
        break;
    }
    DomainOperator op = n.op;
    if (op == DomainOperator::kEqIfSet) {
      // Odoo's "set if": a falsy value makes the term always true.
      if (!n.value.Truthy()) return Const(!negate);
      op = DomainOperator::kEq;
    }
    if (negate) {
      const std::optional<DomainOperator> negation = Negation(op);
      // Odoo's distribute_not negates a term through a relation as a whole: not ('a.b', '=', x)
      // is ('a', 'not any', [('b', '=', x)]), which a record without `a` matches.
      const bool through_relation = n.path.find('.') != std::string::npos;
      if (!negation || through_relation) {
        KG_RETURN_IF_ERROR(Fits(1));
        Nested nested(nesting_, 1);
        KG_ASSIGN_OR_RETURN(SqlFragment inner, Leaf(m, n.path, op, n.value, n.original, alias));
        SqlFragment out;
        out.Append("(NOT (");
        out.Append(inner);
        out.Append("))");
        return out;
      }
      op = *negation;
    }
    return Leaf(m, n.path, op, n.value, n.original, alias);
  }

 private:
  // Adds `units` to the nesting while it lives.
  class Nested {
   public:
    Nested(int& nesting, int units) : nesting_(nesting), units_(units) { nesting_ += units_; }
    ~Nested() { nesting_ -= units_; }
    Nested(const Nested&) = delete;
    Nested& operator=(const Nested&) = delete;

   private:
    int& nesting_;
    int units_;
  };

  // Whether `units` more nesting stays within kMaxNesting.
  Status Fits(int units) const {
    if (nesting_ + units > kMaxNesting) return ValidationError("Invalid domain: nested too deeply");
    return Status::Ok();
  }

  // A hop into `target` searches it as the caller (Odoo's comodel._search): its read access
  // right and the key's scope must allow it.
  Status MayRead(const ModelDef& target) const {
    if (options_.access == nullptr) return Status::Ok();
    return options_.access->CheckModel(target, Operation::kRead);
  }

  // ...and its read rules narrow the sub-select over `target` rows aliased `alias`. The rule is
  // compiled as the superuser (Odoo evaluates rules with sudo), within the same nesting budget.
  Status AppendReadRule(const ModelDef& target, const std::string& alias, SqlFragment& where) {
    const AccessPolicy* access = options_.access;
    if (access == nullptr) return Status::Ok();
    KG_ASSIGN_OR_RETURN(std::optional<Value> rule, access->RuleDomain(target, Operation::kRead));
    if (!rule) return Status::Ok();
    KG_ASSIGN_OR_RETURN(Domain rule_domain, Domain::Parse(*rule));
    if (rule_domain.empty()) return Status::Ok();
    const bool active_test = options_.active_test;
    options_.access = nullptr;
    options_.active_test = false;
    StatusOr<SqlFragment> compiled = Node(target, *rule_domain.root(), alias, false);
    options_.access = access;
    options_.active_test = active_test;
    KG_RETURN_IF_ERROR(compiled.status());
    where.Append(" AND ");
    where.Append(*compiled);
    return Status::Ok();
  }

  static SqlFragment Const(bool value) { return SqlFragment{value ? "(1=1)" : "(1=0)", {}}; }

  // Odoo's _anyfy_leaves: the leaf names the path from the model that lacks the field.
  static Status InvalidField(const ModelDef& m, std::string_view name, std::string_view path,
                             const Value& original) {
    return ValueError("Invalid field " + m.name + "." + std::string(name) + " in leaf " +
                      LeafRepr(Value(path), original));
  }

  StatusOr<SqlFragment> Leaf(const ModelDef& m, std::string_view path, DomainOperator op,
                             const Value& value, const Value& original, std::string_view alias) {
    size_t dot = path.find('.');
    std::string_view head = path.substr(0, dot);
    const FieldDef* field = m.Find(head);
    if (!field || !field->searchable) return InvalidField(m, head, path, original);
    if (dot != std::string_view::npos) {
      // A hop is a sub-select, two for an x2many (membership, then the comodel's ids).
      const int hop = field->type == FieldType::kMany2one ? kSubSelect : 2 * kSubSelect;
      KG_RETURN_IF_ERROR(Fits(hop));
      Nested nested(nesting_, hop);
      return PathLeaf(m, *field, path.substr(dot + 1), op, value, original, alias);
    }
    const bool by_name = value.is_string();
    if (op == DomainOperator::kChildOf || op == DomainOperator::kParentOf) {
      // A recursive common table expression over the ids, themselves a sub-select by name.
      KG_RETURN_IF_ERROR(Fits(2 * kSubSelect + (by_name ? kSubSelect : 0)));
      return Hierarchy(m, *field, op, value, original, alias);
    }
    if (IsX2Many(field->type)) {
      KG_RETURN_IF_ERROR(Fits(kSubSelect + (by_name ? kSubSelect : 0)));
      return X2Many(m, *field, op, value, original, alias);
    }
    KG_ASSIGN_OR_RETURN(std::string expr, b_.FieldExpr(m, *field, alias));
    if (field->type == FieldType::kMany2one && by_name &&
        (IsLike(op) || op == DomainOperator::kEq || op == DomainOperator::kNe)) {
      KG_RETURN_IF_ERROR(Fits(kSubSelect));
      return NameSearch(*field, expr, op, value, original);
    }
    KG_RETURN_IF_ERROR(Fits(1));
    return Scalar(expr, field->type, op, value, original);
  }

  // "parent_id.name": the rest of the path applies to the comodel, through a sub-select.
  StatusOr<SqlFragment> PathLeaf(const ModelDef& m, const FieldDef& field, std::string_view rest,
                                 DomainOperator op, const Value& value, const Value& original,
                                 std::string_view alias) {
    const ModelDef* target = b_.registry().Find(field.relation);
    if (!target || (field.type != FieldType::kMany2one && !IsX2Many(field.type))) {
      const std::string dotted = std::string(field.name) + "." + std::string(rest);
      return InvalidField(m, dotted, dotted, original);
    }
    KG_RETURN_IF_ERROR(MayRead(*target));
    std::string sub = b_.NewAlias();
    KG_ASSIGN_OR_RETURN(SqlFragment inner, Leaf(*target, rest, op, value, original, sub));
    SqlFragment ids;
    ids.Append("SELECT " + sub + ".\"id\" FROM " + b_.From(*target, sub) + " WHERE ");
    ids.Append(inner);
    KG_RETURN_IF_ERROR(AppendReadRule(*target, sub, ids));
    if (field.type == FieldType::kMany2one) {
      KG_ASSIGN_OR_RETURN(std::string expr, b_.FieldExpr(m, field, alias));
      SqlFragment out;
      // False, never NULL, for an unset many2one, so that NOT (...) matches it.
      out.Append("(" + expr + " IS NOT NULL AND " + expr + " IN (");
      out.Append(ids);
      out.Append("))");
      return out;
    }
    AppendActive(*target, sub, ids);
    return X2ManyMembers(m, field, alias, &ids, false);
  }

  void AppendActive(const ModelDef& target, const std::string& alias, SqlFragment& where) {
    const FieldDef* active = target.active_field();
    if (!options_.active_test || !active || !active->store) return;
    where.Append(" AND " + alias + "." + QuoteIdent(active->column) + " = ?");
    where.params.emplace_back(int64_t{1});
  }

  // Rows whose x2many `field` contains one of the comodel ids `ids` (a sub-select or a list);
  // `ids` null means "contains anything".
  StatusOr<SqlFragment> X2ManyMembers(const ModelDef& m, const FieldDef& field,
                                      std::string_view alias, const SqlFragment* ids, bool negate) {
    SqlFragment out;
    out.Append("(" + std::string(alias) + ".\"id\"" + (negate ? " NOT IN (" : " IN ("));
    if (field.type == FieldType::kOne2many) {
      const ModelDef* target = b_.registry().Find(field.relation);
      const FieldDef* inverse = target->Find(field.inverse_name);
      std::string x = b_.NewAlias();
      std::string col = x + "." + QuoteIdent(inverse->column);
      out.Append("SELECT " + col + " FROM " + b_.From(*target, x) + " WHERE " + col +
                 " IS NOT NULL");
      if (ids) {
        out.Append(" AND " + x + ".\"id\" IN (");
        out.Append(*ids);
        out.Append(")");
      }
    } else {
      std::string r = b_.NewAlias();
      out.Append("SELECT " + r + "." + QuoteIdent(field.column1) + " FROM " +
                 QuoteIdent(field.relation_table) + " AS " + r);
      if (ids) {
        out.Append(" WHERE " + r + "." + QuoteIdent(field.column2) + " IN (");
        out.Append(*ids);
        out.Append(")");
      }
    }
    out.Append("))");
    return out;
  }

  // Binds a list of record ids ("?, ?, ?"); kValidationError unless every item is an int.
  static StatusOr<SqlFragment> IdList(const Value& value, const Value& original) {
    SqlFragment out;
    auto add = [&](const Value& v) -> Status {
      if (!v.is_int()) return BadTerm(original);
      out.Append(out.params.empty() ? "?" : ", ?");
      out.params.emplace_back(v.as_int());
      return Status::Ok();
    };
    if (value.is_array()) {
      for (const Value& v : value.as_array()) KG_RETURN_IF_ERROR(add(v));
    } else {
      KG_RETURN_IF_ERROR(add(value));
    }
    return out;
  }

  // Ids of `target` records whose display name matches (op, value): Odoo's name_search.
  StatusOr<SqlFragment> NameMatches(const ModelDef& target, DomainOperator op, const Value& value,
                                    const Value& original) {
    KG_RETURN_IF_ERROR(MayRead(target));
    std::string y = b_.NewAlias();
    KG_ASSIGN_OR_RETURN(std::string name, b_.DisplayNameExpr(target, y));
    KG_ASSIGN_OR_RETURN(SqlFragment cond, Scalar(name, FieldType::kChar, op, value, original));
    SqlFragment out;
    out.Append("SELECT " + y + ".\"id\" FROM " + b_.From(target, y) + " WHERE ");
    out.Append(cond);
    KG_RETURN_IF_ERROR(AppendReadRule(target, y, out));
    return out;
  }

  StatusOr<SqlFragment> X2Many(const ModelDef& m, const FieldDef& field, DomainOperator op,
                               const Value& value, const Value& original, std::string_view alias) {
    const ModelDef* target = b_.registry().Find(field.relation);
    bool negative = IsNegative(op);
    const bool eq_or_ne = op == DomainOperator::kEq || op == DomainOperator::kNe;
    if (eq_or_ne && (value.is_nil() || (value.is_bool() && !value.as_bool()))) {
      // ('child_ids', '=', False): no related record at all.
      return X2ManyMembers(m, field, alias, nullptr, op == DomainOperator::kEq);
    }
    if (value.is_string() && (IsLike(op) || eq_or_ne)) {
      KG_ASSIGN_OR_RETURN(SqlFragment ids, NameMatches(*target, Positive(op), value, original));
      return X2ManyMembers(m, field, alias, &ids, negative);
    }
    if (op != DomainOperator::kIn && op != DomainOperator::kNotIn && !eq_or_ne) {
      return BadTerm(original);
    }
    if (!value.is_array() && !value.is_int()) return BadTerm(original);
    KG_ASSIGN_OR_RETURN(SqlFragment ids, IdList(value, original));
    if (ids.params.empty()) return Const(negative);
    return X2ManyMembers(m, field, alias, &ids, negative);
  }

  StatusOr<SqlFragment> Hierarchy(const ModelDef& m, const FieldDef& field, DomainOperator op,
                                  const Value& value, const Value& original,
                                  std::string_view alias) {
    const ModelDef* target = nullptr;
    if (field.name == "id") {
      target = &m;
    } else if (field.type == FieldType::kMany2one) {
      target = b_.registry().Find(field.relation);
    }
    if (!target) return BadTerm(original);
    // ('parent_id', 'child_of', x) on the model's own parent field is ('id', 'child_of', x), as
    // Odoo rewrites it: x itself is in the result.
    const FieldDef& compared = target == &m && field.name == m.parent_name ? *m.Find("id") : field;
    KG_ASSIGN_OR_RETURN(std::string expr, b_.FieldExpr(m, compared, alias));
    SqlFragment ids;
    if (value.is_string()) {
      KG_ASSIGN_OR_RETURN(ids, NameMatches(*target, DomainOperator::kIlike, value, original));
    } else if (value.is_bool() && !value.as_bool()) {
      return Const(false);
    } else if (value.is_int() || value.is_array()) {
      KG_ASSIGN_OR_RETURN(ids, IdList(value, original));
      if (ids.params.empty()) return Const(false);
    } else {
      return BadTerm(original);
    }
    SqlFragment out;
    out.Append("(" + expr + " IN (");
    if (target->parent_name.empty()) {
      out.Append(ids);  // no hierarchy: child_of/parent_of degrade to 'in'
      out.Append("))");
      return out;
    }
    const FieldDef* parent = target->Find(target->parent_name);
    std::string parent_col = QuoteIdent(parent->column);
    std::string cte = "kg_" + b_.NewAlias();
    std::string y = b_.NewAlias();
    std::string c = b_.NewAlias();
    out.Append("WITH RECURSIVE " + cte + "(id) AS (SELECT " + y + ".\"id\" FROM " +
               b_.From(*target, y) + " WHERE " + y + ".\"id\" IN (");
    out.Append(ids);
    out.Append(") UNION ");
    if (op == DomainOperator::kChildOf) {
      out.Append("SELECT " + c + ".\"id\" FROM " + b_.From(*target, c) + " JOIN " + cte + " ON " +
                 c + "." + parent_col + " = " + cte + ".id");
    } else {
      out.Append("SELECT " + c + "." + parent_col + " FROM " + b_.From(*target, c) + " JOIN " +
                 cte + " ON " + c + ".\"id\" = " + cte + ".id WHERE " + c + "." + parent_col +
                 " IS NOT NULL");
    }
    out.Append(") SELECT " + cte + ".id FROM " + cte + "))");
    return out;
  }

  // ('parent_id', 'ilike', 'Acme'): many2one compared by the comodel's display name.
  StatusOr<SqlFragment> NameSearch(const FieldDef& field, const std::string& expr,
                                   DomainOperator op, const Value& value, const Value& original) {
    const ModelDef* target = b_.registry().Find(field.relation);
    KG_ASSIGN_OR_RETURN(SqlFragment ids, NameMatches(*target, Positive(op), value, original));
    SqlFragment out;
    out.Append(IsNegative(op) ? "(" + expr + " IS NULL OR " + expr + " NOT IN ("
                              : "(" + expr + " IN (");
    out.Append(ids);
    out.Append("))");
    return out;
  }

  static StatusOr<store::SqlValue> ToParam(const Value& v, const Value& original) {
    switch (v.type()) {
      case Value::Type::kNil:
        return store::SqlValue{};
      case Value::Type::kBool:
        return store::SqlValue{int64_t{v.as_bool() ? 1 : 0}};
      case Value::Type::kInt:
        return store::SqlValue{v.as_int()};
      case Value::Type::kDouble:
        return store::SqlValue{v.as_double()};
      case Value::Type::kString:
        return store::SqlValue{v.as_string()};
      case Value::Type::kDateTime:
        return store::SqlValue{NormalizeDateTime(v.as_datetime())};
      case Value::Type::kBinary:
      case Value::Type::kArray:
      case Value::Type::kStruct:
        break;
    }
    return BadTerm(original);
  }

  static bool IsFalsy(const Value& v) { return v.is_nil() || (v.is_bool() && !v.as_bool()); }

  static bool HasText(const Value& v) {
    if (v.is_string()) return true;
    if (!v.is_array()) return false;
    for (const Value& item : v.as_array()) {
      if (item.is_string()) return true;
    }
    return false;
  }

  // The value with each text read as PostgreSQL reads an integer (CheckIntegerText).
  static StatusOr<Value> IntegersOf(const Value& v) {
    if (v.is_array()) {
      Value::Array out;
      for (const Value& item : v.as_array()) {
        KG_ASSIGN_OR_RETURN(Value one, IntegersOf(item));
        out.push_back(std::move(one));
      }
      return Value(std::move(out));
    }
    if (!v.is_string()) return v;
    KG_RETURN_IF_ERROR(CheckIntegerText(v.as_string()));
    // Never the text again: Scalar would read it once more, without end.
    return Value(static_cast<int64_t>(std::strtoll(v.as_string().c_str(), nullptr, 10)));
  }

  StatusOr<SqlFragment> Scalar(const std::string& e, FieldType type, DomainOperator op,
                               const Value& value, const Value& original) {
    bool boolean = type == FieldType::kBoolean;
    if (type == FieldType::kInteger && !IsLike(op) && HasText(value)) {
      // Odoo passes the value to PostgreSQL, which reads a text as an integer or refuses it (a
      // like compares the integer's text).
      KG_ASSIGN_OR_RETURN(Value integers, IntegersOf(value));
      return Scalar(e, type, op, integers, original);
    }
    SqlFragment out;
    if (op == DomainOperator::kEq || op == DomainOperator::kNe) {
      bool eq = op == DomainOperator::kEq;
      if (boolean && (value.is_bool() || value.is_int() || value.is_nil())) {
        // Booleans: NULL counts as False, as in Odoo.
        if (value.Truthy() == eq) {
          out.Append("(" + e + " = ?)");
          out.params.emplace_back(int64_t{1});
        } else {
          out.Append("(" + e + " IS NULL OR " + e + " = ?)");
          out.params.emplace_back(int64_t{0});
        }
        return out;
      }
      if (IsTextual(type) && (IsFalsy(value) || (value.is_string() && value.as_string().empty()))) {
        // Odoo compares text with False as with '': "= ''" also matches NULL, "!= ''" neither.
        out.Append(eq ? "(" + e + " = '' OR " + e + " IS NULL)" : "(" + e + " <> '')");
        return out;
      }
      if (IsFalsy(value)) {
        out.Append("(" + e + (eq ? " IS NULL)" : " IS NOT NULL)"));
        return out;
      }
      KG_ASSIGN_OR_RETURN(store::SqlValue p, ToParam(value, original));
      out.Append(eq ? "(" + e + " = ?)" : "(" + e + " <> ? OR " + e + " IS NULL)");
      out.params.push_back(std::move(p));
      return out;
    }
    if (IsOrdering(op)) {
      store::SqlValue p;
      if (!(IsFalsy(value) && !boolean)) {
        KG_ASSIGN_OR_RETURN(p, ToParam(value, original));
      }
      out.Append("(" + e + " " + std::string(OperatorName(op)) + " ?)");
      out.params.push_back(std::move(p));
      return out;
    }
    if (op == DomainOperator::kIn || op == DomainOperator::kNotIn) {
      bool in = op == DomainOperator::kIn;
      if (value.is_bool()) {
        return Scalar(e, type, in ? DomainOperator::kEq : DomainOperator::kNe, value, original);
      }
      if (!value.is_array()) return BadTerm(original);
      bool has_null = false;
      SqlFragment list;
      for (const Value& item : value.as_array()) {
        if (IsFalsy(item)) {
          has_null = true;
          if (!boolean) continue;
        }
        if (item.is_array() || item.is_struct()) return BadTerm(original);
        KG_ASSIGN_OR_RETURN(store::SqlValue p,
                            ToParam(boolean ? Value(item.Truthy()) : item, original));
        list.Append(list.params.empty() ? "?" : ", ?");
        list.params.push_back(std::move(p));
      }
      bool has_values = !list.params.empty();
      if (!has_values && !has_null) return Const(!in);
      out.Append("(");
      if (has_values) {
        out.Append(e + (in ? " IN (" : " NOT IN ("));
        out.Append(list);
        out.Append(")");
      }
      if (in) {
        if (has_null) out.Append(std::string(has_values ? " OR " : "") + e + " IS NULL");
      } else {
        // 'not in' keeps NULL rows unless False is in the list.
        if (has_null) {
          out.Append(std::string(has_values ? " AND " : "") + e + " IS NOT NULL");
        } else {
          out.Append(" OR " + e + " IS NULL");
        }
      }
      out.Append(")");
      return out;
    }
    if (IsLike(op)) {
      std::string s;
      if (value.is_string()) {
        s = value.as_string();
      } else if (value.is_int()) {
        s = std::to_string(value.as_int());
      } else if (value.is_double()) {
        s = PyRepr(value);
      } else if (!IsFalsy(value)) {
        return BadTerm(original);
      }
      // Odoo 18 (models.py _condition_to_sql): 'like' wraps the value in % as it is, so its own
      // % and _ are wildcards too; a false or empty value matches every row ('not like' none);
      // a negative operator with a value, or '=like' without one, also matches NULL.
      bool exact = IsExactPattern(op);
      bool negative = IsNegative(op);
      if (!exact && !value.Truthy()) return Const(!negative);
      std::string pattern = exact ? s : "%" + s + "%";
      std::string lhs = IsTextual(type) ? e : "CAST(" + e + " AS TEXT)";
      bool ci = IsCaseInsensitive(op);
      std::string cond = ci ? b_.dialect().ILike(lhs, "?") : b_.dialect().Like(lhs, "?");
      if (negative) cond = "NOT (" + cond + ")";
      if (value.Truthy() == negative) {
        out.Append("(" + cond + " OR " + e + " IS NULL)");
      } else {
        out.Append("(" + cond + ")");
      }
      out.params.emplace_back(std::move(pattern));
      return out;
    }
    return BadTerm(original);
  }

  SqlBuilder& b_;
  CompileOptions options_;
  int nesting_ = 0;
};

}  // namespace

StatusOr<Domain> Domain::Parse(const Value& domain) {
  if (domain.is_nil() || (domain.is_bool() && !domain.as_bool())) return Domain();
  if (!domain.is_array()) {
    return AssertionError(
        "Domains to normalize must have a 'domain' form: a list or tuple of domain components");
  }
  const Value::Array& items = domain.as_array();
  if (items.size() > kMaxTerms) return ValidationError("Invalid domain: too many terms");
  std::vector<Entry> stack;
  // Right to left, as Odoo does: an operator takes the already-built operands to its right.
  for (auto it = items.rbegin(); it != items.rend(); ++it) {
    const Value& item = *it;
    if (item.is_string()) {
      const std::string& s = item.as_string();
      size_t arity = s == "!" ? 1 : (s == "&" || s == "|") ? 2 : 0;
      if (arity == 0) return BadTerm(item);
      if (stack.size() < arity) {
        return ValidationError("Invalid domain: operator " + PyRepr(item) + " lacks operands");
      }
      if (arity == 1) {
        Entry a = std::move(stack.back());
        stack.pop_back();
        if (a.node.kind == DomainNode::Kind::kNot) {
          // '!' '!' x == x
          stack.push_back(Entry{std::move(a.node.children[0]), a.depth - 1});
        } else {
          Entry n{DomainNode{}, a.depth + 1};
          n.node.kind = DomainNode::Kind::kNot;
          n.node.children.push_back(std::move(a.node));
          stack.push_back(std::move(n));
        }
      } else {
        Entry a = std::move(stack.back());
        stack.pop_back();
        Entry b = std::move(stack.back());
        stack.pop_back();
        stack.push_back(Combine(s == "&" ? DomainNode::Kind::kAnd : DomainNode::Kind::kOr,
                                std::move(a), std::move(b)));
      }
    } else if (item.is_array()) {
      KG_ASSIGN_OR_RETURN(DomainNode leaf, ParseLeaf(item));
      stack.push_back(Entry{std::move(leaf), 1});
    } else {
      return BadTerm(item);
    }
    if (stack.back().depth > kMaxDepth) return ValidationError("Invalid domain: nested too deeply");
  }
  Domain d;
  if (stack.empty()) return d;
  // Implicit '&' between the remaining terms; the top of the stack is the leftmost term.
  Entry root = std::move(stack.back());
  stack.pop_back();
  while (!stack.empty()) {
    root = Combine(DomainNode::Kind::kAnd, std::move(root), std::move(stack.back()));
    stack.pop_back();
  }
  d.root_ = std::move(root.node);
  return d;
}

Domain Domain::And(Domain a, Domain b) {
  if (a.empty()) return b;
  if (b.empty()) return a;
  Entry e =
      Combine(DomainNode::Kind::kAnd, Entry{std::move(*a.root_), 1}, Entry{std::move(*b.root_), 1});
  Domain d;
  d.root_ = std::move(e.node);
  return d;
}

bool Domain::MentionsField(std::string_view field) const {
  return root_ && Mentions(*root_, field);
}

StatusOr<SqlFragment> CompileDomain(SqlBuilder& builder, const ModelDef& model,
                                    const Domain& domain, std::string_view alias,
                                    const CompileOptions& options) {
  if (domain.empty()) return SqlFragment{"(1=1)", {}};
  Compiler c(builder, options);
  return c.Node(model, *domain.root(), alias, false);
}

}  // namespace keygate::models
