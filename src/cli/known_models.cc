// The models an API key scope may name (commands.h, KnownModels): the models keygate declares,
// and those of the database's own ir_model, so that on an attached Odoo database every model
// the Odoo knows counts, installed modules included.
#include <algorithm>

#include "cli/commands.h"
#include "models/registry.h"

namespace keygate::cli {

StatusOr<std::vector<std::string>> KnownModels(store::SqlConnection& c) {
  KG_ASSIGN_OR_RETURN(auto registry, models::Registry::LoadEmbedded());
  std::vector<std::string> names = registry.ModelNames();
  KG_ASSIGN_OR_RETURN(auto rows, c.Query("SELECT model FROM ir_model"));
  for (const auto& row : rows.rows()) names.push_back(store::AsText(row[0]));
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  return names;
}

}  // namespace keygate::cli
