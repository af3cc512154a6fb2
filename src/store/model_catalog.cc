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

}  // namespace keygate::store
