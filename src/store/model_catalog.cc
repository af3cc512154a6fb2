// ir_model (see model_catalog.h).
#include "store/model_catalog.h"

namespace keygate::store {

StatusOr<std::vector<std::string>> CatalogueModelNames(SqlConnection& c) {
  KG_ASSIGN_OR_RETURN(auto rows, c.Query("SELECT model FROM ir_model"));
  std::vector<std::string> names;
  names.reserve(rows.size());
  for (const auto& row : rows.rows()) names.push_back(AsText(row[0]));
  return names;
}

StatusOr<std::vector<CatalogueFieldRow>> CatalogueFields(SqlConnection& c) {
  KG_ASSIGN_OR_RETURN(auto rows, c.Query("SELECT model, name, ttype, relation, relation_field, "
                                         "required, on_delete FROM ir_model_fields"));
  std::vector<CatalogueFieldRow> fields;
  fields.reserve(rows.size());
  for (const auto& row : rows.rows()) {
    CatalogueFieldRow f;
    f.model = AsText(row[0]);
    f.name = AsText(row[1]);
    f.ttype = AsText(row[2]);
    f.relation = AsText(row[3]);
    f.relation_field = AsText(row[4]);
    f.required = AsBool(row[5]);
    f.on_delete = AsText(row[6]);
    fields.push_back(std::move(f));
  }
  return fields;
}

}  // namespace keygate::store
