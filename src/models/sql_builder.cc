// Field expressions and ORDER BY generation over validated declarations.
#include "models/sql_builder.h"

namespace keygate::models {

std::string QuoteIdent(std::string_view ident) { return "\"" + std::string(ident) + "\""; }

std::string SqlBuilder::NewAlias() { return "t" + std::to_string(++next_alias_); }

std::string SqlBuilder::From(const ModelDef& model, std::string_view alias) const {
  return QuoteIdent(model.table) + " AS " + std::string(alias);
}

StatusOr<std::string> SqlBuilder::FieldExpr(const ModelDef& model, const FieldDef& field,
                                            std::string_view alias) {
  if (field.store) return std::string(alias) + "." + QuoteIdent(field.column);
  if (field.is_related()) return RelatedExpr(model, field.related, alias, 0);
  if (field.is_display_name()) return DisplayNameExpr(model, alias);
  return InternalError("field " + model.name + "." + field.name + " has no value expression");
}

StatusOr<std::string> SqlBuilder::RelatedExpr(const ModelDef& model, std::string_view path,
                                              std::string_view alias, int depth) {
  if (depth > 8) return InternalError("related chain too deep");
  size_t dot = path.find('.');
  std::string_view head = path.substr(0, dot);
  const FieldDef* field = model.Find(head);
  if (!field) return InternalError("bad related path on " + model.name);
  if (dot == std::string_view::npos) return FieldExpr(model, *field, alias);
  const ModelDef* target = registry_.Find(field->relation);
  if (!target || field->type != FieldType::kMany2one) {
    return InternalError("bad related path on " + model.name);
  }
  KG_ASSIGN_OR_RETURN(std::string link, FieldExpr(model, *field, alias));
  std::string sub = NewAlias();
  KG_ASSIGN_OR_RETURN(std::string inner,
                      RelatedExpr(*target, path.substr(dot + 1), sub, depth + 1));
  return "(SELECT " + inner + " FROM " + From(*target, sub) + " WHERE " + sub +
         ".\"id\" = " + link + ")";
}

StatusOr<std::string> SqlBuilder::DisplayNameExpr(const ModelDef& model, std::string_view alias) {
  const FieldDef* rec = model.Find(model.rec_name);
  if (!rec || rec->is_display_name()) return InternalError("bad rec_name on " + model.name);
  KG_ASSIGN_OR_RETURN(std::string expr, FieldExpr(model, *rec, alias));
  if (!IsTextual(rec->type)) expr = "CAST(" + expr + " AS TEXT)";
  // complete_name is computed by writers; a row inserted without it still has a name.
  const FieldDef* name = model.Find("name");
  if (rec->name != "name" && name && IsTextual(name->type) && !name->is_display_name()) {
    KG_ASSIGN_OR_RETURN(std::string name_expr, FieldExpr(model, *name, alias));
    expr = "COALESCE(" + expr + ", " + name_expr + ")";
  }
  return expr;
}

StatusOr<std::string> SqlBuilder::OrderBy(const ModelDef& model,
                                          const std::vector<OrderTerm>& terms,
                                          std::string_view alias) {
  std::string out;
  bool has_id = false;
  for (const OrderTerm& term : terms) {
    std::string expr;
    if (term.field->type == FieldType::kMany2one && !term.by_stored_id) {
      // Odoo orders a many2one by the comodel's ordering; its display name is the usual key.
      const ModelDef* target = registry_.Find(term.field->relation);
      KG_ASSIGN_OR_RETURN(std::string link, FieldExpr(model, *term.field, alias));
      std::string sub = NewAlias();
      KG_ASSIGN_OR_RETURN(std::string name, DisplayNameExpr(*target, sub));
      expr = "(SELECT " + name + " FROM " + From(*target, sub) + " WHERE " + sub +
             ".\"id\" = " + link + ")";
    } else {
      KG_ASSIGN_OR_RETURN(expr, FieldExpr(model, *term.field, alias));
    }
    if (term.field->name == "id") has_id = true;
    if (!out.empty()) out += ", ";
    out += expr + (term.descending ? " DESC" : " ASC");
    // PostgreSQL's defaults (nulls sort as larger than any value), made explicit so that every
    // engine orders the same way. The id is never null: without the clause, SQLite can walk an
    // index ending in id instead of sorting the rows again.
    if (term.field->name != "id") {
      bool nulls_first = term.nulls_first.value_or(term.descending);
      out += nulls_first ? " NULLS FIRST" : " NULLS LAST";
    }
  }
  if (!has_id) {
    if (!out.empty()) out += ", ";
    out += std::string(alias) + ".\"id\" ASC";
  }
  return out;
}

std::string ParameterMarkers(size_t n) {
  std::string out;
  for (size_t i = 0; i < n; ++i) out += i ? ", ?" : "?";
  return out;
}

}  // namespace keygate::models
